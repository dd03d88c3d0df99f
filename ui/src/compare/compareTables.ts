// The comparison's tables as rows of text: each KPI side by side (median with P10–P90), and
// per pairing the paired difference B − A with the chance that B beats A.
import type { Kpis, Pairing, RunReport } from '../api/bindings';
import { percent } from '../common/format';
import { formatKpi, formatKpiDifference, kpiLabel } from '../analysis/kpis';

export const COMPARED_KPIS = ['total_revenue', 'final_quarter_revenue', 'coverage_final', 'net_contribution', 'ecosystem_multiplier'] as const satisfies readonly (keyof Kpis)[];

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
  return COMPARED_KPIS.map((kpi) => ({
    kpi,
    label: kpiLabel(kpi),
    cells: reports.map((r) => {
      if (kpi === 'ecosystem_multiplier' && !r.collaboration_measured) return { p50: '—', range: 'not measured' };
      const s = r.kpis[kpi];
      const f = (x: number) => formatKpi(kpi, x, r.currency, true);
      return { p50: f(s.p50), range: `${f(s.p10)} – ${f(s.p90)}` };
    }),
  }));
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
