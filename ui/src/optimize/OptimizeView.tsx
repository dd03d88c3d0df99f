// Optimise the open scenario's composition (and, if asked, its pattern intensities) within a
// budget: the efficient frontier of cost against the objective, the recommendation against the
// scenario as it is on fresh seeds, what changed, and a way to save it as a new scenario.
import { useEffect, useMemo, useState } from 'react';
import { api } from '../api';
import { toAppError } from '../api';
import type { BindingKind, Bound, MarketModelDoc, Objective, OptimizeReport, Problem, ScenarioDetail, ScenarioInfo } from '../api/bindings';
import { AnalysisProgress } from '../analysis/AnalysisProgress';
import { isBusy } from '../analysis/analysisState';
import { OBJECTIVE_LABELS } from '../analysis/kpis';
import { ChartCard, CountField, LoadFailure, countProblems } from '../analysis/parts';
import { useAnalysis } from '../analysis/useAnalysis';
import { useScenarioDetail } from '../common/useScenarioDetail';
import { FieldError } from '../common/FieldError';
import { NumberField } from '../common/NumberField';
import { decimal, duration, integer, money, moneyShort } from '../common/format';
import { useNotices } from '../common/notices';
import { NameDialog } from '../library/NameDialog';
import { beforeAfterRows, frontierCaption, frontierOption } from './charts/frontier';
import { BoundsGrid } from './BoundsGrid';
import { boundOfProblem, boundsPlan, cellKey, describeProblem, type BoundEdits } from './bounds';
import { compositionDiff, patternChanges, programChanges, type PatternChange } from './composition';

/** What each kind of binding constraint is called on screen. */
const BINDING_LABELS: Record<BindingKind, string> = {
  budget: 'Budget',
  bound: 'Bound',
  intensity_limit: 'Intensity limit',
  receiver_capacity: 'Receiver capacity',
  saturated_cell: 'Saturated cell',
};

/** Defaults of the search (the request's own fields). */
export const SEARCH_TRIALS = 300;
export const FINAL_TRIALS = 2000;
export const MAX_DESIGNS = 400;

interface Props {
  scenarioId: number;
  onOpenScenario: (id: number) => void;
}

export function OptimizeView({ scenarioId, onOpenScenario }: Props) {
  const { detail, error } = useScenarioDetail(scenarioId);
  if (error) return <LoadFailure what="This scenario could not be opened" message={error.message} testId="optimize-view" />;
  if (!detail) {
    return (
      <div className="screen-message muted" data-testid="optimize-view">
        Opening the scenario…
      </div>
    );
  }
  return <Optimizer detail={detail} onOpenScenario={onOpenScenario} />;
}

