// The distribution of total revenue over the horizon: a histogram of the futures (share of
// trials per bin) and, on the same money axis, the S-curve — the chance that revenue is at
// most x — read from the run's percentiles P1..P99. The target, when it is a revenue target,
// is a vertical line.
import type { RunReport } from '../../api/bindings';
import { axisLabel, axisLine, baseOption, grid, moneyAxis, splitLine, tooltipHtml } from '../../common/chartBase';
import type { ChartOption } from '../../common/echarts';
import { money, moneyShort, percent } from '../../common/format';
import { MUTED, OKABE_ITO } from '../../common/palette';
import { probabilityOfTarget, totalRevenueTarget } from './target';

export interface HistogramBar {
  lo: number;
  hi: number;
  count: number;
  /** Share of all trials in the bin. */
  share: number;
}

export function histogramBars(report: RunReport): HistogramBar[] {
  const { edges, counts } = report.total_revenue_distribution.histogram;
  const total = counts.reduce((a, b) => a + b, 0) || 1;
  return counts.map((count, i) => ({ lo: edges[i] ?? NaN, hi: edges[i + 1] ?? NaN, count, share: count / total }));
}

/**
 * Points [revenue, P(revenue ≤ x)] of the S-curve: the histogram's lowest edge at 0, P1..P99,
 * the highest edge at 1; never decreasing.
 */
export function sCurve(report: RunReport): [number, number][] {
  const { percentiles, histogram } = report.total_revenue_distribution;
  const pts: [number, number][] = percentiles.map((v, i) => [v, (i + 1) / 100]);
  const lo = histogram.edges[0];
  const hi = histogram.edges[histogram.edges.length - 1];
  if (lo !== undefined) pts.unshift([lo, 0]);
  if (hi !== undefined) pts.push([hi, 1]);
  let max = -Infinity;
  return pts.map(([x, p]) => {
    max = Math.max(max, x);
    return [max, p];
  });
}

const HIST = 'Share of futures';
const CURVE = 'Chance revenue is at most this';

export function distributionOption(report: RunReport): ChartOption {
  const bars = histogramBars(report);
  const curve = sCurve(report);
  const cur = report.currency;
  const target = totalRevenueTarget(report);
  const pTarget = probabilityOfTarget(report);
  return {
    ...baseOption,
    grid: grid({ top: 56 }),
    legend: { top: 0, left: 0, data: [HIST, CURVE], textStyle: { color: '#3e4c59' } },
    tooltip: {
      ...baseOption.tooltip,
      trigger: 'item',
      formatter: (p: unknown) => {
        const { seriesName, dataIndex } = p as { seriesName: string; dataIndex: number };
        if (seriesName === HIST) {
          const b = bars[dataIndex];
          if (!b) return '';
          return tooltipHtml('Total revenue', [
            ['Between', `${money(b.lo, cur)} and ${money(b.hi, cur)}`],
            ['Futures', `${b.count.toLocaleString('en-US')} (${percent(b.share)})`],
          ]);
        }
        const c = curve[dataIndex];
        if (!c) return '';
        return tooltipHtml('S-curve', [[`Chance of at most ${money(c[0], cur)}`, percent(c[1], 0)]]);
      },
    },
    xAxis: moneyAxis(cur, { scale: true, name: 'Total revenue over the horizon', nameLocation: 'middle', nameGap: 28, nameTextStyle: { color: MUTED } }),
    yAxis: [
      { type: 'value', name: 'Share of futures', nameTextStyle: { color: MUTED }, axisLabel: { ...axisLabel, formatter: (v: number) => percent(v, 0) }, splitLine, axisLine },
      { type: 'value', min: 0, max: 1, name: 'Cumulative', nameTextStyle: { color: MUTED }, axisLabel: { ...axisLabel, formatter: (v: number) => percent(v, 0) }, splitLine: { show: false }, axisLine },
    ],
    series: [
      {
        type: 'custom',
        name: HIST,
        data: bars.map((b) => [b.lo, b.hi, b.share]),
        encode: { x: [0, 1], y: 2 },
        itemStyle: { color: OKABE_ITO.skyBlue },
        renderItem: (_params, api) => {
          const [x0 = 0, y0 = 0] = api.coord([api.value(0) as number, 0]) as number[];
          const [x1 = 0, y1 = 0] = api.coord([api.value(1) as number, api.value(2) as number]) as number[];
          return { type: 'rect', shape: { x: x0, y: y1, width: Math.max(0, x1 - x0 - 1), height: y0 - y1 }, style: { fill: OKABE_ITO.skyBlue, stroke: '#ffffff', lineWidth: 0.5 } };
        },
      },
      {
        type: 'line',
        name: CURVE,
        yAxisIndex: 1,
        data: curve,
        symbol: 'none',
        smooth: false,
        lineStyle: { width: 2.5, color: OKABE_ITO.vermillion },
        itemStyle: { color: OKABE_ITO.vermillion },
        ...(target !== null
          ? {
              markLine: {
                symbol: 'none',
                silent: true,
                lineStyle: { color: '#1f2933', type: 'dashed', width: 1.5 },
                label: { formatter: `Target ${moneyShort(target, cur)}${pTarget !== null ? ` · ${percent(pTarget, 0)} chance` : ''}`, position: 'end', color: '#1f2933', fontWeight: 600 },
                data: [{ xAxis: target }],
              },
            }
          : {}),
      },
    ],
  };
}
