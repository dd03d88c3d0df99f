import { fireEvent, render, screen, waitFor } from '@testing-library/react';
import { beforeEach, describe, expect, it, vi } from 'vitest';
import type { Charted, SobolReport, TornadoReport } from '../api/bindings';
import { NoticeProvider } from '../common/notices';
import { charted, model, scenario, sobolReport, tornadoReport, wordsFor } from '../test/analysisFixtures';
import { analysisJob } from '../test/analysisJob';
import { wordsOn } from '../test/chartCard';
import { callsOf, handlers, resetTauri } from '../test/tauriMock';
import { SensitivityView } from './SensitivityView';

vi.mock('@tauri-apps/api/core', () => import('../test/tauriMock'));
vi.mock('../common/EChart', () => import('../test/EChartStub'));

beforeEach(() => {
  resetTauri();
  handlers.set('get_scenario', () => ({ info: { id: 3 }, version: 1, doc: scenario, model }));
  handlers.set('cancel_analysis', () => true);
});

async function open() {
  render(
    <NoticeProvider>
      <SensitivityView scenarioId={3} />
    </NoticeProvider>,
  );
  await screen.findByText(/Sensitivity — Reseller-heavy channel/);
}

describe('sensitivity view', () => {
  it('runs a tornado of the chosen KPI with progress, then shows the chart with the core’s title and caption', async () => {
    const job = analysisJob<Charted<TornadoReport>>('tornado');
    await open();
    fireEvent.change(screen.getByTestId('sensitivity-kpi'), { target: { value: 'net_contribution' } });
    fireEvent.change(screen.getByTestId('sensitivity-trials'), { target: { value: '800' } });
    fireEvent.click(screen.getByTestId('sensitivity-start'));
    await waitFor(() => expect(job.called()).toBe(true));
    expect(callsOf('tornado')[0]).toMatchObject({ id: 3, kpi: 'net_contribution', trials: 800 });
    await job.send({ event: 'started', job_id: 9 });
    await job.progress(400, 1600);
    const bar = screen.getByTestId('analysis-progress');
    expect(bar.getAttribute('data-done')).toBe('400');
    expect(bar.getAttribute('data-total')).toBe('1600');
    expect(screen.getByText(/400 of 1,600 trials · about 12 s left/)).toBeTruthy();
    expect((screen.getByTestId('sensitivity-start') as HTMLButtonElement).disabled).toBe(true);
    const tornado = charted(tornadoReport, 'tornado');
    await job.resolve(tornado);
    expect(wordsOn('chart-tornado')).toEqual(wordsFor(tornado, 'tornado'));
    expect(screen.queryByTestId('analysis-progress')).toBeNull();
  });

  it('computes Sobol indices from base samples', async () => {
    const job = analysisJob<Charted<SobolReport>>('sobol');
    await open();
    fireEvent.click(screen.getByTestId('sensitivity-method-sobol'));
    expect((screen.getByTestId('sensitivity-trials') as HTMLInputElement).value).toBe('500');
    fireEvent.click(screen.getByTestId('sensitivity-start'));
    await waitFor(() => expect(job.called()).toBe(true));
    expect(callsOf('sobol')[0]).toMatchObject({ id: 3, kpi: 'total_revenue', samples: 500 });
    const sobol = charted(sobolReport, 'sobol');
    await job.resolve(sobol);
    expect(wordsOn('chart-sobol')).toEqual(wordsFor(sobol, 'sobol'));
  });

  it('cancels a running analysis and says so, without an error', async () => {
    const job = analysisJob<Charted<TornadoReport>>('tornado', 21);
    await open();
    fireEvent.click(screen.getByTestId('sensitivity-start'));
    await waitFor(() => expect(job.called()).toBe(true));
    await job.send({ event: 'started', job_id: 21 });
    await job.send({ event: 'progress', job_id: 21, done: 300, total: 1200, elapsed_seconds: 1, remaining_seconds: 3 });
    fireEvent.click(screen.getByTestId('analysis-cancel'));
    await waitFor(() => expect(callsOf('cancel_analysis')).toEqual([{ job_id: 21 }]));
    await job.reject({ kind: 'cancelled', message: 'The analysis was cancelled.', problems: [] });
    expect(screen.getByText('Cancelled after 300 of 1,200 trials.')).toBeTruthy();
    expect(screen.queryByTestId('error-banner')).toBeNull();
    expect((screen.getByTestId('sensitivity-start') as HTMLButtonElement).disabled).toBe(false);
  });

  it('stops a job whose cancel was asked before the core named it', async () => {
    const job = analysisJob<Charted<TornadoReport>>('tornado', 33);
    await open();
    fireEvent.click(screen.getByTestId('sensitivity-start'));
    await waitFor(() => expect(job.called()).toBe(true));
    fireEvent.click(screen.getByTestId('analysis-cancel'));
    expect(callsOf('cancel_analysis')).toHaveLength(0);
    await job.send({ event: 'started', job_id: 33 });
    await waitFor(() => expect(callsOf('cancel_analysis')).toEqual([{ job_id: 33 }]));
  });

  it('shows the core’s message when the analysis fails', async () => {
    const job = analysisJob<Charted<TornadoReport>>('tornado');
    await open();
    fireEvent.click(screen.getByTestId('sensitivity-start'));
    await waitFor(() => expect(job.called()).toBe(true));
    await job.reject({ kind: 'invalid', message: 'The scenario has no uncertain inputs to vary.', problems: [] });
    expect(screen.getByTestId('error-banner').textContent).toBe('The scenario has no uncertain inputs to vary.');
    expect(screen.queryByTestId('chart-tornado')).toBeNull();
  });

  it('refuses a trial count the core would refuse', async () => {
    await open();
    fireEvent.change(screen.getByTestId('sensitivity-trials'), { target: { value: '0' } });
    expect(screen.getByTestId('field-error').textContent).toMatch(/whole number from 1/);
    expect((screen.getByTestId('sensitivity-start') as HTMLButtonElement).disabled).toBe(true);
  });

  it('says when the scenario cannot be opened', async () => {
    handlers.set('get_scenario', () => {
      throw { kind: 'not_found', message: 'No scenario with id 3.', problems: [] };
    });
    render(<SensitivityView scenarioId={3} />);
    expect((await screen.findByTestId('error-banner')).textContent).toBe('No scenario with id 3.');
  });
});
