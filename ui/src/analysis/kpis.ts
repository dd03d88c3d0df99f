// The KPIs an analysis can be asked about, in people's words and each in its own unit.
import type { Objective } from '../api/bindings';
import { money, moneyShort, multiplier, percent } from '../common/format';
import words from '../api/words.json';

export const ANALYSIS_KPIS = ['total_revenue', 'final_quarter_revenue', 'coverage_final', 'net_contribution', 'inter_partner_revenue', 'ecosystem_multiplier'] as const;
export type AnalysisKpi = (typeof ANALYSIS_KPIS)[number];

/** Every KPI's name, the core's (`ecosim_core::words::Kpi::label`), generated into words.json. */
export const KPI_LABELS: Record<string, string> = Object.fromEntries(Object.entries(words.kpis).map(([id, k]) => [id, k.label]));

/** A KPI's one-line meaning, the core's. */
export const kpiMeaning = (kpi: keyof typeof words.kpis) => words.kpis[kpi].meaning;

export const kpiLabel = (kpi: string) => KPI_LABELS[kpi] ?? kpi;

/** A KPI value, exact (`short` false) or short: money, a share, or a multiplier. */
export function formatKpi(kpi: string, value: number, currency: string, short = false): string {
  if (kpi === 'coverage_final' || kpi === 'coverage') return percent(value, short ? 0 : 1);
  if (kpi === 'ecosystem_multiplier') return multiplier(value);
  return short ? moneyShort(value, currency) : money(value, currency);
}

/** A difference of a KPI, signed: "+$1.2M", "−2.1 pts". */
export function formatKpiDifference(kpi: string, value: number, currency: string, short = true): string {
  if (!Number.isFinite(value)) return '—';
  const sign = value > 0 ? '+' : value < 0 ? '−' : '±';
  if (kpi === 'coverage_final') return `${sign}${(Math.abs(value) * 100).toFixed(1)} pts`;
  if (kpi === 'ecosystem_multiplier') return `${sign}${Math.abs(value).toFixed(2)}×`;
  return `${sign}${formatKpi(kpi, Math.abs(value), currency, short)}`;
}

export const OBJECTIVE_LABELS: Record<Objective, string> = {
  p50_revenue: 'Median total revenue (P50)',
  p10_revenue: 'Downside total revenue (P10)',
  expected_net_contribution: 'Expected net contribution',
  coverage: 'Market coverage (final quarter)',
};

/** The objective inside a sentence: "reaches $45M median total revenue". */
export const OBJECTIVE_WORDS: Record<Objective, string> = {
  p50_revenue: 'median total revenue',
  p10_revenue: 'downside (P10) total revenue',
  expected_net_contribution: 'expected net contribution',
  coverage: 'market coverage',
};

export function formatObjective(objective: Objective, value: number, currency: string, short = false): string {
  return objective === 'coverage' ? percent(value, short ? 0 : 1) : short ? moneyShort(value, currency) : money(value, currency);
}
