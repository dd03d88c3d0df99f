// How much is enough: one lever (partners of a type in a region or everywhere, recruits per
// quarter, a pattern's intensity, a program's level, a policy) searched until a goal on a KPI
// holds — "P(total revenue ≥ $45M) ≥ 80%". The answer comes with its bootstrap range, a
// warning when the lever does not move the goal one way, and can be saved as a scenario.
import { useState } from 'react';
import { api } from '../api';
import type { Goal, Lever, MarketModelDoc, ScenarioDetail, ScenarioInfo, SolveReport } from '../api/bindings';
import { AnalysisProgress } from '../analysis/AnalysisProgress';
import { isBusy } from '../analysis/analysisState';
import { ANALYSIS_KPIS, kpiLabel, type AnalysisKpi } from '../analysis/kpis';
import { ChartCard, CountField, LoadFailure, countProblems } from '../analysis/parts';
import { useAnalysis } from '../analysis/useAnalysis';
import { FieldError } from '../common/FieldError';
import { NumberField } from '../common/NumberField';
import { useNotices } from '../common/notices';
import { useScenarioDetail } from '../common/useScenarioDetail';
import { integer } from '../common/format';
import { NameDialog } from '../library/NameDialog';
import { formatStatistic, goalText, solveCaption, solveOption } from './charts';

type LeverKind = Lever['kind'];
type StatKind = Goal['statistic']['kind'];

const LEVER_KINDS: { kind: LeverKind; label: string }[] = [
  { kind: 'partners', label: 'Starting partners' },
  { kind: 'recruitment', label: 'Recruits per quarter' },
  { kind: 'pattern', label: 'Pattern intensity' },
  { kind: 'program', label: 'Program level' },
  { kind: 'policy', label: 'Policy on or off' },
];

export interface SolveForm {
  lever: LeverKind;
  partnerType: string;
  /** '' = every region. */
  region: string;
  item: string;
  kpi: AnalysisKpi;
  stat: StatKind;
  threshold: number;
  percentile: number;
  atLeast: boolean;
  value: number;
  /** Search a range of one's own instead of the lever's default. */
  customRange: boolean;
  low: number;
  high: number;
  trials: number;
}

export function initialForm(model: MarketModelDoc): SolveForm {
  return {
    lever: 'partners',
    partnerType: model.partner_types[0]?.id ?? '',
    region: model.market.regions[0]?.id ?? '',
    item: '',
    kpi: 'total_revenue',
    stat: 'probability',
    threshold: 0,
    percentile: 10,
    atLeast: true,
    value: 0.8,
    customRange: false,
    low: 0,
    high: 50,
    trials: 2000,
  };
}

/** The lever and goal the form describes, or the problems by field. */
export function formRequest(f: SolveForm, model: MarketModelDoc): { lever: Lever; goal: Goal; range: [number, number] | null } | { problems: Record<string, string[]> } {
  const problems: Record<string, string[]> = {};
  const items = f.lever === 'pattern' ? (model.patterns ?? []) : f.lever === 'program' ? (model.programs ?? []) : f.lever === 'policy' ? (model.governance?.policies ?? []) : [];
  const item = f.item || items[0]?.id || '';
  if (['pattern', 'program', 'policy'].includes(f.lever) && !item) problems.item = [`the model has no ${f.lever === 'policy' ? 'policies' : `${f.lever}s`}`];
  if (f.stat === 'probability' && !(f.value >= 0 && f.value <= 1)) problems.value = ['a probability must be between 0 and 1 (0.8 = 80%)'];
  if (!Number.isFinite(f.value)) problems.value = ['must be a number'];
  if (f.stat === 'percentile' && !(f.percentile > 0 && f.percentile < 100)) problems.percentile = ['must be between 0 and 100 (exclusive)'];
  if (f.customRange && !(f.low >= 0 && f.high > f.low)) problems.range = ['must run from 0 or more to a larger value'];
  const t = countProblems(f.trials, 10);
  if (t.length) problems.trials = t;
  if (Object.keys(problems).length) return { problems };
  const region = f.region || null;
  const lever: Lever =
    f.lever === 'partners'
      ? { kind: 'partners', partner_type: f.partnerType, region }
      : f.lever === 'recruitment'
        ? { kind: 'recruitment', partner_type: f.partnerType, region }
        : f.lever === 'pattern'
          ? { kind: 'pattern', pattern: item }
          : f.lever === 'program'
            ? { kind: 'program', program: item }
            : { kind: 'policy', policy: item };
  const statistic: Goal['statistic'] = f.stat === 'probability' ? { kind: 'probability', threshold: f.threshold, above: true } : f.stat === 'percentile' ? { kind: 'percentile', p: f.percentile / 100 } : { kind: 'mean' };
  const range: [number, number] | null = f.customRange ? [f.low, f.high] : null;
  return { lever, goal: { kpi: f.kpi, statistic, at_least: f.atLeast, value: f.value }, range };
}

