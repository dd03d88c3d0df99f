import { describe, expect, it } from 'vitest';
import { reportCopy } from '../../test/fixtures';
import { convergenceBand, convergenceCaption, convergenceOption, settledAfter } from './convergence';

function withConvergence() {
  const r = reportCopy();
  r.convergence = [
    { trials: 2000, mean: 40_000_000, std_error: 400_000 },
    { trials: 1000, mean: 38_000_000, std_error: 600_000 },
    { trials: 3000, mean: 42_300_000, std_error: 200_000 },
    { trials: 4000, mean: 42_000_000, std_error: 100_000 },
  ];
  return r;
}

describe('convergence chart', () => {
  it('orders points by trials and bands the mean by 1.96 standard errors', () => {
    const b = convergenceBand(withConvergence());
    expect(b.trials).toEqual([1000, 2000, 3000, 4000]);
    expect(b.high[3]! - b.mean[3]!).toBeCloseTo(196_000, -2);
    expect(b.mean[3]! - b.low[3]!).toBeCloseTo(196_000, -2);
  });

  it('stacks the band so its top is the upper bound', () => {
    const o = convergenceOption(withConvergence());
    const [low, width] = o.series as { data: number[][] }[];
    const b = convergenceBand(withConvergence());
    b.trials.forEach((_, i) => expect(low!.data[i]![1]! + width!.data[i]![1]!).toBeCloseTo(b.high[i]!, 3));
  });

  it('finds when the mean settled within 1 % of its final value', () => {
    expect(settledAfter(convergenceBand(withConvergence()))).toBe(3000);
  });

  it('captions the final mean, its confidence and when it settled', () => {
    expect(convergenceCaption(withConvergence())).toBe('After 4,000 trials mean total revenue is $42M ± $196K (95% confidence); it stayed within 1% of that after 3,000 trials.');
    const r = withConvergence();
    r.precision_target = 0.005;
    expect(convergenceCaption(r)).toMatch(/stopped at its precision target \(a standard error of 0\.5% of the mean\)\.$/);
    r.convergence = [];
    expect(convergenceCaption(r)).toBe('This run did not record how its mean settled.');
  });
});
