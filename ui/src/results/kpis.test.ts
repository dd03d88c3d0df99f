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
    expect(Object.keys(cards)).toEqual(['total-revenue', 'final-quarter', 'coverage', 'net-contribution', 'multiplier', 'target']);
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
