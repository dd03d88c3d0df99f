// For component tests of the analysis views: a stand-in analysis command the test drives by
// hand — its channel to send events, and how to end it (resolve with a report, or reject).
import { act } from '@testing-library/react';
import type { AnalysisEvent, AppError } from '../api/bindings';
import { handlers, type Channel } from './tauriMock';

export interface Job<T> {
  /** Whether the command has been called. */
  called: () => boolean;
  send: (e: AnalysisEvent) => Promise<void>;
  progress: (done: number, total: number) => Promise<void>;
  resolve: (report: T) => Promise<void>;
  reject: (error: AppError) => Promise<void>;
}

export function analysisJob<T>(command: string, jobId = 9): Job<T> {
  let channel: Channel<AnalysisEvent> | null = null;
  let settle: { resolve: (r: T) => void; reject: (e: AppError) => void } | null = null;
  handlers.set(command, ({ on_event }) => {
    channel = on_event as Channel<AnalysisEvent>;
    return new Promise<T>((resolve, reject) => (settle = { resolve, reject }));
  });
  const send = (e: AnalysisEvent) => act(async () => channel!.onmessage(e));
  return {
    called: () => channel !== null,
    send,
    progress: (done, total) => send({ event: 'progress', job_id: jobId, done, total, elapsed_seconds: done / 100, remaining_seconds: (total - done) / 100 }),
    resolve: (r) => act(async () => settle!.resolve(r)),
    reject: (e) => act(async () => settle!.reject(e)),
  };
}
