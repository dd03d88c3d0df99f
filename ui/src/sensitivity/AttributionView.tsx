// Attribution of one scenario: each partner type's Shapley value (what the ecosystem would
// lose without it, averaged over every order of adding types) beside the revenue it transacts;
// the chart's title and caption are the core's.
import { useMemo, useState } from 'react';
import { api } from '../api';
import type { Charted, ShapleyReport } from '../api/bindings';
import { AnalysisProgress } from '../analysis/AnalysisProgress';
import { isBusy } from '../analysis/analysisState';
import { ChartCard, CountField, LoadFailure, countProblems, wordsOf } from '../analysis/parts';
import { useAnalysis } from '../analysis/useAnalysis';
import { useScenarioDetail } from '../common/useScenarioDetail';
import { duration, integer, money, percent } from '../common/format';
import { SHAPLEY, TRANSACTED, attributionHeight, attributionOption } from './charts/attribution';

export function AttributionView({ scenarioId }: { scenarioId: number }) {
  const { detail, error } = useScenarioDetail(scenarioId);
  const [trials, setTrials] = useState(500);
  const analysis = useAnalysis<Charted<ShapleyReport>>();
  const busy = isBusy(analysis.state);
  const problems = countProblems(trials);

  if (error) return <LoadFailure what="This scenario could not be opened" message={error.message} testId="attribution-view" />;

  const start = () => {
    if (busy || problems.length > 0) return;
    void analysis.start((on) => api.attribution(scenarioId, trials, on));
  };

  return (
    <div className="analysis-view" data-testid="attribution-view">
      <div className="toolbar">
        <h1 className="title">Attribution{detail ? ` — ${detail.doc.name}` : ''}</h1>
        <span className="muted">What each partner type creates, against what it transacts.</span>
      </div>
      <form
        className="analysis-form"
        onSubmit={(e) => {
          e.preventDefault();
          start();
        }}
      >
        <CountField label="Trials per coalition" value={trials} onCommit={setTrials} testId="attribution-trials" problems={problems} disabled={busy} />
        <button type="submit" className="primary" disabled={busy || problems.length > 0} data-testid="attribution-start">
          Attribute revenue
        </button>
        <p className="muted small analysis-note">Simulates the scenario with each combination of partner types switched off (Shapley values).</p>
      </form>
      <AnalysisProgress state={analysis.state} onCancel={() => void analysis.cancel()} />
      {analysis.state.phase === 'finished' && <AttributionResult attributed={analysis.state.result} currency={detail?.model.currency ?? 'USD'} />}
    </div>
  );
}

function AttributionResult({ attributed: { report, charts }, currency }: { attributed: Charted<ShapleyReport>; currency: string }) {
  const option = useMemo(() => attributionOption(report, currency), [report, currency]);
  return (
    <section className="analysis-results">
      <ChartCard {...wordsOf(charts, 'attribution')} option={option} testId="chart-attribution" height={attributionHeight(report.rows.length)}>
        <p className="muted small">
          {report.exact ? `Every one of the ${integer(report.coalitions)} coalitions simulated` : `${integer(report.coalitions)} coalitions sampled`}, {integer(report.trials_per_coalition)} trials each, in {duration(report.wall_seconds)}. Mean total
          revenue {money(report.total_revenue, currency)}, coverage {percent(report.coverage)}.
        </p>
      </ChartCard>
      <table className="grid-table analysis-table" data-testid="attribution-table">
        <thead>
          <tr>
            <th scope="col">Partner type</th>
            <th scope="col" className="num">
              {SHAPLEY}
            </th>
            <th scope="col" className="num">
              Shapley value
            </th>
            <th scope="col" className="num">
              {TRANSACTED}
            </th>
            <th scope="col" className="num">
              Transacted revenue
            </th>
            <th scope="col" className="num">
              Coverage it adds
            </th>
          </tr>
        </thead>
        <tbody>
          {report.rows.map((r) => (
            <tr key={r.partner_type}>
              <th scope="row">{r.name}</th>
              <td className="num">{percent(r.revenue_share)}</td>
              <td className="num">{money(r.revenue, currency)}</td>
              <td className="num">{percent(r.transacted_share)}</td>
              <td className="num">{money(r.transacted_revenue, currency)}</td>
              <td className="num">{percent(r.coverage)}</td>
            </tr>
          ))}
        </tbody>
      </table>
    </section>
  );
}
