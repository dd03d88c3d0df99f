// Every collaboration pattern the market model offers, each with an on/off switch and its
// intensity (a multiplier on links and cost, 0–10). On sets intensity 1; off removes it.
import { useEffect, useRef } from 'react';
import type { MarketModelDoc, ScenarioDoc } from '../../api/bindings';
import { PATTERN_KIND_LABELS } from '../../common/labels';
import { Switch } from '../../common/Switch';
import { DocNumberField } from '../ProblemsContext';
import { setPattern, type ScenarioEdit } from '../edits';
import { enabledIntensity } from './graph';

interface Props {
  doc: ScenarioDoc;
  model: MarketModelDoc;
  onEdit: ScenarioEdit;
  selected: string | null;
  onSelect: (id: string | null) => void;
}

export function PatternTable({ doc, model, onEdit, selected, onSelect }: Props) {
  const typeName = (id: string) => model.partner_types.find((t) => t.id === id)?.name ?? id;
  return (
    <div className="pattern-table-wrap">
      <table className="grid-table pattern-table">
        <thead>
          <tr>
            <th scope="col">On</th>
            <th scope="col">Pattern</th>
            <th scope="col">Intensity</th>
          </tr>
        </thead>
        <tbody>
          {model.patterns.map((p) => (
            <PatternRow
              key={p.id}
              id={p.id}
              name={p.name}
              detail={`${PATTERN_KIND_LABELS[p.kind]} · ${typeName(p.from)} → ${typeName(p.to)}`}
              description={p.description}
              doc={doc}
              onEdit={onEdit}
              selected={selected === p.id}
              onSelect={() => onSelect(p.id)}
            />
          ))}
        </tbody>
      </table>
    </div>
  );
}

function PatternRow(props: {
  id: string;
  name: string;
  detail: string;
  description?: string;
  doc: ScenarioDoc;
  onEdit: ScenarioEdit;
  selected: boolean;
  onSelect: () => void;
}) {
  const { id, doc, onEdit } = props;
  const path = `patterns.${id}`;
  const raw = doc.patterns[id];
  const on = enabledIntensity(doc, id) !== null;
  const row = useRef<HTMLTableRowElement>(null);
  useEffect(() => {
    if (props.selected) row.current?.scrollIntoView?.({ block: 'nearest' });
  }, [props.selected]);

  return (
    <tr ref={row} className={props.selected ? 'selected' : undefined} onClick={props.onSelect} data-testid={`pattern-row-${id}`}>
      <td>
        <Switch
          checked={on}
          label={`Enable ${props.name}`}
          testId={`pattern-switch-${id}`}
          onChange={(v) => onEdit(null, (d) => setPattern(d, id, v ? 1 : null))}
        />
      </td>
      <td>
        <div className="pattern-name" title={props.description}>
          {props.name}
        </div>
        <div className="muted small">{props.detail}</div>
      </td>
      <td className="intensity">
        {raw !== undefined ? (
          <>
            <div className="row tight">
              <input
                type="range"
                min={0}
                max={10}
                step={0.1}
                value={Math.min(10, Math.max(0, raw))}
                aria-label={`Intensity of ${props.name} (slider)`}
                onChange={(e) => onEdit(path, (d) => setPattern(d, id, Number(e.target.value)))}
              />
              <DocNumberField
                path={path}
                value={raw}
                label={`Intensity of ${props.name}`}
                testId={`pattern-intensity-${id}`}
                className="narrow"
                onCommit={(v) => onEdit(path, (d) => setPattern(d, id, v))}
              />
            </div>
          </>
        ) : (
          <span className="muted">off</span>
        )}
      </td>
    </tr>
  );
}
