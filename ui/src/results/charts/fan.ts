// Revenue by quarter as a fan: the median line inside a P25–P75 band inside a P10–P90 band.
// The bands are stacked areas (an invisible P10 base, then P25−P10, P75−P25, P90−P75), so the
// top of each band lands exactly on its percentile.
import type { RunReport } from '../../api/bindings';
import { axisLabel, axisLine, baseOption, grid, moneyAxis, tooltipHtml } from '../../common/chartBase';
import type { ChartOption } from '../../common/echarts';
import { money } from '../../common/format';
import words from '../../api/words.json';
import { OKABE_ITO } from '../../common/palette';

export interface FanBands {
  quarters: string[];
  p10: number[];
  p25: number[];
  p50: number[];
  p75: number[];
  p90: number[];
}

/** The per-quarter series a fan can show: recognised revenue, or ARR at the quarter's end. */
export type FanMetric = 'revenue' | 'arr';

export function fanBands(report: RunReport, metric: FanMetric = 'revenue'): FanBands {
  const rows = [...report.by_quarter].sort((a, b) => a.quarter - b.quarter);
  return {
    quarters: rows.map((r) => `Q${r.quarter}`),
    p10: rows.map((r) => r[metric].p10),
    p25: rows.map((r) => r[metric].p25),
    p50: rows.map((r) => r[metric].p50),
    p75: rows.map((r) => r[metric].p75),
    p90: rows.map((r) => r[metric].p90),
  };
}

/** Thickness of each stacked layer: base P10, then the gaps up to P25, P75 and P90 (never negative). */
export function fanLayers(b: FanBands): { base: number[]; lower: number[]; middle: number[]; upper: number[] } {
  const gap = (hi: number[], lo: number[]) => hi.map((h, i) => Math.max(0, h - (lo[i] ?? 0)));
  return { base: b.p10, lower: gap(b.p25, b.p10), middle: gap(b.p75, b.p25), upper: gap(b.p90, b.p75) };
}

// The bands' names are the core's shared words, as on the reports' charts.
const OUTER = words.bands.outer;
const INNER = words.bands.inner;

export function fanOption(report: RunReport, metric: FanMetric = 'revenue'): ChartOption {
  const b = fanBands(report, metric);
  const what = metric === 'arr' ? 'ARR at the end of' : 'revenue';
  const layers = fanLayers(b);
  const cur = report.currency;
  const band = (name: string, data: number[], opacity: number) => ({
    type: 'line' as const,
    name,
    stack: 'fan',
    data,
    symbol: 'none',
    lineStyle: { width: 0 },
    itemStyle: { color: OKABE_ITO.blue, opacity: Math.min(1, opacity * 2.5) },
    areaStyle: { color: OKABE_ITO.blue, opacity },
    emphasis: { disabled: true },
  });
  return {
    ...baseOption,
    grid: grid({ top: 40 }),
    legend: {
      top: 0,
      left: 0,
      data: [{ name: 'Median', icon: 'path://M0,4 L16,4 L16,6 L0,6 Z' }, { name: INNER, icon: 'rect' }, { name: OUTER, icon: 'rect' }],
      textStyle: { color: '#3e4c59' },
    },
    tooltip: {
      ...baseOption.tooltip,
      trigger: 'axis',
      formatter: (params: unknown) => {
        const i = (params as { dataIndex: number }[])[0]?.dataIndex ?? 0;
        return tooltipHtml(metric === 'arr' ? `${what} ${b.quarters[i]}` : `${b.quarters[i]} ${what}`, [
          ['P90', money(b.p90[i] ?? NaN, cur)],
          ['P75', money(b.p75[i] ?? NaN, cur)],
          ['Median', money(b.p50[i] ?? NaN, cur)],
          ['P25', money(b.p25[i] ?? NaN, cur)],
          ['P10', money(b.p10[i] ?? NaN, cur)],
        ]);
      },
    },
    xAxis: { type: 'category', data: b.quarters, boundaryGap: false, axisLine, axisLabel },
    yAxis: moneyAxis(cur),
    series: [
      { type: 'line', name: 'P10', stack: 'fan', data: layers.base, symbol: 'none', lineStyle: { width: 0 }, emphasis: { disabled: true } },
      band(OUTER, layers.lower, 0.16),
      band(INNER, layers.middle, 0.34),
      band(OUTER, layers.upper, 0.16),
      { type: 'line', name: 'Median', data: b.p50, symbol: 'circle', symbolSize: 5, lineStyle: { width: 2.5, color: '#08306b' }, itemStyle: { color: '#08306b' } },
    ],
  };
}
