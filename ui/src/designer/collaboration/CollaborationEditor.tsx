// The Collaboration tab: the graph of enabled patterns between partner types and the table of
// every pattern the model offers. Both edit the same `doc.patterns`: switching a row on,
// dragging from one type to another, or deleting a selected edge are the same edits.
import { useCallback, useMemo, useState } from 'react';
import {
  BaseEdge,
  Background,
  Controls,
  EdgeLabelRenderer,
  Handle,
  MarkerType,
  Position,
  ReactFlow,
  useInternalNode,
  type Connection,
  type EdgeChange,
  type EdgeProps,
  type NodeChange,
  type NodeProps,
} from '@xyflow/react';
import '@xyflow/react/dist/style.css';
import type { MarketModelDoc, ScenarioDoc } from '../../api/bindings';
import { integer } from '../../common/format';
import { PATTERN_KIND_LABELS } from '../../common/labels';
import { PATTERN_KIND_STYLE } from '../../common/palette';
import { useNotices } from '../../common/notices';
import { setPattern, type ScenarioEdit } from '../edits';
import { collaborationGraph, edgeGeometry, enabledIntensity, NODE_HEIGHT, NODE_WIDTH, type PatternEdge, type TypeNode } from './graph';
import { PatternTable } from './PatternTable';

interface Props {
  doc: ScenarioDoc;
  model: MarketModelDoc;
  onEdit: ScenarioEdit;
}

function PartnerTypeNode({ data }: NodeProps<TypeNode>) {
  return (
    <div className={`type-node${data.inDesign ? '' : ' type-node-idle'}`} style={{ width: NODE_WIDTH, height: NODE_HEIGHT }}>
      <Handle type="target" position={Position.Top} className="type-handle" />
      <div className="type-node-name">{data.name}</div>
      <div className="type-node-count">{data.partners > 0 ? `${integer(data.partners)} partners` : 'none in the design'}</div>
      <Handle type="source" position={Position.Bottom} className="type-handle" />
    </div>
  );
}

function center(n: ReturnType<typeof useInternalNode>) {
  if (!n) return null;
  const w = n.measured.width ?? NODE_WIDTH;
  const h = n.measured.height ?? NODE_HEIGHT;
  return { x: n.internals.positionAbsolute.x + w / 2, y: n.internals.positionAbsolute.y + h / 2, w, h };
}

function PatternEdgeView({ id, source, target, data, selected, markerEnd }: EdgeProps<PatternEdge>) {
  const s = center(useInternalNode(source));
  const t = center(useInternalNode(target));
  if (!s || !t || !data) return null;
  const { path, label } = edgeGeometry(s, t, { w: s.w + 8, h: s.h + 8 }, data.offset, data.labelAt);
  const style = PATTERN_KIND_STYLE[data.kind];
  return (
    <>
      <BaseEdge
        id={id}
        path={path}
        markerEnd={markerEnd}
        interactionWidth={16}
        style={{ stroke: style.color, strokeWidth: selected ? 3.5 : 2, strokeDasharray: style.dash }}
      />
      <EdgeLabelRenderer>
        <div
          className={`edge-label${selected ? ' edge-label-selected' : ''}`}
          style={{ transform: `translate(-50%, -50%) translate(${label.x}px, ${label.y}px)` }}
          title={data.name}
        >
          {PATTERN_KIND_LABELS[data.kind]} ×{data.intensity}
        </div>
      </EdgeLabelRenderer>
    </>
  );
}

const nodeTypes = { partnerType: PartnerTypeNode };
const edgeTypes = { pattern: PatternEdgeView };

