// Stress tests: the forecast with chosen uncertain inputs held in a tail of their distribution
// ("win rates in their worst 10%", "market growth below its P25"), one input at a time and all
// together, against the base — on the same trials, so each difference is the stress's.
import { useState } from 'react';
import { api } from '../api';
import type { ScenarioDetail, StressInput, StressReport } from '../api/bindings';
import { AnalysisProgress } from '../analysis/AnalysisProgress';
import { isBusy } from '../analysis/analysisState';
import { ANALYSIS_KPIS, formatKpi, formatKpiDifference, kpiLabel, type AnalysisKpi } from '../analysis/kpis';
import { inputLabel } from '../analysis/inputLabels';
import { ChartCard, CountField, LoadFailure, countProblems } from '../analysis/parts';
import { useAnalysis } from '../analysis/useAnalysis';
import { FieldError } from '../common/FieldError';
import { useScenarioDetail } from '../common/useScenarioDetail';
import { percent } from '../common/format';
import { stressCaption, stressOption } from './charts';

/** Ranges a person picks from, as percentile shares. */
export const PRESETS: { id: string; label: string; range: [number, number] }[] = [
  { id: 'bottom10', label: 'Bottom 10% (P0–P10)', range: [0, 0.1] },
  { id: 'below25', label: 'Below its P25', range: [0, 0.25] },
  { id: 'above75', label: 'Above its P75', range: [0.75, 1] },
  { id: 'top10', label: 'Top 10% (P90–P100)', range: [0.9, 1] },
];

export function StressView({ scenarioId }: { scenarioId: number }) {
  const { detail, error } = useScenarioDetail(scenarioId);
  if (error) return <LoadFailure what="This scenario could not be opened" message={error.message} testId="stress-view" />;
  if (!detail) return <div className="screen-message muted" data-testid="stress-view">Opening the scenario…</div>;
  return <Stress detail={detail} />;
}

function Stress({ detail }: { detail: ScenarioDetail }) {
  const paths = detail.uncertain_inputs;
  const [kpi, setKpi] = useState<AnalysisKpi>('total_revenue');
  const [held, setHeld] = useState<Record<string, string>>(() => (paths[0] ? { [paths[0]]: 'bottom10' } : {}));
  const [trials, setTrials] = useState(2000);
  const analysis = useAnalysis<StressReport>();
  const busy = isBusy(analysis.state);
  const inputs: StressInput[] = Object.entries(held).map(([input, preset]) => ({ input, range: PRESETS.find((p) => p.id === preset)!.range }));
  const problems = { trials: countProblems(trials), inputs: inputs.length === 0 ? ['hold at least one input in a range'] : [] };
  const valid = problems.trials.length === 0 && problems.inputs.length === 0;
  const start = () => {
    if (busy || !valid) return;
    void analysis.start((on) => api.stress(detail.info.id, kpi, inputs, trials, on));
  };
  const result = analysis.state.phase === 'finished' ? analysis.state.result : null;
  if (paths.length === 0) return <LoadFailure what="Nothing to stress" message="Every input of this scenario is a fixed number: give some inputs a distribution." testId="stress-view" />;
  return (
    <div className="analysis-view" data-testid="stress-view">
      <div className="toolbar">
        <h1 className="title">Stress test — {detail.doc.name}</h1>
        <span className="muted">The forecast with chosen inputs held in a tail of their distribution.</span>
      </div>
      <form
        className="analysis-form"
        onSubmit={(e) => {
          e.preventDefault();
          start();
        }}
      >
        <label className="analysis-field">
          <span className="field-label">KPI</span>
          <select value={kpi} onChange={(e) => setKpi(e.target.value as AnalysisKpi)} disabled={busy} data-testid="stress-kpi">
            {ANALYSIS_KPIS.map((k) => (
              <option key={k} value={k}>
                {kpiLabel(k)}
              </option>
            ))}
          </select>
        </label>
        <CountField label="Trials" value={trials} onCommit={setTrials} testId="stress-trials" problems={problems.trials} disabled={busy} />
        <button type="submit" className="primary" disabled={busy || !valid} data-testid="stress-start">
          Run the stress test
        </button>
        <FieldError messages={problems.inputs} />
      </form>
      <table className="grid-table analysis-table" data-testid="stress-inputs">
        <caption>Inputs to hold (each alone, then all together)</caption>
        <thead>
          <tr>
            <th scope="col">Hold</th>
            <th scope="col">Input</th>
            <th scope="col">Range</th>
          </tr>
        </thead>
        <tbody>
          {paths.map((p, i) => (
            <tr key={p}>
              <td>
                <input
                  type="checkbox"
                  aria-label={`Hold ${inputLabel(p, detail.model)}`}
                  checked={p in held}
                  disabled={busy}
                  data-testid={`stress-hold-${i}`}
                  onChange={(e) =>
                    setHeld((h) => {
                      const next = { ...h };
                      if (e.target.checked) next[p] = 'bottom10';
                      else delete next[p];
                      return next;
                    })
                  }
                />
              </td>
              <th scope="row" title={p}>
                {inputLabel(p, detail.model)}
              </th>
              <td>
                <select value={held[p] ?? 'bottom10'} disabled={busy || !(p in held)} onChange={(e) => setHeld((h) => ({ ...h, [p]: e.target.value }))} data-testid={`stress-range-${i}`} aria-label="Range">
                  {PRESETS.map((r) => (
                    <option key={r.id} value={r.id}>
                      {r.label}
                    </option>
                  ))}
                </select>
              </td>
            </tr>
          ))}
        </tbody>
      </table>
      <AnalysisProgress state={analysis.state} onCancel={() => void analysis.cancel()} />
      {result && <StressResult report={result} currency={detail.model.currency} />}
    </div>
  );
}