function Optimizer({ detail, onOpenScenario }: { detail: ScenarioDetail; onOpenScenario: (id: number) => void }) {
  const id = detail.info.id;
  const currency = detail.model.currency;
  const notices = useNotices();
  const [budget, setBudget] = useState<number | null>(null);
  const [objective, setObjective] = useState<Objective>('p50_revenue');
  const [patterns, setPatterns] = useState(false);
  const hasPrograms = (detail.model.programs?.length ?? 0) > 0;
  const [programs, setPrograms] = useState(false);
  const [keepComposition, setKeepComposition] = useState(false);
  /** Most the programs may cost over the horizon; null: only the total budget binds. */
  const [programBudget, setProgramBudget] = useState<number | null>(null);
  const [maxDesigns, setMaxDesigns] = useState(MAX_DESIGNS);
  const [boundEdits, setBoundEdits] = useState<BoundEdits>({});
  const [boundsOpen, setBoundsOpen] = useState(false);
  /** The core's problems with the last request, and the bounds it was sent (to name the cells). */
  const [rejected, setRejected] = useState<{ problems: Problem[]; sent: Bound[] } | null>(null);
  const analysis = useAnalysis<OptimizeReport>();
  const busy = isBusy(analysis.state);
  const plan = useMemo(() => boundsPlan(detail.doc, detail.model, boundEdits), [detail.doc, detail.model, boundEdits]);
  const failed = analysis.state.phase === 'failed' ? rejected : null;
  const coreMarks = useMemo(() => {
    const marks = new Set<string>();
    for (const p of failed?.problems ?? []) {
      const at = boundOfProblem(p.path, failed?.sent ?? []);
      if (!at) continue;
      for (const f of at.field === 'min' || at.field === 'max' ? [at.field] : ['min', 'max']) marks.add(cellKey(at.bound.partner_type, at.bound.region, f));
    }
    return marks;
  }, [failed]);

  // The default budget: what the scenario costs now.
  useEffect(() => {
    let live = true;
    api
      .scenarioCost(id)
      .then((c) => live && setBudget((b) => b ?? Math.round(c)))
      .catch((e) => {
        if (!live) return;
        notices.error(e, 'The scenario’s cost could not be estimated');
        setBudget((b) => b ?? 0);
      });
    return () => {
      live = false;
    };
  }, [id, notices]);

  const problems = {
    budget: budget === null || (Number.isFinite(budget) && budget > 0) ? [] : ['must be more than 0'],
    designs: countProblems(maxDesigns, 1, 100_000),
    programBudget: programBudget === null || (Number.isFinite(programBudget) && programBudget >= 0) ? [] : ['must be 0 or more'],
  };
  const valid = budget !== null && problems.budget.length === 0 && problems.designs.length === 0 && problems.programBudget.length === 0 && plan.problems.length === 0 && (!keepComposition || patterns || programs);

  const start = () => {
    if (busy || !valid || budget === null) return;
    const bounds = plan.bounds;
    setRejected(null);
    void analysis.start((on) =>
      api.optimize(id, { budget, objective, bounds, patterns, composition: !keepComposition, programs, program_budget: programs ? programBudget : null, trials: SEARCH_TRIALS, final_trials: FINAL_TRIALS, seed: detail.doc.simulation.seed, max_evaluations: maxDesigns }, on).catch((e: unknown) => {
        const error = toAppError(e);
        setRejected({ problems: error.problems, sent: bounds });
        // The core named a bound: show the grid, where that cell is marked.
        if (error.problems.some((p) => boundOfProblem(p.path, bounds))) setBoundsOpen(true);
        throw error;
      }),
    );
  };

  return (
    <div className="analysis-view" data-testid="optimize-view">
      <div className="toolbar">
        <h1 className="title">Optimise — {detail.doc.name}</h1>
        <span className="muted">The best composition the budget buys, checked on fresh futures.</span>
      </div>
      <form
        className="analysis-form"
        onSubmit={(e) => {
          e.preventDefault();
          start();
        }}
      >
        <label className="analysis-field">
          <span className="field-label">Budget over the horizon ({currency})</span>
          {budget === null ? (
            <input type="text" disabled value="" placeholder="estimating the current cost…" aria-label="Budget" data-testid="optimize-budget" />
          ) : (
            <>
              <NumberField value={budget} onCommit={setBudget} label="Budget" testId="optimize-budget" invalid={problems.budget.length > 0} hint={moneyShort(budget, currency)} disabled={busy} />
              <FieldError messages={problems.budget} />
            </>
          )}
        </label>
        <label className="analysis-field">
          <span className="field-label">Objective</span>
          <select value={objective} onChange={(e) => setObjective(e.target.value as Objective)} disabled={busy} data-testid="optimize-objective">
            {Object.entries(OBJECTIVE_LABELS).map(([k, v]) => (
              <option key={k} value={k}>
                {v}
              </option>
            ))}
          </select>
        </label>
        <CountField label="Most designs to try" value={maxDesigns} onCommit={setMaxDesigns} testId="optimize-max-designs" problems={problems.designs} disabled={busy} />
        <label className="check analysis-check">
          <input type="checkbox" checked={patterns} onChange={(e) => setPatterns(e.target.checked)} disabled={busy} data-testid="optimize-patterns" />
          Also tune pattern intensities
        </label>
        {hasPrograms && (
          <>
            <label className="check analysis-check">
              <input type="checkbox" checked={programs} onChange={(e) => setPrograms(e.target.checked)} disabled={busy} data-testid="optimize-programs" />
              Also allocate partner program levels
            </label>
            {programs && (
              <div className="row tight">
                <label className="check analysis-check">
                  <input
                    type="checkbox"
                    checked={programBudget !== null}
                    onChange={(e) => setProgramBudget(e.target.checked ? 1_000_000 : null)}
                    disabled={busy}
                    data-testid="optimize-program-budget-on"
                  />
                  Limit what the programs cost over the horizon to
                </label>
                {programBudget !== null && (
                  <NumberField
                    value={programBudget}
                    onCommit={setProgramBudget}
                    label="Program budget"
                    testId="optimize-program-budget"
                    invalid={problems.programBudget.length > 0}
                    hint={moneyShort(programBudget, currency)}
                    disabled={busy}
                  />
                )}
              </div>
            )}
            <label className="check analysis-check">
              <input type="checkbox" checked={keepComposition} onChange={(e) => setKeepComposition(e.target.checked)} disabled={busy} data-testid="optimize-keep-composition" />
              Keep the partners as they are
            </label>
          </>
        )}
        <section className="bounds-section">
          <div className="row bounds-toolbar">
            <button type="button" className="link" aria-expanded={boundsOpen} onClick={() => setBoundsOpen((o) => !o)} data-testid="optimize-bounds-toggle">
              {boundsOpen ? '▾' : '▸'} Limits per partner type and region (optional)
            </button>
            {plan.setCount > 0 && (
              <span className="muted small" data-testid="optimize-bounds-count">
                {plan.setCount === 1 ? '1 cell limited' : `${integer(plan.setCount)} cells limited`}
              </span>
            )}
            {(boundsOpen || plan.setCount > 0) && (
              <button type="button" className="small" onClick={() => setBoundEdits({})} disabled={busy || plan.setCount === 0} data-testid="optimize-bounds-reset">
                Reset all
              </button>
            )}
          </div>
          {boundsOpen && <BoundsGrid plan={plan} edits={boundEdits} onChange={setBoundEdits} coreMarks={coreMarks} disabled={busy} />}
          {plan.problems.length > 0 && (
            <ul className="field-error bounds-messages" role="alert" data-testid="optimize-bounds-problems">
              {plan.problems.map((m) => (
                <li key={m}>{m}</li>
              ))}
            </ul>
          )}
          {plan.warnings.length > 0 && (
            <ul className="bounds-messages bounds-warnings" data-testid="optimize-bounds-warnings">
              {plan.warnings.map((m) => (
                <li key={m}>{m}</li>
              ))}
            </ul>
          )}
        </section>
        <button type="submit" className="primary" disabled={busy || !valid} data-testid="optimize-start">
          Optimise
        </button>
        <p className="muted small analysis-note">
          {integer(SEARCH_TRIALS)} trials per design during the search; the best and the original are then re-run on fresh seeds with {integer(FINAL_TRIALS)} trials.
        </p>
      </form>
      <AnalysisProgress state={analysis.state} onCancel={() => void analysis.cancel()} unit="designs" />
      {failed && failed.problems.length > 0 && (
        <ul className="field-error analysis-error bounds-messages" data-testid="optimize-core-problems">
          {failed.problems.map((p, i) => (
            <li key={i}>{describeProblem(p, failed.sent, detail.model)}</li>
          ))}
        </ul>
      )}
      {analysis.state.phase === 'finished' && <OptimizeResult report={analysis.state.result} detail={detail} onOpenScenario={onOpenScenario} />}
    </div>
  );
}

