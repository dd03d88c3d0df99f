import { describe, expect, it } from 'vitest';
import { money, moneyShort } from '../../common/format';
import { compareReport, scaledReport } from '../../test/analysisFixtures';
import { compareFanCaption, compareFanOption, compareFans } from './compareFan';
import { compareSCurveCaption, compareSCurveOption, dominant } from './compareSCurve';
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

  it('says which scenario ends highest and whether the bands overlap', () => {
    const [a, b] = reports().map((r) => r.by_quarter[11]!.revenue); // B is A scaled by 1.2
    expect(b!.p10).toBeLessThan(a!.p90);
    const m = (x: number) => moneyShort(x, 'USD');
    expect(compareFanCaption(reports())).toBe(
      `In Q12, B · Reseller-heavy channel runs highest at ${m(b!.p50)} a quarter (median), against ${m(a!.p50)} for A · Balanced ecosystem; the P10–P90 bands overlap, so the lead does not hold in every future.`,
    );
    const far = [scaledReport(1, 'Low', 'low'), scaledReport(5, 'High', 'high')];
    expect(compareFanCaption(far)).toMatch(/band lies above the others’/);
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

  it('names a scenario that is ahead at every percentile', () => {
    const rs = reports();
    expect(dominant(rs)).toBe(1);
    expect(compareSCurveCaption(rs)).toMatch(/^B · Reseller-heavy channel lies to the right of the others at every percentile/);
  });

  it('says so when the curves cross', () => {
    const rs = reports();
    // B: higher median, but a worse downside.
    rs[1]!.total_revenue_distribution.percentiles = rs[0]!.total_revenue_distribution.percentiles.map((p, i) => (i < 30 ? p * 0.8 : p * 1.3));
    expect(dominant(rs)).toBeNull();
    expect(compareSCurveCaption(rs)).toMatch(/^The curves cross: B · Reseller-heavy channel has the higher median .* but A · Balanced ecosystem does better in the worst tenth/);
  });

  it('tells scenarios apart by colour and by dash', () => {
    const s = scenarioStyles(reports());
    expect(s[0]!.color).not.toBe(s[1]!.color);
    expect(s[0]!.dash).not.toEqual(s[1]!.dash);
  });
});
