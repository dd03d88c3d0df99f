// The edits a person makes to a scenario, as pure functions from a document to the next one
// (never mutating: the undo history keeps the old documents). Editors call these; so do tests.
import type { CorrelationDoc, Kpis, MarketModelDoc, RecruitmentDoc, ScenarioDoc, TargetMetric } from '../api/bindings';

/**
 * How editors apply an edit: `key` names the field being typed into, so keystrokes in one
 * field coalesce into one undo step; null for discrete edits (a switch, adding a row).
 */
export type ScenarioEdit = (key: string | null, update: (doc: ScenarioDoc) => ScenarioDoc) => void;
export type ModelEdit = (key: string | null, update: (doc: MarketModelDoc) => MarketModelDoc) => void;

/** Partners of `type` starting in `region` (0 where the document says nothing). */
export function partnersAt(doc: ScenarioDoc, type: string, region: string): number {
  return doc.composition[type]?.[region] ?? 0;
}

export function setComposition(doc: ScenarioDoc, type: string, region: string, n: number): ScenarioDoc {
  if (partnersAt(doc, type, region) === n && doc.composition[type]?.[region] !== undefined) return doc;
  return { ...doc, composition: { ...doc.composition, [type]: { ...doc.composition[type], [region]: n } } };
}

export interface CompositionTotals {
  byType: Record<string, number>;
  byRegion: Record<string, number>;
  total: number;
}

/** Row (type), column (region) and grand totals of the starting composition over the model's grid. */
export function compositionTotals(doc: ScenarioDoc, types: readonly string[], regions: readonly string[]): CompositionTotals {
  const byType: Record<string, number> = {};
  const byRegion: Record<string, number> = Object.fromEntries(regions.map((r) => [r, 0]));
  let total = 0;
  for (const t of types) {
    let row = 0;
    for (const r of regions) {
      const n = partnersAt(doc, t, r);
      row += n;
      byRegion[r] = (byRegion[r] ?? 0) + n;
    }
    byType[t] = row;
    total += row;
  }
  return { byType, byRegion, total };
}

/** Enable a pattern at `intensity`, or switch it off (remove its key) with null. */
export function setPattern(doc: ScenarioDoc, id: string, intensity: number | null): ScenarioDoc {
  if (intensity === null) {
    if (!(id in doc.patterns)) return doc;
    const { [id]: _removed, ...rest } = doc.patterns;
    return { ...doc, patterns: rest };
  }
  if (doc.patterns[id] === intensity) return doc;
  return { ...doc, patterns: { ...doc.patterns, [id]: intensity } };
}

/** Adopt or drop a governance policy. */
export function setPolicy(doc: ScenarioDoc, id: string, adopted: boolean): ScenarioDoc {
  const has = doc.governance.includes(id);
  if (has === adopted) return doc;
  return { ...doc, governance: adopted ? [...doc.governance, id] : doc.governance.filter((g) => g !== id) };
}

export function addRecruitment(doc: ScenarioDoc, row: RecruitmentDoc): ScenarioDoc {
  return { ...doc, recruitment: [...doc.recruitment, row] };
}

export function updateRecruitment(doc: ScenarioDoc, index: number, patch: Partial<RecruitmentDoc>): ScenarioDoc {
  return { ...doc, recruitment: doc.recruitment.map((r, i) => (i === index ? { ...r, ...patch } : r)) };
}

export function removeRecruitment(doc: ScenarioDoc, index: number): ScenarioDoc {
  return { ...doc, recruitment: doc.recruitment.filter((_, i) => i !== index) };
}

/** The rank correlation a new row starts at: a moderate "moves together". */
export const NEW_CORRELATION = 0.3;

/** The scenario's correlations (the document leaves the list out when it is empty). */
export function correlationsOf(doc: ScenarioDoc): CorrelationDoc[] {
  return doc.correlations ?? [];
}

/** `doc` with `list` as its correlations; an empty list is left out, as the core stores it. */
function withCorrelations(doc: ScenarioDoc, list: CorrelationDoc[]): ScenarioDoc {
  if (list.length > 0) return { ...doc, correlations: list };
  const { correlations: _removed, ...rest } = doc;
  return rest;
}

/**
 * The inputs of a new correlation: the first two distinct uncertain inputs, or the first pair
 * (in the model's order) the scenario does not list yet. Null with fewer than two inputs.
 */
