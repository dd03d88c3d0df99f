// The Programs tab: the vendor's partner programs the model offers (enablement, market
// development funds, incentives), each with a level slider, what it costs at that level, and
// its effect curve — the share of its effect at saturation it gives, L / (L + half effect),
// so a person sees where the next doubling stops paying. Every change is previewed live.
import type { MarketModelDoc, Param, ProgramDoc, ProgramKind, ScenarioDoc } from '../api/bindings';
import { FieldError } from '../common/FieldError';
import { money, param, percent } from '../common/format';
import { DocNumberField, useProblemsAt } from './ProblemsContext';
import { programSaturation, setProgram, type ScenarioEdit } from './edits';

interface Props {
  doc: ScenarioDoc;
  model: MarketModelDoc;
  onEdit: ScenarioEdit;
}

/** The slider's range; the field beside it takes any level the core accepts (0 to 100). */
const SLIDER_MAX = 4;

export const PROGRAM_KIND_LABELS: Record<ProgramKind, string> = {
  enablement: 'Enablement',
  mdf: 'Market development funds',
  incentive: 'Incentive',
};

export function ProgramsEditor({ doc, model, onEdit }: Props) {
  const problems = useProblemsAt('programs', false);
  const programs = model.programs ?? [];
  if (programs.length === 0) {
    return (
      <section className="panel">
        <p className="panel-intro">This market model has no partner programs. Add them to the model (its <code>programs</code> list) to invest in enablement, market development funds or incentives per partner type.</p>
      </section>
    );
  }
  const levels = doc.programs ?? {};
  const totalPerQuarter = programs.reduce((sum, p) => sum + (levels[p.id] ?? 0) * fixed(p.cost_per_partner_per_quarter) * reached(doc, p), 0);
  return (
    <section className="panel">
      <p className="panel-intro">
        What the vendor invests in its partners beyond managing them. Each program gives, at level L, L ÷ (L + its half-effect level) of its effect at saturation and costs L times its
        level-1 cost for every partner it reaches, every quarter: every doubling adds less. About {money(totalPerQuarter, model.currency)} a quarter for the partners at the start.
      </p>
      <FieldError messages={problems} />
      <ul className="program-list">
        {programs.map((p) => (
          <ProgramRow key={p.id} program={p} level={levels[p.id] ?? 0} doc={doc} model={model} onEdit={onEdit} />
        ))}
      </ul>
    </section>
  );
}

/** The mean of a number or distribution, for the at-a-glance cost. */
function fixed(p: Param): number {
  if (typeof p === 'number') return p;
  switch (p.dist) {
    case 'normal':
      return p.mean;
    case 'lognormal':
      return p.median;
    case 'beta':
      return p.alpha / (p.alpha + p.beta);
    case 'triangular':
      return (p.min + p.mode + p.max) / 3;
    case 'pert':
      return (p.min + 4 * p.mode + p.max) / 6;
    case 'uniform':
      return (p.min + p.max) / 2;
  }
}

/** Partners at the start the program reaches (its types, times its tier's share). */
function reached(doc: ScenarioDoc, p: ProgramDoc): number {
  const share = p.top_share ?? 1;
  return p.partner_types.reduce((n, t) => n + Object.values(doc.composition[t] ?? {}).reduce((a, b) => a + b, 0) * share, 0);
}

function effects(p: ProgramDoc): string[] {
  const e = p.effects;
  const out: string[] = [];
  const pct = (x: Param) => param(x, (v) => percent(v, 0));
  if (e.win_uplift !== undefined) out.push(`win rate up by ${pct(e.win_uplift)}`);
  if (e.buy_rate_uplift !== undefined) out.push(`opportunities found up by ${pct(e.buy_rate_uplift)}`);
  if (e.ramp_speedup !== undefined) out.push(`ramp ${pct(e.ramp_speedup)} faster`);
  if (e.churn_reduction !== undefined) out.push(`churn down by ${pct(e.churn_reduction)}`);
  if (e.discount_change !== undefined) out.push(`${pct(e.discount_change)} of list paid to the partner`);
  return out;
}

