import { describe, expect, it } from 'vitest';
import type { AnalysisEvent } from '../api/bindings';
import { progressText } from './AnalysisProgress';
import { analysisReducer, fractionDone, isBusy, type AnalysisAction, type AnalysisState } from './analysisState';

type S = AnalysisState<string>;
const ev = (event: AnalysisEvent): AnalysisAction<string> => ({ type: 'event', event });
const run = (...actions: AnalysisAction<string>[]) => actions.reduce<S>(analysisReducer, { phase: 'idle' });
const progress = (done: number): AnalysisEvent => ({ event: 'progress', job_id: 5, done, total: 4000, elapsed_seconds: done / 1000, remaining_seconds: (4000 - done) / 1000 });

describe('analysis progress', () => {
  it('follows a job from start to its report', () => {
    let s = run({ type: 'start' });
    expect(s.phase).toBe('starting');
    expect(isBusy(s)).toBe(true);
    s = analysisReducer(s, ev({ event: 'started', job_id: 5 }));
    expect(s).toMatchObject({ phase: 'running', jobId: 5, done: 0 });
    s = analysisReducer(s, ev(progress(1000)));
    expect(s).toMatchObject({ phase: 'running', done: 1000, total: 4000, remaining: 3 });
    expect(fractionDone(s)).toBe(0.25);
    expect(progressText(s, 'trials')).toBe('1,000 of 4,000 trials · about 3 s left');
    s = analysisReducer(s, { type: 'resolved', result: 'report' });
    expect(s).toEqual({ phase: 'finished', result: 'report' });
    expect(fractionDone(s)).toBe(1);
    expect(isBusy(s)).toBe(false);
  });

  it('never moves the bar backwards', () => {
    expect(run({ type: 'start' }, ev(progress(3000)), ev(progress(2000)))).toMatchObject({ done: 3000 });
  });

  it('shows a cancelled job as cancelled, with how far it got, not as an error', () => {
    const s = run({ type: 'start' }, ev({ event: 'started', job_id: 5 }), ev(progress(800)), { type: 'rejected', error: { kind: 'cancelled', message: 'The analysis was cancelled.', problems: [] } });
    expect(s).toEqual({ phase: 'cancelled', done: 800, total: 4000 });
    expect(progressText(s, 'designs')).toBe('Cancelled after 800 of 4,000 designs.');
    expect(progressText(run({ type: 'start' }, { type: 'rejected', error: { kind: 'cancelled', message: '', problems: [] } }), 'trials')).toBe('Cancelled.');
  });

  it('reports a failure with the core’s message', () => {
    const s = run({ type: 'start' }, ev(progress(10)), { type: 'rejected', error: { kind: 'invalid', message: 'The scenario has no uncertain inputs.', problems: [] } });
    expect(s).toEqual({ phase: 'failed', message: 'The scenario has no uncertain inputs.' });
  });

  it('ignores events after the end', () => {
    const done = run({ type: 'start' }, { type: 'resolved', result: 'r' });
    expect(analysisReducer(done, ev(progress(5)))).toBe(done);
    expect(progressText(run({ type: 'start' }, ev({ event: 'started', job_id: 1 })), 'trials')).toBe('Starting…');
  });
});
