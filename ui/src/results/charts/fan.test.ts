import { describe, expect, it } from 'vitest';
import { money } from '../../common/format';
import { report, reportCopy } from '../../test/fixtures';
import { fanBands, fanLayers, fanOption } from './fan';

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
    const q12 = report.by_quarter.find((q) => q.quarter === 12)!.revenue;
    expect(html).toContain('Q12 revenue');
    for (const [name, v] of [['P90', q12.p90], ['P75', q12.p75], ['Median', q12.p50], ['P25', q12.p25], ['P10', q12.p10]] as const) {
      expect(money(v, report.currency)).toMatch(/^\$\d{1,3}(,\d{3})+$/); // exact to the dollar
      expect(html).toContain(`<span>${name}</span> <b>${money(v, report.currency)}</b>`);
    }
  });
});