export function SolveView({ scenarioId, onOpenScenario }: { scenarioId: number; onOpenScenario: (id: number) => void }) {
  const { detail, error } = useScenarioDetail(scenarioId);
  if (error) return <LoadFailure what="This scenario could not be opened" message={error.message} testId="solve-view" />;
  if (!detail) return <div className="screen-message muted" data-testid="solve-view">Opening the scenario…</div>;
  return <Solve detail={detail} onOpenScenario={onOpenScenario} />;
}

function Solve({ detail, onOpenScenario }: { detail: ScenarioDetail; onOpenScenario: (id: number) => void }) {
  const model = detail.model;
  const currency = model.currency;
  const [f, setF] = useState<SolveForm>(() => {
    const init = initialForm(model);
    // Start from the scenario's own target where it has one.
    const t = detail.doc.target;
    return t && t.metric !== 'final_quarter_revenue' ? { ...init, kpi: t.metric, threshold: t.value } : { ...init, threshold: 0 };
  });
  const set = <K extends keyof SolveForm>(k: K, v: SolveForm[K]) => setF((x) => ({ ...x, [k]: v }));
  const analysis = useAnalysis<SolveReport>();
  const busy = isBusy(analysis.state);
  const req = formRequest(f, model);
  const problems = 'problems' in req ? req.problems : {};
  const items = f.lever === 'pattern' ? (model.patterns ?? []) : f.lever === 'program' ? (model.programs ?? []) : f.lever === 'policy' ? (model.governance?.policies ?? []) : [];

  const start = () => {
    if (busy || 'problems' in req) return;
    void analysis.start((on) => api.solve(detail.info.id, req.lever, req.goal, req.range, f.trials, on));
  };
  const result = analysis.state.phase === 'finished' ? analysis.state.result : null;

  return (
    <div className="analysis-view" data-testid="solve-view">
      <div className="toolbar">
        <h1 className="title">How much is enough — {detail.doc.name}</h1>
        <span className="muted">One lever, searched on common random numbers until the goal holds.</span>
      </div>
      <form
        className="analysis-form"
        onSubmit={(e) => {
          e.preventDefault();
          start();
        }}
      >
        <label className="analysis-field">
          <span className="field-label">Lever</span>
          <select value={f.lever} onChange={(e) => setF((x) => ({ ...x, lever: e.target.value as LeverKind, item: '' }))} disabled={busy} data-testid="solve-lever">
            {LEVER_KINDS.map((l) => (
              <option key={l.kind} value={l.kind}>
                {l.label}
              </option>
            ))}
          </select>
        </label>
        {(f.lever === 'partners' || f.lever === 'recruitment') && (
          <>
            <label className="analysis-field">
              <span className="field-label">Partner type</span>
              <select value={f.partnerType} onChange={(e) => set('partnerType', e.target.value)} disabled={busy} data-testid="solve-type">
                {model.partner_types.map((t) => (
                  <option key={t.id} value={t.id}>
                    {t.name}
                  </option>
                ))}
              </select>
            </label>
            <label className="analysis-field">
              <span className="field-label">Region</span>
              <select value={f.region} onChange={(e) => set('region', e.target.value)} disabled={busy} data-testid="solve-region">
                <option value="">Every region</option>
                {model.market.regions.map((r) => (
                  <option key={r.id} value={r.id}>
                    {r.name}
                  </option>
                ))}
              </select>
            </label>
          </>
        )}
        {items.length > 0 && (
          <label className="analysis-field">
            <span className="field-label">{f.lever === 'pattern' ? 'Pattern' : f.lever === 'program' ? 'Program' : 'Policy'}</span>
            <select value={f.item || items[0]?.id} onChange={(e) => set('item', e.target.value)} disabled={busy} data-testid="solve-item">
              {items.map((p) => (
                <option key={p.id} value={p.id}>
                  {p.name}
                </option>
              ))}
            </select>
          </label>
        )}
        <FieldError messages={problems.item ?? []} />
        <label className="analysis-field">
          <span className="field-label">Goal on</span>
          <select value={f.stat} onChange={(e) => setF((x) => ({ ...x, stat: e.target.value as StatKind, value: e.target.value === 'probability' ? 0.8 : x.threshold }))} disabled={busy} data-testid="solve-stat">
            <option value="probability">P(KPI ≥ threshold)</option>
            <option value="percentile">A percentile of the KPI</option>
            <option value="mean">The KPI’s mean</option>
          </select>
        </label>
        <label className="analysis-field">
          <span className="field-label">KPI</span>
          <select value={f.kpi} onChange={(e) => set('kpi', e.target.value as AnalysisKpi)} disabled={busy} data-testid="solve-kpi">
            {ANALYSIS_KPIS.map((k) => (
              <option key={k} value={k}>
                {kpiLabel(k)}
              </option>
            ))}
          </select>
        </label>
        {f.stat === 'probability' && (
          <label className="analysis-field">
            <span className="field-label">Threshold</span>
            <NumberField value={f.threshold} onCommit={(v) => set('threshold', v)} label="Threshold" testId="solve-threshold" className="medium" disabled={busy} />
          </label>
        )}
        {f.stat === 'percentile' && (
          <label className="analysis-field">
            <span className="field-label">Percentile (P)</span>
            <NumberField value={f.percentile} onCommit={(v) => set('percentile', v)} label="Percentile" testId="solve-percentile" invalid={!!problems.percentile} className="short" disabled={busy} />
            <FieldError messages={problems.percentile ?? []} />
          </label>
        )}
        <label className="analysis-field">
          <span className="field-label">
            <select value={f.atLeast ? 'ge' : 'le'} onChange={(e) => set('atLeast', e.target.value === 'ge')} disabled={busy} data-testid="solve-cmp" aria-label="Comparison">
              <option value="ge">at least</option>
              <option value="le">at most</option>
            </select>
          </span>
          <NumberField value={f.value} onCommit={(v) => set('value', v)} label="Goal value" testId="solve-value" invalid={!!problems.value} className="medium" disabled={busy} />
          <FieldError messages={problems.value ?? []} />
        </label>
        <label className="analysis-field">
          <span className="field-label">
            <input type="checkbox" checked={f.customRange} onChange={(e) => set('customRange', e.target.checked)} disabled={busy} data-testid="solve-range-on" /> Own range
          </span>
          {f.customRange ? (
            <span className="row tight">
              <NumberField value={f.low} onCommit={(v) => set('low', v)} label="Lowest lever value" testId="solve-low" invalid={!!problems.range} className="medium" disabled={busy} />
              <span className="muted">to</span>
              <NumberField value={f.high} onCommit={(v) => set('high', v)} label="Highest lever value" testId="solve-high" invalid={!!problems.range} className="medium" disabled={busy} />
            </span>
          ) : (
            <span className="muted small">from 0 to well beyond the scenario’s</span>
          )}
          <FieldError messages={problems.range ?? []} />
        </label>
        <CountField label="Trials per value" value={f.trials} onCommit={(v) => set('trials', v)} testId="solve-trials" problems={problems.trials ?? []} disabled={busy} />
        <button type="submit" className="primary" disabled={busy || 'problems' in req} data-testid="solve-start">
          Solve
        </button>
        {'goal' in req && <p className="muted small analysis-note">Goal: {goalText(req.goal, currency)}</p>}
      </form>
      <AnalysisProgress state={analysis.state} onCancel={() => void analysis.cancel()} />
      {result && <SolveResult report={result} detail={detail} onOpenScenario={onOpenScenario} />}
    </div>
  );
}

