// Attribution: per partner type, its share of revenue by Shapley value (what the ecosystem
// would lose without it, averaged over every order of adding types) beside its share of the
// revenue it transacts itself. Where partners work through each other, the two disagree.
import type { ShapleyReport } from '../../api/bindings';
import { axisLabel, axisLine, baseOption, grid, splitLine, tooltipHtml } from '../../common/chartBase';
import type { ChartOption } from '../../common/echarts';
import { money, percent } from '../../common/format';
import { OKABE_ITO } from '../../common/palette';

export const SHAPLEY = 'Share it creates (Shapley)';
export const TRANSACTED = 'Share it transacts';

export const attributionHeight = (types: number) => Math.max(220, 70 + types * 40);

export function attributionOption(report: ShapleyReport, currency: string): ChartOption {
  const rows = report.rows;
  return {
    ...baseOption,
    grid: grid({ top: 40, bottom: 16 }),
    legend: { top: 0, left: 0, data: [SHAPLEY, TRANSACTED], textStyle: { color: '#3e4c59' } },
    tooltip: {
      ...baseOption.tooltip,
      trigger: 'axis',
      axisPointer: { type: 'shadow' },
      formatter: (params: unknown) => {
        const r = rows[(params as { dataIndex: number }[])[0]?.dataIndex ?? 0];
        if (!r) return '';
        return tooltipHtml(r.name, [
          [SHAPLEY, `${percent(r.revenue_share)} (${money(r.revenue, currency)})`],
          [TRANSACTED, `${percent(r.transacted_share)} (${money(r.transacted_revenue, currency)})`],
          ['Coverage it adds (Shapley)', percent(r.coverage)],
        ]);
      },
    },
    xAxis: { type: 'value', axisLabel: { ...axisLabel, formatter: (v: number) => percent(v, 0) }, splitLine, axisLine },
    yAxis: { type: 'category', inverse: true, data: rows.map((r) => r.name), axisLabel: { ...axisLabel, width: 200, overflow: 'truncate' }, axisLine, axisTick: { show: false } },
    series: [
      { type: 'bar', name: SHAPLEY, data: rows.map((r) => r.revenue_share), itemStyle: { color: OKABE_ITO.blue }, barGap: '10%', barCategoryGap: '30%' },
      { type: 'bar', name: TRANSACTED, data: rows.map((r) => r.transacted_share), itemStyle: { color: OKABE_ITO.orange } },
    ],
  };
}
