import { fireEvent, render, screen, waitFor } from '@testing-library/react';
import { beforeEach, describe, expect, it, vi } from 'vitest';
import type { Charted, CompareReport } from '../api/bindings';
import { moneyShort } from '../common/format';
import { charted, compareReport, wordsFor } from '../test/analysisFixtures';
import { analysisJob } from '../test/analysisJob';
import { wordsOn } from '../test/chartCard';
import { callsOf, handlers, resetTauri } from '../test/tauriMock';
import { CompareView } from './CompareView';

vi.mock('@tauri-apps/api/core', () => import('../test/tauriMock'));
vi.mock('../common/EChart', () => import('../test/EChartStub'));

beforeEach(() => {
  resetTauri();
  localStorage.clear();
  handlers.set('cancel_analysis', () => true);
});

describe('compare view', () => {
  it('compares the picked scenarios as soon as it opens, then shows tables and overlaid charts', async () => {
    const job = analysisJob<Charted<CompareReport>>('compare_scenarios');
    render(<CompareView ids={[1, 2]} />);
    await waitFor(() => expect(job.called()).toBe(true));
    expect(callsOf('compare_scenarios')).toHaveLength(1);
    expect(callsOf('compare_scenarios')[0]).toMatchObject({ ids: [1, 2], trials: 5000, seed: null });
    await job.send({ event: 'started', job_id: 9 });
    await job.progress(2500, 10000);
    expect(screen.getByTestId('analysis-progress').getAttribute('data-total')).toBe('10000');
    // The words of the charts, in an order other than the screen's: each goes to its chart by id.
    const compared = charted(compareReport(), 'compare-s-curve', 'compare-fan');
    await job.resolve(compared);
    const table = screen.getByTestId('compare-table');
    expect(table.textContent).toContain('A · Balanced ecosystem');
    expect(table.textContent).toContain('B · Reseller-heavy channel');
    for (const r of compared.report.reports) expect(table.textContent).toContain(moneyShort(r.kpis.total_revenue.p50, 'USD'));
    const diffs = screen.getByTestId('compare-differences');
    expect(diffs.textContent).toContain('+$8.4M');
    expect(diffs.textContent).toContain('93%');
    expect(wordsOn('chart-compare-fan')).toEqual(wordsFor(compared, 'compare-fan'));
    expect(wordsOn('chart-compare-scurve')).toEqual(wordsFor(compared, 'compare-s-curve'));
  });

  it('compares again with a fixed seed and other trials', async () => {
    const job = analysisJob<Charted<CompareReport>>('compare_scenarios');
    render(<CompareView ids={[2, 1, 4]} />);
    await waitFor(() => expect(job.called()).toBe(true));
    await job.resolve(charted(compareReport(), 'compare-fan', 'compare-s-curve'));
    fireEvent.change(screen.getByTestId('compare-trials'), { target: { value: '2000' } });
    fireEvent.click(screen.getByTestId('compare-seed-on'));
    fireEvent.change(screen.getByTestId('compare-seed'), { target: { value: '7' } });
    fireEvent.click(screen.getByTestId('compare-rerun'));
    await waitFor(() => expect(callsOf('compare_scenarios')).toHaveLength(2));
    expect(callsOf('compare_scenarios')[1]).toMatchObject({ ids: [2, 1, 4], trials: 2000, seed: 7 });
  });

  it('shows the core’s message when the scenarios cannot be compared', async () => {
    const job = analysisJob<Charted<CompareReport>>('compare_scenarios');
    render(<CompareView ids={[1, 5]} />);
    await waitFor(() => expect(job.called()).toBe(true));
    await job.reject({ kind: 'invalid', message: 'Scenarios compared together must run against the same market model.', problems: [] });
    expect(screen.getByTestId('error-banner').textContent).toBe('Scenarios compared together must run against the same market model.');
    expect(screen.queryByTestId('compare-table')).toBeNull();
  });

  it('cancels the comparison', async () => {
    const job = analysisJob<Charted<CompareReport>>('compare_scenarios', 4);
    render(<CompareView ids={[1, 2]} />);
    await waitFor(() => expect(job.called()).toBe(true));
    await job.send({ event: 'started', job_id: 4 });
    fireEvent.click(screen.getByTestId('analysis-cancel'));
    await waitFor(() => expect(callsOf('cancel_analysis')).toEqual([{ job_id: 4 }]));
    await job.reject({ kind: 'cancelled', message: 'cancelled', problems: [] });
    expect(screen.getByText('Cancelled.')).toBeTruthy();
    expect(screen.queryByTestId('error-banner')).toBeNull();
  });

  it('exports the comparison on screen with its own trials and seed', async () => {
    const job = analysisJob<Charted<CompareReport>>('compare_scenarios');
    render(<CompareView ids={[2, 1, 4]} />);
    await waitFor(() => expect(job.called()).toBe(true));
    // Nothing to export until the comparison is on screen.
    expect((screen.getByTestId('export-button') as HTMLButtonElement).disabled).toBe(true);
    await job.resolve(charted(compareReport(), 'compare-fan', 'compare-s-curve'));
    expect((screen.getByTestId('export-button') as HTMLButtonElement).disabled).toBe(false);

    // Settings changed but not compared again: the export is still of the figures shown.
    fireEvent.change(screen.getByTestId('compare-trials'), { target: { value: '2000' } });
    const exported = analysisJob<string | null>('export_comparison', 6);
    fireEvent.click(screen.getByTestId('export-button'));
    expect(screen.queryByTestId('export-trials')).toBeNull();
    fireEvent.change(screen.getByTestId('export-firm'), { target: { value: 'Northwind Advisory' } });
    fireEvent.click(screen.getByTestId('export-html'));
    await waitFor(() => expect(exported.called()).toBe(true));
    expect(callsOf('export_comparison')[0]).toMatchObject({ ids: [2, 1, 4], trials: 5000, seed: null, format: 'html', firm: 'Northwind Advisory' });
    await exported.resolve('/tmp/Comparison.html');
    expect(screen.getByTestId('export-done').textContent).toContain('Saved Comparison.html');

    // Compared again with a fixed seed: exports follow.
    fireEvent.click(screen.getByTestId('compare-seed-on'));
    fireEvent.change(screen.getByTestId('compare-seed'), { target: { value: '7' } });
    const again = analysisJob<Charted<CompareReport>>('compare_scenarios');
    fireEvent.click(screen.getByTestId('compare-rerun'));
    await waitFor(() => expect(again.called()).toBe(true));
    expect((screen.getByTestId('export-button') as HTMLButtonElement).disabled).toBe(true);
    await again.resolve(charted(compareReport(), 'compare-fan', 'compare-s-curve'));
    const second = analysisJob<string | null>('export_comparison');
    fireEvent.click(screen.getByTestId('export-button'));
    fireEvent.click(screen.getByTestId('export-pdf'));
    await waitFor(() => expect(second.called()).toBe(true));
    expect(callsOf('export_comparison')[1]).toMatchObject({ ids: [2, 1, 4], trials: 2000, seed: 7, format: 'pdf' });
  });

  it('shows an export’s progress and cancels it, apart from the comparison', async () => {
    const job = analysisJob<Charted<CompareReport>>('compare_scenarios', 3);
    render(<CompareView ids={[1, 2]} />);
    await waitFor(() => expect(job.called()).toBe(true));
    await job.send({ event: 'started', job_id: 3 });
    await job.resolve(charted(compareReport(), 'compare-fan', 'compare-s-curve'));
    const exported = analysisJob<string | null>('export_comparison', 11);
    fireEvent.click(screen.getByTestId('export-button'));
    fireEvent.click(screen.getByTestId('export-xlsx'));
    await waitFor(() => expect(exported.called()).toBe(true));
    await exported.send({ event: 'started', job_id: 11 });
    await exported.progress(2500, 5010);
    expect(screen.getByTestId('export-progress').getAttribute('data-done')).toBe('2500');
    expect(screen.getByTestId('export-progress').getAttribute('data-total')).toBe('5010');
    expect(screen.queryByTestId('analysis-progress')).toBeNull();
    fireEvent.click(screen.getByTestId('export-cancel'));
    await waitFor(() => expect(callsOf('cancel_analysis')).toEqual([{ job_id: 11 }]));
    await exported.reject({ kind: 'cancelled', message: 'cancelled', problems: [] });
    expect(screen.queryByTestId('export-progress')).toBeNull();
    expect(screen.queryByTestId('export-error')).toBeNull();
    expect(screen.getByTestId('compare-table')).toBeTruthy();
  });
});
