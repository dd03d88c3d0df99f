// The results of one run: headline KPI cards, then the charts — revenue by quarter (fan), the
// distribution of total revenue (histogram and S-curve), contribution by partner type and by
// source, coverage by cell, and revenue added by each collaboration pattern. Each chart has a
// plain-language caption computed from the same data.
import words from '../api/words.json';
import { useCallback, useEffect, useMemo, useState } from 'react';
import { api, toAppError } from '../api';
import type { AppError, RunReport } from '../api/bindings';
import { EChart } from '../common/EChart';
import { ExportMenu, type Exporter } from '../common/ExportMenu';
import type { ChartOption } from '../common/echarts';
import { duration, integer, percent } from '../common/format';
import { SAMPLING_LABELS } from '../common/labels';
import { byPatternCaption, byPatternOption, patternItems } from './charts/byPattern';
import { bySourceCaption, bySourceOption } from './charts/bySource';
import { byTypeCaption, byTypeOption, typeItems } from './charts/byType';
import { convergenceCaption, convergenceOption } from './charts/convergence';
import { contributionHeight } from './charts/contribution';
import { distributionCaption, distributionOption } from './charts/distribution';
import { arrFanCaption, fanCaption, fanOption } from './charts/fan';
import { bookingsCaption, bookingsOption, hasQuarterBreakdowns, typeAreaCaption, typeAreaOption } from './charts/overTime';
import { heatmapCaption, heatmapOption, type Names } from './charts/heatmap';
import { kpiCards } from './kpis';

interface Props {
  runId: number;
  /** Open the scenario this run belongs to. */
  onOpenScenario: (scenarioId: number) => void;
  scenarioId: number | null;
}

export function ResultsScreen({ runId, onOpenScenario, scenarioId }: Props) {
  const [report, setReport] = useState<RunReport | null>(null);
  const [error, setError] = useState<AppError | null>(null);

  useEffect(() => {
    let live = true;
    setReport(null);
    setError(null);
    api
      .getReport(runId)
      .then((r) => live && setReport(r))
      .catch((e) => live && setError(toAppError(e)));
    return () => {
      live = false;
    };
  }, [runId]);

  if (error) {
    return (
      <div className="screen-message">
        <h2>The results of run #{runId} could not be opened</h2>
        <p className="field-error" data-testid="error-banner">
          {error.message}
        </p>
      </div>
    );
  }
  if (!report) return <div className="screen-message muted">Loading the results of run #{runId}…</div>;
  return <Results report={report} runId={runId} scenarioId={scenarioId} onOpenScenario={onOpenScenario} />;
}

interface ChartSpec {
  testId: string;
  title: string;
  option: ChartOption;
  caption: string;
  height?: number;
  wide?: boolean;
}

/** Segment and region names from the scenario's model (the report names cells by id only). */
function useCellNames(scenarioId: number | null): Names {
  const [names, setNames] = useState<Names>({});
  useEffect(() => {
    if (scenarioId === null) return;
    let live = true;
    api
      .getScenario(scenarioId)
      .then(({ model }) => {
        if (!live) return;
        setNames({
          segments: Object.fromEntries(model.market.segments.map((s) => [s.id, s.name.replace(/\s*\(.*\)$/, '')])),
          regions: Object.fromEntries(model.market.regions.map((r) => [r.id, r.name])),
        });
      })
      .catch(() => {}); // ids are shown instead: nothing to report
    return () => {
      live = false;
    };
  }, [scenarioId]);
  return names;
}

