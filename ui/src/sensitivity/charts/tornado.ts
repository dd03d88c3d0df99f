// The tornado: for each uncertain input, the KPI's mean with the input at its P10 and at its
// P90 (every other input at its median), as bars from the base outward, largest swing on top.
// Bars are drawn as offsets from the base so both sides start at the base line; the axis
// reads in the KPI's own values.
import type { MarketModelDoc, TornadoReport } from '../../api/bindings';
import { axisLabel, axisLine, baseOption, grid, splitLine, tooltipHtml } from '../../common/chartBase';
import type { ChartOption } from '../../common/echarts';
import { decimal } from '../../common/format';
import { INK, OKABE_ITO } from '../../common/palette';
import { formatKpi, kpiLabel } from '../../analysis/kpis';
import { inputLabel } from '../../analysis/inputLabels';

export interface TornadoItem {
  label: string;
  path: string;
  valueLow: number;
  valueHigh: number;
  kpiLow: number;
  kpiHigh: number;
  swing: number;
}

export function tornadoItems(report: TornadoReport, model: MarketModelDoc | null): TornadoItem[] {
  return [...report.bars]
    .sort((a, b) => b.swing - a.swing)
    .map((b) => ({ label: inputLabel(b.input, model), path: b.input, valueLow: b.value_low, valueHigh: b.value_high, kpiLow: b.kpi_low, kpiHigh: b.kpi_high, swing: b.swing }));
}

export const LOW = 'Input at its P10';
export const HIGH = 'Input at its P90';

/** Height that fits every bar. */
export const tornadoHeight = (bars: number) => Math.max(220, 70 + bars * 34);

export function tornadoOption(report: TornadoReport, model: MarketModelDoc | null, currency: string): ChartOption {
  const items = tornadoItems(report, model);
  const f = (x: number) => formatKpi(report.kpi, x, currency);
  const short = (x: number) => formatKpi(report.kpi, x, currency, true);
  return {
    ...baseOption,
    grid: grid({ top: 40, bottom: 16 }),
    legend: { top: 0, left: 0, data: [LOW, HIGH], textStyle: { color: '#3e4c59' } },
    tooltip: {
      ...baseOption.tooltip,
      trigger: 'axis',
      axisPointer: { type: 'shadow' },
      formatter: (params: unknown) => {
        const it = items[(params as { dataIndex: number }[])[0]?.dataIndex ?? 0];
        if (!it) return '';
        return tooltipHtml(it.label, [
          ['Input', it.path],
          [`${kpiLabel(report.kpi)} at the input’s P10 (${decimal(it.valueLow, 4)})`, f(it.kpiLow)],
          [`${kpiLabel(report.kpi)} at the input’s P90 (${decimal(it.valueHigh, 4)})`, f(it.kpiHigh)],
          ['Swing', f(it.swing)],
          ['Base (every input at its median)', f(report.base)],
        ]);
      },
    },
    xAxis: { type: 'value', scale: true, axisLabel: { ...axisLabel, formatter: (v: number) => short(report.base + v) }, splitLine, axisLine },
    yAxis: { type: 'category', inverse: true, data: items.map((i) => i.label), axisLabel: { ...axisLabel, width: 220, overflow: 'truncate' }, axisLine, axisTick: { show: false } },
    series: [
      {
        type: 'bar',
        name: LOW,
        data: items.map((i) => i.kpiLow - report.base),
        itemStyle: { color: OKABE_ITO.vermillion },
        barGap: '0%',
        barCategoryGap: '30%',
        markLine: {
          symbol: 'none',
          silent: true,
          lineStyle: { color: INK, type: 'solid', width: 1.5 },
          label: { formatter: `Base ${short(report.base)}`, position: 'end', color: INK },
          data: [{ xAxis: 0 }],
        },
      },
      { type: 'bar', name: HIGH, data: items.map((i) => i.kpiHigh - report.base), itemStyle: { color: OKABE_ITO.blue } },
    ],
  };
}
