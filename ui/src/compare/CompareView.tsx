// Two to four scenarios side by side, simulated on the same paired futures: their KPIs (median
// with P10–P90), each design against the baseline (the first) as paired differences with the
// chance it beats it, and their fans and S-curves overlaid, titled and captioned in the core's
// words (the reports'). Starts as soon as it opens.
import { useCallback, useEffect, useMemo, useRef, useState } from 'react';
import { api } from '../api';
import type { Charted, CompareReport } from '../api/bindings';
import { AnalysisProgress } from '../analysis/AnalysisProgress';
import { isBusy } from '../analysis/analysisState';
import { ChartCard, CountField, countProblems, wordsOf } from '../analysis/parts';
import { useAnalysis } from '../analysis/useAnalysis';
import { ExportMenu, type Exporter } from '../common/ExportMenu';
import { FieldError } from '../common/FieldError';
import { NumberField } from '../common/NumberField';
import { duration, integer } from '../common/format';
import { SAMPLING_LABELS } from '../common/labels';
import { compareFanOption } from './charts/compareFan';
import { compareSCurveOption } from './charts/compareSCurve';
import { scenarioStyles } from './charts/series';
import { differenceRows, kpiTable } from './compareTables';

export function CompareView({ ids, onValueOfInformation }: { ids: number[]; onValueOfInformation?: () => void }) {
  const [trials, setTrials] = useState(5000);
  /** null: the baseline scenario's own seed. */
  const [seed, setSeed] = useState<number | null>(null);
  const analysis = useAnalysis<Charted<CompareReport>>();
  const busy = isBusy(analysis.state);
  const problems = { trials: countProblems(trials), seed: seed === null || (Number.isInteger(seed) && seed >= 0) ? [] : ['must be a whole number of 0 or more'] };
  const valid = problems.trials.length === 0 && problems.seed.length === 0;

  /** The trials and seed of the comparison last started: what an export must run again. */
  const [ran, setRan] = useState<{ trials: number; seed: number | null } | null>(null);

  const start = () => {
    if (busy || !valid) return;
    setRan({ trials, seed });
    void analysis.start((on) => api.compareScenarios(ids, trials, seed, on));
  };

  const shown = analysis.state.phase === 'finished' ? ran : null;
  const exportComparison = useCallback<Exporter>(
    (format, { firm }, onEvent) => api.exportComparison(ids, shown?.trials ?? null, shown?.seed ?? null, format, firm, onEvent),
    [ids, shown],
  );

  const started = useRef(false);
  useEffect(() => {
    if (started.current) return;
    started.current = true;
    start();
  });

  return (
    <div className="analysis-view" data-testid="compare-view">
      <div className="toolbar">
        <h1 className="title">Compare {ids.length} scenarios</h1>
        <span className="muted">Simulated on the same futures, so differences come from the designs, not from luck.</span>
        <span className="spacer" />
        {onValueOfInformation && (
          <button type="button" onClick={onValueOfInformation} title="What knowing each uncertain input before choosing is worth" data-testid="voi-button">
            What to find out first…
          </button>
        )}
        <ExportMenu onExport={exportComparison} brief={(options, onEvent) => api.exportBrief(ids, options.firm, onEvent)} disabled={shown === null} disabledReason="Export is available once the comparison is on screen." />
      </div>
      <form
        className="analysis-form"
        onSubmit={(e) => {
          e.preventDefault();
          start();
        }}
      >
        <CountField label="Trials" value={trials} onCommit={setTrials} testId="compare-trials" problems={problems.trials} disabled={busy} />
        <label className="analysis-field">
          <span className="field-label">
            <input type="checkbox" checked={seed !== null} onChange={(e) => setSeed(e.target.checked ? 42 : null)} disabled={busy} data-testid="compare-seed-on" /> Fixed seed
          </span>
          {seed === null ? (
            <span className="muted small">the baseline’s own</span>
          ) : (
            <>
              <NumberField value={seed} onCommit={setSeed} label="Seed" testId="compare-seed" invalid={problems.seed.length > 0} className="medium" disabled={busy} />
              <FieldError messages={problems.seed} />
            </>
          )}
        </label>
        <button type="submit" className="primary" disabled={busy || !valid} data-testid="compare-rerun">
          Compare again
        </button>
      </form>
      <AnalysisProgress state={analysis.state} onCancel={() => void analysis.cancel()} />
      {analysis.state.phase === 'finished' && <CompareResult compared={analysis.state.result} />}
    </div>
  );
}

function CompareResult({ compared: { report, charts } }: { compared: Charted<CompareReport> }) {
  const { reports } = report;
  const styles = scenarioStyles(reports);
  const rows = kpiTable(reports);
  const fan = useMemo(() => compareFanOption(reports), [reports]);
  const sCurve = useMemo(() => compareSCurveOption(reports), [reports]);
  return (
    <section className="analysis-results">
      <p className="muted small">
        {integer(report.trials)} paired trials · {SAMPLING_LABELS[report.sampling]} · seed {report.seed} · {duration(report.wall_seconds)} · model {report.model.name} · engine {report.engine_version}
      </p>
      <table className="grid-table analysis-table" data-testid="compare-table">
        <thead>
          <tr>
            <th scope="col">KPI (P50, with P10–P90)</th>
            {styles.map((s) => (
              <th key={s.label} scope="col" className="num">
                <span className="swatch" style={{ background: s.color }} aria-hidden /> {s.label}
                {s === styles[0] && <span className="muted small"> (baseline)</span>}
              </th>
            ))}
          </tr>
        </thead>
        <tbody>
          {rows.map((r) => (
            <tr key={r.kpi}>
              <th scope="row">{r.label}</th>
              {r.cells.map((c, i) => (
                <td key={i} className="num">
                  <strong>{c.p50}</strong>
                  <div className="muted small">{c.range}</div>
                </td>
              ))}
            </tr>
          ))}
        </tbody>
      </table>
      {report.pairings.map((p, j) => (
        <table key={j} className="grid-table analysis-table" data-testid="compare-differences">
          <caption>
            {styles[j + 1]?.label ?? p.b.name} against {styles[0]?.label ?? p.a.name}: paired differences (B − A)
          </caption>
          <thead>
            <tr>
              <th scope="col">KPI</th>
              <th scope="col" className="num">
                Mean difference
              </th>
              <th scope="col" className="num">
                P10 to P90
              </th>
              <th scope="col" className="num">
                P(B beats A)
              </th>
            </tr>
          </thead>
          <tbody>
            {differenceRows(p, reports[0]?.currency ?? 'USD').map((d) => (
              <tr key={d.kpi}>
                <th scope="row">{d.label}</th>
                <td className="num">{d.mean}</td>
                <td className="num">{d.range}</td>
                <td className={`num ${d.better ? 'good' : 'bad'}`}>{d.beats}</td>
              </tr>
            ))}
          </tbody>
        </table>
      ))}
      <div className="charts analysis-charts">
        <ChartCard {...wordsOf(charts, 'compare-fan')} option={fan} testId="chart-compare-fan" />
        <ChartCard {...wordsOf(charts, 'compare-s-curve')} option={sCurve} testId="chart-compare-scurve" />
      </div>
    </section>
  );
}
