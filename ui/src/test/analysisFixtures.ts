// Test data for the analysis views: reports shaped as the core returns them, built from the
// example run report and the small model of `fixtures.ts`.
import type { Charted, CompareReport, OptimizeReport, RunReport, ShapleyReport, SobolReport, Summary, TornadoReport } from '../api/bindings';
import { model, reportCopy, scenario } from './fixtures';

const scale = (s: Summary, k: number): Summary => ({ ...s, mean: s.mean * k, min: s.min * k, max: s.max * k, p5: s.p5 * k, p10: s.p10 * k, p25: s.p25 * k, p50: s.p50 * k, p75: s.p75 * k, p90: s.p90 * k, p95: s.p95 * k });

/** The example run with every revenue figure scaled by `k`, under another name. */
export function scaledReport(k: number, name: string, id: string): RunReport {
  const r = reportCopy();
  r.scenario = { id, name };
  r.kpis.total_revenue = scale(r.kpis.total_revenue, k);
  r.by_quarter = r.by_quarter.map((q) => ({ ...q, revenue: scale(q.revenue, k) }));
  r.total_revenue_distribution.percentiles = r.total_revenue_distribution.percentiles.map((p) => p * k);
  r.total_revenue_distribution.histogram.edges = r.total_revenue_distribution.histogram.edges.map((e) => e * k);
  return r;
}

const diff = (mean: number, p10: number, p90: number): Summary => ({ mean, std_dev: 1, std_error: 0.1, min: p10 * 2, max: p90 * 2, p5: p10 * 1.2, p10, p25: p10 / 2, p50: mean, p75: p90 / 2, p90, p95: p90 * 1.2 });

export function compareReport(): CompareReport {
  const a = scaledReport(1, 'Balanced ecosystem', 'balanced-ecosystem');
  const b = scaledReport(1.2, 'Reseller-heavy channel', 'reseller-heavy');
  return {
    wall_seconds: 4.2,
    engine_version: a.engine_version,
    model: a.model,
    seed: 42,
    trials: 5000,
    sampling: 'latin_hypercube',
    reports: [a, b],
    pairings: [
      {
        a: a.scenario,
        b: b.scenario,
        differences: [
          { kpi: 'total_revenue', difference: diff(8_400_000, 2_000_000, 15_000_000), probability_b_beats_a: 0.93, probability_tie: 0 },
          { kpi: 'coverage_final', difference: diff(-0.021, -0.04, 0.002), probability_b_beats_a: 0.12, probability_tie: 0.01 },
          { kpi: 'net_contribution', difference: diff(1_500_000, -3_000_000, 6_000_000), probability_b_beats_a: 0.64, probability_tie: 0 },
        ],
      },
    ],
  };
}

export const tornadoReport: TornadoReport = {
  wall_seconds: 1.2,
  kpi: 'total_revenue',
  base: 42_000_000,
  trials_per_point: 1000,
  bars: [
    { input: 'partner_types[0].win_rate', value_low: 0.2, value_high: 0.3, kpi_low: 36_000_000, kpi_high: 49_000_000, swing: 13_000_000 },
    { input: 'market.growth', value_low: 0.04, value_high: 0.1, kpi_low: 40_000_000, kpi_high: 44_500_000, swing: 4_500_000 },
    { input: 'conflict.loss_share', value_low: 0.3, value_high: 0.5, kpi_low: 43_000_000, kpi_high: 41_000_000, swing: 2_000_000 },
  ],
};

export const sobolReport: SobolReport = {
  wall_seconds: 3.4,
  kpi: 'total_revenue',
  base_samples: 500,
  evaluations: 3000,
  variance: 6.4e13,
  indices: [
    { input: 'partner_types[0].win_rate', first_order: 0.52, first_order_ci: [0.45, 0.6], total: 0.58, total_ci: [0.5, 0.66] },
    { input: '(simulation randomness)', first_order: 0.25, first_order_ci: [0.2, 0.3], total: 0.25, total_ci: [0.2, 0.3] },
    { input: 'market.growth', first_order: 0.1, first_order_ci: [0.05, 0.15], total: 0.14, total_ci: [0.08, 0.2] },
  ],
};

export const shapleyReport: ShapleyReport = {
  wall_seconds: 2.5,
  scenario: 'reseller-heavy',
  trials_per_coalition: 500,
  coalitions: 8,
  exact: true,
  total_revenue: 40_000_000,
  coverage: 0.24,
  rows: [
    { partner_type: 'reseller', name: 'Value-added reseller', revenue: 26_000_000, coverage: 0.15, transacted_revenue: 30_000_000, revenue_share: 0.65, transacted_share: 0.75 },
    { partner_type: 'referral_partner', name: 'Referral partner', revenue: 8_000_000, coverage: 0.05, transacted_revenue: 0, revenue_share: 0.2, transacted_share: 0 },
    { partner_type: 'marketplace', name: 'Hyperscaler marketplace', revenue: 6_000_000, coverage: 0.04, transacted_revenue: 10_000_000, revenue_share: 0.15, transacted_share: 0.25 },
  ],
};

export function optimizeReport(): OptimizeReport {
  return {
    wall_seconds: 4.2,
    objective: 'p50_revenue',
    budget: 12_000_000,
    evaluations: 400,
    frontier: [
      { cost: 6_000_000, objective: 30_000_000, program_cost: 0 },
      { cost: 9_000_000, objective: 40_000_000, program_cost: 0 },
      { cost: 11_500_000, objective: 46_000_000, program_cost: 0 },
    ],
    start: { cost: 10_000_000, objective: 41_000_000, program_cost: 0 },
    best: { cost: 11_500_000, objective: 46_000_000, program_cost: 0 },
    start_fresh: { cost: 10_050_000, objective: 40_800_000, program_cost: 0 },
    best_fresh: { cost: 11_480_000, objective: 45_200_000, program_cost: 0 },
    recommended: { ...scenario, composition: { reseller: { na: 70, emea: 54 }, referral_partner: { na: 9, emea: 4 } }, patterns: { ref: 2, mkt: 0.5 } },
    binding: [
      { kind: 'budget', detail: 'the design spends 99 % of the budget' },
      { kind: 'receiver_capacity', detail: 'Referrals to resellers: its receiving partners have no room for 120 referred opportunities over the horizon, so more intensity adds little' },
    ],
  };
}

/**
 * An analysis's report as its command returns it, with the words of the charts `ids` (in that
 * order), each title and caption marked as the core's: a test then sees that a screen shows the
 * words the core sent rather than words of its own.
 */
export function charted<T>(report: T, ...ids: string[]): Charted<T> {
  return { report, charts: ids.map((id) => ({ id, title: `Title of ${id}, from the core`, caption: `Caption of ${id}, from the core, with its figures.` })) };
}

/** The words `charted` gave the chart `id`. */
export function wordsFor(c: Charted<unknown>, id: string): { title: string; caption: string } {
  const w = c.charts.find((x) => x.id === id);
  if (!w) throw new Error(`no words for ${id}`);
  return { title: w.title, caption: w.caption };
}

export { model, scenario };
