// The progress of an analysis: a bar (done of total), time left and Cancel while it runs;
// "Cancelled" when the person stopped it; the core's message when it failed.
import { duration, integer } from '../common/format';
import { fractionDone, type AnalysisState } from './analysisState';

interface Props<T> {
  state: AnalysisState<T>;
  onCancel: () => void;
  /** What `done` and `total` count: "trials", "designs". */
  unit?: string;
}

export function AnalysisProgress<T>({ state, onCancel, unit = 'trials' }: Props<T>) {
  if (state.phase === 'idle' || state.phase === 'finished') return null;
  if (state.phase === 'failed') {
    return (
      <p className="field-error analysis-error" role="alert" data-testid="error-banner">
        {state.message}
      </p>
    );
  }
  const done = state.phase === 'running' || state.phase === 'cancelled' ? state.done : 0;
  const total = state.phase === 'running' || state.phase === 'cancelled' ? state.total : 0;
  const frac = fractionDone(state);
  return (
    <div className="analysis-progress-box" aria-live="polite">
      <div className="analysis-progress-row">
        <div className="progress" role="progressbar" aria-valuemin={0} aria-valuemax={total} aria-valuenow={done} data-testid="analysis-progress" data-done={done} data-total={total}>
          <div className="progress-bar" style={{ width: `${(frac * 100).toFixed(1)}%` }} />
        </div>
        {state.phase !== 'cancelled' && (
          <button type="button" className="danger" onClick={onCancel} data-testid="analysis-cancel">
            Cancel
          </button>
        )}
      </div>
      <p className="run-progress-text">{progressText(state, unit)}</p>
    </div>
  );
}

export function progressText<T>(state: AnalysisState<T>, unit: string): string {
  switch (state.phase) {
    case 'starting':
      return 'Starting…';
    case 'running': {
      if (state.total === 0) return 'Starting…';
      const left = Number.isFinite(state.remaining) && state.done > 0 ? `about ${duration(state.remaining)} left` : 'estimating time left';
      return `${integer(state.done)} of ${integer(state.total)} ${unit} · ${left}`;
    }
    case 'cancelled':
      return state.total > 0 ? `Cancelled after ${integer(state.done)} of ${integer(state.total)} ${unit}.` : 'Cancelled.';
    default:
      return '';
  }
}
