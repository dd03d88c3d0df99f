import { describe, expect, it } from 'vitest';
import { scenario } from '../test/fixtures';
import { recruitmentCaption, recruitmentOption } from './recruitmentChart';

describe('recruitment chart', () => {
  it('has a bar per quarter of the horizon with the partners added', () => {
    const o = recruitmentOption(scenario);
    expect((o.xAxis as { data: string[] }).data).toHaveLength(12);
    expect((o.series as { data: number[] }[])[0]!.data).toEqual([2, 2, 3, 3, 2, 2, 2, 2, 0, 0, 0, 0]);
  });

  it('captions the plan', () => {
    expect(recruitmentCaption(scenario)).toBe('The plan adds 18 partners over 8 of 12 quarters, at most 3 in a quarter (first in Q3).');
    expect(recruitmentCaption({ ...scenario, recruitment: [] })).toBe('The plan recruits no partners over the horizon.');
  });
});