function OptimizeResult({ report, detail, onOpenScenario }: { report: OptimizeReport; detail: ScenarioDetail; onOpenScenario: (id: number) => void }) {
  const currency = detail.model.currency;
  const option = useMemo(() => frontierOption(report, currency), [report, currency]);
  const [naming, setNaming] = useState(false);
  const [saved, setSaved] = useState<ScenarioInfo | null>(null);
  const notices = useNotices();

  const save = async (name: string) => {
    try {
      const info = await api.saveAsNewScenario({ ...report.recommended, name }, name);
      setSaved(info);
      setNaming(false);
    } catch (e) {
      notices.error(e, 'The design could not be saved');
    }
  };

  return (
    <section className="analysis-results" data-testid="optimize-result">
      <ChartCard title="Efficient frontier" option={option} caption={frontierCaption(report, currency)} testId="chart-frontier">
        <p className="muted small">{integer(report.evaluations)} designs raced (the better half of each round on twice the trials) in {duration(report.wall_seconds)}. Frontier points use the search’s seeds; the table below re-runs both designs on fresh ones.</p>
      </ChartCard>
      <table className="grid-table analysis-table" data-testid="optimize-before-after">
        <caption>On fresh seeds</caption>
        <thead>
          <tr>
            <th scope="col" />
            <th scope="col" className="num">
              As it is
            </th>
            <th scope="col" className="num">
              Recommended
            </th>
            <th scope="col" className="num">
              Change
            </th>
          </tr>
        </thead>
        <tbody>
          {beforeAfterRows(report, currency).map((r) => (
            <tr key={r.label}>
              <th scope="row">{r.label}</th>
              <td className="num">{r.before}</td>
              <td className="num">{r.after}</td>
              <td className="num">{r.gain}</td>
            </tr>
          ))}
        </tbody>
      </table>
      <Changes report={report} detail={detail} model={detail.model} />
      <section className="optimize-binding" data-testid="optimize-binding">
        <h3>What binds the recommendation</h3>
        {report.binding.length === 0 ? (
          <p className="muted small">Nothing binds it: no bound, budget, receiver capacity or saturated cell holds it where it is.</p>
        ) : (
          <ul>
            {report.binding.map((b, i) => (
              <li key={i}>
                <strong>{BINDING_LABELS[b.kind]}</strong> — {b.detail}
              </li>
            ))}
          </ul>
        )}
      </section>
      <div className="row">
        {saved ? (
          <>
            <span data-testid="optimize-saved">Saved as “{saved.name}”.</span>
            <button type="button" className="primary" onClick={() => onOpenScenario(saved.id)} data-testid="optimize-open-saved">
              Open it
            </button>
          </>
        ) : (
          <button type="button" className="primary" onClick={() => setNaming(true)} data-testid="optimize-save">
            Save as new scenario…
          </button>
        )}
      </div>
      {naming && <NameDialog title="Save the recommended design" initial={`${detail.doc.name} (optimised)`} action="Save" onClose={() => setNaming(false)} onSubmit={save} />}
    </section>
  );
}

