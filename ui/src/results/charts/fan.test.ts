import { describe, expect, it } from 'vitest';
import { report, reportCopy } from '../../test/fixtures';
import { fanBands, fanCaption, fanLayers, fanOption } from './fan';

describe('fan chart of revenue by quarter', () => {
  it('takes each band from the quarter percentiles, in quarter order', () => {
    const b = fanBands(report);
    expect(b.quarters).toEqual(report.by_quarter.map((q) => `Q${q.quarter}`));
    report.by_quarter.forEach((q, i) => {
      expect(b.p10[i]).toBe(q.revenue.p10);
      expect(b.p25[i]).toBe(q.revenue.p25);
      expect(b.p50[i]).toBe(q.revenue.p50);
      expect(b.p75[i]).toBe(q.revenue.p75);
      expect(b.p90[i]).toBe(q.revenue.p90);
    });
  });

  it('sorts quarters that arrive out of order', () => {
    const r = reportCopy();
    r.by_quarter.reverse();
    expect(fanBands(r).quarters[0]).toBe('Q1');
  });

  it('stacks layers so each band top lands exactly on its percentile', () => {
    const b = fanBands(report);
    const l = fanLayers(b);
    b.quarters.forEach((_, i) => {
      const p25 = l.base[i]! + l.lower[i]!;
      const p75 = p25 + l.middle[i]!;
      const p90 = p75 + l.upper[i]!;
      expect(p25).toBeCloseTo(b.p25[i]!, 6);
      expect(p75).toBeCloseTo(b.p75[i]!, 6);
      expect(p90).toBeCloseTo(b.p90[i]!, 6);
      expect(Math.min(l.lower[i]!, l.middle[i]!, l.upper[i]!)).toBeGreaterThanOrEqual(0);
    });
  });

  it('never draws a negative band when percentiles touch', () => {
    const l = fanLayers({ quarters: ['Q1'], p10: [5], p25: [4], p50: [5], p75: [5], p90: [6] });
    expect(l.lower[0]).toBe(0);
  });

  it('draws four stacked layers and an unstacked median line', () => {
    const o = fanOption(report);
    const series = o.series as { type: string; stack?: string; name: string; data: number[] }[];
    expect(series.filter((s) => s.stack === 'fan')).toHaveLength(4);
    const median = series.find((s) => s.name === 'Median')!;
    expect(median.stack).toBeUndefined();
    expect(median.data).toEqual(fanBands(report).p50);
  });

  it('shows every percentile, exactly, in the tooltip', () => {
    const o = fanOption(report);
    const html = (o.tooltip as { formatter: (p: unknown) => string }).formatter([{ dataIndex: 11 }]);
    expect(html).toContain('Q12 revenue');
    expect(html).toContain('$3,162,915'); // P50 of Q12
    expect(html).toContain('$2,124,409'); // P10
    expect(html).toContain('$4,709,087'); // P90
  });

  it('says in one sentence how revenue moves and how wide the last quarter is', () => {
    expect(fanCaption(report)).toBe(
      'Revenue falls from $3.4M in Q1 to $3.2M in Q12 (median); in 8 of 10 futures the last quarter lands between $2.1M and $4.7M.',
    );
    const r = reportCopy();
    r.by_quarter[11]!.revenue.p50 = 6_000_000;
    expect(fanCaption(r)).toMatch(/^Revenue grows from \$3.4M in Q1 to \$6M in Q12/);
    r.by_quarter[11]!.revenue.p50 = r.by_quarter[0]!.revenue.p50 * 1.01;
    expect(fanCaption(r)).toMatch(/^Revenue holds at about/);
  });
});
