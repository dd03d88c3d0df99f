// The collaboration graph as React Flow draws it, computed from the documents: partner types
// as nodes on a circle, each enabled pattern (intensity > 0) an edge from its `from` type to
// its `to` type. Parallel patterns between the same two types bend apart so each stays
// visible and clickable. Pure, so the picture is tested without a browser.
import type { Edge, Node } from '@xyflow/react';
import type { MarketModelDoc, PatternKind, ScenarioDoc } from '../../api/bindings';

export interface TypeNodeData extends Record<string, unknown> {
  name: string;
  /** Starting partners plus planned recruits. */
  partners: number;
  inDesign: boolean;
}

export interface PatternEdgeData extends Record<string, unknown> {
  name: string;
  kind: PatternKind;
  intensity: number;
  /** Sideways bend of the edge in pixels (0: straight). */
  offset: number;
  /** Where along the edge its label sits (0..1): parallel edges stagger their labels. */
  labelAt: number;
}

export type TypeNode = Node<TypeNodeData, 'partnerType'>;
export type PatternEdge = Edge<PatternEdgeData, 'pattern'>;

export const NODE_WIDTH = 164;
export const NODE_HEIGHT = 56;
const PARALLEL_GAP = 44;

/** `n` points evenly on a circle, the first at the top, clockwise. */
export function circleLayout(n: number, radius: number, cx = 0, cy = 0): { x: number; y: number }[] {
  return Array.from({ length: n }, (_, i) => {
    const a = -Math.PI / 2 + (2 * Math.PI * i) / Math.max(n, 1);
    return { x: cx + radius * Math.cos(a), y: cy + radius * Math.sin(a) };
  });
}

/** Partners of each type in the design: the starting composition plus the recruitment plan. */
export function partnersByType(doc: ScenarioDoc): Record<string, number> {
  const out: Record<string, number> = {};
  for (const [type, row] of Object.entries(doc.composition)) {
    out[type] = (out[type] ?? 0) + Object.values(row).reduce((a, b) => a + b, 0);
  }
  for (const r of doc.recruitment) {
    const quarters = Math.max(0, (r.to_quarter ?? r.from_quarter) - r.from_quarter + 1);
    out[r.partner_type] = (out[r.partner_type] ?? 0) + quarters * r.per_quarter;
  }
  return out;
}

export const enabledIntensity = (doc: ScenarioDoc, id: string) => {
  const v = doc.patterns[id];
  return v !== undefined && v > 0 ? v : null;
};

export function collaborationGraph(
  model: MarketModelDoc,
  doc: ScenarioDoc,
  options: { onlyInDesign: boolean; selected: string | null; positions?: Record<string, { x: number; y: number }> },
): { nodes: TypeNode[]; edges: PatternEdge[] } {
  const partners = partnersByType(doc);
  const enabled = model.patterns.filter((p) => enabledIntensity(doc, p.id) !== null);
  const linked = new Set(enabled.flatMap((p) => [p.from, p.to]));
  const types = model.partner_types.filter((t) => !options.onlyInDesign || (partners[t.id] ?? 0) > 0 || linked.has(t.id));

  const radius = Math.max(150, (types.length * (NODE_WIDTH + 12)) / (2 * Math.PI));
  const at = circleLayout(types.length, radius);
  const nodes: TypeNode[] = types.map((t, i) => ({
    id: t.id,
    type: 'partnerType',
    position: options.positions?.[t.id] ?? { x: at[i]!.x - NODE_WIDTH / 2, y: at[i]!.y - NODE_HEIGHT / 2 },
    data: { name: t.name, partners: partners[t.id] ?? 0, inDesign: (partners[t.id] ?? 0) > 0 },
    width: NODE_WIDTH,
    height: NODE_HEIGHT,
  }));
  const shown = new Set(types.map((t) => t.id));

  // Parallel edges: patterns joining the same two types (either direction) share a group and
  // are spread symmetrically around the straight line between them.
  const groups = new Map<string, string[]>();
  const pairKey = (a: string, b: string) => (a < b ? `${a}\u0000${b}` : `${b}\u0000${a}`);
  for (const p of enabled) {
    const k = pairKey(p.from, p.to);
    groups.set(k, [...(groups.get(k) ?? []), p.id]);
  }

  const edges: PatternEdge[] = enabled
    .filter((p) => shown.has(p.from) && shown.has(p.to))
    .map((p) => {
      const group = groups.get(pairKey(p.from, p.to)) ?? [p.id];
      const i = group.indexOf(p.id);
      const centred = (i - (group.length - 1) / 2) * PARALLEL_GAP;
      // Spread along the normal of the canonical direction (lower id → higher id); an edge
      // running the other way has the opposite normal, so its own offset is negated.
      const offset = p.from < p.to ? centred : -centred;
      const labelAt = 0.5 + (i - (group.length - 1) / 2) * 0.22;
      return {
        id: p.id,
        source: p.from,
        target: p.to,
        type: 'pattern',
        selected: options.selected === p.id,
        data: { name: p.name, kind: p.kind, intensity: enabledIntensity(doc, p.id) ?? 0, offset, labelAt },
      };
    });

  return { nodes, edges };
}

export interface Point {
  x: number;
  y: number;
}

/** Where the segment from the centre of a `w` × `h` box towards `to` leaves the box. */
export function boxExit(center: Point, w: number, h: number, to: Point): Point {
  const dx = to.x - center.x;
  const dy = to.y - center.y;
  if (dx === 0 && dy === 0) return center;
  const t = Math.min(dx !== 0 ? w / 2 / Math.abs(dx) : Infinity, dy !== 0 ? h / 2 / Math.abs(dy) : Infinity, 1);
  return { x: center.x + dx * t, y: center.y + dy * t };
}

/**
 * The path of an edge between two boxes: a quadratic curve whose middle lies `offset` pixels
 * to the left of the straight line (in the edge's own direction), trimmed to the boxes'
 * borders, and the point `labelAt` of the way along it for the label.
 */
export function edgeGeometry(source: Point, target: Point, size: { w: number; h: number }, offset: number, labelAt = 0.5): { path: string; label: Point } {
  const dx = target.x - source.x;
  const dy = target.y - source.y;
  const len = Math.hypot(dx, dy) || 1;
  const nx = -dy / len;
  const ny = dx / len;
  // A quadratic curve's middle is halfway to its control point: bend the control twice as far.
  const control = { x: (source.x + target.x) / 2 + nx * offset * 2, y: (source.y + target.y) / 2 + ny * offset * 2 };
  const start = boxExit(source, size.w, size.h, control);
  const end = boxExit(target, size.w, size.h, control);
  const t = labelAt;
  const [a, b, c] = [(1 - t) * (1 - t), 2 * (1 - t) * t, t * t];
  const label = { x: a * start.x + b * control.x + c * end.x, y: a * start.y + b * control.y + c * end.y };
  const f = (p: Point) => `${p.x.toFixed(1)},${p.y.toFixed(1)}`;
  return { path: `M${f(start)} Q${f(control)} ${f(end)}`, label };
}
