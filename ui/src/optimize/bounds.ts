// The optimiser's limits per partner type and region, as a person sets them: each cell of the
// grid keeps the text typed for its least and most partners ('' = not set). Only cells with
// something typed become bounds; the other end of a half-set range takes the core's default
// (0, and twice the scenario's count plus 10). Pure, so the rules are tested without a view.
import type { Bound, MarketModelDoc, Problem, ScenarioDoc } from '../api/bindings';
import { parseNumber } from '../common/NumberField';
import { integer } from '../common/format';

/** Most partners a bound may name (the core's limit on a composition cell). */
export const MAX_BOUND = 100_000;

/** What a person typed in one cell: least and most partners, '' when not set. */
export interface BoundText {
  min: string;
  max: string;
}

/** Typed cells by partner type, then region. */
export type BoundEdits = Record<string, Record<string, BoundText>>;

/** The core's range for a cell nobody limited: 0 to twice the scenario's count plus 10. */
export const defaultRange = (count: number) => ({ min: 0, max: 2 * count + 10 });

export const partnersIn = (doc: ScenarioDoc, type: string, region: string) => doc.composition[type]?.[region] ?? 0;

export const textAt = (edits: BoundEdits, type: string, region: string): BoundText => edits[type]?.[region] ?? { min: '', max: '' };

/** The edits with one cell's text changed (a cell with nothing typed is dropped). */
export function setBoundText(edits: BoundEdits, type: string, region: string, change: Partial<BoundText>): BoundEdits {
  const next = { ...textAt(edits, type, region), ...change };
  const row = { ...(edits[type] ?? {}) };
  if (next.min.trim() === '' && next.max.trim() === '') delete row[region];
  else row[region] = next;
  const out = { ...edits };
  if (Object.keys(row).length === 0) delete out[type];
  else out[type] = row;
  return out;
}

/** A typed end of a range: null when nothing is typed, or the problem with the text. */
export function readBoundText(text: string): { value: number | null; problem: string | null } {
  if (text.trim() === '') return { value: null, problem: null };
  const n = parseNumber(text);
  if (n === null || !Number.isInteger(n) || n < 0) return { value: null, problem: 'must be a whole number of 0 or more' };
  if (n > MAX_BOUND) return { value: null, problem: `must be at most ${integer(MAX_BOUND)}` };
  return { value: n, problem: null };
}

export interface BoundCell {
  type: string;
  region: string;
  /** "Value-added reseller · North America" */
  label: string;
  /** Partners of this type in this region in the scenario. */
  count: number;
  defaults: { min: number; max: number };
  text: BoundText;
  /** Something typed in either end: the cell is sent. */
  set: boolean;
  /** Problems of the min and max fields, and of the range. */
  minProblem: string | null;
  maxProblem: string | null;
  rangeProblem: string | null;
  /** The bound sent, when the cell is set and valid. */
  bound: Bound | null;
  /** The scenario's count lies outside the bound (allowed: the search starts inside it). */
  outside: boolean;
}

export interface BoundsPlan {
  regions: { id: string; name: string }[];
  rows: { id: string; name: string; cells: BoundCell[] }[];
  /** What the request's `bounds` holds: the set cells, in the model's order. */
  bounds: Bound[];
  /** Problems that stop the search, each naming its cell. */
  problems: string[];
  /** Scenario counts outside the bounds, each naming its cell. */
  warnings: string[];
  /** Cells with something typed. */
  setCount: number;
}

export function boundsPlan(doc: ScenarioDoc, model: MarketModelDoc, edits: BoundEdits): BoundsPlan {
  const regions = model.market.regions.map((r) => ({ id: r.id, name: r.name }));
  const bounds: Bound[] = [];
  const problems: string[] = [];
  const warnings: string[] = [];
  let setCount = 0;
  const rows = model.partner_types.map((t) => ({
    id: t.id,
    name: t.name,
    cells: regions.map((r): BoundCell => {
      const label = `${t.name} · ${r.name}`;
      const count = partnersIn(doc, t.id, r.id);
      const defaults = defaultRange(count);
      const text = textAt(edits, t.id, r.id);
      const min = readBoundText(text.min);
      const max = readBoundText(text.max);
      const set = text.min.trim() !== '' || text.max.trim() !== '';
      const cell: BoundCell = { type: t.id, region: r.id, label, count, defaults, text, set, minProblem: min.problem, maxProblem: max.problem, rangeProblem: null, bound: null, outside: false };
      if (!set) return cell;
      setCount++;
      if (min.problem) problems.push(`${label}: min ${min.problem}`);
      if (max.problem) problems.push(`${label}: max ${max.problem}`);
      if (min.problem || max.problem) return cell;
      const lo = min.value ?? defaults.min;
      const hi = max.value ?? defaults.max;
      if (lo > hi) {
        cell.rangeProblem = max.value === null ? `min must be ≤ max (${integer(hi)} unless you set it)` : 'min must be ≤ max';
        problems.push(`${label}: ${cell.rangeProblem}`);
        return cell;
      }
      cell.bound = { partner_type: t.id, region: r.id, min: lo, max: hi };
      bounds.push(cell.bound);
      if (count < lo || count > hi) {
        cell.outside = true;
        warnings.push(`${label}: the current design has ${integer(count)} here; the search starts inside the bounds.`);
      }
      return cell;
    }),
  }));
  return { regions, rows, bounds, problems, warnings, setCount };
}

/** The max typed in every region of a row, or '' when the regions differ. */
export function rowMaxText(edits: BoundEdits, type: string, regions: readonly string[]): string {
  const texts = new Set(regions.map((r) => textAt(edits, type, r).max));
  return texts.size === 1 ? [...texts][0]! : '';
}

/** The edits with the same max typed in every region of a row. */
export function setRowMax(edits: BoundEdits, type: string, regions: readonly string[], max: string): BoundEdits {
  return regions.reduce((e, r) => setBoundText(e, type, r, { max }), edits);
}

/** A grid field's key: `type/region/min` or `type/region/max`. */
export const cellKey = (type: string, region: string, field: string) => `${type}/${region}/${field}`;

const FIELD_LABELS: Record<string, string> = {
  budget: 'Budget',
  objective: 'Objective',
  trials: 'Trials',
  final_trials: 'Trials',
  max_evaluations: 'Most designs to try',
  seed: 'Seed',
  patterns: 'Pattern intensities',
};

const BOUND_PATH = /^bounds\[(\d+)\](?:\.(\w+))?$/;

/** Where a core problem about the request points in the grid, when it is about a bound. */
export function boundOfProblem(path: string, sent: readonly Bound[]): { bound: Bound; field: string | null } | null {
  const m = BOUND_PATH.exec(path);
  const bound = m ? sent[Number(m[1])] : undefined;
  return m && bound ? { bound, field: m[2] ?? null } : null;
}

/** A core problem about the request in words: the cell it names, not `bounds[2].max`. */
export function describeProblem(p: Problem, sent: readonly Bound[], model: MarketModelDoc): string {
  const at = boundOfProblem(p.path, sent);
  if (at) {
    const type = model.partner_types.find((t) => t.id === at.bound.partner_type)?.name ?? at.bound.partner_type;
    const region = model.market.regions.find((r) => r.id === at.bound.region)?.name ?? at.bound.region;
    const field = at.field === 'min' || at.field === 'max' ? `, ${at.field}` : '';
    return `${type} · ${region}${field}: ${p.message}`;
  }
  const label = FIELD_LABELS[p.path];
  return label ? `${label}: ${p.message}` : p.path ? `${p.path}: ${p.message}` : p.message;
}
