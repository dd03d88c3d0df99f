// The comparison's tables as rows of text: each KPI side by side (median with P10–P90), and
// per pairing the paired difference B − A with the chance that B beats A.
import type { Kpis, Pairing, RunReport } from '../api/bindings';
import { multiplier, percent } from '../common/format';
import { formatKpi, formatKpiDifference, kpiLabel } from '../analysis/kpis';

/** KPIs compared by their distribution (median and P10–P90); the ecosystem multiplier, a
 * ratio of means, follows as one number. */
export const COMPARED_KPIS = ['total_revenue', 'final_quarter_revenue', 'arr_final', 'coverage_final', 'net_contribution'] as const satisfies readonly (keyof Kpis)[];

export interface KpiCell {
  p50: string;
  range: string;
}

export interface KpiRow {
  kpi: string;
  label: string;
  cells: KpiCell[];
}

export function kpiTable(reports: RunReport[]): KpiRow[] {
  const rows: KpiRow[] = COMPARED_KPIS.map((kpi) => ({
    kpi,
    label: kpiLabel(kpi),
    cells: reports.map((r) => {
      const s = r.kpis[kpi];
      const f = (x: number) => formatKpi(kpi, x, r.currency, true);
      return { p50: f(s.p50), range: `${f(s.p10)} – ${f(s.p90)}` };
    }),
  }));
  rows.push({
    kpi: 'ecosystem_multiplier',
    label: kpiLabel('ecosystem_multiplier'),
    cells: reports.map((r) => {
      const m = r.kpis.ecosystem_multiplier;
      if (!r.collaboration_measured) return { p50: '—', range: 'not measured' };
      return m === null ? { p50: '—', range: 'undefined: no revenue without collaboration' } : { p50: multiplier(m), range: 'mean ÷ mean without collaboration' };
    }),
  });
  return rows;
}

export interface DifferenceRow {
  kpi: string;
  label: string;
  mean: string;
  range: string;
  beats: string;
  /** B beats A in more futures than the reverse. */
  better: boolean;
}

export function differenceRows(pairing: Pairing, currency: string): DifferenceRow[] {
  return pairing.differences.map((d) => ({
    kpi: d.kpi,
    label: kpiLabel(d.kpi),
    mean: formatKpiDifference(d.kpi, d.difference.mean, currency),
    range: `${formatKpiDifference(d.kpi, d.difference.p10, currency)} to ${formatKpiDifference(d.kpi, d.difference.p90, currency)}`,
    beats: percent(d.probability_b_beats_a, 0),
    better: d.probability_b_beats_a > 1 - d.probability_b_beats_a - d.probability_tie,
  }));
}
