// The recommended design against the original: partners per type and region with changed
// cells marked, and the collaboration patterns whose intensity changed.
import type { MarketModelDoc, ScenarioDoc } from '../api/bindings';

export interface CompositionCell {
  region: string;
  before: number;
  after: number;
  changed: boolean;
}

export interface CompositionRow {
  id: string;
  name: string;
  cells: CompositionCell[];
}

export function compositionDiff(original: ScenarioDoc, recommended: ScenarioDoc, model: MarketModelDoc): { regions: { id: string; name: string }[]; rows: CompositionRow[] } {
  const regions = model.market.regions.map((r) => ({ id: r.id, name: r.name }));
  const count = (doc: ScenarioDoc, t: string, r: string) => doc.composition[t]?.[r] ?? 0;
  const rows = model.partner_types.map((t) => ({
    id: t.id,
    name: t.name,
    cells: regions.map((r) => {
      const before = count(original, t.id, r.id);
      const after = count(recommended, t.id, r.id);
      return { region: r.id, before, after, changed: before !== after };
    }),
  }));
  return { regions, rows };
}

export interface PatternChange {
  id: string;
  name: string;
  before: number;
  after: number;
}

export function patternChanges(original: ScenarioDoc, recommended: ScenarioDoc, model: MarketModelDoc): PatternChange[] {
  const ids = [...new Set([...Object.keys(original.patterns), ...Object.keys(recommended.patterns)])];
  const order = (id: string) => {
    const i = model.patterns.findIndex((p) => p.id === id);
    return i < 0 ? Number.MAX_SAFE_INTEGER : i;
  };
  return ids
    .map((id) => ({ id, name: model.patterns.find((p) => p.id === id)?.name ?? id, before: original.patterns[id] ?? 0, after: recommended.patterns[id] ?? 0 }))
    .filter((c) => c.before !== c.after)
    .sort((a, b) => order(a.id) - order(b.id));
}

/** Partner program levels the recommendation changes, in the model's order. */
export function programChanges(original: ScenarioDoc, recommended: ScenarioDoc, model: MarketModelDoc): PatternChange[] {
  const before = original.programs ?? {};
  const after = recommended.programs ?? {};
  return (model.programs ?? [])
    .map((p) => ({ id: p.id, name: p.name, before: before[p.id] ?? 0, after: after[p.id] ?? 0 }))
    .filter((c) => c.before !== c.after);
}
