import { describe, expect, it } from 'vitest';
import { moneyShort, multiplier, percent } from '../common/format';
import { olderEngineReport, report, reportCopy } from '../test/fixtures';
import { kpiCards } from './kpis';

const m = (x: number) => moneyShort(x, report.currency);

describe('KPI cards', () => {
  it('shows each headline as its median with the P10–P90 range', () => {
    const k = report.kpis;
    const cards = Object.fromEntries(kpiCards(report).map((c) => [c.id, c]));
    expect(cards['total-revenue']).toMatchObject({ value: m(k.total_revenue.p50), range: `P10–P90 ${m(k.total_revenue.p10)} – ${m(k.total_revenue.p90)}` });
    expect(cards['total-revenue']!.value).toMatch(/^\$\d+(\.\d)?M$/);
    expect(cards['arr']).toMatchObject({ value: m(k.arr_final.p50), range: `P10–P90 ${m(k.arr_final.p10)} – ${m(k.arr_final.p90)}` });
    expect(cards['coverage']!.value).toBe(percent(k.coverage_final.p50));
    expect(cards['coverage']!.value).toMatch(/^\d+\.\d%$/);
    expect(cards['multiplier']!.value).toBe(multiplier(k.ecosystem_multiplier!));
    expect(cards['target']).toMatchObject({ value: percent(k.probability_of_target!.mean, 0), note: 'Total revenue ≥ $45M' });
    // A subscription run: ARR at the end in the place of the final-quarter run rate.
    expect(Object.keys(cards)).toEqual(['total-revenue', 'arr', 'bookings', 'coverage', 'net-contribution', 'multiplier', 'target']);
  });

  it('says when there is no target or the multiplier was not measured', () => {
    const r = reportCopy();
    r.target = null;
    r.kpis.probability_of_target = null;
    r.collaboration_measured = false;
    const cards = Object.fromEntries(kpiCards(r).map((c) => [c.id, c]));
    expect(cards['target']).toMatchObject({ value: '—', note: 'No target set for this scenario' });
    expect(cards['multiplier']).toMatchObject({ value: '—', note: 'Not measured in this run' });
  });
});

describe('KPI cards of a subscription run', () => {
  it('shows ARR instead of the final-quarter run rate, and an undefined multiplier as undefined', () => {
    const r = reportCopy();
    expect(r.revenue_recognition).toBe('subscription');
    r.kpis.arr_final = { ...r.kpis.total_revenue, p10: 20e6, p50: 30e6, p90: 40e6 };
    r.kpis.ecosystem_multiplier = null;
    const cards = Object.fromEntries(kpiCards(r).map((c) => [c.id, c]));
    expect(Object.keys(cards)).toEqual(['total-revenue', 'arr', 'bookings', 'coverage', 'net-contribution', 'multiplier', 'target']);
    expect(cards['arr']).toMatchObject({ value: '$30M', range: 'P10–P90 $20M – $40M' });
    expect(cards['multiplier']).toMatchObject({ value: '—', note: 'Undefined: no revenue without collaboration' });
  });
});

describe('KPI cards of a one-time run (an older engine’s)', () => {
  it('shows the final-quarter run rate where a subscription run shows ARR', () => {
    const r = olderEngineReport();
    const f = r.kpis.final_quarter_revenue;
    const cards = Object.fromEntries(kpiCards(r).map((c) => [c.id, c]));
    expect(Object.keys(cards)).toEqual(['total-revenue', 'final-quarter', 'bookings', 'coverage', 'net-contribution', 'multiplier', 'target']);
    expect(cards['final-quarter']).toMatchObject({ value: m(f.p50), range: `P10–P90 ${m(f.p10)} – ${m(f.p90)}` });
  });
});
