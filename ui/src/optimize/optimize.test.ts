import { describe, expect, it } from 'vitest';
import { model, optimizeReport, scenario } from '../test/analysisFixtures';
import { beforeAfterRows, frontierCaption, frontierOption, improved } from './charts/frontier';
import { boundsPlan, describeProblem, readBoundText, setBoundText, type BoundEdits } from './bounds';
import { compositionDiff, patternChanges } from './composition';

type Tip = { formatter: (p: unknown) => string };

describe('efficient frontier', () => {
  it('draws the frontier cheapest first, with the start, the recommendation and the budget', () => {
    const r = optimizeReport();
    r.frontier.reverse();
    const o = frontierOption(r, 'USD');
    const [frontier, start, best] = o.series as { name: string; data: [number, number][]; markLine?: { data: { xAxis: number }[] } }[];
    expect(frontier!.data.map((p) => p[0])).toEqual([6_000_000, 9_000_000, 11_500_000]);
    expect(frontier!.markLine!.data[0]!.xAxis).toBe(12_000_000);
    expect(start!.data).toEqual([[10_000_000, 41_000_000]]);
    expect(best!.data).toEqual([[11_500_000, 46_000_000]]);
    const html = (o.tooltip as Tip).formatter({ seriesIndex: 1, dataIndex: 0 });
    expect(html).toContain('The scenario as it is');
    expect(html).toContain('$10,000,000');
    expect(html).toContain('$41,000,000');
  });

  it('reads coverage objectives as shares', () => {
    const r = { ...optimizeReport(), objective: 'coverage' as const, start: { cost: 1, objective: 0.2, program_cost: 0 } };
    const html = (frontierOption(r, 'USD').tooltip as Tip).formatter({ seriesIndex: 1, dataIndex: 0 });
    expect(html).toContain('20.0%');
  });

  it('compares the two designs on fresh seeds in words and in a table', () => {
    const r = optimizeReport();
    expect(improved(r)).toBe(true);
    expect(frontierCaption(r, 'USD')).toBe(
      'Within the $12M budget, the recommended design reaches $45.2M median total revenue on fresh seeds, against $40.8M for the scenario as it is: +$4.4M (10.8%), at a cost of $11.5M.',
    );
    expect(beforeAfterRows(r, 'USD')).toEqual([
      { label: 'Cost over the horizon', before: '$10,050,000', after: '$11,480,000', gain: '+$1,430,000' },
      { label: 'Median total revenue (P50)', before: '$40,800,000', after: '$45,200,000', gain: '+$4,400,000' },
    ]);
  });

  it('says so when nothing beat the scenario', () => {
    const r = optimizeReport();
    r.best_fresh = r.start_fresh;
    expect(frontierCaption(r, 'USD')).toMatch(/^No design within the \$12M budget beat the scenario as it is/);
  });
});

describe('recommended composition', () => {
  it('marks the cells that changed', () => {
    const { regions, rows } = compositionDiff(scenario, optimizeReport().recommended, model);
    expect(regions.map((r) => r.name)).toEqual(['North America', 'EMEA']);
    expect(rows.map((r) => r.name)).toEqual(['Value-added reseller', 'Referral partner', 'Hyperscaler marketplace']);
    expect(rows[0]!.cells).toEqual([
      { region: 'na', before: 64, after: 70, changed: true },
      { region: 'emea', before: 54, after: 54, changed: false },
    ]);
    expect(rows[1]!.cells[1]).toEqual({ region: 'emea', before: 0, after: 4, changed: true });
  });

  it('lists the patterns whose intensity changed', () => {
    expect(patternChanges(scenario, optimizeReport().recommended, model)).toEqual([
      { id: 'ref', name: 'Referral partners pass leads to resellers', before: 1.5, after: 2 },
      { id: 'mkt', name: 'Resellers transact through the marketplace', before: 0, after: 0.5 },
    ]);
  });
});

describe('bounds per partner type and region', () => {
  it('reads whole numbers of 0 or more, and nothing typed as not set', () => {
    expect(readBoundText(' ')).toEqual({ value: null, problem: null });
    expect(readBoundText('1,200')).toEqual({ value: 1200, problem: null });
    expect(readBoundText('0')).toEqual({ value: 0, problem: null });
    for (const t of ['-1', '2.5', 'ten']) expect(readBoundText(t).problem).toBe('must be a whole number of 0 or more');
    expect(readBoundText('200000').problem).toBe('must be at most 100,000');
  });

  it('drops a cell once both of its fields are empty again', () => {
    let e: BoundEdits = setBoundText({}, 'reseller', 'na', { min: '3' });
    e = setBoundText(e, 'reseller', 'na', { max: '9' });
    expect(e).toEqual({ reseller: { na: { min: '3', max: '9' } } });
    e = setBoundText(setBoundText(e, 'reseller', 'na', { min: '' }), 'reseller', 'na', { max: '' });
    expect(e).toEqual({});
  });

  it('fills the default into a half-set range and says which max a too-high min meets', () => {
    const ok = boundsPlan(scenario, model, { referral_partner: { na: { min: '', max: '4' } } });
    expect(ok.bounds).toEqual([{ partner_type: 'referral_partner', region: 'na', min: 0, max: 4 }]);
    expect(ok.warnings).toEqual(['Referral partner · North America: the current design has 9 here; the search starts inside the bounds.']);
    const bad = boundsPlan(scenario, model, { marketplace: { emea: { min: '11', max: '' } } });
    expect(bad.bounds).toEqual([]);
    expect(bad.problems).toEqual(['Hyperscaler marketplace · EMEA: min must be ≤ max (10 unless you set it)']);
  });

  it('puts the core’s problems with a request in words', () => {
    const sent = [{ partner_type: 'reseller', region: 'emea', min: 0, max: 5 }];
    expect(describeProblem({ path: 'bounds[0].region', message: 'unknown region "mars"' }, sent, model)).toBe('Value-added reseller · EMEA: unknown region "mars"');
    expect(describeProblem({ path: 'budget', message: 'must be a positive amount, got 0' }, sent, model)).toBe('Budget: must be a positive amount, got 0');
    expect(describeProblem({ path: 'weird.path', message: 'broken' }, sent, model)).toBe('weird.path: broken');
  });
});