function StressResult({ report, currency }: { report: StressReport; currency: string }) {
  const f = (v: number) => formatKpi(report.kpi, v, currency);
  return (
    <section className="analysis-results" data-testid="stress-result">
      <ChartCard title={`${kpiLabel(report.kpi)} under stress`} option={stressOption(report, currency)} caption={stressCaption(report, currency)} testId="chart-stress" height={Math.max(200, 80 + 40 * (report.cases.length + 1))}>
        <p className="muted small">Bars span P10–P90, diamonds mark the mean. Every case runs the base’s trials, so differences are paired.</p>
      </ChartCard>
      <table className="grid-table analysis-table" data-testid="stress-table">
        <thead>
          <tr>
            <th scope="col">Case</th>
            <th scope="col" className="num">
              Mean
            </th>
            <th scope="col" className="num">
              P10 – P90
            </th>
            <th scope="col" className="num">
              Mean vs base
            </th>
            {report.base_target_probability != null && (
              <th scope="col" className="num">
                P(target)
              </th>
            )}
          </tr>
        </thead>
        <tbody>
          <tr>
            <th scope="row">Base (as sampled)</th>
            <td className="num">{f(report.base.mean)}</td>
            <td className="num">
              {f(report.base.p10)} – {f(report.base.p90)}
            </td>
            <td className="num">—</td>
            {report.base_target_probability != null && <td className="num">{percent(report.base_target_probability, 0)}</td>}
          </tr>
          {report.cases.map((c) => (
            <tr key={c.label}>
              <th scope="row">{c.label}</th>
              <td className="num">{f(c.summary.mean)}</td>
              <td className="num">
                {f(c.summary.p10)} – {f(c.summary.p90)}
              </td>
              <td className="num">{formatKpiDifference(report.kpi, c.difference.mean, currency)}</td>
              {report.base_target_probability != null && <td className="num">{c.target_probability != null ? percent(c.target_probability, 0) : '—'}</td>}
            </tr>
          ))}
        </tbody>
      </table>
    </section>
  );
}
