// Sobol indices: per input, the share of the KPI's variance it explains alone (first order)
// and with its interactions (total), with 95 % bootstrap intervals as error bars. The pseudo-
// input "simulation randomness" — the spread no input explains — is drawn in grey.
import type { MarketModelDoc, SobolReport } from '../../api/bindings';
import { axisLabel, axisLine, baseOption, grid, splitLine, tooltipHtml } from '../../common/chartBase';
import type { ChartOption } from '../../common/echarts';
import { percent } from '../../common/format';
import { MUTED, OKABE_ITO } from '../../common/palette';
import { RANDOMNESS, inputLabel } from '../../analysis/inputLabels';
import { kpiLabel } from '../../analysis/kpis';
import { barCentre, errorBarSeries } from './errorBars';

export interface SobolItem {
  label: string;
  path: string;
  randomness: boolean;
  first: number;
  firstCi: [number, number];
  total: number;
  totalCi: [number, number];
}

export function sobolItems(report: SobolReport, model: MarketModelDoc | null): SobolItem[] {
  return [...report.indices]
    .sort((a, b) => b.total - a.total)
    .map((i) => ({ label: inputLabel(i.input, model), path: i.input, randomness: i.input === RANDOMNESS, first: i.first_order, firstCi: i.first_order_ci, total: i.total, totalCi: i.total_ci }));
}

export const FIRST = 'First order (alone)';
export const TOTAL = 'Total (with interactions)';
const CATEGORY_GAP = 0.3;
const BAR_GAP = 0.1;

export const sobolHeight = (inputs: number) => Math.max(220, 70 + inputs * 40);

export function sobolOption(report: SobolReport, model: MarketModelDoc | null): ChartOption {
  const items = sobolItems(report, model);
  const grey = (i: SobolItem, color: string) => (i.randomness ? '#b8c0ca' : color);
  return {
    ...baseOption,
    grid: grid({ top: 40, bottom: 16 }),
    legend: { top: 0, left: 0, data: [FIRST, TOTAL], textStyle: { color: '#3e4c59' } },
    tooltip: {
      ...baseOption.tooltip,
      trigger: 'axis',
      axisPointer: { type: 'shadow' },
      formatter: (params: unknown) => {
        const it = items[(params as { dataIndex: number }[])[0]?.dataIndex ?? 0];
        if (!it) return '';
        const ci = (c: [number, number]) => `95% interval ${percent(c[0])} – ${percent(c[1])}`;
        return tooltipHtml(it.label, [
          ['Input', it.randomness ? 'the spread no input explains: which deals a trial happens to win' : it.path],
          [FIRST, `${percent(it.first)} (${ci(it.firstCi)})`],
          [TOTAL, `${percent(it.total)} (${ci(it.totalCi)})`],
        ]);
      },
    },
    xAxis: { type: 'value', min: 0, axisLabel: { ...axisLabel, formatter: (v: number) => percent(v, 0) }, splitLine, axisLine, name: `Share of the variance of ${kpiLabel(report.kpi).toLowerCase()}`, nameLocation: 'middle', nameGap: 24, nameTextStyle: { color: MUTED } },
    yAxis: {
      type: 'category',
      inverse: true,
      data: items.map((i) => (i.randomness ? { value: i.label, textStyle: { fontStyle: 'italic' as const, color: MUTED } } : i.label)),
      axisLabel: { ...axisLabel, width: 220, overflow: 'truncate' },
      axisLine,
      axisTick: { show: false },
    },
    series: [
      {
        type: 'bar',
        name: FIRST,
        data: items.map((i) => ({ value: i.first, itemStyle: { color: grey(i, OKABE_ITO.skyBlue) } })),
        itemStyle: { color: OKABE_ITO.skyBlue },
        barGap: `${BAR_GAP * 100}%`,
        barCategoryGap: `${CATEGORY_GAP * 100}%`,
      },
      {
        type: 'bar',
        name: TOTAL,
        data: items.map((i) => ({ value: i.total, itemStyle: { color: grey(i, OKABE_ITO.blue) } })),
        itemStyle: { color: OKABE_ITO.blue },
      },
      errorBarSeries(items.map((i, k) => [k, i.firstCi[0], i.firstCi[1]]), `${FIRST} interval`, barCentre(0, 2, CATEGORY_GAP, BAR_GAP)),
      errorBarSeries(items.map((i, k) => [k, i.totalCi[0], i.totalCi[1]]), `${TOTAL} interval`, barCentre(1, 2, CATEGORY_GAP, BAR_GAP)),
    ],
  };
}
