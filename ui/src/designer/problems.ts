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
// The rules of the correlations that need no model (a rank correlation from -1 to 1, two
// different inputs, each pair once) are checked the same way, at the paths and in the words
// of the core, so a field is marked as it is typed and its message does not change when the
// core answers. Whether a name is an uncertain input of the model is the core's to say.
import type { MarketModelDoc, Problem, ScenarioDoc } from '../api/bindings';

/** Messages of the problems at `path` (and, with `subtree`, at any path below it). */
export function problemsAt(problems: readonly Problem[], path: string, subtree = false): string[] {
  return problems
    .filter((p) => p.path === path || (subtree && (p.path.startsWith(`${path}.`) || p.path.startsWith(`${path}[`))))
    .map((p) => (p.path === path ? p.message : `${p.path.slice(path.length + 1)}: ${p.message}`));
}

export type DesignerTab = 'composition' | 'collaboration' | 'recruitment' | 'governance' | 'programs' | 'correlations' | 'model' | 'settings';

/** The tab whose editor holds the field at a scenario path. */
export function tabOfScenarioPath(path: string): DesignerTab {
  if (path.startsWith('composition')) return 'composition';
  if (path.startsWith('recruitment')) return 'recruitment';
  if (path.startsWith('patterns')) return 'collaboration';
  if (path.startsWith('governance')) return 'governance';
  if (path.startsWith('programs')) return 'programs';
  if (path.startsWith('correlations')) return 'correlations';
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
  out.push(...correlationProblems(doc));
  return out;
}

/**
 * What is wrong with the scenario's correlations on their own, as the core says it: a rank
 * correlation outside [-1, 1], B naming the same input as A, a pair listed a second time.
 */
export function correlationProblems(doc: ScenarioDoc): Problem[] {
  const out: Problem[] = [];
  const pairs: [string, string][] = [];
  (doc.correlations ?? []).forEach((c, i) => {
    const path = `correlations[${i}]`;
    const r: unknown = c.rank_correlation;
    if (typeof r !== 'number' || !Number.isFinite(r) || r < -1 || r > 1) {
      out.push({ path: `${path}.rank_correlation`, message: `must be between -1 and 1, got ${String(r)}` });
    }
    if (c.a === c.b) {
      out.push({ path: `${path}.b`, message: 'must name another input than a' });
    } else if (pairs.some(([x, y]) => (x === c.a && y === c.b) || (x === c.b && y === c.a))) {
      out.push({ path, message: `gives the correlation of ${JSON.stringify(c.a)} and ${JSON.stringify(c.b)} a second time` });
    } else {
      pairs.push([c.a, c.b]);
    }
  });
  return out;
}

/** Counts of a market model that are not unsigned whole numbers. */
export function modelShapeProblems(doc: MarketModelDoc): Problem[] {
  const out: Problem[] = [];
  doc.partner_types.forEach((t, i) => wholeNumber(`partner_types[${i}].ramp_quarters`, t.ramp_quarters, U32_MAX, out));
  return out;
}
