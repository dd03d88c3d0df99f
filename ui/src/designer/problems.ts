// Where a document problem belongs on screen. The core names every problem by its path in
// the document (`composition.reseller.na`, `recruitment[0].to_quarter`,
// `market.segments[0].buy_rate.mean`); a field shows the problems at its own path, and a
// distribution's editor also those of its parameters. The problem list links each problem to
// the tab that holds its field.
//
// The core checks documents as plain JSON, so a shape its types cannot hold (a negative or
// fractional count) also comes back as a problem with its path and the core's message. The
// designer checks that shape itself too, only to mark the field the moment it is typed and
// to keep such a document from being previewed or saved; the core's answer replaces it.
import type { MarketModelDoc, Problem, ScenarioDoc } from '../api/bindings';

/** Messages of the problems at `path` (and, with `subtree`, at any path below it). */
export function problemsAt(problems: readonly Problem[], path: string, subtree = false): string[] {
  return problems
    .filter((p) => p.path === path || (subtree && (p.path.startsWith(`${path}.`) || p.path.startsWith(`${path}[`))))
    .map((p) => (p.path === path ? p.message : `${p.path.slice(path.length + 1)}: ${p.message}`));
}

export type DesignerTab = 'composition' | 'collaboration' | 'recruitment' | 'governance' | 'model' | 'settings';

/** The tab whose editor holds the field at a scenario path. */
export function tabOfScenarioPath(path: string): DesignerTab {
  if (path.startsWith('composition')) return 'composition';
  if (path.startsWith('recruitment')) return 'recruitment';
  if (path.startsWith('patterns')) return 'collaboration';
  if (path.startsWith('governance')) return 'governance';
  return 'settings';
}

const U32_MAX = 4_294_967_295;

function wholeNumber(path: string, value: unknown, max: number, out: Problem[]) {
  if (typeof value !== 'number' || !Number.isInteger(value) || value < 0 || value > max) {
    out.push({ path, message: `must be a whole number from 0 to ${max.toLocaleString('en-US')}, got ${String(value)}` });
  }
}

/** Counts of a scenario that are not unsigned whole numbers (the core cannot read them). */
export function scenarioShapeProblems(doc: ScenarioDoc): Problem[] {
  const out: Problem[] = [];
  for (const [type, row] of Object.entries(doc.composition)) {
    for (const [region, n] of Object.entries(row)) wholeNumber(`composition.${type}.${region}`, n, U32_MAX, out);
  }
  doc.recruitment.forEach((r, i) => {
    wholeNumber(`recruitment[${i}].from_quarter`, r.from_quarter, U32_MAX, out);
    if (r.to_quarter !== null && r.to_quarter !== undefined) wholeNumber(`recruitment[${i}].to_quarter`, r.to_quarter, U32_MAX, out);
    wholeNumber(`recruitment[${i}].per_quarter`, r.per_quarter, U32_MAX, out);
  });
  wholeNumber('horizon_quarters', doc.horizon_quarters, U32_MAX, out);
  wholeNumber('simulation.trials', doc.simulation.trials, Number.MAX_SAFE_INTEGER, out);
  wholeNumber('simulation.seed', doc.simulation.seed, Number.MAX_SAFE_INTEGER, out);
  return out;
}

/** Counts of a market model that are not unsigned whole numbers. */
export function modelShapeProblems(doc: MarketModelDoc): Problem[] {
  const out: Problem[] = [];
  doc.partner_types.forEach((t, i) => wholeNumber(`partner_types[${i}].ramp_quarters`, t.ramp_quarters, U32_MAX, out));
  return out;
}
