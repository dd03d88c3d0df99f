import { describe, expect, it } from 'vitest';
import { money, percent } from '../../common/format';
import { report, reportCopy } from '../../test/fixtures';
import { byPatternOption, patternItems } from './byPattern';
import { bySourceOption, sourceItems } from './bySource';
import { byTypeOption, typeItems } from './byType';

type Bar = { type: string; data: { value: number }[] | number[][] };
const bars = (o: ReturnType<typeof byTypeOption>) => (o.series as Bar[]).find((s) => s.type === 'bar')!.data as { value: number }[];
const whiskers = (o: ReturnType<typeof byTypeOption>) => (o.series as Bar[]).find((s) => s.type === 'custom')!.data as number[][];
const categories = (o: ReturnType<typeof byTypeOption>) => (o.yAxis as { data: string[] }).data;
/** The types that transacted revenue, largest mean first. */
const transacting = () => report.by_partner_type.filter((t) => t.revenue.max > 0).sort((a, b) => b.revenue.mean - a.revenue.mean);

describe('revenue by partner type', () => {
  it('leaves out types that transacted nothing', () => {
    const names = typeItems(report).map((i) => i.label);
    // Technology partners only influence deals, through the patterns they take part in.
    const idle = report.by_partner_type.filter((t) => t.revenue.max === 0);
    expect(idle.map((t) => t.partner_type)).toContain('technology_partner');
    expect(names).toHaveLength(report.by_partner_type.length - idle.length);
    idle.forEach((t) => expect(names).not.toContain(t.name));
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

  it('has exact figures in its tooltip', () => {
    const o = byTypeOption(report);
    const n = bars(o).length;
    const html = (o.tooltip as { formatter: (p: unknown) => string }).formatter({ dataIndex: n - 1 });
    const top = transacting()[0]!;
    expect(html).toContain(`<strong>${top.name}</strong>`);
    expect(html).toContain(`<b>${money(top.revenue.mean, report.currency)}</b>`);
    expect(money(top.revenue.mean, report.currency)).toMatch(/^\$\d{1,3}(,\d{3})+$/); // to the dollar
    expect(html).toContain(`<b>${percent(top.share_of_revenue)}</b>`);
  });
});

describe('revenue by source', () => {
  it('has the four sources with their labels and shares', () => {
    expect(report.by_source.map((s) => s.source)).toEqual(['own_pipeline', 'referral_sourced', 'collaboration_influenced', 'marketplace']);
    const items = sourceItems(report);
    expect(items.map((i) => i.label)).toEqual(['Own pipeline', 'Referral-sourced', 'Collaboration-influenced', 'Marketplace']);
    expect(items.map((i) => i.share)).toEqual(report.by_source.map((s) => s.share_of_revenue));
    expect(items.reduce((a, i) => a + (i.share ?? 0), 0)).toBeCloseTo(1, 6);
    expect(new Set(items.map((i) => i.color)).size).toBe(4);
    expect(bars(bySourceOption(report))).toHaveLength(4);
  });

  it('draws marketplace buyers in a colour of their own, and no bar for them when a run has none', () => {
    const r = reportCopy();
    const colors = sourceItems(r).map((i) => i.color);
    expect(colors.slice(0, 3)).not.toContain(colors[3]);
    r.by_source = r.by_source.filter((s) => s.source !== 'marketplace');
    expect(bars(bySourceOption(r))).toHaveLength(3);
    expect(new Set(sourceItems(r).map((i) => i.color)).size).toBe(3);
  });
});

describe('revenue added by pattern', () => {
  it('has one bar per pattern at its mean revenue added', () => {
    const o = byPatternOption(report);
    expect(bars(o)).toHaveLength(report.by_pattern.length);
    const means = report.by_pattern.map((p) => p.revenue_added.mean);
    expect(bars(o).map((b) => b.value).sort((a, b) => a - b)).toEqual([...means].sort((a, b) => a - b));
    expect(bars(o).at(-1)!.value).toBe(Math.max(...means)); // largest at the top
    expect(patternItems(report)[0]!.details).toContainEqual(['Intensity', '1.5']);
  });
});
