// Value of information for a choice between 2–4 scenarios: what knowing each uncertain input
// before choosing is worth (EVPPI), and knowing every future (EVPI), in money — which
// uncertainty is worth a pilot or a market study first. Starts as soon as it opens.
import { useEffect, useRef, useState } from 'react';
import { api } from '../api';
import type { MarketModelDoc, VoiReport } from '../api/bindings';
import { AnalysisProgress } from '../analysis/AnalysisProgress';
import { isBusy } from '../analysis/analysisState';
import { ANALYSIS_KPIS, kpiLabel, type AnalysisKpi } from '../analysis/kpis';
import { inputLabel } from '../analysis/inputLabels';
import { ChartCard, CountField, countProblems } from '../analysis/parts';
import { useAnalysis } from '../analysis/useAnalysis';
import { useScenarioDetail } from '../common/useScenarioDetail';
import { money, moneyShort, percent } from '../common/format';
import { voiCaption, voiHeight, voiOption } from './charts';

export function VoiView({ ids }: { ids: number[] }) {
  const { detail } = useScenarioDetail(ids[0] ?? 0);
  const model = detail?.model ?? null;
  const [kpi, setKpi] = useState<AnalysisKpi>('net_contribution');
  const [trials, setTrials] = useState(5000);
  const analysis = useAnalysis<VoiReport>();
  const busy = isBusy(analysis.state);
  const problems = countProblems(trials, 100);
  const start = () => {
    if (busy || problems.length > 0) return;
    void analysis.start((on) => api.valueOfInformation(ids, kpi, trials, on));
  };
  const started = useRef(false);
  useEffect(() => {
    if (started.current) return;
    started.current = true;
    start();
  });
  const result = analysis.state.phase === 'finished' ? analysis.state.result : null;
  return (
    <div className="analysis-view" data-testid="voi-view">
      <div className="toolbar">
        <h1 className="title">What to find out first — {ids.length} designs</h1>
        <span className="muted">The value of knowing an uncertain input before choosing between them.</span>
      </div>
      <form
        className="analysis-form"
        onSubmit={(e) => {
          e.preventDefault();
          start();
        }}
      >
        <label className="analysis-field">
          <span className="field-label">Payoff</span>
          <select value={kpi} onChange={(e) => setKpi(e.target.value as AnalysisKpi)} disabled={busy} data-testid="voi-kpi">
            {ANALYSIS_KPIS.filter((k) => k !== 'coverage_final' && k !== 'ecosystem_multiplier').map((k) => (
              <option key={k} value={k}>
                {kpiLabel(k)}
              </option>
            ))}
          </select>
        </label>
        <CountField label="Trials per design" value={trials} onCommit={setTrials} testId="voi-trials" problems={problems} disabled={busy} />
        <button type="submit" className="primary" disabled={busy || problems.length > 0} data-testid="voi-start">
          Value the information
        </button>
        <p className="muted small analysis-note">EVPPI by the regression method of Strong, Oakley and Brennan, from the trials already run; the noise is the same estimate with the input shuffled.</p>
      </form>
      <AnalysisProgress state={analysis.state} onCancel={() => void analysis.cancel()} />
      {result && <VoiResult report={result} model={model} currency={model?.currency ?? 'USD'} />}
    </div>
  );
}

function VoiResult({ report, model, currency }: { report: VoiReport; model: MarketModelDoc | null; currency: string }) {
  const shown = report.inputs.slice(0, 12);
  return (
    <section className="analysis-results" data-testid="voi-result">
      <table className="grid-table analysis-table" data-testid="voi-designs">
        <thead>
          <tr>
            <th scope="col">Design</th>
            <th scope="col" className="num">
              Mean {kpiLabel(report.kpi).toLowerCase()}
            </th>
            <th scope="col" className="num">
              Best in
            </th>
          </tr>
        </thead>
        <tbody>
          {report.designs.map((d, i) => (
            <tr key={d.scenario.id}>
              <th scope="row">
                {d.scenario.name}
                {i === report.chosen && <span className="muted small"> — chosen on what is known now</span>}
              </th>
              <td className="num">{money(d.mean, currency)}</td>
              <td className="num">{percent(d.probability_best, 0)} of futures</td>
            </tr>
          ))}
        </tbody>
      </table>
      <ChartCard title="Value of knowing each input before choosing (EVPPI)" option={voiOption(report, model, currency)} caption={voiCaption(report, model, currency)} testId="chart-voi" height={voiHeight(shown.length)}>
        <p className="muted small">
          EVPI {moneyShort(report.evpi, currency)}: knowing each future before choosing, luck included — no study is worth more. Green bars clear the noise; whiskers are bootstrap P5–P95.
        </p>
      </ChartCard>
      <table className="grid-table analysis-table" data-testid="voi-table">
        <thead>
          <tr>
            <th scope="col">Input</th>
            <th scope="col" className="num">
              EVPPI
            </th>
            <th scope="col" className="num">
              P5 – P95
            </th>
            <th scope="col">Worth finding out</th>
          </tr>
        </thead>
        <tbody>
          {shown.map((v) => (
            <tr key={v.input}>
              <th scope="row" title={v.input}>
                {inputLabel(v.input, model)}
              </th>
              <td className="num">{money(v.evppi, currency)}</td>
              <td className="num">
                {moneyShort(v.interval[0], currency)} – {moneyShort(v.interval[1], currency)}
              </td>
              <td>{v.beyond_noise ? 'yes' : '—'}</td>
            </tr>
          ))}
        </tbody>
      </table>
    </section>
  );
}
