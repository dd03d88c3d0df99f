// What drives the bad (or good) futures: for the trials in a KPI's bottom (or top) tail, the
// uncertain inputs that sit furthest from their usual values (a ranked bar chart, with each
// input's noise band), and the partner types, sources and patterns that fall short there.
import { useState } from 'react';
import { api } from '../api';
import type { DriversReport, ScenarioDetail, Tail } from '../api/bindings';
import { AnalysisProgress } from '../analysis/AnalysisProgress';
import { isBusy } from '../analysis/analysisState';
import { ANALYSIS_KPIS, formatKpiDifference, kpiLabel, type AnalysisKpi } from '../analysis/kpis';
import { ChartCard, CountField, LoadFailure, countProblems } from '../analysis/parts';
import { useAnalysis } from '../analysis/useAnalysis';
import { useScenarioDetail } from '../common/useScenarioDetail';
import { integer, money, percent } from '../common/format';
import { driversCaption, driversHeight, driversOption } from './charts';

const BREAKDOWN_LABELS = { partner_type: 'Partner type', source: 'Revenue source', pattern: 'Pattern (revenue added)' } as const;

export function DriversView({ scenarioId }: { scenarioId: number }) {
  const { detail, error } = useScenarioDetail(scenarioId);
  if (error) return <LoadFailure what="This scenario could not be opened" message={error.message} testId="drivers-view" />;
  if (!detail) return <div className="screen-message muted" data-testid="drivers-view">Opening the scenario…</div>;
  return <Drivers detail={detail} />;
}

function Drivers({ detail }: { detail: ScenarioDetail }) {
  const [kpi, setKpi] = useState<AnalysisKpi>('total_revenue');
  const [tail, setTail] = useState<Tail>('bottom');
  const [share, setShare] = useState(10);
  const [trials, setTrials] = useState(5000);
  const analysis = useAnalysis<DriversReport>();
  const busy = isBusy(analysis.state);
  const problems = { trials: countProblems(trials, 100), share: share > 0 && share <= 50 ? [] : ['must be more than 0 and at most 50 (%)'] };
  const valid = problems.trials.length === 0 && problems.share.length === 0;
  const start = () => {
    if (busy || !valid) return;
    void analysis.start((on) => api.drivers(detail.info.id, kpi, tail, share / 100, trials, on));
  };
  const result = analysis.state.phase === 'finished' ? analysis.state.result : null;
  return (
    <div className="analysis-view" data-testid="drivers-view">
      <div className="toolbar">
        <h1 className="title">What drives the {tail === 'bottom' ? 'bad' : 'good'} futures — {detail.doc.name}</h1>
        <span className="muted">Which inputs and partners set a KPI’s tail apart from the usual.</span>
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
          <select value={kpi} onChange={(e) => setKpi(e.target.value as AnalysisKpi)} disabled={busy} data-testid="drivers-kpi">
            {ANALYSIS_KPIS.map((k) => (
              <option key={k} value={k}>
                {kpiLabel(k)}
              </option>
            ))}
          </select>
        </label>
        <label className="analysis-field">
          <span className="field-label">Tail</span>
          <select value={tail} onChange={(e) => setTail(e.target.value as Tail)} disabled={busy} data-testid="drivers-tail">
            <option value="bottom">Bottom (worst futures)</option>
            <option value="top">Top (best futures)</option>
          </select>
        </label>
        <CountField label="Share of trials (%)" value={share} onCommit={setShare} testId="drivers-share" problems={problems.share} disabled={busy} />
        <CountField label="Trials" value={trials} onCommit={setTrials} testId="drivers-trials" problems={problems.trials} disabled={busy} />
        <button type="submit" className="primary" disabled={busy || !valid} data-testid="drivers-start">
          Find the drivers
        </button>
        <p className="muted small analysis-note">An input’s shift is how far its median in the tail sits from its usual median, in its standard deviations; shifts inside the dashed band are what chance alone gives a random set of trials that size.</p>
      </form>
      <AnalysisProgress state={analysis.state} onCancel={() => void analysis.cancel()} />
      {result && <DriversResult report={result} detail={detail} />}
    </div>
  );
}

function DriversResult({ report, detail }: { report: DriversReport; detail: ScenarioDetail }) {
  const currency = detail.model.currency;
  const shown = report.inputs.slice(0, 12);
  return (
    <section className="analysis-results" data-testid="drivers-result">
      <ChartCard
        title={`Inputs in the ${report.tail} ${percent(report.share, 0)} of ${kpiLabel(report.kpi).toLowerCase()}`}
        option={driversOption(report, detail.model)}
        caption={driversCaption(report, detail.model, currency)}
        testId="chart-drivers"
        height={driversHeight(shown.length)}
      >
        <p className="muted small">
          {integer(report.tail_trials)} of {integer(report.trials)} trials. Coloured bars clear the noise (red: the input runs low, blue: high); whiskers span what chance alone gives a random set of trials that size. The tail averages {money(report.kpi_mean_tail, currency)} against {money(report.kpi_mean_all, currency)} over all trials.
        </p>
      </ChartCard>
      <table className="grid-table analysis-table" data-testid="drivers-shortfalls">
        <caption>What falls short in those futures (mean over the tail against all trials)</caption>
        <thead>
          <tr>
            <th scope="col">Kind</th>
            <th scope="col">Name</th>
            <th scope="col" className="num">
              All trials
            </th>
            <th scope="col" className="num">
              Tail
            </th>
            <th scope="col" className="num">
              Change
            </th>
          </tr>
        </thead>
        <tbody>
          {report.shortfalls
            .filter((s) => s.mean_all !== 0 || s.mean_tail !== 0)
            .map((s) => (
              <tr key={`${s.breakdown}-${s.id}`}>
                <td>{BREAKDOWN_LABELS[s.breakdown]}</td>
                <th scope="row">{s.name}</th>
                <td className="num">{money(s.mean_all, currency)}</td>
                <td className="num">{money(s.mean_tail, currency)}</td>
                <td className="num">
                  {formatKpiDifference('total_revenue', s.change, currency)} ({percent(s.relative_change, 0)})
                </td>
              </tr>
            ))}
        </tbody>
      </table>
    </section>
  );
}
