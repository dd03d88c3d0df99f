// Runs one analysis job at a time for a view: start it with a launcher (one of the api's
// analysis calls), follow its progress, cancel it. Leaving the view cancels a job still
// running, so no work is left behind; a newer start makes an older job's late answers moot.
import { useCallback, useEffect, useReducer, useRef } from 'react';
import { api, toAppError, type OnAnalysisEvent } from '../api';
import { analysisReducer, type AnalysisAction, type AnalysisState } from './analysisState';

export interface Analysis<T> {
  state: AnalysisState<T>;
  start: (launch: (onEvent: OnAnalysisEvent) => Promise<T>) => Promise<void>;
  cancel: () => Promise<void>;
}

export function useAnalysis<T>(): Analysis<T> {
  const [state, dispatch] = useReducer(analysisReducer as (s: AnalysisState<T>, a: AnalysisAction<T>) => AnalysisState<T>, { phase: 'idle' });
  const generation = useRef(0);
  const jobId = useRef<number | null>(null);
  const running = useRef(false);
  const cancelAsked = useRef(false);
  const mounted = useRef(true);

  const stop = useCallback((id: number) => api.cancelAnalysis(id), []);

  const start = useCallback(
    async (launch: (onEvent: OnAnalysisEvent) => Promise<T>) => {
      const mine = ++generation.current;
      jobId.current = null;
      cancelAsked.current = false;
      running.current = true;
      dispatch({ type: 'start' });
      const current = () => generation.current === mine && mounted.current;
      try {
        const result = await launch((event) => {
          if (event.event === 'started') {
            if (generation.current === mine) jobId.current = event.job_id;
            // Cancel asked before the core named the job, or the view has gone: stop it now.
            if (cancelAsked.current || !current()) void stop(event.job_id).catch(() => {});
          }
          if (current()) dispatch({ type: 'event', event });
        });
        if (current()) dispatch({ type: 'resolved', result });
      } catch (e) {
        if (current()) dispatch({ type: 'rejected', error: toAppError(e) });
      } finally {
        if (generation.current === mine) running.current = false;
      }
    },
    [stop],
  );

  const cancel = useCallback(async () => {
    if (!running.current) return;
    cancelAsked.current = true;
    if (jobId.current === null) return; // stopped as soon as it starts
    try {
      await stop(jobId.current);
    } catch (e) {
      dispatch({ type: 'rejected', error: toAppError(e) });
    }
  }, [stop]);

  useEffect(() => {
    mounted.current = true;
    return () => {
      mounted.current = false;
      // React's development double mount remounts at once: only a real unmount cancels.
      setTimeout(() => {
        if (!mounted.current && running.current && jobId.current !== null) void stop(jobId.current).catch(() => {});
      }, 0);
    };
  }, [stop]);

  return { state, start, cancel };
}