function SolveResult({ report, detail, onOpenScenario }: { report: SolveReport; detail: ScenarioDetail; onOpenScenario: (id: number) => void }) {
  const currency = detail.model.currency;
  const notices = useNotices();
  const [naming, setNaming] = useState(false);
  const [saved, setSaved] = useState<ScenarioInfo | null>(null);
  const v = (x: number) => (report.integer ? integer(x) : x.toFixed(2));
  const save = async (name: string) => {
    if (!report.solved) return;
    try {
      setSaved(await api.saveAsNewScenario({ ...report.solved, name }, name));
      setNaming(false);
    } catch (e) {
      notices.error(e, 'The solved design could not be saved');
    }
  };
  return (
    <section className="analysis-results" data-testid="solve-result">
      <div className="kpi-cards">
        <div className="kpi-card" data-testid="solve-answer">
          <div className="kpi-label">{report.outcome === 'not_reachable' ? 'Not reachable' : report.side === 'at_least' ? 'Least that is enough' : 'Most the goal allows'}</div>
          <div className="kpi-value">{report.answer === null ? '—' : v(report.answer)}</div>
          <div className="kpi-range">{report.interval ? `${v(report.interval[0])} – ${v(report.interval[1])} on 90% of resamples` : `searched ${v(report.range[0])} – ${v(report.range[1])}`}</div>
        </div>
        <div className="kpi-card">
          <div className="kpi-label">The scenario now</div>
          <div className="kpi-value">{v(report.current)}</div>
          <div className="kpi-range">{report.current_meets === null ? 'not among the values simulated' : report.current_meets ? 'meets the goal' : 'misses the goal'}</div>
        </div>
      </div>
      {!report.monotone && (
        <p className="field-error" role="alert" data-testid="solve-not-monotone">
          Not monotone: {report.monotone_note}
        </p>
      )}
      <ChartCard title={`${goalText(report.goal, currency)} against ${report.lever_label}`} option={solveOption(report, currency)} caption={solveCaption(report, currency)} testId="chart-solve">
        <p className="muted small">
          {integer(report.points.length)} values simulated, {integer(report.trials)} trials each on the same seed; dotted lines bound the answer’s bootstrap range. Noise at the answer: ±{' '}
          {formatStatistic(report.goal, report.points.find((p) => p.value === report.answer)?.noise ?? 0, currency, false)}.
        </p>
      </ChartCard>
      {report.solved && (
        <div className="row">
          {saved ? (
            <>
              <span data-testid="solve-saved">Saved as “{saved.name}”.</span>
              <button type="button" className="primary" onClick={() => onOpenScenario(saved.id)} data-testid="solve-open-saved">
                Open it
              </button>
            </>
          ) : (
            <button type="button" className="primary" onClick={() => setNaming(true)} data-testid="solve-save">
              Save the solved design as a scenario…
            </button>
          )}
        </div>
      )}
      {naming && <NameDialog title="Save the solved design" initial={`${detail.doc.name} (solved)`} action="Save" onClose={() => setNaming(false)} onSubmit={save} />}
    </section>
  );
}
