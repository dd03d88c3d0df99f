// Partners the recruitment plan adds in each quarter: a small bar chart under the plan.
import type { ScenarioDoc } from '../api/bindings';
import { axisLabel, axisLine, baseOption, grid, splitLine, tooltipHtml } from '../common/chartBase';
import type { ChartOption } from '../common/echarts';
import { integer } from '../common/format';
import { OKABE_ITO } from '../common/palette';
import { recruitsPerQuarter } from './edits';

export function recruitmentOption(doc: ScenarioDoc): ChartOption {
  const counts = recruitsPerQuarter(doc);
  const quarters = counts.map((_, i) => `Q${i + 1}`);
  return {
    ...baseOption,
    grid: grid({ top: 12 }),
    tooltip: {
      ...baseOption.tooltip,
      trigger: 'axis',
      formatter: (params: unknown) => {
        const p = (params as { dataIndex: number }[])[0];
        if (!p) return '';
        return tooltipHtml(quarters[p.dataIndex] ?? '', [['Partners added', integer(counts[p.dataIndex] ?? 0)]]);
      },
    },
    xAxis: { type: 'category', data: quarters, axisLine, axisLabel },
    yAxis: { type: 'value', minInterval: 1, axisLabel, splitLine },
    series: [{ type: 'bar', name: 'Partners added', data: counts, itemStyle: { color: OKABE_ITO.blue }, barMaxWidth: 28 }],
  };
}

export function recruitmentCaption(doc: ScenarioDoc): string {
  const counts = recruitsPerQuarter(doc);
  const total = counts.reduce((a, b) => a + b, 0);
  if (total === 0) return 'The plan recruits no partners over the horizon.';
  const active = counts.filter((c) => c > 0).length;
  const peak = Math.max(...counts);
  const peakQ = counts.indexOf(peak) + 1;
  return `The plan adds ${integer(total)} partners over ${active} of ${counts.length} quarters, at most ${integer(peak)} in a quarter (first in Q${peakQ}).`;
}
