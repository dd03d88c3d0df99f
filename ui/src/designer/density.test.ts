import { describe, expect, it } from 'vitest';
import type { Dist } from '../api/bindings';
import { centralValue, convertParam, densityCurve, densityPath, isDrawable, lnGamma, pdf, plotRange } from './density';

/** ∫ pdf over the plot range by the midpoint rule. */
function mass(d: Dist, n = 4000): number {
  const [lo, hi] = plotRange(d);
  const step = (hi - lo) / n;
  let s = 0;
  for (let i = 0; i < n; i++) s += pdf(d, lo + (i + 0.5) * step) * step;
  return s;
}

const dists: Dist[] = [
  { dist: 'normal', mean: 10, sd: 2 },
  { dist: 'lognormal', median: 12000, p90: 36000 },
  { dist: 'beta', alpha: 2, beta: 5 },
  { dist: 'triangular', min: 0.1, mode: 0.2, max: 0.5 },
  { dist: 'pert', min: 0.03, mode: 0.055, max: 0.08 },
  { dist: 'uniform', min: 3, max: 7 },
];

describe('distribution densities for the preview', () => {
  it('computes ln Γ', () => {
    expect(lnGamma(1)).toBeCloseTo(0, 10);
    expect(lnGamma(5)).toBeCloseTo(Math.log(24), 10);
    expect(lnGamma(0.5)).toBeCloseTo(Math.log(Math.sqrt(Math.PI)), 10);
  });

  it.each(dists)('integrates to about 1 over the plotted range: %o', (d) => {
    expect(mass(d)).toBeGreaterThan(0.98);
    expect(mass(d)).toBeLessThan(1.001);
  });

  it('puts the lognormal’s median and P90 where they were stated', () => {
    const d: Dist = { dist: 'lognormal', median: 100, p90: 250 };
    const below = (x: number) => {
      let s = 0;
      const n = 20000;
      for (let i = 0; i < n; i++) {
        const t = ((i + 0.5) / n) * x;
        s += pdf(d, t) * (x / n);
      }
      return s;
    };
    expect(below(100)).toBeCloseTo(0.5, 2);
    expect(below(250)).toBeCloseTo(0.9, 2);
  });

  it('peaks at the mode of a PERT and a triangular', () => {
    for (const d of [dists[3]!, dists[4]!]) {
      const m = centralValue(d);
      expect(pdf(d, m)).toBeGreaterThan(pdf(d, m * 0.9));
      expect(pdf(d, m)).toBeGreaterThan(pdf(d, m * 1.1));
    }
  });

  it('refuses to draw parameters that are not a distribution', () => {
    expect(isDrawable({ dist: 'normal', mean: 1, sd: 0 })).toBe(false);
    expect(isDrawable({ dist: 'lognormal', median: 10, p90: 5 })).toBe(false);
    expect(isDrawable({ dist: 'pert', min: 1, mode: 5, max: 3 })).toBe(false);
    expect(densityCurve({ dist: 'uniform', min: 2, max: 2 })).toBeNull();
  });

  it('draws a closed area path inside its box', () => {
    const pts = densityCurve(dists[0]!, 24)!;
    expect(pts).toHaveLength(24);
    const path = densityPath(pts, 96, 28);
    expect(path.startsWith('M0,28 L')).toBe(true);
    expect(path.endsWith('L96,28 Z')).toBe(true);
    const ys = [...path.matchAll(/,(-?[\d.]+)/g)].map((m) => Number(m[1]));
    expect(Math.min(...ys)).toBeGreaterThanOrEqual(0);
    expect(Math.max(...ys)).toBeLessThanOrEqual(28);
  });
});

describe('switching between a number and a distribution', () => {
  it('turns a number into a distribution around it', () => {
    expect(convertParam(0.25, 'pert')).toEqual({ dist: 'pert', min: 0.2, mode: 0.25, max: 0.3 });
    expect(convertParam(100, 'normal')).toEqual({ dist: 'normal', mean: 100, sd: 10 });
    expect(convertParam(12000, 'lognormal')).toEqual({ dist: 'lognormal', median: 12000, p90: 18000 });
    expect(convertParam(0.3, 'beta')).toEqual({ dist: 'beta', alpha: 3, beta: 7 });
    expect(convertParam(5, 'uniform')).toEqual({ dist: 'uniform', min: 4, max: 6 });
  });

  it('turns a distribution back into its central value', () => {
    expect(convertParam({ dist: 'pert', min: 0.03, mode: 0.055, max: 0.08 }, 'number')).toBe(0.055);
    expect(convertParam({ dist: 'lognormal', median: 12000, p90: 36000 }, 'number')).toBe(12000);
    expect(convertParam({ dist: 'uniform', min: 2, max: 4 }, 'number')).toBe(3);
    expect(convertParam({ dist: 'beta', alpha: 2, beta: 6 }, 'number')).toBe(0.25);
  });

  it('keeps a distribution switched to its own kind, and re-centres across kinds', () => {
    const d: Dist = { dist: 'normal', mean: 3, sd: 1 };
    expect(convertParam(d, 'normal')).toBe(d);
    expect(convertParam(d, 'triangular')).toMatchObject({ dist: 'triangular', mode: 3 });
  });
});
