// The headline cards of a run: each KPI's median with its P10–P90 range, in its own unit.
import type { Kpis, RunReport, Summary } from '../api/bindings';
import { moneyShort, multiplier, percent } from '../common/format';
import { TARGET_METRIC_LABELS, isShareMetric } from '../common/labels';
import { probabilityOfTarget } from './charts/target';
import { kpiLabel, kpiMeaning } from '../analysis/kpis';

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
    ? { id: 'multiplier', label: kpiLabel('ecosystem_multiplier'), value: '—', range: null, note: 'Not measured in this run' }
    : k.ecosystem_multiplier === null
      ? { id: 'multiplier', label: kpiLabel('ecosystem_multiplier'), value: '—', range: null, note: 'Undefined: no revenue without collaboration' }
      : {
          id: 'multiplier',
          label: kpiLabel('ecosystem_multiplier'),
          value: multiplier(k.ecosystem_multiplier),
          range: `Net of collaboration costs ${m(k.net_inter_partner_value.mean)}`,
          note: kpiMeaning('ecosystem_multiplier'),
        };
  return [
    card('total-revenue', kpiLabel('total_revenue'), k.total_revenue, m, kpiMeaning('total_revenue')),
    subscription
      ? card('arr', kpiLabel('arr_final'), k.arr_final, m, kpiMeaning('arr_final'))
      : card('final-quarter', kpiLabel('final_quarter_revenue'), k.final_quarter_revenue, m, kpiMeaning('final_quarter_revenue')),
    card('bookings', kpiLabel('bookings'), k.bookings, m, kpiMeaning('bookings')),
    card('coverage', kpiLabel('coverage_final'), k.coverage_final, (x) => percent(x), kpiMeaning('coverage_final')),
    card('net-contribution', kpiLabel('net_contribution'), k.net_contribution, m, kpiMeaning('net_contribution')),
    multiplierCard,
    {
      id: 'target',
      label: kpiLabel('probability_of_target'),
      value: p === null ? '—' : percent(p, 0),
      range: null,
      note: t ? `${TARGET_METRIC_LABELS[t.metric]} ≥ ${isShareMetric(t.metric) ? percent(t.value, 0) : m(t.value)}` : 'No target set for this scenario',
    },
  ];
}
