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

export function kpiCards(report: Pick<RunReport, 'kpis' | 'currency' | 'target' | 'collaboration_measured' | 'revenue_recognition'>): KpiCard[] {
  const k: Kpis = report.kpis;
  const m = (x: number) => moneyShort(x, report.currency);
  const p = probabilityOfTarget(report);
  const t = report.target;
  const subscription = report.revenue_recognition === 'subscription';
  const multiplierCard: KpiCard = !report.collaboration_measured
    ? { id: 'multiplier', label: 'Ecosystem multiplier', value: '—', range: null, note: 'Not measured in this run' }
    : k.ecosystem_multiplier === null
      ? { id: 'multiplier', label: 'Ecosystem multiplier', value: '—', range: null, note: 'Undefined: no revenue without collaboration' }
      : {
          id: 'multiplier',
          label: 'Ecosystem multiplier',
          value: multiplier(k.ecosystem_multiplier),
          range: `Net of collaboration costs ${m(k.net_inter_partner_value.mean)}`,
          note: 'Mean revenue ÷ mean revenue without collaboration',
        };
  return [
    card('total-revenue', 'Total revenue', k.total_revenue, m, subscription ? 'Recognised subscription revenue over the horizon' : 'Vendor net revenue over the horizon'),
    subscription
      ? card('arr', 'ARR at the end', k.arr_final, m, 'Annual recurring revenue of partner-sourced customers')
      : card('final-quarter', 'Final-quarter run rate', k.final_quarter_revenue, m, 'Net revenue in the last quarter'),
    card('bookings', 'Bookings', k.bookings, m, 'New annual contract value won, net of partner shares'),
    card('coverage', 'Market coverage', k.coverage_final, (x) => percent(x), 'Customers and accounts worked in the last quarter'),
    card('net-contribution', 'Net contribution', k.net_contribution, m, 'Revenue minus every ecosystem cost'),
    multiplierCard,
    {
      id: 'target',
      label: 'P(target)',
      value: p === null ? '—' : percent(p, 0),
      range: null,
      note: t ? `${TARGET_METRIC_LABELS[t.metric]} ≥ ${isShareMetric(t.metric) ? percent(t.value, 0) : m(t.value)}` : 'No target set for this scenario',
    },
  ];
}
