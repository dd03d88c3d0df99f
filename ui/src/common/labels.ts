// The words the studio shows for the documents' enumerations (MODEL.md's words, for people).
import type { PartnerKind, PatternKind, RevenueSource, Sampling, TargetMetric } from '../api/bindings';
import words from '../api/words.json';

export const PATTERN_KIND_LABELS: Record<PatternKind, string> = {
  referral: 'Referral',
  co_sell: 'Co-sell',
  joint_implementation: 'Joint implementation',
  integration: 'Integration',
  two_tier: 'Two-tier',
  marketplace: 'Marketplace',
};

export const PARTNER_KIND_LABELS: Record<PartnerKind, string> = {
  reseller: 'Reseller',
  distributor: 'Distributor',
  msp: 'MSP',
  system_integrator: 'System integrator',
  technology_partner: 'Technology partner',
  isv: 'ISV',
  referral_partner: 'Referral partner',
  marketplace: 'Marketplace',
  custom: 'Custom',
};

/** The revenue sources' names: the core's (`RevenueSource::label`), generated into words.json. */
export const SOURCE_LABELS: Record<RevenueSource, string> = words.sources;

export const SAMPLING_LABELS: Record<Sampling, string> = {
  monte_carlo: 'Monte Carlo',
  latin_hypercube: 'Latin hypercube',
};

export const TARGET_METRIC_LABELS: Record<TargetMetric, string> = {
  total_revenue: 'Total revenue',
  final_quarter_revenue: 'Final-quarter revenue',
  coverage_final: 'Market coverage (final quarter)',
  net_contribution: 'Net contribution',
};

/** Whether a target metric is a share (coverage) rather than money. */
export const isShareMetric = (m: TargetMetric) => m === 'coverage_final';

/** A label for an id the documents use but have no name for ("mid_market" → "Mid market"). */
export function humanize(id: string): string {
  const s = id.replace(/[_-]+/g, ' ').trim();
  return s.charAt(0).toUpperCase() + s.slice(1);
}
