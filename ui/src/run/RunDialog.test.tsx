import { act, fireEvent, render, screen, waitFor } from '@testing-library/react';
import { beforeEach, describe, expect, it, vi } from 'vitest';
import type { RunEvent } from '../api/bindings';
import { scenario } from '../test/fixtures';
import { callsOf, handlers, resetTauri, type Channel } from '../test/tauriMock';
import { RunDialog } from './RunDialog';

vi.mock('@tauri-apps/api/core', () => import('../test/tauriMock'));

/** The run the test drives by hand: its channel, and how to end it. */
let channel: Channel<RunEvent> | null = null;
let finish: (id: number) => void = () => {};

beforeEach(() => {
  resetTauri();
  channel = null;
  handlers.set('start_run', ({ on_event }) => {
    channel = on_event as Channel<RunEvent>;
    return new Promise<number>((resolve) => (finish = resolve));
  });
  handlers.set('cancel_run', () => true);
});

const send = (e: RunEvent) => act(() => channel!.onmessage(e));
const progress = (done: number): RunEvent => ({ event: 'progress', run_id: 12, done, total: 20000, rate: 4000, elapsed_seconds: done / 4000, remaining_seconds: (20000 - done) / 4000 });

function renderDialog(prepare = vi.fn(async () => true), onFinished = vi.fn()) {
  render(<RunDialog scenarioId={3} doc={scenario} prepare={prepare} onFinished={onFinished} onClose={() => {}} />);
  return { prepare, onFinished };
}

describe('run dialog', () => {
  it('starts a run with the chosen settings and streams its progress', async () => {
    const { prepare, onFinished } = renderDialog();
    expect((screen.getByTestId('run-trials') as HTMLInputElement).value).toBe('10000');
    fireEvent.change(screen.getByTestId('run-trials'), { target: { value: '20000' } });
    fireEvent.change(screen.getByTestId('run-sampling'), { target: { value: 'monte_carlo' } });
    fireEvent.click(screen.getByTestId('run-start'));
    await waitFor(() => expect(channel).not.toBeNull());
    expect(prepare).toHaveBeenCalledWith(12);
    expect(callsOf('start_run')[0]).toMatchObject({ id: 3, request: { trials: 20000, seed: 42, sampling: 'monte_carlo', horizon_quarters: null, precision: null } });

    await send({ event: 'started', run_id: 12, total: 20000 });
    await send(progress(5000));
    const bar = screen.getByTestId('run-progress');
    expect(bar.getAttribute('data-done')).toBe('5000');
    expect(bar.getAttribute('data-total')).toBe('20000');
    expect(screen.getByText(/5,000 of 20,000 trials · 4,000 trials\/s · about 4 s left/)).toBeTruthy();

    await send({ event: 'finished', run_id: 12, wall_seconds: 5 });
    await act(async () => finish(12));
    expect(onFinished).toHaveBeenCalledWith(12);
  });

  it('cancels a run in progress', async () => {
    const { onFinished } = renderDialog();
    fireEvent.click(screen.getByTestId('run-start'));
    await waitFor(() => expect(channel).not.toBeNull());
    await send({ event: 'started', run_id: 12, total: 10000 });
    await send(progress(2500));
    fireEvent.click(screen.getByTestId('run-cancel'));
    await waitFor(() => expect(callsOf('cancel_run')).toEqual([{ run_id: 12 }]));
    await send({ event: 'cancelled', run_id: 12 });
    await act(async () => finish(12));
    expect(screen.getByText(/Cancelled after 2,500 of 20,000 trials/)).toBeTruthy();
    expect(onFinished).not.toHaveBeenCalled();
    expect(screen.getByTestId('run-start')).toBeTruthy();
  });

  it('does not start a run of a scenario that cannot be saved', async () => {
    renderDialog(vi.fn(async () => false));
    fireEvent.click(screen.getByTestId('run-start'));
    expect((await screen.findByTestId('run-error')).textContent).toMatch(/could not be saved, so it cannot be run/);
    expect(callsOf('start_run')).toHaveLength(0);
  });

  it('refuses a trial count the core would refuse', () => {
    renderDialog();
    fireEvent.change(screen.getByTestId('run-trials'), { target: { value: '0' } });
    expect(screen.getByTestId('field-error').textContent).toMatch(/from 1 to 100,000,000/);
    expect((screen.getByTestId('run-start') as HTMLButtonElement).disabled).toBe(true);
  });

  it('shows the core’s message when a run fails', async () => {
    handlers.set('start_run', () => {
      throw { kind: 'failed', message: 'The model could not be loaded.', problems: [] };
    });
    renderDialog();
    fireEvent.click(screen.getByTestId('run-start'));
    expect((await screen.findByTestId('run-error')).textContent).toBe('The model could not be loaded.');
  });
});

describe('run dialog precision target', () => {
  beforeEach(() => {
    resetTauri();
    handlers.set('start_run', () => 1);
  });

  it('asks the core to stop at a relative standard error, with the trials as the most to run', async () => {
    renderDialog();
    fireEvent.click(screen.getByTestId('run-precision-on'));
    fireEvent.change(screen.getByTestId('run-precision'), { target: { value: '1' } });
    fireEvent.click(screen.getByTestId('run-start'));
    await waitFor(() => expect(callsOf('start_run')).toHaveLength(1));
    expect(callsOf('start_run')[0]).toMatchObject({ request: { trials: 10000, precision: 0.01 } });
  });
});
