// A run as the dialog shows it, folded from the events the core streams: starting, running
// (trials done of total, rate, time left), then finished, cancelled or failed. Pure, so the
// progress logic is tested without a backend.
import type { RunEvent } from '../api/bindings';

export type RunState =
  | { phase: 'idle' }
  | { phase: 'starting' }
  | { phase: 'running'; runId: number; done: number; total: number; rate: number; elapsed: number; remaining: number }
  | { phase: 'finished'; runId: number; total: number; wallSeconds: number }
  | { phase: 'cancelled'; runId: number; done: number; total: number }
  | { phase: 'failed'; runId: number | null; message: string };

export type RunAction =
  | { type: 'start' }
  | { type: 'event'; event: RunEvent }
  /** `start_run` resolved: the run ended, finished or (if a cancel was asked) cancelled. */
  | { type: 'resolved'; runId: number; cancelAsked: boolean }
  | { type: 'error'; message: string }
  | { type: 'reset' };

const ended = (s: RunState) => s.phase === 'finished' || s.phase === 'cancelled' || s.phase === 'failed';

const progressOf = (s: RunState) => (s.phase === 'running' ? { done: s.done, total: s.total } : { done: 0, total: 0 });

export function runReducer(state: RunState, action: RunAction): RunState {
  switch (action.type) {
    case 'start':
      return { phase: 'starting' };
    case 'reset':
      return { phase: 'idle' };
    case 'error':
      return { phase: 'failed', runId: 'runId' in state ? state.runId : null, message: action.message };
    case 'resolved':
      // The run's last event usually arrives first; if not, the promise settles it.
      if (ended(state)) return state;
      return action.cancelAsked
        ? { phase: 'cancelled', runId: action.runId, ...progressOf(state) }
        : { phase: 'finished', runId: action.runId, total: progressOf(state).total, wallSeconds: Number.NaN };
    case 'event': {
      const e = action.event;
      // Once a run has ended, late events change nothing.
      if (ended(state)) return state;
      switch (e.event) {
        case 'started':
          return { phase: 'running', runId: e.run_id, done: 0, total: e.total, rate: 0, elapsed: 0, remaining: Number.NaN };
        case 'progress': {
          const before = progressOf(state);
          return {
            phase: 'running',
            runId: e.run_id,
            done: Math.max(before.done, e.done),
            total: e.total,
            rate: e.rate,
            elapsed: e.elapsed_seconds,
            remaining: e.remaining_seconds,
          };
        }
        case 'finished':
          return { phase: 'finished', runId: e.run_id, total: progressOf(state).total, wallSeconds: e.wall_seconds };
        case 'cancelled':
          return { phase: 'cancelled', runId: e.run_id, ...progressOf(state) };
        case 'failed':
          return { phase: 'failed', runId: e.run_id, message: e.message };
      }
    }
  }
}

/** Share of the run done, 0..1. */
export function fractionDone(s: RunState): number {
  if (s.phase === 'finished') return 1;
  if (s.phase === 'running' || s.phase === 'cancelled') return s.total > 0 ? Math.min(1, s.done / s.total) : 0;
  return 0;
}
