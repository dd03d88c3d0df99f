// Sensitivity of one scenario: which uncertain inputs move a KPI. Tornado (each input from its
// P10 to its P90, the others at their medians) or Sobol indices (shares of the KPI's variance,
// alone and with interactions) or a spider (each input swept from its P5 to its P95). Each is a
// long job with progress and Cancel; the chart's title and caption are the core's.
import { useMemo, useState } from 'react';
import { api } from '../api';
import type { Charted, MarketModelDoc, SobolReport, SpiderReport, TornadoReport } from '../api/bindings';
import { spiderOption } from '../decide/charts';
import { AnalysisProgress } from '../analysis/AnalysisProgress';
import { isBusy } from '../analysis/analysisState';
import { ANALYSIS_KPIS, kpiLabel, type AnalysisKpi } from '../analysis/kpis';
import { ChartCard, CountField, LoadFailure, countProblems, wordsOf } from '../analysis/parts';
import { useAnalysis } from '../analysis/useAnalysis';
import { useScenarioDetail } from '../common/useScenarioDetail';
import { duration, integer } from '../common/format';
import { sobolHeight, sobolItems, sobolOption } from './charts/sobol';
import { tornadoHeight, tornadoOption } from './charts/tornado';

type Method = 'tornado' | 'sobol' | 'spider';
type Result = ({ method: 'tornado' } & Charted<TornadoReport>) | ({ method: 'sobol' } & Charted<SobolReport>) | ({ method: 'spider' } & Charted<SpiderReport>);

export function SensitivityView({ scenarioId }: { scenarioId: number }) {
  const { detail, error } = useScenarioDetail(scenarioId);
  const [kpi, setKpi] = useState<AnalysisKpi>('total_revenue');
  const [method, setMethod] = useState<Method>('tornado');
  const [counts, setCounts] = useState<Record<Method, number>>({ tornado: 1000, sobol: 500, spider: 500 });
  const analysis = useAnalysis<Result>();
  const busy = isBusy(analysis.state);
  const count = counts[method];
  const problems = countProblems(count);

  if (error) return <LoadFailure what="This scenario could not be opened" message={error.message} testId="sensitivity-view" />;

  const start = () => {
    if (busy || problems.length > 0) return;
    void analysis.start((on) =>
      method === 'tornado'
        ? api.tornado(scenarioId, kpi, count, on).then((c): Result => ({ method: 'tornado', ...c }))
        : method === 'spider'
          ? api.spider(scenarioId, kpi, count, on).then((c): Result => ({ method: 'spider', ...c }))
          : api.sobol(scenarioId, kpi, count, on).then((c): Result => ({ method: 'sobol', ...c })),
    );
  };

  const result = analysis.state.phase === 'finished' && analysis.state.result.method === method ? analysis.state.result : null;

  return (
    <div className="analysis-view" data-testid="sensitivity-view">
      <div className="toolbar">
        <h1 className="title">Sensitivity{detail ? ` — ${detail.doc.name}` : ''}</h1>
        <span className="muted">Which uncertain inputs move the forecast most.</span>
      </div>
      <nav className="tabs analysis-tabs" role="tablist" aria-label="Method">
        {(['tornado', 'spider', 'sobol'] as const).map((m) => (
          <button key={m} type="button" role="tab" aria-selected={method === m} className={method === m ? 'tab active' : 'tab'} disabled={busy} onClick={() => setMethod(m)} data-testid={`sensitivity-method-${m}`}>
            {m === 'tornado' ? 'Tornado' : m === 'spider' ? 'Spider' : 'Sobol'}
          </button>
        ))}
      </nav>
      <form
        className="analysis-form"
        onSubmit={(e) => {
          e.preventDefault();
          start();
        }}
      >
        <label className="analysis-field">
          <span className="field-label">KPI</span>
          <select value={kpi} onChange={(e) => setKpi(e.target.value as AnalysisKpi)} disabled={busy} data-testid="sensitivity-kpi">
            {ANALYSIS_KPIS.map((k) => (
              <option key={k} value={k}>
                {kpiLabel(k)}
              </option>
            ))}
          </select>
        </label>
        <CountField
          label={method === 'sobol' ? 'Base samples' : 'Trials per point'}
          value={count}
          onCommit={(v) => setCounts((c) => ({ ...c, [method]: v }))}
          testId="sensitivity-trials"
          problems={problems}
          disabled={busy}
        />
        <button type="submit" className="primary" disabled={busy || problems.length > 0} data-testid="sensitivity-start">
          {method === 'tornado' ? 'Run the tornado' : method === 'spider' ? 'Draw the spider' : 'Compute Sobol indices'}
        </button>
        <p className="muted small analysis-note">
          {method === 'tornado'
            ? 'Each uncertain input is set to its P10 and its P90 in turn, every other input at its median.'
            : method === 'spider'
              ? 'Each uncertain input is swept from its P5 to its P95, every other input at its median; the eight that move the KPI most are drawn.'
              : 'Saltelli sampling with Jansen estimators; 95% bootstrap intervals. Costs base samples × (inputs + 3) trials.'}
        </p>
      </form>
      <AnalysisProgress state={analysis.state} onCancel={() => void analysis.cancel()} />
      {result && <SensitivityChart result={result} model={detail?.model ?? null} currency={detail?.model.currency ?? 'USD'} />}
    </div>
  );
}

/** `model` names the inputs on the axes and in the tooltips (null while the scenario loads: the paths are shown). */
function SensitivityChart({ result, model, currency }: { result: Result; model: MarketModelDoc | null; currency: string }) {
  const chart = useMemo(() => {
    if (result.method === 'tornado') {
      const r = result.report;
      return {
        ...wordsOf(result.charts, 'tornado'),
        option: tornadoOption(r, model, currency),
        height: tornadoHeight(r.bars.length),
        testId: 'chart-tornado',
        note: `Means over ${integer(r.trials_per_point)} trials per point, computed in ${duration(r.wall_seconds)}; hover a bar for the input’s path and exact values.`,
      };
    }
    if (result.method === 'spider') {
      const r = result.report;
      return {
        ...wordsOf(result.charts, 'spider'),
        option: spiderOption(r, model, currency),
        height: 360,
        testId: 'chart-spider',
        note: `Means over ${integer(r.trials_per_point)} trials per point, the same trials at every point.`,
      };
    }
    const r = result.report;
    return {
      ...wordsOf(result.charts, 'sobol'),
      option: sobolOption(r, model),
      height: sobolHeight(sobolItems(r, model).length),
      testId: 'chart-sobol',
      note: `${integer(r.base_samples)} base samples, ${integer(r.evaluations)} trials, in ${duration(r.wall_seconds)}. Grey: simulation randomness, the spread no input explains.`,
    };
  }, [result, model, currency]);
  return (
    <section className="analysis-results">
      <ChartCard title={chart.title} option={chart.option} caption={chart.caption} testId={chart.testId} height={chart.height}>
        <p className="muted small">{chart.note}</p>
      </ChartCard>
    </section>
  );
}
