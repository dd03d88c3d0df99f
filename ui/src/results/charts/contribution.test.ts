import { describe, expect, it } from 'vitest';
import { report, reportCopy } from '../../test/fixtures';
import { byPatternCaption, byPatternOption, patternItems } from './byPattern';
import { bySourceCaption, bySourceOption, sourceItems } from './bySource';
import { byTypeCaption, byTypeOption, typeItems } from './byType';

type Bar = { type: string; data: { value: number }[] | number[][] };
const bars = (o: ReturnType<typeof byTypeOption>) => (o.series as Bar[]).find((s) => s.type === 'bar')!.data as { value: number }[];
const whiskers = (o: ReturnType<typeof byTypeOption>) => (o.series as Bar[]).find((s) => s.type === 'custom')!.data as number[][];
const categories = (o: ReturnType<typeof byTypeOption>) => (o.yAxis as { data: string[] }).data;

describe('revenue by partner type', () => {
  it('leaves out types that transacted nothing', () => {
    const names = typeItems(report).map((i) => i.label);
    expect(names).toHaveLength(7);
    expect(names).not.toContain('Technology partner');
  });

  it('draws mean bars, largest at the top, with P10–P90 whiskers on the same rows', () => {
    const o = byTypeOption(report);
    const values = bars(o).map((b) => b.value);
    expect(values).toEqual([...values].sort((a, b) => a - b)); // bottom-up
    expect(values[values.length - 1]).toBe(report.by_partner_type[0]!.revenue.mean);
    expect(categories(o)[values.length - 1]).toBe('Value-added reseller');
    const w = whiskers(o);
    expect(w[values.length - 1]).toEqual([values.length - 1, report.by_partner_type[0]!.revenue.p10, report.by_partner_type[0]!.revenue.p90]);
  });

  it('captions the leading type and the concentration', () => {
    expect(byTypeCaption(report)).toBe('The largest share comes through Value-added reseller: $17.4M on average, 41% of the total; the top three of 7 types bring 81%.');
  });

  it('has exact figures in its tooltip', () => {
    const o = byTypeOption(report);
    const n = bars(o).length;
    const html = (o.tooltip as { formatter: (p: unknown) => string }).formatter({ dataIndex: n - 1 });
    expect(html).toContain('$17,431,354');
    expect(html).toContain('40.7%');
  });
});

describe('revenue by source', () => {
  it('has the three sources with their labels and shares', () => {
    const items = sourceItems(report);
    expect(items.map((i) => i.label)).toEqual(['Own pipeline', 'Referral-sourced', 'Collaboration-influenced']);
    expect(items.reduce((a, i) => a + (i.share ?? 0), 0)).toBeCloseTo(1, 6);
    expect(new Set(items.map((i) => i.color)).size).toBe(3);
  });

  it('captions the split of revenue', () => {
    expect(bySourceCaption(report)).toBe('57% of revenue comes from partners’ own pipeline; referrals source 14% and collaboration influences 28%.');
    expect(bars(bySourceOption(report))).toHaveLength(3);
  });

  it('names the marketplace buyers’ share when a run has one, in a colour of its own', () => {
    const r = reportCopy();
    r.by_source.push({ ...r.by_source[0]!, source: 'marketplace', share_of_revenue: 0.13 });
    expect(bySourceCaption(r)).toMatch(/; marketplace buyers bring 13%\.$/);
    expect(new Set(sourceItems(r).map((i) => i.color)).size).toBe(4);
  });
});

describe('revenue added by pattern', () => {
  it('has one bar per pattern at its mean revenue added', () => {
    const o = byPatternOption(report);
    expect(bars(o)).toHaveLength(report.by_pattern.length);
    expect(Math.max(...bars(o).map((b) => b.value))).toBe(report.by_pattern[0]!.revenue_added.mean);
    expect(patternItems(report)[0]!.details).toContainEqual(['Intensity', '1.5']);
  });

  it('captions the pattern that adds most, with its range and the trials measured', () => {
    expect(byPatternCaption(report)).toBe(
      '“Referral partners pass leads to resellers” adds the most: $3.1M on average (P10–P90 $1.5M to $5M), measured on the first 2,000 trials.',
    );
  });

  it('explains an empty chart', () => {
    const r = reportCopy();
    r.by_pattern = [];
    expect(byPatternCaption(r)).toBe('No collaboration pattern is enabled in this design.');
    r.collaboration_measured = false;
    expect(byPatternCaption(r)).toBe('This run did not measure what each pattern adds.');
  });

  it('says when a pattern costs more in fees than it adds', () => {
    const r = reportCopy();
    r.by_pattern[3]!.revenue_added.mean = -20_000;
    expect(byPatternCaption(r)).toMatch(/1 pattern takes more in fees than it adds\.$/);
  });
});
