// The headline cards of a run: each KPI's median with its P10–P90 range, in its own unit.
import type { Kpis, RunReport, Summary } from '../api/bindings';
import { moneyShort, multiplier, percent } from '../common/format';
import { TARGET_METRIC_LABELS, isShareMetric } from '../common/labels';
import { probabilityOfTarget } from './charts/target';

export interface KpiCard {
  id: string;
  label: string;
  value: string;
  range: string | null;
  note: string;
}

function card(id: string, label: string, s: Summary, f: (x: number) => string, note: string): KpiCard {
  return { id, label, value: f(s.p50), range: `P10–P90 ${f(s.p10)} – ${f(s.p90)}`, note };
}

export function kpiCards(report: Pick<RunReport, 'kpis' | 'currency' | 'target' | 'collaboration_measured'>): KpiCard[] {
  const k: Kpis = report.kpis;
  const m = (x: number) => moneyShort(x, report.currency);
  const p = probabilityOfTarget(report);
  const t = report.target;
  return [
    card('total-revenue', 'Total revenue', k.total_revenue, m, 'Vendor net revenue over the horizon'),
    card('final-quarter', 'Final-quarter run rate', k.final_quarter_revenue, m, 'Net revenue in the last quarter'),
    card('coverage', 'Market coverage', k.coverage_final, (x) => percent(x), 'Share of accounts worked in the last quarter'),
    card('net-contribution', 'Net contribution', k.net_contribution, m, 'Revenue minus every ecosystem cost'),
    report.collaboration_measured
      ? card('multiplier', 'Ecosystem multiplier', k.ecosystem_multiplier, multiplier, 'Revenue ÷ revenue without collaboration')
      : { id: 'multiplier', label: 'Ecosystem multiplier', value: '—', range: null, note: 'Not measured in this run' },
    {
      id: 'target',
      label: 'P(target)',
      value: p === null ? '—' : percent(p, 0),
      range: null,
      note: t ? `${TARGET_METRIC_LABELS[t.metric]} ≥ ${isShareMetric(t.metric) ? percent(t.value, 0) : m(t.value)}` : 'No target set for this scenario',
    },
  ];
}
