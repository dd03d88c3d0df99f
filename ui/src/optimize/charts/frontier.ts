// The efficient frontier of the optimisation: designs no cheaper design beats, as cost against
// the objective, with the scenario as it is and the recommendation marked and the budget as a
// vertical line. Frontier points are search-seed estimates; the before/after table gives the
// honest comparison on fresh seeds.
import type { Evaluated, OptimizeReport } from '../../api/bindings';
import { axisLabel, axisLine, baseOption, grid, moneyAxis, splitLine, tooltipHtml } from '../../common/chartBase';
import type { ChartOption } from '../../common/echarts';
import { money, moneyShort, percent } from '../../common/format';
import { INK, MUTED, OKABE_ITO } from '../../common/palette';
import { OBJECTIVE_LABELS, OBJECTIVE_WORDS, formatObjective } from '../../analysis/kpis';

export const FRONTIER = 'Efficient frontier';
export const START = 'The scenario as it is';
export const RECOMMENDED = 'Recommended';

const point = (e: Evaluated): [number, number] => [e.cost, e.objective];

export function frontierOption(report: OptimizeReport, currency: string): ChartOption {
  const obj = (v: number, short = false) => formatObjective(report.objective, v, currency, short);
  const series: { name: string; points: [number, number][] }[] = [
    { name: FRONTIER, points: [...report.frontier].sort((a, b) => a.cost - b.cost).map(point) },
    { name: START, points: [point(report.start)] },
    { name: RECOMMENDED, points: [point(report.best)] },
  ];
  return {
    ...baseOption,
    grid: grid({ top: 40, bottom: 24 }),
    legend: { top: 0, left: 0, data: [FRONTIER, START, RECOMMENDED], textStyle: { color: '#3e4c59' } },
    tooltip: {
      ...baseOption.tooltip,
      trigger: 'item',
      formatter: (p: unknown) => {
        const { seriesIndex, dataIndex } = p as { seriesIndex: number; dataIndex: number };
        const s = series[seriesIndex];
        const pt = s?.points[dataIndex];
        if (!s || !pt) return '';
        return tooltipHtml(s.name, [
          ['Cost over the horizon', money(pt[0], currency)],
          [OBJECTIVE_LABELS[report.objective], obj(pt[1])],
        ]);
      },
    },
    xAxis: moneyAxis(currency, { scale: true, name: 'Cost over the horizon', nameLocation: 'middle', nameGap: 28, nameTextStyle: { color: MUTED } }),
    yAxis:
      report.objective === 'coverage'
        ? { type: 'value', scale: true, axisLabel: { ...axisLabel, formatter: (v: number) => percent(v, 0) }, splitLine, axisLine }
        : moneyAxis(currency, { scale: true }),
    series: [
      {
        type: 'line',
        name: FRONTIER,
        data: series[0]!.points,
        step: 'end',
        symbol: 'circle',
        symbolSize: 6,
        lineStyle: { color: OKABE_ITO.blue, width: 2 },
        itemStyle: { color: OKABE_ITO.blue },
        markLine: {
          symbol: 'none',
          silent: true,
          lineStyle: { color: INK, type: 'dashed', width: 1.25 },
          label: { formatter: `Budget ${moneyShort(report.budget, currency)}`, position: 'end', color: INK },
          data: [{ xAxis: report.budget }],
        },
      },
      { type: 'line', name: START, data: series[1]!.points, symbol: 'diamond', symbolSize: 14, lineStyle: { width: 0 }, itemStyle: { color: OKABE_ITO.vermillion, borderColor: '#fff', borderWidth: 1 }, z: 4 },
      { type: 'line', name: RECOMMENDED, data: series[2]!.points, symbol: 'triangle', symbolSize: 16, lineStyle: { width: 0 }, itemStyle: { color: OKABE_ITO.green, borderColor: '#fff', borderWidth: 1 }, z: 5 },
    ],
  };
}

/** Whether the recommendation differs from the start (the optimiser keeps the start when nothing beat it). */
export const improved = (r: OptimizeReport) => r.best_fresh.objective > r.start_fresh.objective;

export function frontierCaption(report: OptimizeReport, currency: string): string {
  const o = (v: number) => formatObjective(report.objective, v, currency, true);
  const what = OBJECTIVE_WORDS[report.objective];
  const budget = moneyShort(report.budget, currency);
  if (!improved(report)) {
    return `No design within the ${budget} budget beat the scenario as it is on fresh seeds (${what} ${o(report.start_fresh.objective)}), so it is kept.`;
  }
  const gain = report.best_fresh.objective - report.start_fresh.objective;
  const rel = report.start_fresh.objective !== 0 ? ` (${percent(gain / Math.abs(report.start_fresh.objective))})` : '';
  return `Within the ${budget} budget, the recommended design reaches ${o(report.best_fresh.objective)} ${what} on fresh seeds, against ${o(report.start_fresh.objective)} for the scenario as it is: ${gain > 0 ? '+' : ''}${report.objective === 'coverage' ? `${(gain * 100).toFixed(1)} pts` : moneyShort(gain, currency)}${rel}, at a cost of ${moneyShort(report.best_fresh.cost, currency)}.`;
}

export interface BeforeAfterRow {
  label: string;
  before: string;
  after: string;
  gain: string;
}

export function beforeAfterRows(report: OptimizeReport, currency: string): BeforeAfterRow[] {
  const signed = (v: number, f: (x: number) => string) => (v > 0 ? `+${f(v)}` : v < 0 ? `−${f(-v)}` : '±0');
  const objDiff = report.best_fresh.objective - report.start_fresh.objective;
  const costDiff = report.best_fresh.cost - report.start_fresh.cost;
  return [
    { label: 'Cost over the horizon', before: money(report.start_fresh.cost, currency), after: money(report.best_fresh.cost, currency), gain: signed(costDiff, (x) => money(x, currency)) },
    {
      label: OBJECTIVE_LABELS[report.objective],
      before: formatObjective(report.objective, report.start_fresh.objective, currency),
      after: formatObjective(report.objective, report.best_fresh.objective, currency),
      gain: signed(objDiff, (x) => (report.objective === 'coverage' ? `${(x * 100).toFixed(1)} pts` : money(x, currency))),
    },
  ];
}
