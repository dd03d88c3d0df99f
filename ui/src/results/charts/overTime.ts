// How a subscription ecosystem builds up over the horizon: recognised revenue by partner type
// as stacked areas, and the new ACV booked each quarter against the revenue recognised.
// Both read the per-quarter breakdowns that schema-2 runs carry; an older run has none.
import type { RunReport } from '../../api/bindings';
import { axisLabel, axisLine, baseOption, grid, moneyAxis, tooltipHtml } from '../../common/chartBase';
import type { ChartOption } from '../../common/echarts';
import { money, percent } from '../../common/format';
import { CATEGORICAL, OKABE_ITO } from '../../common/palette';

export interface TypeSeries {
  name: string;
  /** Mean recognised revenue per quarter. */
  values: number[];
}

/** Partner types that recognised any revenue, largest over the horizon first. */
export function typeSeries(report: RunReport): TypeSeries[] {
  return report.by_partner_type
    .filter((t) => t.revenue_by_quarter.length > 0 && t.revenue.mean > 0)
    .map((t) => ({ name: t.name, values: t.revenue_by_quarter.map((s) => s.mean) }))
    .sort((a, b) => sum(b.values) - sum(a.values));
}

const sum = (v: number[]) => v.reduce((a, b) => a + b, 0);
const quarters = (report: RunReport) => [...report.by_quarter].sort((a, b) => a.quarter - b.quarter).map((q) => `Q${q.quarter}`);

/** Whether the run carries per-quarter breakdowns (schema-2 runs do). */
export function hasQuarterBreakdowns(report: RunReport): boolean {
  return report.by_partner_type.some((t) => t.revenue_by_quarter.length > 0);
}

export function typeAreaOption(report: RunReport): ChartOption {
  const series = typeSeries(report);
  const qs = quarters(report);
  const cur = report.currency;
  return {
    ...baseOption,
    grid: grid({ top: 56 }),
    legend: { top: 0, left: 0, type: 'scroll', textStyle: { color: '#3e4c59' } },
    tooltip: {
      ...baseOption.tooltip,
      trigger: 'axis',
      formatter: (params: unknown) => {
        const i = (params as { dataIndex: number }[])[0]?.dataIndex ?? 0;
        const total = sum(series.map((s) => s.values[i] ?? 0));
        return tooltipHtml(`${qs[i]} revenue (mean) ${money(total, cur)}`, series.map((s) => [s.name, `${money(s.values[i] ?? 0, cur)} (${percent(total > 0 ? (s.values[i] ?? 0) / total : 0, 0)})`]));
      },
    },
    xAxis: { type: 'category', data: qs, boundaryGap: false, axisLine, axisLabel },
    yAxis: moneyAxis(cur),
    series: series.map((s, i) => ({
      type: 'line' as const,
      name: s.name,
      stack: 'types',
      data: s.values,
      symbol: 'none',
      lineStyle: { width: 1, color: CATEGORICAL[i % CATEGORICAL.length] },
      itemStyle: { color: CATEGORICAL[i % CATEGORICAL.length] },
      areaStyle: { color: CATEGORICAL[i % CATEGORICAL.length], opacity: 0.75 },
    })),
  };
}

export function bookingsOption(report: RunReport): ChartOption {
  const rows = [...report.by_quarter].sort((a, b) => a.quarter - b.quarter);
  const qs = rows.map((r) => `Q${r.quarter}`);
  const cur = report.currency;
  const booked = rows.map((r) => r.bookings.mean);
  const recognised = rows.map((r) => r.revenue.mean);
  return {
    ...baseOption,
    grid: grid({ top: 40 }),
    legend: { top: 0, left: 0, data: ['New ACV booked', 'Revenue recognised'], textStyle: { color: '#3e4c59' } },
    tooltip: {
      ...baseOption.tooltip,
      trigger: 'axis',
      formatter: (params: unknown) => {
        const i = (params as { dataIndex: number }[])[0]?.dataIndex ?? 0;
        return tooltipHtml(`${qs[i]} (mean)`, [
          ['New ACV booked', money(booked[i] ?? NaN, cur)],
          ['Revenue recognised', money(recognised[i] ?? NaN, cur)],
        ]);
      },
    },
    xAxis: { type: 'category', data: qs, axisLine, axisLabel },
    yAxis: moneyAxis(cur),
    series: [
      { type: 'bar', name: 'New ACV booked', data: booked, itemStyle: { color: OKABE_ITO.skyBlue }, barMaxWidth: 28 },
      { type: 'line', name: 'Revenue recognised', data: recognised, symbol: 'circle', symbolSize: 5, lineStyle: { width: 2.5, color: OKABE_ITO.blue }, itemStyle: { color: OKABE_ITO.blue } },
    ],
  };
}
