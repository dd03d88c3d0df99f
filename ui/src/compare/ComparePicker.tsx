// Pick two to four scenarios to compare, in order: the first ticked is the baseline the others
// are measured against.
import { useEffect, useState } from 'react';
import { api, toAppError } from '../api';
import type { ScenarioInfo } from '../api/bindings';
import { Modal } from '../common/Modal';

export const MIN_COMPARED = 2;
export const MAX_COMPARED = 4;

interface Props {
  onCompare: (ids: number[]) => void;
  onClose: () => void;
}

export function ComparePicker({ onCompare, onClose }: Props) {
  const [scenarios, setScenarios] = useState<ScenarioInfo[] | null>(null);
  const [error, setError] = useState<string | null>(null);
  const [picked, setPicked] = useState<number[]>([]);

  useEffect(() => {
    let live = true;
    api
      .listScenarios('', false)
      .then((l) => live && setScenarios(l))
      .catch((e) => live && setError(toAppError(e).message));
    return () => {
      live = false;
    };
  }, []);

  const toggle = (id: number) => setPicked((p) => (p.includes(id) ? p.filter((x) => x !== id) : p.length < MAX_COMPARED ? [...p, id] : p));
  const ok = picked.length >= MIN_COMPARED && picked.length <= MAX_COMPARED;

  return (
    <Modal
      title="Compare scenarios"
      onClose={onClose}
      testId="compare-picker"
      footer={
        <>
          <span className="muted small spacer">
            {picked.length} of {MIN_COMPARED}–{MAX_COMPARED} picked
          </span>
          <button type="button" onClick={onClose}>
            Cancel
          </button>
          <button type="button" className="primary" disabled={!ok} onClick={() => onCompare(picked)} data-testid="compare-start">
            Compare
          </button>
        </>
      }
    >
      <p className="muted">Tick two to four scenarios. The first you tick is the baseline the others are measured against.</p>
      {error && (
        <p className="field-error" data-testid="error-banner">
          {error}
        </p>
      )}
      {scenarios === null && !error && <p className="muted">Loading the library…</p>}
      <ul className="compare-pick-list">
        {scenarios?.map((s) => {
          const order = picked.indexOf(s.id);
          return (
            <li key={s.id}>
              <label className="check">
                <input type="checkbox" checked={order >= 0} disabled={order < 0 && picked.length >= MAX_COMPARED} onChange={() => toggle(s.id)} data-testid={`compare-pick-${s.slug}`} />
                {s.name}
                <span className="muted small"> · {s.model_name}</span>
                {order === 0 && <span className="badge">baseline</span>}
                {order > 0 && <span className="badge">{String.fromCharCode(65 + order)}</span>}
              </label>
            </li>
          );
        })}
      </ul>
    </Modal>
  );
}