export function Results({ report, runId, scenarioId, onOpenScenario }: { report: RunReport; runId: number; scenarioId: number | null; onOpenScenario: (id: number) => void }) {
  const names = useCellNames(scenarioId);
  const charts = useMemo<ChartSpec[]>(
    () => [
      { testId: 'chart-fan', title: 'Revenue by quarter', option: fanOption(report), caption: fanCaption(report), wide: true },
      ...(report.revenue_recognition === 'subscription'
        ? [{ testId: 'chart-arr', title: 'ARR at the end of each quarter', option: fanOption(report, 'arr'), caption: arrFanCaption(report), wide: true }]
        : []),
      ...(hasQuarterBreakdowns(report)
        ? [
            { testId: 'chart-type-area', title: 'Revenue by partner type over quarters', option: typeAreaOption(report), caption: typeAreaCaption(report), wide: true },
            { testId: 'chart-bookings', title: 'Bookings and recognised revenue', option: bookingsOption(report), caption: bookingsCaption(report), wide: true },
          ]
        : []),
      { testId: 'chart-distribution', title: 'Distribution of total revenue', option: distributionOption(report), caption: distributionCaption(report), wide: true },
      { testId: 'chart-by-type', title: 'Revenue by partner type', option: byTypeOption(report), caption: byTypeCaption(report), height: contributionHeight(typeItems(report).length) },
      // As tall as its neighbour, by partner type, so the two cards line up.
      { testId: 'chart-by-source', title: 'Revenue by source', option: bySourceOption(report), caption: bySourceCaption(report), height: contributionHeight(typeItems(report).length) },
      { testId: 'chart-heatmap', title: 'Market coverage by segment and region', option: heatmapOption(report, names), caption: heatmapCaption(report, names) },
      {
        testId: 'chart-by-pattern',
        title: 'Revenue added by each collaboration pattern',
        option: byPatternOption(report),
        caption: byPatternCaption(report),
        height: contributionHeight(patternItems(report).length),
      },
      ...((report.convergence?.length ?? 0) > 1
        ? [{ testId: 'chart-convergence', title: 'How the forecast settled', option: convergenceOption(report), caption: convergenceCaption(report), height: 240, wide: true }]
        : []),
    ],
    [report, names],
  );
  const cards = kpiCards(report);
  const exportRun = useCallback<Exporter>((format, { firm, includeTrials }, onEvent) => api.exportReport([runId], format, firm, includeTrials, onEvent), [runId]);

  return (
    <div className="results" data-testid="results" data-run-id={runId}>
      <div className="toolbar">
        <h1 className="title">{report.scenario.name}</h1>
        <span className="muted">
          Run #{runId} · {integer(report.trials)} trials{report.precision_target ? ` (stopped at ${percent(report.precision_target, 1)} standard error)` : ''} · {SAMPLING_LABELS[report.sampling]} · seed {report.seed} ·{' '}
          {report.horizon_quarters} quarters · {duration(report.wall_seconds)} · engine {report.engine_version}
        </span>
        <span className="spacer" />
        {scenarioId !== null && (
          <button type="button" onClick={() => onOpenScenario(scenarioId)} data-testid="open-scenario">
            Open the scenario
          </button>
        )}
        <ExportMenu onExport={exportRun} trialsOption />
      </div>
      {report.engine_version !== words.engine_version && (
        <p className="notice" role="note" data-testid="older-engine">
          This run was made by engine {report.engine_version}
          {report.revenue_recognition === 'one_time' ? ' (before schema 2: one-time revenue, and flows between partners not bounded by their capacity)' : ''}. Run the scenario
          again for a forecast on the current engine ({words.engine_version}).
        </p>
      )}
      <section className="kpi-cards" aria-label="Headline figures">
        {cards.map((c) => (
          <div key={c.id} className="kpi-card" data-testid={`kpi-${c.id}`}>
            <div className="kpi-label">{c.label}</div>
            <div className="kpi-value">{c.value}</div>
            {c.range && <div className="kpi-range">{c.range}</div>}
            <div className="kpi-note">{c.note}</div>
          </div>
        ))}
      </section>
      <section className="charts">
        {charts.map((c) => (
          <figure key={c.testId} className={`chart-card${c.wide ? ' wide' : ''}`}>
            <figcaption className="chart-title">{c.title}</figcaption>
            <EChart option={c.option} label={c.title} testId={c.testId} height={c.height ?? 300} />
            <p className="caption">{c.caption}</p>
          </figure>
        ))}
      </section>
      <p className="muted small footnote">
        Medians (P50) with the range that 8 in 10 futures fall in (P10–P90). Contributions are means, so they add up to the total.
        {report.by_pattern_trials > 0 && ` Revenue added by pattern is measured on the first ${integer(report.by_pattern_trials)} trials.`} Uncertain inputs sampled per trial: {report.uncertain_inputs.length}.
      </p>
    </div>
  );
}
