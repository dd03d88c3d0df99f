// The run dialog: trials, seed, horizon and sampling (the scenario's own by default), then a
// progress bar streamed from the core — trials done of total, trials per second, time left —
// with Cancel. A finished run opens its results. The scenario is saved first: a run always
// simulates a stored version, so its results can be reopened and traced.
import { useEffect, useReducer, useRef, useState } from 'react';
import { api, toAppError } from '../api';
import type { Sampling, ScenarioDoc } from '../api/bindings';
import { Modal } from '../common/Modal';
import { NumberField } from '../common/NumberField';
import { FieldError } from '../common/FieldError';
import { duration, integer } from '../common/format';
import { SAMPLING_LABELS } from '../common/labels';
import { fractionDone, runReducer } from './runState';

interface Props {
  scenarioId: number;
  doc: ScenarioDoc;
  /** Apply the horizon to the scenario and save it; false if it cannot be saved (invalid). */
  prepare: (horizon: number) => Promise<boolean>;
  onFinished: (runId: number) => void;
  onClose: () => void;
  /** Start at once with the scenario's settings (Ctrl+Enter). */
  autoStart?: boolean;
}

const MAX_TRIALS = 100_000_000;

export function RunDialog({ scenarioId, doc, prepare, onFinished, onClose, autoStart }: Props) {
  const [trials, setTrials] = useState(doc.simulation.trials);
  const [seed, setSeed] = useState(doc.simulation.seed);
  const [horizon, setHorizon] = useState(doc.horizon_quarters);
  const [sampling, setSampling] = useState<Sampling>(doc.simulation.sampling);
  /** Stop once mean total revenue is known to this relative standard error (null: run every trial). */
  const [precision, setPrecision] = useState<number | null>(null);
  const [state, dispatch] = useReducer(runReducer, { phase: 'idle' });
  const cancelAsked = useRef(false);
  const started = useRef(false);

  const problems = {
    trials: Number.isInteger(trials) && trials >= 1 && trials <= MAX_TRIALS ? [] : [`must be a whole number from 1 to ${integer(MAX_TRIALS)}`],
    seed: Number.isInteger(seed) && seed >= 0 && seed <= Number.MAX_SAFE_INTEGER ? [] : ['must be a whole number of 0 or more'],
    horizon: Number.isInteger(horizon) && horizon >= 1 ? [] : ['must be a whole number of quarters, 1 or more'],
    precision: precision === null || (precision > 0 && precision < 1) ? [] : ['must be a share between 0 % and 100 %'],
  };
  const formValid = Object.values(problems).every((p) => p.length === 0);
  const busy = state.phase === 'starting' || state.phase === 'running';

  const start = async () => {
    if (!formValid || busy || started.current) return;
    started.current = true;
    cancelAsked.current = false;
    dispatch({ type: 'start' });
    if (!(await prepare(horizon))) {
      started.current = false;
      dispatch({ type: 'error', message: 'The scenario could not be saved, so it cannot be run. Fix the fields marked in red (or see the message above) and start again.' });
      return;
    }
    try {
      const runId = await api.startRun(scenarioId, { trials, seed, sampling, horizon_quarters: null, precision }, (event) => dispatch({ type: 'event', event }));
      dispatch({ type: 'resolved', runId, cancelAsked: cancelAsked.current });
    } catch (e) {
      dispatch({ type: 'error', message: toAppError(e).message });
    } finally {
      started.current = false;
    }
  };

  const cancel = async () => {
    if (state.phase !== 'running') return;
    cancelAsked.current = true;
    try {
      await api.cancelRun(state.runId);
    } catch (e) {
      dispatch({ type: 'error', message: toAppError(e).message });
    }
  };

  useEffect(() => {
    if (state.phase === 'finished') onFinished(state.runId);
  }, [state, onFinished]);

  const autoStarted = useRef(false);
  useEffect(() => {
    if (autoStart && !autoStarted.current) {
      autoStarted.current = true;
      void start();
    }
  });

  const frac = fractionDone(state);
  const done = state.phase === 'running' || state.phase === 'cancelled' ? state.done : state.phase === 'finished' ? state.total : 0;
  const total = state.phase === 'running' || state.phase === 'cancelled' || state.phase === 'finished' ? state.total : trials;

  return (
    <Modal
      title={`Run “${doc.name}”`}
      onClose={() => !busy && onClose()}
      testId="run-dialog"
      wide
      footer={
        busy ? (
          <button type="button" className="danger" onClick={cancel} disabled={state.phase !== 'running'} data-testid="run-cancel">
            Cancel run
          </button>
        ) : (
          <>
            <button type="button" onClick={onClose}>
              Close
            </button>
            <button type="submit" form="run-form" className="primary" disabled={!formValid} data-testid="run-start">
              Start run
            </button>
          </>
        )
      }
    >
      <form
        id="run-form"
        className="run-form"
        onSubmit={(e) => {
          e.preventDefault();
          void start();
        }}
      >
        <fieldset disabled={busy}>
          <div className="form-grid">
            <label className="field-label">{precision === null ? 'Trials' : 'At most (trials)'}</label>
            <span>
              <NumberField value={trials} onCommit={setTrials} label="Trials" testId="run-trials" invalid={problems.trials.length > 0} hint={`${integer(trials)} futures`} />
              <FieldError messages={problems.trials} />
            </span>
            <label className="check field-label">
              <input type="checkbox" checked={precision !== null} onChange={(e) => setPrecision(e.target.checked ? 0.005 : null)} data-testid="run-precision-on" />
              Stop when precise
            </label>
            <span>
              {precision === null ? (
                <span className="muted small">Runs every trial. Tick to stop once mean total revenue is known well enough.</span>
              ) : (
                <>
                  <NumberField
                    value={Number((precision * 100).toPrecision(6))}
                    onCommit={(v) => setPrecision(v / 100)}
                    label="Standard error of mean total revenue, in percent"
                    testId="run-precision"
                    invalid={problems.precision.length > 0}
                    hint="% standard error of the mean (Monte Carlo, batches of 256)"
                  />
                  <FieldError messages={problems.precision} />
                </>
              )}
            </span>
            <label className="field-label">Seed</label>
            <span>
              <NumberField value={seed} onCommit={setSeed} label="Seed" testId="run-seed" invalid={problems.seed.length > 0} />
              <FieldError messages={problems.seed} />
            </span>
            <label className="field-label">Horizon (quarters)</label>
            <span>
              <NumberField value={horizon} onCommit={setHorizon} label="Horizon in quarters" testId="run-horizon" invalid={problems.horizon.length > 0} hint={horizon !== doc.horizon_quarters ? 'saved with the scenario' : undefined} />
              <FieldError messages={problems.horizon} />
            </span>
            <label className="field-label" htmlFor="run-sampling">
              Sampling
            </label>
            <select id="run-sampling" value={sampling} onChange={(e) => setSampling(e.target.value as Sampling)} data-testid="run-sampling">
              {Object.entries(SAMPLING_LABELS).map(([k, v]) => (
                <option key={k} value={k}>
                  {v}
                </option>
              ))}
            </select>
          </div>
        </fieldset>
      </form>

      {state.phase !== 'idle' && (
        <div className="run-progress-box" aria-live="polite">
          <div
            className="progress"
            role="progressbar"
            aria-valuemin={0}
            aria-valuemax={total}
            aria-valuenow={done}
            data-testid="run-progress"
            data-done={done}
            data-total={total}
          >
            <div className="progress-bar" style={{ width: `${(frac * 100).toFixed(1)}%` }} />
          </div>
          <p className="run-progress-text">
            {state.phase === 'starting' && 'Saving the scenario and starting…'}
            {state.phase === 'running' &&
              `${integer(state.done)} of ${integer(state.total)} trials · ${state.rate > 0 ? `${integer(state.rate)} trials/s` : 'measuring speed'} · ${
                Number.isFinite(state.remaining) && state.done > 0 ? `about ${duration(state.remaining)} left` : 'estimating time left'
              }`}
            {state.phase === 'finished' && 'Finished — opening the results…'}
            {state.phase === 'cancelled' && `Cancelled after ${integer(state.done)} of ${integer(state.total)} trials. Nothing was lost; start again when ready.`}
          </p>
          {state.phase === 'failed' && (
            <p className="field-error" role="alert" data-testid="run-error">
              {state.message}
            </p>
          )}
        </div>
      )}
    </Modal>
  );
}
