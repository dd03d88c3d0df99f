import { describe, expect, it } from 'vitest';
import { model, scenario } from '../../test/fixtures';
import { boxExit, circleLayout, collaborationGraph, edgeGeometry, partnersByType } from './graph';

describe('collaboration graph', () => {
  it('places types evenly on a circle, the first at the top', () => {
    const pts = circleLayout(4, 100);
    expect(pts[0]!.x).toBeCloseTo(0);
    expect(pts[0]!.y).toBeCloseTo(-100);
    expect(pts[1]!.x).toBeCloseTo(100);
    expect(pts[2]!.y).toBeCloseTo(100);
    for (const p of circleLayout(7, 50)) expect(Math.hypot(p.x, p.y)).toBeCloseTo(50);
  });

  it('counts starting partners and planned recruits per type', () => {
    expect(partnersByType(scenario)).toEqual({ reseller: 118 + 16 + 2, referral_partner: 9 });
  });

  it('has a node per model type and an edge per enabled pattern', () => {
    const g = collaborationGraph(model, scenario, { onlyInDesign: false, selected: null });
    expect(g.nodes.map((n) => n.id)).toEqual(['reseller', 'referral_partner', 'marketplace']);
    expect(g.nodes.find((n) => n.id === 'marketplace')!.data.inDesign).toBe(false);
    expect(g.edges).toHaveLength(1);
    expect(g.edges[0]).toMatchObject({ id: 'ref', source: 'referral_partner', target: 'reseller', data: { kind: 'referral', intensity: 1.5, offset: 0, labelAt: 0.5 } });
  });

  it('leaves out patterns switched off or at intensity 0', () => {
    const doc = { ...scenario, patterns: { ref: 0, mkt: 2 } };
    const g = collaborationGraph(model, doc, { onlyInDesign: false, selected: 'mkt' });
    expect(g.edges.map((e) => e.id)).toEqual(['mkt']);
    expect(g.edges[0]!.selected).toBe(true);
  });

  it('shows only types in the design, or linked by an enabled pattern, when asked', () => {
    expect(collaborationGraph(model, scenario, { onlyInDesign: true, selected: null }).nodes.map((n) => n.id)).toEqual(['reseller', 'referral_partner']);
    const linked = { ...scenario, patterns: { mkt: 1 } };
    expect(collaborationGraph(model, linked, { onlyInDesign: true, selected: null }).nodes.map((n) => n.id)).toContain('marketplace');
  });

  it('bends parallel patterns between the same two types apart', () => {
    const doc = { ...scenario, patterns: { mkt: 1, cosell: 1 } };
    const [a, b] = collaborationGraph(model, doc, { onlyInDesign: false, selected: null }).edges;
    expect(a!.data!.offset).not.toBe(0);
    expect(a!.data!.offset).toBe(-b!.data!.offset);
    expect(a!.data!.labelAt).not.toBe(b!.data!.labelAt);
  });

  it('keeps positions a person dragged nodes to', () => {
    const g = collaborationGraph(model, scenario, { onlyInDesign: false, selected: null, positions: { reseller: { x: 5, y: 6 } } });
    expect(g.nodes[0]!.position).toEqual({ x: 5, y: 6 });
  });
});

describe('edge geometry', () => {
  it('leaves a box on its border towards the other end', () => {
    expect(boxExit({ x: 0, y: 0 }, 100, 40, { x: 200, y: 0 })).toEqual({ x: 50, y: 0 });
    expect(boxExit({ x: 0, y: 0 }, 100, 40, { x: 0, y: -200 })).toEqual({ x: 0, y: -20 });
  });

  it('draws a straight edge between the borders of two boxes', () => {
    const { path, label } = edgeGeometry({ x: 0, y: 0 }, { x: 300, y: 0 }, { w: 100, h: 40 }, 0);
    expect(path).toBe('M50.0,0.0 Q150.0,0.0 250.0,0.0');
    expect(label).toEqual({ x: 150, y: 0 });
  });

  it('bends an edge to the side of its offset, the other way for a negative one', () => {
    const left = edgeGeometry({ x: 0, y: 0 }, { x: 300, y: 0 }, { w: 100, h: 40 }, 30).label;
    const right = edgeGeometry({ x: 0, y: 0 }, { x: 300, y: 0 }, { w: 100, h: 40 }, -30).label;
    expect(left.x).toBeCloseTo(150);
    expect(left.y).toBeGreaterThanOrEqual(30);
    expect(left.y).toBeLessThanOrEqual(60);
    expect(right.y).toBeCloseTo(-left.y);
  });

  it('puts a label the given share of the way along the edge', () => {
    const { label } = edgeGeometry({ x: 0, y: 0 }, { x: 300, y: 0 }, { w: 100, h: 40 }, 0, 0.25);
    expect(label.x).toBeCloseTo(100);
  });
});
