import { describe, expect, it } from 'vitest';
import { money } from '../../common/format';
import { compareReport } from '../../test/analysisFixtures';
import { compareFanOption, compareFans } from './compareFan';
import { compareSCurveOption } from './compareSCurve';
import { scenarioStyles } from './series';

const reports = () => compareReport().reports;

describe('overlaid fan chart', () => {
  it('takes each scenario’s P10, P50 and P90 by quarter', () => {
    const rs = reports();
    const { quarters, fans } = compareFans(rs);
    expect(quarters).toHaveLength(12);
    expect(fans.map((f) => f.label)).toEqual(['A · Balanced ecosystem', 'B · Reseller-heavy channel']);
    expect(fans[1]!.p50[0]).toBe(rs[1]!.by_quarter[0]!.revenue.p50);
    expect(fans[0]!.p90[11]).toBe(rs[0]!.by_quarter[11]!.revenue.p90);
  });

  it('leaves quarters past a shorter horizon empty', () => {
    const rs = reports();
    rs[1]!.by_quarter = rs[1]!.by_quarter.slice(0, 8);
    const { fans } = compareFans(rs);
    expect(fans[1]!.p50[8]).toBeNull();
    const o = compareFanOption(rs);
    const median = (o.series as { data: unknown[] }[])[5]!;
    expect(median.data[8]).toBe('-');
  });

  it('draws per scenario a base, a P10–P90 band and a median line under one legend name', () => {
    const o = compareFanOption(reports());
    const series = o.series as { name: string; stack?: string; data: number[] }[];
    expect(series).toHaveLength(6);
    expect(new Set(series.map((s) => s.name)).size).toBe(2);
    const rs = reports();
    const band = series[1]!;
    expect(series[0]!.data[0]! + band.data[0]!).toBeCloseTo(rs[0]!.by_quarter[0]!.revenue.p90, 6);
  });

  it('gives each scenario’s exact median and range in the tooltip', () => {
    const rs = reports();
    const o = compareFanOption(rs);
    const html = (o.tooltip as { formatter: (p: unknown) => string }).formatter([{ dataIndex: 11 }]);
    expect(html).toContain('Q12 revenue, median');
    const usd = (x: number) => money(x, 'USD');
    rs.forEach((r, i) => {
      const q12 = r.by_quarter[11]!.revenue;
      expect(html).toContain(`<span>${['A · Balanced ecosystem', 'B · Reseller-heavy channel'][i]}</span> <b>${usd(q12.p50)} (P10–P90 ${usd(q12.p10)} – ${usd(q12.p90)})</b>`);
    });
  });
});

describe('overlaid S-curves', () => {
  it('draws one cumulative curve per scenario from its percentiles', () => {
    const rs = reports();
    const o = compareSCurveOption(rs);
    const series = o.series as { name: string; data: [number, number][]; lineStyle: { type: unknown } }[];
    expect(series).toHaveLength(2);
    expect(series[1]!.data[50]).toEqual([rs[1]!.total_revenue_distribution.percentiles[49], 0.5]);
    expect(series[0]!.lineStyle.type).not.toEqual(series[1]!.lineStyle.type);
    const html = (o.tooltip as { formatter: (p: unknown) => string }).formatter({ seriesIndex: 0, dataIndex: 50 });
    expect(html).toContain('A · Balanced ecosystem');
    expect(html).toContain('50%');
  });

  it('tells scenarios apart by colour and by dash', () => {
    const s = scenarioStyles(reports());
    expect(s[0]!.color).not.toBe(s[1]!.color);
    expect(s[0]!.dash).not.toEqual(s[1]!.dash);
  });
});
