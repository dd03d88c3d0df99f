import { describe, expect, it } from 'vitest';
import { report, reportCopy } from '../test/fixtures';
import { kpiCards } from './kpis';

describe('KPI cards', () => {
  it('shows each headline as its median with the P10–P90 range', () => {
    const cards = Object.fromEntries(kpiCards(report).map((c) => [c.id, c]));
    expect(cards['total-revenue']).toMatchObject({ value: '$42.1M', range: 'P10–P90 $33M – $53.5M' });
    expect(cards['coverage']!.value).toBe('23.6%');
    expect(cards['multiplier']!.value).toMatch(/×$/);
    expect(cards['target']).toMatchObject({ value: '36%', note: 'Total revenue ≥ $45M' });
    expect(Object.keys(cards)).toEqual(['total-revenue', 'final-quarter', 'bookings', 'coverage', 'net-contribution', 'multiplier', 'target']);
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
    r.revenue_recognition = 'subscription';
    r.kpis.arr_final = { ...r.kpis.total_revenue, p10: 20e6, p50: 30e6, p90: 40e6 };
    r.kpis.ecosystem_multiplier = null;
    const cards = Object.fromEntries(kpiCards(r).map((c) => [c.id, c]));
    expect(Object.keys(cards)).toEqual(['total-revenue', 'arr', 'bookings', 'coverage', 'net-contribution', 'multiplier', 'target']);
    expect(cards['arr']).toMatchObject({ value: '$30M', range: 'P10–P90 $20M – $40M' });
    expect(cards['multiplier']).toMatchObject({ value: '—', note: 'Undefined: no revenue without collaboration' });
  });
});
