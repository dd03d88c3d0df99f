import { describe, expect, it } from 'vitest';
import { report, reportCopy } from '../../test/fixtures';
import { distributionOption, histogramBars, sCurve } from './distribution';

describe('distribution of total revenue', () => {
  const { edges, counts } = report.total_revenue_distribution.histogram;

  it('makes one bar per histogram bin, from its lower to its upper edge', () => {
    const bars = histogramBars(report);
    expect(bars).toHaveLength(counts.length);
    bars.forEach((b, i) => {
      expect(b.lo).toBe(edges[i]);
      expect(b.hi).toBe(edges[i + 1]);
      expect(b.count).toBe(counts[i]);
      expect(b.hi).toBeGreaterThan(b.lo);
    });
  });

  it('gives bars as shares of all trials, which add up to one', () => {
    const total = histogramBars(report).reduce((a, b) => a + b.share, 0);
    expect(total).toBeCloseTo(1, 10);
  });

  it('draws the S-curve from the lowest to the highest outcome, never decreasing', () => {
    const c = sCurve(report);
    expect(c).toHaveLength(101); // min, P1..P99, max
    expect(c[0]).toEqual([edges[0], 0]);
    expect(c[c.length - 1]).toEqual([edges[edges.length - 1], 1]);
    for (let i = 1; i < c.length; i++) {
      expect(c[i]![0]).toBeGreaterThanOrEqual(c[i - 1]![0]);
      expect(c[i]![1]).toBeGreaterThanOrEqual(c[i - 1]![1]);
    }
    expect(c[50]).toEqual([report.total_revenue_distribution.percentiles[49], 0.5]);
  });

  it('keeps the S-curve monotone even if a percentile dips', () => {
    const r = reportCopy();
    const p = r.total_revenue_distribution.percentiles;
    p[10] = p[9]! - 1000;
    const c = sCurve(r);
    expect(c[11]![0]).toBe(c[10]![0]);
  });

  it('marks a revenue target with a vertical line', () => {
    const o = distributionOption(report);
    const line = (o.series as { type: string; markLine?: { data: { xAxis: number }[] } }[]).find((s) => s.type === 'line')!;
    expect(line.markLine?.data).toEqual([{ xAxis: 45_000_000 }]);
  });

  it('draws no target line for a coverage target', () => {
    const r = reportCopy();
    r.target = { metric: 'coverage_final', value: 0.3 };
    const line = (distributionOption(r).series as { type: string; markLine?: unknown }[]).find((s) => s.type === 'line')!;
    expect(line.markLine).toBeUndefined();
  });
});
