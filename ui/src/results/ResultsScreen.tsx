// The results of one run: headline KPI cards, then the charts — revenue by quarter (fan), the
// distribution of total revenue (histogram and S-curve), contribution by partner type and by
// source, coverage by cell, and revenue added by each collaboration pattern. Each chart's title
// and caption (a plain-language sentence with its figures) are the core's — the words the PDF
// and HTML reports print under the same chart (`run_charts`) — so they are written once. Only
// what the reports have no chart for speaks in words of the app's: the convergence chart, and
// the explanation of an empty chart of patterns.
import words from '../api/words.json';
import { useCallback, useEffect, useMemo, useState, type ReactNode } from 'react';
import { api, toAppError } from '../api';
import type { AppError, ChartWords, RunReport } from '../api/bindings';
import { EChart } from '../common/EChart';
import { ExportMenu, type Exporter } from '../common/ExportMenu';
import type { ChartOption } from '../common/echarts';
import { duration, integer, percent } from '../common/format';
import { SAMPLING_LABELS } from '../common/labels';
import { useNotices } from '../common/notices';
import { byPatternOption, patternItems } from './charts/byPattern';
import { bySourceOption } from './charts/bySource';
import { byTypeOption, typeItems } from './charts/byType';
import { convergenceCaption, convergenceOption } from './charts/convergence';
import { contributionHeight } from './charts/contribution';
import { distributionOption } from './charts/distribution';
import { fanOption } from './charts/fan';
import { bookingsOption, hasQuarterBreakdowns, typeAreaOption } from './charts/overTime';
import { earningsOption, earningsRows, hasNetwork, partnersOverTimeOption, programsOption } from './charts/network';
import { heatmapOption, type Names } from './charts/heatmap';
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
  // The charts' titles and captions, from the core; [] when they could not be read (the charts
  // show without them).
  const [chartWords, setChartWords] = useState<ChartWords[] | null>(null);
  const notices = useNotices();

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

  useEffect(() => {
    let live = true;
    setChartWords(null);
    api
      .runCharts(runId)
      .then((w) => live && setChartWords(w))
      .catch((e) => {
        if (!live) return;
        setChartWords([]);
        notices.error(e, `The captions of the charts of run #${runId} could not be read`);
      });
    return () => {
      live = false;
    };
  }, [runId, notices]);

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
  if (!report || !chartWords) return <div className="screen-message muted">Loading the results of run #{runId}…</div>;
  return <Results report={report} chartWords={chartWords} runId={runId} scenarioId={scenarioId} onOpenScenario={onOpenScenario} />;
}

interface ChartSpec {
  testId: string;
  /** The chart's id among the core's chart words (`run_charts`): its title and caption. */
  id?: string;
  /** Words of the app's own, for a chart the reports do not draw. */
  own?: { title: string; caption: string } | null;
  option: ChartOption;
  height?: number;
  wide?: boolean;
  /** A control above the chart (which partner type it shows). */
  control?: ReactNode;
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

export function Results({
  report,
  chartWords,
  runId,
  scenarioId,
  onOpenScenario,
}: {
  report: RunReport;
  /** The core's titles and captions of the charts, by id; a chart without its entry shows none. */
  chartWords: ChartWords[];
  runId: number;
  scenarioId: number | null;
  onOpenScenario: (id: number) => void;
}) {
  const names = useCellNames(scenarioId);
  // The partner type the partners-over-quarters chart shows ('' = every type).
  const [partnersOf, setPartnersOf] = useState('');
  const networkTypes = useMemo(() => report.by_partner_type.filter((t) => t.network && t.active_partners_by_quarter.some((q) => q.max > 0)), [report]);
  const charts = useMemo<ChartSpec[]>(
    () => [
      { testId: 'chart-fan', id: 'fan', option: fanOption(report), wide: true },
      ...(report.revenue_recognition === 'subscription' ? [{ testId: 'chart-arr', id: 'arr-fan', option: fanOption(report, 'arr'), wide: true }] : []),
      ...(hasQuarterBreakdowns(report)
        ? [
            { testId: 'chart-type-area', id: 'type-area', option: typeAreaOption(report), wide: true },
            { testId: 'chart-bookings', id: 'bookings', option: bookingsOption(report), wide: true },
          ]
        : []),
      { testId: 'chart-distribution', id: 'distribution', option: distributionOption(report), wide: true },
      { testId: 'chart-by-type', id: 'by-partner-type', option: byTypeOption(report), height: contributionHeight(typeItems(report).length) },
      // As tall as its neighbour, by partner type, so the two cards line up.
      { testId: 'chart-by-source', id: 'by-source', option: bySourceOption(report), height: contributionHeight(typeItems(report).length) },
      { testId: 'chart-heatmap', id: 'coverage', option: heatmapOption(report, names) },
      { testId: 'chart-by-pattern', id: 'by-pattern', option: byPatternOption(report), height: contributionHeight(patternItems(report).length) },
      ...((report.by_program?.length ?? 0) > 0 && report.by_pattern_trials > 0
        ? [{ testId: 'chart-by-program', id: 'by-program', option: programsOption(report), height: contributionHeight(report.by_program!.length) }]
        : []),
      ...(hasNetwork(report)
        ? [
            {
              testId: 'chart-partners-over-time',
              id: 'partners-over-time',
              option: partnersOverTimeOption(report, partnersOf ? [partnersOf] : []),
              wide: true,
              control: (
                <label className="chart-control">
                  <span className="muted small">Partner type </span>
                  <select value={partnersOf} onChange={(e) => setPartnersOf(e.target.value)} data-testid="partners-over-time-type">
                    <option value="">Every partner type</option>
                    {networkTypes.map((t) => (
                      <option key={t.partner_type} value={t.partner_type}>
                        {t.name}
                      </option>
                    ))}
                  </select>
                </label>
              ),
            },
            ...(earningsRows(report).length > 0 ? [{ testId: 'chart-earnings', id: 'earnings', option: earningsOption(report), height: contributionHeight(earningsRows(report).length) }] : []),
          ]
        : []),
      ...((report.convergence?.length ?? 0) > 1
        ? [{ testId: 'chart-convergence', own: { title: 'How the forecast settled', caption: convergenceCaption(report) }, option: convergenceOption(report), height: 240, wide: true }]
        : []),
    ],
    [report, names, partnersOf, networkTypes],
  );
  const wordsOf = useMemo(() => new Map(chartWords.map((w) => [w.id, w])), [chartWords]);
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
        {charts.map((c) => {
          const w = c.own ?? (c.id !== undefined ? wordsOf.get(c.id) : undefined);
          return (
            <figure key={c.testId} className={`chart-card${c.wide ? ' wide' : ''}`} data-testid={`${c.testId}-card`}>
              {w && <figcaption className="chart-title">{w.title}</figcaption>}
              {c.control}
              <EChart option={c.option} label={w?.title ?? ''} testId={c.testId} height={c.height ?? 300} />
              {w && <p className="caption">{w.caption}</p>}
            </figure>
          );
        })}
      </section>
      <p className="muted small footnote">
        Medians (P50) with the range that 8 in 10 futures fall in (P10–P90). Contributions are means, so they add up to the total.
        {report.by_pattern_trials > 0 && ` Revenue added by pattern is measured on the first ${integer(report.by_pattern_trials)} trials.`} Uncertain inputs sampled per trial: {report.uncertain_inputs.length}.
      </p>
    </div>
  );
}
