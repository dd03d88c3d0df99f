import { describe, expect, it } from 'vitest';
import { model, report, scenario } from '../test/fixtures';
import {
  addCorrelation,
  addRecruitment,
  compositionTotals,
  partnersAt,
  pathString,
  recruitsPerQuarter,
  nextCorrelationPair,
  removeCorrelation,
  removeRecruitment,
  setComposition,
  setIn,
  setPattern,
  setPolicy,
  suggestedTarget,
  updateCorrelation,
  updateRecruitment,
} from './edits';

describe('scenario edits', () => {
  it('sets a partner count without touching the original document', () => {
    const next = setComposition(scenario, 'reseller', 'na', 31);
    expect(partnersAt(next, 'reseller', 'na')).toBe(31);
    expect(partnersAt(scenario, 'reseller', 'na')).toBe(64);
    expect(next.composition.referral_partner).toBe(scenario.composition.referral_partner);
  });

  it('adds a type the composition did not have', () => {
    const next = setComposition(scenario, 'marketplace', 'emea', 1);
    expect(next.composition.marketplace).toEqual({ emea: 1 });
  });

  it('returns the same document when nothing changes', () => {
    expect(setComposition(scenario, 'reseller', 'na', 64)).toBe(scenario);
    expect(setPattern(scenario, 'ref', 1.5)).toBe(scenario);
    expect(setPattern(scenario, 'mkt', null)).toBe(scenario);
    expect(setPolicy(scenario, 'deal_registration', true)).toBe(scenario);
  });

  it('totals rows, columns and the grid over the model’s types and regions', () => {
    const t = compositionTotals(
      scenario,
      model.partner_types.map((x) => x.id),
      model.market.regions.map((x) => x.id),
    );
    expect(t.byType).toEqual({ reseller: 118, referral_partner: 9, marketplace: 0 });
    expect(t.byRegion).toEqual({ na: 73, emea: 54 });
    expect(t.total).toBe(127);
  });

  it('enables, changes and removes a pattern', () => {
    const on = setPattern(scenario, 'mkt', 1);
    expect(on.patterns).toEqual({ ref: 1.5, mkt: 1 });
    expect(setPattern(on, 'mkt', 2.5).patterns.mkt).toBe(2.5);
    const off = setPattern(on, 'ref', null);
    expect(off.patterns).toEqual({ mkt: 1 });
    expect('ref' in off.patterns).toBe(false);
  });

  it('adopts and drops policies', () => {
    expect(setPolicy(scenario, 'territory_rules', true).governance).toEqual(['deal_registration', 'territory_rules']);
    expect(setPolicy(scenario, 'deal_registration', false).governance).toEqual([]);
  });

  it('adds, edits and removes recruitment rows', () => {
    const row = { partner_type: 'marketplace', region: 'na', from_quarter: 2, to_quarter: 2, per_quarter: 1 };
    const added = addRecruitment(scenario, row);
    expect(added.recruitment).toHaveLength(3);
    const edited = updateRecruitment(added, 2, { per_quarter: 4 });
    expect(edited.recruitment[2]!.per_quarter).toBe(4);
    expect(added.recruitment[2]!.per_quarter).toBe(1);
    expect(removeRecruitment(edited, 0).recruitment.map((r) => r.region)).toEqual(['emea', 'na']);
  });

  it('counts recruits per quarter over the horizon', () => {
    const q = recruitsPerQuarter(scenario);
    expect(q).toHaveLength(12);
    expect(q).toEqual([2, 2, 3, 3, 2, 2, 2, 2, 0, 0, 0, 0]);
    const open = { ...scenario, recruitment: [{ partner_type: 'reseller', region: 'na', from_quarter: 11, to_quarter: null, per_quarter: 5 }] };
    expect(recruitsPerQuarter(open)[10]).toBe(5);
    expect(recruitsPerQuarter({ ...open, recruitment: [{ ...open.recruitment[0]!, to_quarter: 20 }] }).slice(10)).toEqual([5, 5]);
  });
});