function Changes({ report, detail, model }: { report: OptimizeReport; detail: ScenarioDetail; model: MarketModelDoc }) {
  const { regions, rows } = compositionDiff(detail.doc, report.recommended, model);
  const pats = patternChanges(detail.doc, report.recommended, model);
  const progs = programChanges(detail.doc, report.recommended, model);
  return (
    <>
      <table className="grid-table analysis-table" data-testid="optimize-composition">
        <caption>Partners at the start: recommended (was)</caption>
        <thead>
          <tr>
            <th scope="col">Partner type</th>
            {regions.map((r) => (
              <th key={r.id} scope="col" className="num">
                {r.name}
              </th>
            ))}
          </tr>
        </thead>
        <tbody>
          {rows.map((row) => (
            <tr key={row.id}>
              <th scope="row">{row.name}</th>
              {row.cells.map((c) => (
                <td key={c.region} className={`num${c.changed ? ' changed' : ''}`} data-changed={c.changed || undefined}>
                  {integer(c.after)}
                  {c.changed && <span className="muted small"> (was {integer(c.before)})</span>}
                </td>
              ))}
            </tr>
          ))}
        </tbody>
      </table>
      <LeverChanges rows={pats} what="Pattern" caption="Pattern intensities that changed" testId="optimize-patterns-changed" />
      <LeverChanges
        rows={progs}
        what="Program"
        caption={`Partner program levels that changed (programs cost ${money(report.best_fresh.program_cost, model.currency)} over the horizon)`}
        testId="optimize-programs-changed"
      />
    </>
  );
}

/** The pattern intensities or program levels a recommendation changes, before and after. */
function LeverChanges({ rows, what, caption, testId }: { rows: PatternChange[]; what: string; caption: string; testId: string }) {
  if (rows.length === 0) return null;
  return (
    <table className="grid-table analysis-table" data-testid={testId}>
      <caption>{caption}</caption>
      <thead>
        <tr>
          <th scope="col">{what}</th>
          <th scope="col" className="num">
            Was
          </th>
          <th scope="col" className="num">
            Recommended
          </th>
        </tr>
      </thead>
      <tbody>
        {rows.map((p) => (
          <tr key={p.id}>
            <th scope="row">{p.name}</th>
            <td className="num">{decimal(p.before, 2)}</td>
            <td className="num changed">{decimal(p.after, 2)}</td>
          </tr>
        ))}
      </tbody>
    </table>
  );
}
