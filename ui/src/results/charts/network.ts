// Partner programs and partner economics (models with `programs` and `network`):
// - partners over quarters, split into those the scenario planned, those who came by
//   themselves (organic) and those who left in the quarter;
// - what each type's partners earn a quarter (P10–P90 across its partners, P50 marked);
// - per program, its cost against the revenue it adds.
import type { RunReport } from '../../api/bindings';
import { axisLabel, axisLine, baseOption, grid, moneyAxis, tooltipHtml } from '../../common/chartBase';
import type { ChartOption } from '../../common/echarts';
import { integer, money, percent } from '../../common/format';
import { OKABE_ITO } from '../../common/palette';
import { whiskerSeries, type WhiskerRow } from './whiskers';

/** Whether the run carries partner economics (models with `network`). */
export function hasNetwork(report: RunReport): boolean {
  return report.by_partner_type.some((t) => t.network);
}

export interface PartnersByQuarter {
  quarters: string[];
  planned: number[];
  organic: number[];
  churned: number[];
}

/** Active partners at each quarter's end (planned and organic) and partners who left in it,
 *  over the types `only` names (all types when empty), means over trials. */
export function partnersByQuarter(report: RunReport, only: readonly string[] = []): PartnersByQuarter {
  const types = report.by_partner_type.filter((t) => t.network && (only.length === 0 || only.includes(t.partner_type)));
  const n = report.by_quarter.length;
  const sum = (f: (t: (typeof types)[number], q: number) => number) => Array.from({ length: n }, (_, q) => types.reduce((a, t) => a + f(t, q), 0));
  const organic = sum((t, q) => t.network!.organic_active_by_quarter[q]?.mean ?? 0);
  const active = sum((t, q) => t.active_partners_by_quarter[q]?.mean ?? 0);
  return {
    quarters: report.by_quarter.map((q) => `Q${q.quarter}`),
    planned: active.map((a, q) => Math.max(0, a - (organic[q] ?? 0))),
    organic,
    churned: sum((t, q) => t.network!.churned_by_quarter[q]?.mean ?? 0),
  };
}

export function partnersOverTimeOption(report: RunReport, only: readonly string[] = []): ChartOption {
  const d = partnersByQuarter(report, only);
  const one = (v: number) => integer(Math.round(v * 10) / 10);
  return {
    ...baseOption,
    grid: grid({ top: 40 }),
    legend: { top: 0, left: 0, textStyle: { color: '#3e4c59' } },
    tooltip: {
      ...baseOption.tooltip,
      trigger: 'axis',
      formatter: (params: unknown) => {
        const i = (params as { dataIndex: number }[])[0]?.dataIndex ?? 0;
        return tooltipHtml(`${d.quarters[i]} partners (means)`, [
          ['Planned, active', one(d.planned[i] ?? 0)],
          ['Organic, active', one(d.organic[i] ?? 0)],
          ['Left this quarter', one(d.churned[i] ?? 0)],
        ]);
      },
    },
    xAxis: { type: 'category', data: d.quarters, axisLine, axisLabel },
    yAxis: { type: 'value', axisLabel: { ...axisLabel, formatter: (v: number) => integer(Math.abs(v)) }, splitLine: { lineStyle: { color: '#eef0f3' } } },
    series: [
      { type: 'bar', name: 'Planned, active', stack: 'in', data: d.planned, itemStyle: { color: OKABE_ITO.blue } },
      { type: 'bar', name: 'Organic, active', stack: 'in', data: d.organic, itemStyle: { color: OKABE_ITO.green } },
      { type: 'bar', name: 'Left this quarter', stack: 'in', data: d.churned.map((v) => -v), itemStyle: { color: OKABE_ITO.vermillion } },
    ],
  };
}

export interface EarningsRow {
  name: string;
  p10: number;
  p50: number;
  p90: number;
}

/** Per type with partner economics: P10, P50 and P90 of its partners' quarterly earnings over
 *  the horizon (means over trials), highest median first. */
export function earningsRows(report: RunReport): EarningsRow[] {
  return report.by_partner_type
    .filter((t) => t.network && t.active_partners_final.max > 0)
    .map((t) => ({ name: t.name, p10: t.network!.earnings_p10.mean, p50: t.network!.earnings_p50.mean, p90: t.network!.earnings_p90.mean }))
    .sort((a, b) => b.p50 - a.p50);
}

export function earningsOption(report: RunReport): ChartOption {
  const rows = earningsRows(report);
  const cur = report.currency;
  const names = rows.map((r) => r.name);
  const whiskers: WhiskerRow[] = rows.map((r, i) => [i, r.p10, r.p90]);
  return {
    ...baseOption,
    grid: grid(),
    tooltip: {
      ...baseOption.tooltip,
      trigger: 'item',
      formatter: (p: unknown) => {
        const r = rows[(p as { dataIndex: number }).dataIndex];
        if (!r) return '';
        return tooltipHtml(`${r.name}: earnings a quarter`, [
          ['P10 of partners', money(r.p10, cur)],
          ['Median partner', money(r.p50, cur)],
          ['P90 of partners', money(r.p90, cur)],
        ]);
      },
    },
    xAxis: moneyAxis(cur),
    yAxis: { type: 'category', data: names, inverse: true, axisLine, axisLabel: { ...axisLabel, width: 190, overflow: 'truncate' } },
    series: [
      { type: 'bar', name: 'Median partner', data: rows.map((r) => r.p50), itemStyle: { color: OKABE_ITO.skyBlue }, barWidth: 14 },
      whiskerSeries(whiskers, 'P10–P90 of partners'),
    ],
  };
}

export function programsOption(report: RunReport): ChartOption {
  const rows = report.by_program ?? [];
  const cur = report.currency;
  return {
    ...baseOption,
    grid: grid({ top: 36 }),
    legend: { top: 0, left: 0, textStyle: { color: '#3e4c59' } },
    tooltip: {
      ...baseOption.tooltip,
      trigger: 'axis',
      formatter: (params: unknown) => {
        const r = rows[(params as { dataIndex: number }[])[0]?.dataIndex ?? 0];
        if (!r) return '';
        return tooltipHtml(`${r.name} at level ${r.level}`, [
          ['Revenue added (mean)', money(r.revenue_added.mean, cur)],
          ['Cost (mean)', money(r.cost.mean, cur)],
          ['ROI', r.roi === null ? '—' : percent(r.roi, 0)],
        ]);
      },
    },
    xAxis: moneyAxis(cur),
    yAxis: { type: 'category', data: rows.map((r) => r.name), inverse: true, axisLine, axisLabel: { ...axisLabel, width: 210, overflow: 'truncate' } },
    series: [
      { type: 'bar', name: 'Revenue added', data: rows.map((r) => r.revenue_added.mean), itemStyle: { color: OKABE_ITO.green } },
      { type: 'bar', name: 'Cost', data: rows.map((r) => r.cost.mean), itemStyle: { color: OKABE_ITO.orange } },
    ],
  };
}