function ProgramRow({ program: p, level, doc, model, onEdit }: { program: ProgramDoc; level: number; doc: ScenarioDoc; model: MarketModelDoc; onEdit: ScenarioEdit }) {
  const path = `programs.${p.id}`;
  const half = p.half_effect_level;
  const share = programSaturation(level, half);
  const typeNames = p.partner_types.map((t) => model.partner_types.find((x) => x.id === t)?.name ?? t);
  const cost = fixed(p.cost_per_partner_per_quarter) * level;
  const partners = reached(doc, p);
  return (
    <li className={`program${level > 0 ? ' running' : ''}`} data-testid={`program-${p.id}`}>
      <div className="program-body">
        <div className="program-name">
          {p.name} <span className="muted small">· {PROGRAM_KIND_LABELS[p.kind]}</span>
        </div>
        <div className="muted small">
          For {typeNames.join(', ')}
          {p.top_share !== undefined && p.top_share < 1 ? ` — the most productive ${percent(p.top_share, 0)} of them` : ''}. At saturation: {effects(p).join(', ') || 'no effect'}.
        </div>
        {p.description && <p className="muted small">{p.description}</p>}
        <div className="row tight">
          <input
            type="range"
            min={0}
            max={SLIDER_MAX}
            step={0.25}
            value={Math.min(SLIDER_MAX, Math.max(0, level))}
            aria-label={`Level of ${p.name} (slider)`}
            data-testid={`program-slider-${p.id}`}
            onChange={(e) => onEdit(path, (d) => setProgram(d, p.id, Number(e.target.value)))}
          />
          <DocNumberField path={path} value={level} label={`Level of ${p.name}`} testId={`program-level-${p.id}`} className="narrow" onCommit={(v) => onEdit(path, (d) => setProgram(d, p.id, v))} />
        </div>
        <dl className="facts">
          <div>
            <dt>Effect now</dt>
            <dd data-testid={`program-effect-${p.id}`}>{level > 0 ? `${percent(share, 0)} of its effect at saturation` : 'off'}</dd>
          </div>
          <div>
            <dt>Cost per partner per quarter</dt>
            <dd data-testid={`program-cost-${p.id}`}>{money(cost, model.currency)}</dd>
          </div>
          <div>
            <dt>Partners reached at the start</dt>
            <dd>{partners.toLocaleString('en-US', { maximumFractionDigits: 0 })}</dd>
          </div>
        </dl>
      </div>
      <EffectCurve half={half} level={level} name={p.name} />
    </li>
  );
}

/** The share of the effect at saturation against the level, 0 to the slider's maximum, with
 *  the current level marked: the bend shows where more level stops paying. */
function EffectCurve({ half, level, name }: { half: number; level: number; name: string }) {
  const w = 180;
  const h = 92;
  const pad = 6;
  // Room above the ceiling for its label, and below the curve for the level axis.
  const top = 16;
  const bottom = h - 16;
  const x = (l: number) => pad + (l / SLIDER_MAX) * (w - 2 * pad);
  const y = (s: number) => bottom - s * (bottom - top);
  const points = Array.from({ length: 41 }, (_, i) => (i / 40) * SLIDER_MAX)
    .map((l) => `${x(l).toFixed(1)},${y(programSaturation(l, half)).toFixed(1)}`)
    .join(' ');
  const at = Math.min(SLIDER_MAX, level);
  return (
    <svg className="effect-curve" width={w} height={h} role="img" aria-label={`Effect curve of ${name}: half its effect at level ${half}`} data-testid="program-curve">
      <line x1={pad} y1={y(1)} x2={w - pad} y2={y(1)} className="curve-ceiling" />
      <polyline points={points} className="curve-line" fill="none" />
      {level > 0 && <circle cx={x(at)} cy={y(programSaturation(at, half))} r={4} className="curve-marker" />}
      <text x={w - pad} y={y(1) - 4} textAnchor="end" className="curve-label">
        effect at saturation
      </text>
      <line x1={pad} y1={bottom} x2={w - pad} y2={bottom} className="curve-ceiling" />
      <text x={pad} y={h - 3} className="curve-label">
        level 0
      </text>
      <text x={w - pad} y={h - 3} textAnchor="end" className="curve-label">
        level {SLIDER_MAX}
      </text>
    </svg>
  );
}
