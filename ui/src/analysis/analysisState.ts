// An analysis job (compare, tornado, Sobol, attribution, optimisation) as a view shows it,
// folded from the events the core streams and from how its promise settles: starting, running
// (done of total, time left), then finished with its report, cancelled, or failed with the
// core's message. Pure, so the progress logic is tested without a backend.
import type { AnalysisEvent, AppError } from '../api/bindings';

export type AnalysisState<T> =
  | { phase: 'idle' }
  /** Asked for; the core has not named the job yet. */
  | { phase: 'starting' }
  | { phase: 'running'; jobId: number; done: number; total: number; elapsed: number; remaining: number }
  | { phase: 'finished'; result: T }
  | { phase: 'cancelled'; done: number; total: number }
  | { phase: 'failed'; message: string };

export type AnalysisAction<T> =
  | { type: 'start' }
  | { type: 'event'; event: AnalysisEvent }
  | { type: 'resolved'; result: T }
  | { type: 'rejected'; error: AppError }
  | { type: 'reset' };

const progressOf = <T,>(s: AnalysisState<T>) => (s.phase === 'running' ? { done: s.done, total: s.total } : { done: 0, total: 0 });

export const isBusy = <T,>(s: AnalysisState<T>) => s.phase === 'starting' || s.phase === 'running';

export function analysisReducer<T>(state: AnalysisState<T>, action: AnalysisAction<T>): AnalysisState<T> {
  switch (action.type) {
    case 'start':
      return { phase: 'starting' };
    case 'reset':
      return { phase: 'idle' };
    case 'resolved':
      return { phase: 'finished', result: action.result };
    case 'rejected':
      // A cancelled job is what the person asked for, not an error.
      return action.error.kind === 'cancelled' ? { phase: 'cancelled', ...progressOf(state) } : { phase: 'failed', message: action.error.message };
    case 'event': {
      // Once the job has ended, late events change nothing.
      if (!isBusy(state)) return state;
      const e = action.event;
      if (e.event === 'started') return { phase: 'running', jobId: e.job_id, done: 0, total: 0, elapsed: 0, remaining: Number.NaN };
      const before = progressOf(state);
      return {
        phase: 'running',
        jobId: e.job_id,
        done: Math.max(before.done, e.done),
        total: e.total,
        elapsed: e.elapsed_seconds,
        remaining: e.remaining_seconds,
      };
    }
  }
}

/** Share of the job done, 0..1. */
export function fractionDone<T>(s: AnalysisState<T>): number {
  if (s.phase === 'finished') return 1;
  if (s.phase === 'running' || s.phase === 'cancelled') return s.total > 0 ? Math.min(1, s.done / s.total) : 0;
  return 0;
}