export function CollaborationEditor({ doc, model, onEdit }: Props) {
  const notices = useNotices();
  const [selected, setSelected] = useState<string | null>(null);
  const [onlyInDesign, setOnlyInDesign] = useState(false);
  const [positions, setPositions] = useState<Record<string, { x: number; y: number }>>({});

  const graph = useMemo(() => collaborationGraph(model, doc, { onlyInDesign, selected, positions }), [model, doc, onlyInDesign, selected, positions]);
  const edges = useMemo(
    () =>
      graph.edges.map((e) => ({
        ...e,
        markerEnd: { type: MarkerType.ArrowClosed, color: PATTERN_KIND_STYLE[e.data!.kind].color, width: 18, height: 18 },
      })),
    [graph.edges],
  );

  const onNodesChange = useCallback((changes: NodeChange<TypeNode>[]) => {
    const moved = changes.filter((c) => c.type === 'position' && c.position);
    if (moved.length === 0) return;
    setPositions((p) => {
      const next = { ...p };
      for (const c of moved) if (c.type === 'position' && c.position) next[c.id] = c.position;
      return next;
    });
  }, []);

  const onEdgesChange = useCallback(
    (changes: EdgeChange<PatternEdge>[]) => {
      for (const c of changes) {
        if (c.type === 'select') setSelected((s) => (c.selected ? c.id : s === c.id ? null : s));
        if (c.type === 'remove') onEdit(null, (d) => setPattern(d, c.id, null));
      }
    },
    [onEdit],
  );

  const onConnect = useCallback(
    (c: Connection) => {
      const candidates = model.patterns.filter((p) => p.from === c.source && p.to === c.target);
      const off = candidates.find((p) => enabledIntensity(doc, p.id) === null);
      const name = (id: string) => model.partner_types.find((t) => t.id === id)?.name ?? id;
      if (candidates.length === 0) {
        notices.info(`The market model has no collaboration pattern from ${name(c.source)} to ${name(c.target)}.`);
      } else if (!off) {
        notices.info(`Every pattern from ${name(c.source)} to ${name(c.target)} is already enabled.`);
      } else {
        onEdit(null, (d) => setPattern(d, off.id, 1));
        setSelected(off.id);
      }
    },
    [model, doc, onEdit, notices],
  );

  return (
    <section className="panel collaboration">
      <div className="collaboration-graph">
        <div className="graph-toolbar">
          <label className="check">
            <input type="checkbox" checked={onlyInDesign} onChange={(e) => setOnlyInDesign(e.target.checked)} />
            Only partner types in the design
          </label>
          <span className="muted">Drag from a type’s lower dot to another type to enable a pattern; select an edge and press Delete to remove it.</span>
        </div>
        <div className="graph-canvas" data-testid="collaboration-graph">
          <ReactFlow
            key={onlyInDesign ? 'design' : 'all'}
            nodes={graph.nodes}
            edges={edges}
            nodeTypes={nodeTypes}
            edgeTypes={edgeTypes}
            onNodesChange={onNodesChange}
            onEdgesChange={onEdgesChange}
            onEdgeClick={(_, e) => setSelected(e.id)}
            onPaneClick={() => setSelected(null)}
            onConnect={onConnect}
            deleteKeyCode={['Delete', 'Backspace']}
            fitView
            fitViewOptions={{ padding: 0.06 }}
            minZoom={0.3}
            maxZoom={2}
            proOptions={{ hideAttribution: true }}
          >
            <Background gap={24} color="#e6e9ee" />
            <Controls showInteractive={false} />
          </ReactFlow>
        </div>
        <Legend />
      </div>
      <PatternTable doc={doc} model={model} onEdit={onEdit} selected={selected} onSelect={setSelected} />
    </section>
  );
}

function Legend() {
  return (
    <ul className="graph-legend" aria-label="Pattern kinds">
      {Object.entries(PATTERN_KIND_STYLE).map(([kind, style]) => (
        <li key={kind}>
          <svg width="34" height="10" aria-hidden="true">
            <line x1="1" y1="5" x2="33" y2="5" stroke={style.color} strokeWidth="2.5" strokeDasharray={style.dash} />
          </svg>
          {PATTERN_KIND_LABELS[kind as keyof typeof PATTERN_KIND_LABELS]}
        </li>
      ))}
    </ul>
  );
}
