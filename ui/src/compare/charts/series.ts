// How the compared scenarios are told apart on every chart: a letter (A is the baseline), a
// colour and a line dash, so the charts also read in greyscale.
import type { RunReport } from '../../api/bindings';
import { CATEGORICAL } from '../../common/palette';

export interface ScenarioStyle {
  /** "A · Balanced ecosystem": unique even when two scenarios share a name. */
  label: string;
  color: string;
  dash: 'solid' | 'dashed' | 'dotted' | number[];
}

const DASHES: ScenarioStyle['dash'][] = ['solid', 'dashed', 'dotted', [10, 3, 2, 3]];

export const letter = (i: number) => String.fromCharCode(65 + i);

export function scenarioStyles(reports: Pick<RunReport, 'scenario'>[]): ScenarioStyle[] {
  return reports.map((r, i) => ({ label: `${letter(i)} · ${r.scenario.name}`, color: CATEGORICAL[i % CATEGORICAL.length]!, dash: DASHES[i % DASHES.length]! }));
}