export function nextCorrelationPair(doc: ScenarioDoc, inputs: readonly string[]): [string, string] | null {
  if (inputs.length < 2) return null;
  const listed = new Set(correlationsOf(doc).flatMap((c) => [`${c.a}\n${c.b}`, `${c.b}\n${c.a}`]));
  for (let i = 0; i < inputs.length; i++) {
    for (let j = i + 1; j < inputs.length; j++) {
      if (!listed.has(`${inputs[i]}\n${inputs[j]}`)) return [inputs[i]!, inputs[j]!];
    }
  }
  return [inputs[0]!, inputs[1]!];
}

export function addCorrelation(doc: ScenarioDoc, row: CorrelationDoc): ScenarioDoc {
  return withCorrelations(doc, [...correlationsOf(doc), row]);
}

export function updateCorrelation(doc: ScenarioDoc, index: number, patch: Partial<CorrelationDoc>): ScenarioDoc {
  const list = correlationsOf(doc);
  const row = list[index];
  if (!row || Object.entries(patch).every(([k, v]) => row[k as keyof CorrelationDoc] === v)) return doc;
  return withCorrelations(doc, list.map((c, i) => (i === index ? { ...c, ...patch } : c)));
}

export function removeCorrelation(doc: ScenarioDoc, index: number): ScenarioDoc {
  const list = correlationsOf(doc);
  if (index < 0 || index >= list.length) return doc;
  return withCorrelations(doc, list.filter((_, i) => i !== index));
}

/** Partners added in each quarter 1..horizon by the recruitment plan. */
export function recruitsPerQuarter(doc: ScenarioDoc): number[] {
  const h = Math.max(0, Math.floor(doc.horizon_quarters) || 0);
  const out = new Array<number>(h).fill(0);
  for (const r of doc.recruitment) {
    const to = r.to_quarter ?? r.from_quarter;
    for (let q = Math.max(1, r.from_quarter); q <= Math.min(h, to); q++) out[q - 1] = (out[q - 1] ?? 0) + r.per_quarter;
  }
  return out;
}

/**
 * A starting value for a new target: the forecast's current median of the metric, rounded to
 * two significant figures (so P(target) starts near 50 %), or a round figure without one.
 */
export function suggestedTarget(metric: TargetMetric, kpis: Kpis | null): number {
  const p50 = kpis?.[metric]?.p50;
  if (p50 === undefined || !Number.isFinite(p50) || p50 === 0) return metric === 'coverage_final' ? 0.25 : 1_000_000;
  return Number(p50.toPrecision(2));
}

/** One step of a path into a document: an object key or an array index. */
export type DocKey = string | number;

/**
 * `obj` with the value at `path` replaced, copying only the objects and arrays on the way
 * (for the market model editor, whose fields sit deep in the document).
 */
export function setIn<T>(obj: T, path: readonly DocKey[], value: unknown): T {
  if (path.length === 0) return value as T;
  const [head, ...rest] = path as [DocKey, ...DocKey[]];
  const container = obj as unknown as Record<DocKey, unknown> | unknown[];
  const child = (container as Record<DocKey, unknown>)[head];
  const next = setIn(child, rest, value);
  if (next === child) return obj;
  if (Array.isArray(container)) {
    const copy = container.slice();
    copy[head as number] = next;
    return copy as unknown as T;
  }
  return { ...(container as Record<DocKey, unknown>), [head]: next } as T;
}

/** The document path of a key path, as the core writes it: `market.segments[0].buy_rate`. */
export function pathString(path: readonly DocKey[]): string {
  return path.reduce<string>((s, k) => (typeof k === 'number' ? `${s}[${k}]` : s ? `${s}.${k}` : k), '');
}

/** Run a partner program at `level`, or stop it (remove its key) with 0 or null. */
export function setProgram(doc: ScenarioDoc, id: string, level: number | null): ScenarioDoc {
  const programs = doc.programs ?? {};
  if (level === null || level === 0) {
    if (!(id in programs)) return doc;
    const { [id]: _removed, ...rest } = programs;
    return { ...doc, programs: rest };
  }
  if (programs[id] === level) return doc;
  return { ...doc, programs: { ...programs, [id]: level } };
}

/** A program's share of its effect at saturation at `level`: L / (L + half) — the core's
 *  `Program::saturation`, for the live curve as a level is dragged; `rules.json` pins the two together. */
export function programSaturation(level: number, half: number): number {
  return level > 0 && half > 0 ? level / (level + half) : 0;
}
