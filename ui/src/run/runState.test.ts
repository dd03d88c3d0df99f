import { describe, expect, it } from 'vitest';
import type { RunEvent } from '../api/bindings';
import { fractionDone, runReducer, type RunAction, type RunState } from './runState';

const ev = (event: RunEvent): RunAction => ({ type: 'event', event });
const run = (...actions: RunAction[]) => actions.reduce<RunState>(runReducer, { phase: 'idle' });
const progress = (done: number): RunEvent => ({ event: 'progress', run_id: 7, done, total: 20000, rate: 5000, elapsed_seconds: done / 5000, remaining_seconds: (20000 - done) / 5000 });

describe('run progress', () => {
  it('follows a run from start to finish', () => {
    let s = run({ type: 'start' });
    expect(s.phase).toBe('starting');
    s = runReducer(s, ev({ event: 'started', run_id: 7, total: 20000 }));
    expect(s).toMatchObject({ phase: 'running', runId: 7, done: 0, total: 20000 });
    s = runReducer(s, ev(progress(5000)));
    expect(s).toMatchObject({ phase: 'running', done: 5000, rate: 5000, remaining: 3 });
    expect(fractionDone(s)).toBe(0.25);
    s = runReducer(s, ev({ event: 'finished', run_id: 7, wall_seconds: 4 }));
    expect(s).toEqual({ phase: 'finished', runId: 7, total: 20000, wallSeconds: 4 });
    expect(fractionDone(s)).toBe(1);
  });

  it('never moves the bar backwards', () => {
    const s = run({ type: 'start' }, ev(progress(8000)), ev(progress(6000)));
    expect(s).toMatchObject({ done: 8000 });
  });

  it('keeps how far a cancelled run got', () => {
    const s = run({ type: 'start' }, ev(progress(4000)), ev({ event: 'cancelled', run_id: 7 }));
    expect(s).toEqual({ phase: 'cancelled', runId: 7, done: 4000, total: 20000 });
  });

  it('reports a failure with its message', () => {
    const s = run({ type: 'start' }, ev(progress(10)), ev({ event: 'failed', run_id: 7, message: 'out of memory' }));
    expect(s).toEqual({ phase: 'failed', runId: 7, message: 'out of memory' });
    expect(run({ type: 'start' }, { type: 'error', message: 'no such scenario' })).toEqual({ phase: 'failed', runId: null, message: 'no such scenario' });
  });

  it('ignores events after the end, and settles a run whose last event is late', () => {
    const done = run({ type: 'start' }, ev({ event: 'finished', run_id: 7, wall_seconds: 1 }));
    expect(runReducer(done, ev(progress(5)))).toBe(done);
    expect(runReducer(done, { type: 'resolved', runId: 7, cancelAsked: false })).toBe(done);
    const late = run({ type: 'start' }, ev(progress(100)), { type: 'resolved', runId: 7, cancelAsked: false });
    expect(late.phase).toBe('finished');
    const cancelled = run({ type: 'start' }, ev(progress(100)), { type: 'resolved', runId: 7, cancelAsked: true });
    expect(cancelled).toMatchObject({ phase: 'cancelled', done: 100 });
  });
});
