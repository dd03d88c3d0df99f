// The screens write short money by the core's rule: every case the core generated
// (crates/core/src/words.rs → ../api/words.json) reads the same here as in the reports.
import { describe, expect, it } from 'vitest';
import words from '../api/words.json';
import { moneyShort, percent } from './format';
import { SOURCE_LABELS } from './labels';
import { KPI_LABELS } from '../analysis/kpis';
import { kpiCards } from '../results/kpis';
import { olderEngineReport, report } from '../test/fixtures';

describe('the words the core writes', () => {
  it.each(words.percent.map((c) => [c.value, c.decimals, c.text] as const))('writes the share %s at %s decimals as %s', (value, decimals, text) => {
    expect(percent(value, decimals)).toBe(text);
  });

  it.each(words.money_short.map((c) => [c.value, c.currency, c.text] as const))('writes %s %s as %s', (value, currency, text) => {
    expect(moneyShort(value, currency)).toBe(text);
  });

  it('names the revenue sources as the reports do', () => {
    expect(SOURCE_LABELS.referral_sourced).toBe('Referral-sourced');
    expect(Object.keys(SOURCE_LABELS).sort()).toEqual(['collaboration_influenced', 'marketplace', 'own_pipeline', 'referral_sourced']);
  });

  it('names the KPIs as the reports do, on the cards too', () => {
    expect(KPI_LABELS.final_quarter_revenue).toBe('Final-quarter revenue');
    const cards = kpiCards(report); // a subscription run: ARR at the end
    expect(cards.find((c) => c.id === 'arr')?.label).toBe(words.kpis.arr_final.label);
    expect(cards.find((c) => c.id === 'target')?.label).toBe(words.kpis.probability_of_target.label);
    const oneTime = kpiCards(olderEngineReport()); // a one-time run: the final-quarter run rate
    expect(oneTime.find((c) => c.id === 'final-quarter')?.label).toBe(words.kpis.final_quarter_revenue.label);
  });
});
