// Test data: a real run report of the current engine — `ecosim run
// scenarios/balanced-ecosystem.json --trials 2000 --seed 1` as JSON (subscription revenue, per-
// quarter breakdowns, four revenue sources), its wall-clock time set to 0 — and a small model
// and scenario shaped like the shipped ones. `cargo xtask snapshots` rewrites the report whenever
// the engine's output changes, and a snapshot test (crates/cli/tests/snapshots.rs) pins it, so
// tests derive the figures they expect from it rather than copy them. A run of an older engine
// is built from a copy: `olderEngineReport()`.
import type { MarketModelDoc, RunReport, ScenarioDoc, Summary } from '../api/bindings';
import reportJson from './fixtures/report.json';

export const report = reportJson as unknown as RunReport;

/** A deep copy of the report to modify in one test. */
export const reportCopy = (): RunReport => structuredClone(report);

const zero = (): Summary => ({ mean: 0, std_dev: 0, std_error: 0, min: 0, max: 0, p5: 0, p10: 0, p25: 0, p50: 0, p75: 0, p90: 0, p95: 0 });

/**
 * A copy of the report as the core reads back a stored run of engine 0.1.0 (before schema 2):
 * one-time revenue, so no ARR and no net revenue retention, and none of the per-quarter
 * breakdowns by type, source, cell and pattern (the fields schema 2 added, at their defaults).
 */
export function olderEngineReport(): RunReport {
  const r = reportCopy();
  r.engine_version = '0.1.0';
  r.revenue_recognition = 'one_time';
  r.kpis.arr_final = zero();
  delete r.kpis.net_revenue_retention;
  r.by_quarter.forEach((q) => (q.arr = zero()));
  r.by_partner_type.forEach((t) => {
    t.revenue_by_quarter = [];
    t.active_partners_by_quarter = [];
  });
  r.by_source.forEach((s) => (s.revenue_by_quarter = []));
  r.by_cell.forEach((c) => {
    c.revenue_by_quarter = [];
    c.coverage_by_quarter = [];
  });
  r.by_pattern.forEach((p) => (p.revenue_added_by_quarter = []));
  return r;
}

export const model: MarketModelDoc = {
  schema_version: 2,
  id: 'northwind-analytics',
  name: 'Northwind Analytics',
  currency: 'USD',
  revenue_recognition: 'subscription',
  market: {
    segments: [
      { id: 'smb', name: 'Small business', deal_size: { median: 12000, p90: 36000 }, buy_rate: { dist: 'pert', min: 0.03, mode: 0.055, max: 0.08 } },
      { id: 'enterprise', name: 'Enterprise', deal_size: { median: 160000, p90: 600000 }, buy_rate: 0.035 },
    ],
    regions: [
      { id: 'na', name: 'North America' },
      { id: 'emea', name: 'EMEA' },
    ],
    accounts: { smb: { na: 6000, emea: 5000 }, enterprise: { na: 600, emea: 500 } },
    growth: 0.07,
    direct_presence: { smb: { na: 0.05, emea: 0.03 }, enterprise: { na: 0.8, emea: 0.7 } },
  },
  partner_types: [
    {
      id: 'reseller',
      name: 'Value-added reseller',
      kind: 'reseller',
      reach: { segments: ['smb'], scope: 'home_region' },
      capacity: 70,
      win_rate: 0.25,
      deal_size_factor: 1,
      revenue_model: { type: 'resale', discount: 0.25 },
      ramp_quarters: 3,
      churn_per_quarter: 0.02,
      productivity_cv: 1.2,
      costs: { recruit: 15000, per_quarter: 5000 },
    },
    {
      id: 'referral_partner',
      name: 'Referral partner',
      kind: 'referral_partner',
      reach: { segments: ['smb', 'enterprise'], scope: 'home_region' },
      capacity: 20,
      win_rate: 0.2,
      deal_size_factor: 1,
      revenue_model: { type: 'influence' },
      ramp_quarters: 2,
      churn_per_quarter: 0.03,
      productivity_cv: 1,
      costs: { recruit: 2000, per_quarter: 1000 },
    },
    {
      id: 'marketplace',
      name: 'Hyperscaler marketplace',
      kind: 'marketplace',
      reach: { segments: ['smb', 'enterprise'], scope: 'global' },
      capacity: 100,
      win_rate: 0.3,
      deal_size_factor: 1,
      revenue_model: { type: 'marketplace', fee: 0.03 },
      ramp_quarters: 1,
      churn_per_quarter: 0,
      productivity_cv: 0,
      costs: { recruit: 0, per_quarter: 0 },
    },
  ],
  patterns: [
    { id: 'ref', name: 'Referral partners pass leads to resellers', kind: 'referral', from: 'referral_partner', to: 'reseller', links_per_partner: 1.5, scope: 'same_region', effects: { referrals_per_link: 0.7, fee: 0.1 }, cost_per_quarter: 10000 },
    { id: 'mkt', name: 'Resellers transact through the marketplace', kind: 'marketplace', from: 'reseller', to: 'marketplace', links_per_partner: 1, scope: 'global', effects: { attach_rate: 0.1, fee: 0.03 }, cost_per_quarter: 5000 },
    { id: 'cosell', name: 'Resellers co-sell with the marketplace', kind: 'co_sell', from: 'reseller', to: 'marketplace', links_per_partner: 1, scope: 'global', effects: { attach_rate: 0.1, win_uplift: 0.2 }, cost_per_quarter: 5000 },
  ],
  governance: {
    policies: [
      { id: 'deal_registration', name: 'Deal registration', partner_conflict_reduction: 0.5, direct_conflict_reduction: 0.15, cost_per_quarter: 20000 },
      { id: 'territory_rules', name: 'Territory rules', partner_conflict_reduction: 0.25, direct_conflict_reduction: 0, cost_per_quarter: 10000 },
    ],
  },
  conflict: { partner_overlap_rate: 0.28, direct_rate: 0.3, loss_share: 0.4 },
  churn_drivers: { idle_multiplier: 2, conflict_multiplier: 1.5 },
};

export const scenario: ScenarioDoc = {
  schema_version: 2,
  id: 'reseller-heavy',
  name: 'Reseller-heavy channel',
  description: 'Coverage through numbers.',
  model: 'northwind-analytics',
  composition: { reseller: { na: 64, emea: 54 }, referral_partner: { na: 9 } },
  initial_ramped: true,
  recruitment: [
    { partner_type: 'reseller', region: 'na', from_quarter: 1, to_quarter: 8, per_quarter: 2 },
    { partner_type: 'reseller', region: 'emea', from_quarter: 3, to_quarter: 4, per_quarter: 1 },
  ],
  patterns: { ref: 1.5 },
  governance: ['deal_registration'],
  horizon_quarters: 12,
  simulation: { trials: 10000, seed: 42, sampling: 'latin_hypercube' },
  target: { metric: 'total_revenue', value: 45000000 },
};
