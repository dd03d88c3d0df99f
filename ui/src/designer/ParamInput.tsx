// One uncertain number of a document: a plain number, or a distribution (normal, lognormal,
// beta, triangular, PERT, uniform) with its parameters and a small picture of its shape.
// Switching keeps the value a person had in mind: a number becomes a distribution around it,
// a distribution its central value.
import { useId } from 'react';
import type { Dist, Param } from '../api/bindings';
import { FieldError } from '../common/FieldError';
import { NumberField } from '../common/NumberField';
import { DIST_FIELDS, DIST_KINDS, DIST_LABELS, convertParam, densityCurve, densityPath, type DistKind } from './density';
import { DocNumberField, useProblemsAt } from './ProblemsContext';

interface Props {
  value: Param;
  onChange: (value: Param) => void;
  /** Document path of the parameter, e.g. `market.segments[0].buy_rate`. */
  path: string;
  label: string;
  /** A reading aid for the central value ("$12.0K", "5.5%"). */
  hint?: (value: number) => string;
}

const W = 96;
const H = 28;

export function DensityPreview({ dist }: { dist: Dist }) {
  const points = densityCurve(dist);
  if (!points) {
    return (
      <span className="density density-empty" title="These parameters do not describe a distribution">
        —
      </span>
    );
  }
  return (
    <svg className="density" width={W} height={H} viewBox={`0 0 ${W} ${H}`} role="img" aria-label={`Shape of the ${DIST_LABELS[dist.dist]} distribution`}>
      <path d={densityPath(points, W, H)} />
    </svg>
  );
}

export function ParamInput({ value, onChange, path, label, hint }: Props) {
  const own = useProblemsAt(path);
  const id = useId();
  const kind: DistKind | 'number' = typeof value === 'number' ? 'number' : value.dist;

  return (
    <div className={`param-input${own.length ? ' has-error' : ''}`} data-path={path}>
      <div className="param-row">
        <select
          id={id}
          aria-label={`${label}: number or distribution`}
          value={kind}
          onChange={(e) => onChange(convertParam(value, e.target.value as DistKind | 'number'))}
        >
          <option value="number">Number</option>
          {DIST_KINDS.map((k) => (
            <option key={k} value={k}>
              {DIST_LABELS[k]}
            </option>
          ))}
        </select>
        {typeof value === 'number' ? (
          <NumberField value={value} onCommit={onChange} label={label} invalid={own.length > 0} hint={hint?.(value)} />
        ) : (
          <DistFields dist={value} onChange={onChange} path={path} label={label} />
        )}
      </div>
      <FieldError messages={own} />
    </div>
  );
}

function DistFields({ dist, onChange, path, label }: { dist: Dist; onChange: (d: Dist) => void; path: string; label: string }) {
  const fields = DIST_FIELDS[dist.dist] as { key: string; label: string }[];
  return (
    <>
      {fields.map((f) => (
        <DistField
          key={f.key}
          value={(dist as unknown as Record<string, number>)[f.key] ?? 0}
          label={f.label}
          fullLabel={`${label} ${f.label}`}
          path={`${path}.${f.key}`}
          onCommit={(v) => onChange({ ...dist, [f.key]: v } as Dist)}
        />
      ))}
      <DensityPreview dist={dist} />
    </>
  );
}

function DistField(props: { value: number; label: string; fullLabel: string; path: string; onCommit: (v: number) => void }) {
  return (
    <span className="dist-field">
      <span className="dist-field-label">{props.label}</span>
      <DocNumberField path={props.path} value={props.value} onCommit={props.onCommit} label={props.fullLabel} className="narrow" />
    </span>
  );
}
