import { fireEvent, render, screen, waitFor } from '@testing-library/react';
import { beforeEach, describe, expect, it, vi } from 'vitest';
import type { Charted, ShapleyReport } from '../api/bindings';
import { charted, model, scenario, shapleyReport, wordsFor } from '../test/analysisFixtures';
import { analysisJob } from '../test/analysisJob';
import { wordsOn } from '../test/chartCard';
import { callsOf, handlers, resetTauri } from '../test/tauriMock';
import { AttributionView } from './AttributionView';

vi.mock('@tauri-apps/api/core', () => import('../test/tauriMock'));
vi.mock('../common/EChart', () => import('../test/EChartStub'));

beforeEach(() => {
  resetTauri();
  handlers.set('get_scenario', () => ({ info: { id: 3 }, version: 1, doc: scenario, model }));
});

describe('attribution view', () => {
  it('attributes revenue with progress, then shows created and transacted shares side by side', async () => {
    const job = analysisJob<Charted<ShapleyReport>>('attribution');
    render(<AttributionView scenarioId={3} />);
    await screen.findByText(/Attribution — Reseller-heavy channel/);
    fireEvent.click(screen.getByTestId('attribution-start'));
    await waitFor(() => expect(job.called()).toBe(true));
    expect(callsOf('attribution')[0]).toMatchObject({ id: 3, trials: 500 });
    await job.send({ event: 'started', job_id: 9 });
    await job.progress(4, 8);
    expect(screen.getByTestId('analysis-progress').getAttribute('data-done')).toBe('4');
    const attributed = charted(shapleyReport, 'attribution');
    await job.resolve(attributed);
    expect(wordsOn('chart-attribution')).toEqual(wordsFor(attributed, 'attribution'));
    const table = screen.getByTestId('attribution-table');
    expect(table.textContent).toContain('Value-added reseller');
    expect(table.textContent).toContain('65.0%');
    expect(table.textContent).toContain('$30,000,000');
  });

  it('shows the core’s message when attribution fails', async () => {
    const job = analysisJob<Charted<ShapleyReport>>('attribution');
    render(<AttributionView scenarioId={3} />);
    await screen.findByText(/Attribution — /);
    fireEvent.click(screen.getByTestId('attribution-start'));
    await waitFor(() => expect(job.called()).toBe(true));
    await job.reject({ kind: 'failed', message: 'Too many partner types to attribute exactly.', problems: [] });
    expect(screen.getByTestId('error-banner').textContent).toBe('Too many partner types to attribute exactly.');
  });
});
