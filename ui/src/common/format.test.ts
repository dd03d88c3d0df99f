import { describe, expect, it } from 'vitest';
import { dateTime, duration, integer, money, moneyShort, multiplier, param, percent } from './format';

describe('number formats', () => {
  it('writes money exactly with thousands separators, or short', () => {
    expect(money(42_473_245.4, 'USD')).toBe('$42,473,245');
    expect(moneyShort(42_473_245, 'USD')).toBe('$42.5M');
    expect(moneyShort(45_000_000, 'USD')).toBe('$45M');
    expect(moneyShort(12_000, 'USD')).toBe('$12K');
    expect(money(1500, 'EUR')).toBe('€1,500');
  });

  it('falls back for a currency code Intl does not know', () => {
    expect(money(1234, 'XX1')).toBe('XX1 1,234');
  });

  it('writes shares, multipliers, counts and missing values', () => {
    expect(percent(0.2643)).toBe('26.4%');
    expect(percent(0.36, 0)).toBe('36%');
    expect(multiplier(1.384)).toBe('1.38×');
    expect(integer(20000)).toBe('20,000');
    expect(money(NaN, 'USD')).toBe('—');
  });

  it('writes durations in words', () => {
    expect(duration(4.2)).toBe('4 s');
    expect(duration(75)).toBe('1 min 15 s');
    expect(duration(3 * 3600 + 120)).toBe('3 h 2 min');
    expect(duration(NaN)).toBe('—');
  });

  it('writes a parameter as people write it', () => {
    expect(param(0.25)).toBe('0.25');
    expect(param({ dist: 'pert', min: 0.03, mode: 0.055, max: 0.08 })).toBe('pert(0.03, 0.055, 0.08)');
    expect(param({ dist: 'lognormal', median: 12000, p90: 36000 }, (x) => money(x, 'USD'))).toBe('lognormal(median $12,000, P90 $36,000)');
  });

  it('shows a stored timestamp as a date', () => {
    expect(dateTime('2025-11-25T17:10:00.000Z')).toMatch(/2025/);
    expect(dateTime(null)).toBe('—');
  });
});
