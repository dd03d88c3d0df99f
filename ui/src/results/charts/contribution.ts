// Shared shape of the three "who brings the revenue" charts (by partner type, by source, by
// pattern): one horizontal bar per item at its mean — means add up to the total, medians do
// not — with a P10–P90 whisker, largest at the top, exact figures in the tooltip.
import type { Summary } from '../../api/bindings';
import { axisLabel, axisLine, baseOption, grid, moneyAxis, tooltipHtml } from '../../common/chartBase';
import type { ChartOption } from '../../common/echarts';
import { money, percent } from '../../common/format';
import { whiskerSeries } from './whiskers';

export interface ContributionItem {
  label: string;
  summary: Summary;
  color: string;
  /** Share of total revenue, when it means something. */
  share?: number;
  /** Extra tooltip lines. */
  details?: [string, string][];
}

/** Items in drawing order: the category axis runs bottom-up, so the largest comes last. */
export function barOrder(items: ContributionItem[]): ContributionItem[] {
  return [...items].sort((a, b) => a.summary.mean - b.summary.mean);
}

export function contributionOption(items: ContributionItem[], currency: string, valueName: string): ChartOption {
  const ordered = barOrder(items);
  return {
    ...baseOption,
    grid: grid({ top: 12, right: 28 }),
    tooltip: {
      ...baseOption.tooltip,
      trigger: 'item',
      formatter: (p: unknown) => {
        const it = ordered[(p as { dataIndex: number }).dataIndex];
        if (!it) return '';
        const s = it.summary;
        return tooltipHtml(it.label, [
          [`${valueName} (mean)`, money(s.mean, currency)],
          ['Median', money(s.p50, currency)],
          ['P10–P90', `${money(s.p10, currency)} – ${money(s.p90, currency)}`],
          ...(it.share !== undefined ? ([['Share of revenue', percent(it.share)]] as [string, string][]) : []),
          ...(it.details ?? []),
        ]);
      },
    },
    xAxis: moneyAxis(currency),
    yAxis: {
      type: 'category',
      data: ordered.map((i) => i.label),
      axisLine,
      axisLabel: { ...axisLabel, color: '#3e4c59', width: 210, overflow: 'break', lineHeight: 14 },
      axisTick: { show: false },
    },
    series: [
      {
        type: 'bar',
        name: valueName,
        data: ordered.map((i) => ({ value: i.summary.mean, itemStyle: { color: i.color } })),
        barMaxWidth: 26,
        label: {
          show: true,
          position: 'insideLeft',
          color: '#ffffff',
          fontWeight: 600,
          formatter: (p: unknown) => {
            const it = ordered[(p as { dataIndex: number }).dataIndex];
            return it?.share !== undefined && it.share >= 0.08 ? percent(it.share, 0) : '';
          },
        },
      },
      whiskerSeries(ordered.map((i, k) => [k, i.summary.p10, i.summary.p90])),
    ],
  };
}

/** A chart tall enough for every bar and its (up to two-line) label. */
export const contributionHeight = (items: number) => Math.max(200, 56 + items * 36);

