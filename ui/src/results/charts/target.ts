// The run's target as the charts use it.
import type { RunReport } from '../../api/bindings';

/** The target value when it is a total-revenue target (the only one the revenue distribution can show). */
export function totalRevenueTarget(report: RunReport): number | null {
  return report.target && report.target.metric === 'total_revenue' ? report.target.value : null;
}

/** P(target): the share of trials meeting the target, or null without one. */
export function probabilityOfTarget(report: Pick<RunReport, 'kpis' | 'target'>): number | null {
  return report.target && report.kpis.probability_of_target ? report.kpis.probability_of_target.mean : null;
}