describe('deep edits of the market model', () => {
  it('replaces a value deep in the document, copying only the way there', () => {
    const next = setIn(model, ['market', 'segments', 0, 'buy_rate'], 0.05);
    expect(next.market.segments[0]!.buy_rate).toBe(0.05);
    expect(model.market.segments[0]!.buy_rate).toEqual({ dist: 'pert', min: 0.03, mode: 0.055, max: 0.08 });
    expect(next.market.segments[1]).toBe(model.market.segments[1]);
    expect(next.partner_types).toBe(model.partner_types);
    expect(Array.isArray(next.market.segments)).toBe(true);
  });

  it('writes paths the way the core names them', () => {
    expect(pathString(['market', 'segments', 0, 'buy_rate'])).toBe('market.segments[0].buy_rate');
    expect(pathString(['partner_types', 2, 'costs', 'recruit'])).toBe('partner_types[2].costs.recruit');
  });
});

describe('a new target', () => {
  it('starts at the forecast’s median, rounded', () => {
    // The fixture's median to two significant figures…
    expect(suggestedTarget('total_revenue', report.kpis)).toBe(Number(report.kpis.total_revenue.p50.toPrecision(2)));
    expect(suggestedTarget('coverage_final', report.kpis)).toBe(Number(report.kpis.coverage_final.p50.toPrecision(2)));
    // …which for medians of $42,137,000 and 23.61 % reads $42M and 24 %.
    const kpis = structuredClone(report.kpis);
    kpis.total_revenue.p50 = 42_137_000;
    kpis.coverage_final.p50 = 0.2361;
    expect(suggestedTarget('total_revenue', kpis)).toBe(42_000_000);
    expect(suggestedTarget('coverage_final', kpis)).toBe(0.24);
  });

  it('starts at a round figure without a forecast', () => {
    expect(suggestedTarget('total_revenue', null)).toBe(1_000_000);
    expect(suggestedTarget('coverage_final', null)).toBe(0.25);
  });
});

describe('correlation edits', () => {
  const inputs = ['market.growth', 'partner_types[0].win_rate', 'conflict.loss_share'];
  const row = { a: 'market.growth', b: 'partner_types[0].win_rate', rank_correlation: 0.3 };

  it('adds, updates and removes rows without touching the original document', () => {
    const one = addCorrelation(scenario, row);
    expect(one.correlations).toEqual([row]);
    expect(scenario).not.toHaveProperty('correlations');
    const changed = updateCorrelation(one, 0, { rank_correlation: -0.5, b: 'conflict.loss_share' });
    expect(changed.correlations).toEqual([{ a: 'market.growth', b: 'conflict.loss_share', rank_correlation: -0.5 }]);
    expect(one.correlations![0]!.rank_correlation).toBe(0.3);
    expect(updateCorrelation(one, 0, { rank_correlation: 0.3 })).toBe(one);
    expect(updateCorrelation(one, 4, { rank_correlation: 0.1 })).toBe(one);
  });

  it('leaves an empty list out, as the core stores it', () => {
    const none = removeCorrelation(addCorrelation(scenario, row), 0);
    expect(none).not.toHaveProperty('correlations');
    expect(JSON.stringify(none)).toBe(JSON.stringify(scenario));
    expect(removeCorrelation(scenario, 0)).toBe(scenario);
  });

  it('starts a new row at the first pair not listed yet', () => {
    expect(nextCorrelationPair(scenario, inputs)).toEqual(['market.growth', 'partner_types[0].win_rate']);
    const listed = addCorrelation(scenario, { ...row, a: row.b, b: row.a });
    expect(nextCorrelationPair(listed, inputs)).toEqual(['market.growth', 'conflict.loss_share']);
    expect(nextCorrelationPair(scenario, ['market.growth'])).toBeNull();
    // Every pair listed: the first two inputs again (the row is then marked as a repeat).
    const pairs: [number, number][] = [[0, 1], [0, 2], [1, 2]];
    const all = pairs.reduce((d, [a, b]) => addCorrelation(d, { a: inputs[a]!, b: inputs[b]!, rank_correlation: 0.1 }), scenario);
    expect(nextCorrelationPair(all, inputs)).toEqual(['market.growth', 'partner_types[0].win_rate']);
  });
});
