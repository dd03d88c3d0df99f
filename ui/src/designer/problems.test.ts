import { describe, expect, it } from 'vitest';
import { model, scenario } from '../test/fixtures';
import { correlationProblems, modelShapeProblems, problemsAt, scenarioShapeProblems, tabOfScenarioPath } from './problems';

const problems = [
  { path: 'composition.reseller.na', message: 'must be at most 10000, got 20000' },
  { path: 'recruitment[0].to_quarter', message: 'must be between from_quarter (1) and the horizon (12), got 14' },
  { path: 'recruitment[10].per_quarter', message: 'x' },
  { path: 'market.segments[0].buy_rate.mean', message: 'must be between 0 and 1, got 1.4' },
  { path: 'market.segments[0].buy_rate', message: 'whole' },
  { path: 'patterns.ref', message: 'intensity must be between 0 and 10, got 12' },
];

describe('field errors from problem paths', () => {
  it('gives a field the problems at exactly its path', () => {
    expect(problemsAt(problems, 'composition.reseller.na')).toEqual(['must be at most 10000, got 20000']);
    expect(problemsAt(problems, 'composition.reseller.emea')).toEqual([]);
    expect(problemsAt(problems, 'patterns.ref')).toEqual(['intensity must be between 0 and 10, got 12']);
  });

  it('does not confuse paths that share a prefix', () => {
    expect(problemsAt(problems, 'recruitment[1].per_quarter')).toEqual([]);
    expect(problemsAt(problems, 'recruitment[1]', true)).toEqual([]);
    expect(problemsAt(problems, 'recruitment[0]', true)).toEqual(['to_quarter: must be between from_quarter (1) and the horizon (12), got 14']);
  });

  it('gives a distribution its own problems and, in a subtree, those of its parameters', () => {
    expect(problemsAt(problems, 'market.segments[0].buy_rate')).toEqual(['whole']);
    expect(problemsAt(problems, 'market.segments[0].buy_rate', true)).toEqual(['mean: must be between 0 and 1, got 1.4', 'whole']);
    expect(problemsAt(problems, 'market.segments[0]', true)).toHaveLength(2);
  });

  it('finds the tab of a scenario path', () => {
    expect(tabOfScenarioPath('composition.reseller.na')).toBe('composition');
    expect(tabOfScenarioPath('recruitment[0].to_quarter')).toBe('recruitment');
    expect(tabOfScenarioPath('patterns.ref')).toBe('collaboration');
    expect(tabOfScenarioPath('governance[1]')).toBe('governance');
    expect(tabOfScenarioPath('correlations')).toBe('correlations');
    expect(tabOfScenarioPath('correlations[2].rank_correlation')).toBe('correlations');
    expect(tabOfScenarioPath('horizon_quarters')).toBe('settings');
  });
});

describe('counts the core could not read', () => {
  it('accepts the shipped shape', () => {
    expect(scenarioShapeProblems(scenario)).toEqual([]);
    expect(modelShapeProblems(model)).toEqual([]);
  });

  it('marks negative and fractional counts at their paths', () => {
    const bad = {
      ...scenario,
      composition: { reseller: { na: -5, emea: 2.5 } },
      recruitment: [{ ...scenario.recruitment[0]!, to_quarter: -1 }],
      horizon_quarters: 0.5,
      simulation: { ...scenario.simulation, trials: -10 },
    };
    expect(scenarioShapeProblems(bad).map((p) => p.path)).toEqual([
      'composition.reseller.na',
      'composition.reseller.emea',
      'recruitment[0].to_quarter',
      'horizon_quarters',
      'simulation.trials',
    ]);
    expect(scenarioShapeProblems(bad)[0]!.message).toBe('must be a whole number from 0 to 4,294,967,295, got -5');
  });

  it('accepts a missing to_quarter', () => {
    expect(scenarioShapeProblems({ ...scenario, recruitment: [{ ...scenario.recruitment[0]!, to_quarter: null }] })).toEqual([]);
  });

  it('checks ramp quarters of the model', () => {
    const m = structuredClone(model);
    m.partner_types[1]!.ramp_quarters = -1;
    expect(modelShapeProblems(m).map((p) => p.path)).toEqual(['partner_types[1].ramp_quarters']);
  });
});

describe('correlations checked before the core answers', () => {
  const growth = 'market.growth';
  const win = 'partner_types[0].win_rate';
  const loss = 'conflict.loss_share';

  it('accepts distinct pairs within [-1, 1]', () => {
    const doc = { ...scenario, correlations: [{ a: growth, b: win, rank_correlation: 1 }, { a: growth, b: loss, rank_correlation: -1 }] };
    expect(correlationProblems(doc)).toEqual([]);
    expect(correlationProblems(scenario)).toEqual([]);
  });

  it('names each wrong field at the core’s path, in the core’s words', () => {
    const doc = {
      ...scenario,
      correlations: [
        { a: growth, b: win, rank_correlation: 1.5 },
        { a: loss, b: loss, rank_correlation: 0.2 },
        { a: win, b: growth, rank_correlation: -0.2 },
        { a: growth, b: loss, rank_correlation: Number.NaN },
      ],
    };
    expect(correlationProblems(doc)).toEqual([
      { path: 'correlations[0].rank_correlation', message: 'must be between -1 and 1, got 1.5' },
      { path: 'correlations[1].b', message: 'must name another input than a' },
      { path: 'correlations[2]', message: 'gives the correlation of "partner_types[0].win_rate" and "market.growth" a second time' },
      { path: 'correlations[3].rank_correlation', message: 'must be between -1 and 1, got NaN' },
    ]);
    // They keep the document from being previewed or saved, like a wrong count.
    expect(scenarioShapeProblems(doc)).toHaveLength(4);
  });
});
