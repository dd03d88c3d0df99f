import { beforeEach, describe, expect, it, vi } from 'vitest';

const invoke = vi.fn();
vi.mock('@tauri-apps/api/core', () => ({
  invoke: (...args: unknown[]) => invoke(...args),
  Channel: class<T> {
    constructor(public onmessage: (m: T) => void) {}
  },
}));

import { api, isCancelled, toAppError } from './index';

beforeEach(() => {
  invoke.mockReset();
});

describe('the backend contract', () => {
  it('calls each command with its snake_case arguments', async () => {
    invoke.mockResolvedValue([]);
    await api.listScenarios('north', true);
    expect(invoke).toHaveBeenLastCalledWith('list_scenarios', { search: 'north', trash: true });
    await api.cancelRun(4);
    expect(invoke).toHaveBeenLastCalledWith('cancel_run', { run_id: 4 });
    await api.listRuns(null);
    expect(invoke).toHaveBeenLastCalledWith('list_runs', { scenario_id: null });
    await api.getReport(9);
    expect(invoke).toHaveBeenLastCalledWith('get_report', { run_id: 9 });
    await api.runCharts(9);
    expect(invoke).toHaveBeenLastCalledWith('run_charts', { run_id: 9 });
    await api.createFromTemplate('reseller-heavy', 'Mine');
    expect(invoke).toHaveBeenLastCalledWith('create_from_template', { template: 'reseller-heavy', name: 'Mine' });
    await api.restoreVersion(3, 2);
    expect(invoke).toHaveBeenLastCalledWith('restore_version', { id: 3, version: 2 });
    await api.dbStatus();
    expect(invoke).toHaveBeenLastCalledWith('db_status', undefined);
  });

  it('streams run events to the caller through a channel', async () => {
    const seen: unknown[] = [];
    invoke.mockImplementation(async (_cmd: string, args: { on_event: { onmessage: (e: unknown) => void } }) => {
      args.on_event.onmessage({ event: 'started', run_id: 1, total: 10 });
      args.on_event.onmessage({ event: 'finished', run_id: 1, wall_seconds: 0.1 });
      return 1;
    });
    const id = await api.startRun(5, { trials: 10, seed: null, sampling: null, horizon_quarters: null, precision: null }, (e) => seen.push(e));
    expect(id).toBe(1);
    expect(invoke.mock.calls[0]![0]).toBe('start_run');
    expect(invoke.mock.calls[0]![1]).toMatchObject({ id: 5, request: { trials: 10 } });
    expect(seen).toEqual([
      { event: 'started', run_id: 1, total: 10 },
      { event: 'finished', run_id: 1, wall_seconds: 0.1 },
    ]);
  });

  it('starts each analysis with its snake_case arguments and streams its events', async () => {
    const seen: unknown[] = [];
    invoke.mockImplementation(async (_cmd: string, args: { on_event?: { onmessage: (e: unknown) => void } }) => {
      args.on_event?.onmessage({ event: 'started', job_id: 3 });
      return 'report';
    });
    const on = (e: unknown) => seen.push(e);
    await api.compareScenarios([1, 2], 5000, null, on);
    expect(invoke.mock.calls.at(-1)![0]).toBe('compare_scenarios');
    expect(invoke.mock.calls.at(-1)![1]).toMatchObject({ ids: [1, 2], trials: 5000, seed: null });
    await api.tornado(4, 'total_revenue', 1000, on);
    expect(invoke.mock.calls.at(-1)![1]).toMatchObject({ id: 4, kpi: 'total_revenue', trials: 1000 });
    await api.sobol(4, 'coverage_final', 500, on);
    expect(invoke.mock.calls.at(-1)![1]).toMatchObject({ id: 4, kpi: 'coverage_final', samples: 500 });
    await api.attribution(4, null, on);
    expect(invoke.mock.calls.at(-1)![1]).toMatchObject({ id: 4, trials: null });
    const request = { budget: 1, objective: 'coverage' as const, bounds: [], patterns: false, composition: true, programs: false, trials: 300, final_trials: 2000, seed: 42, max_evaluations: 400 };
    await api.optimize(4, request, on);
    expect(invoke.mock.calls.at(-1)![1]).toMatchObject({ id: 4, request });
    expect(seen).toHaveLength(5);
    await api.cancelAnalysis(3);
    expect(invoke).toHaveBeenLastCalledWith('cancel_analysis', { job_id: 3 });
    await api.scenarioCost(4);
    expect(invoke).toHaveBeenLastCalledWith('scenario_cost', { id: 4 });
    await api.saveAsNewScenario({} as never, 'Tuned');
    expect(invoke).toHaveBeenLastCalledWith('save_as_new_scenario', { doc: {}, name: 'Tuned' });
  });

  it('exports reports with their snake_case arguments and streams their events', async () => {
    const seen: unknown[] = [];
    invoke.mockImplementation(async (_cmd: string, args?: { on_event?: { onmessage: (e: unknown) => void } }) => {
      args?.on_event?.onmessage({ event: 'started', job_id: 2 });
      return '/tmp/report.pdf';
    });
    const on = (e: unknown) => seen.push(e);
    expect(await api.exportReport([7], 'pdf', 'Northwind', true, on)).toBe('/tmp/report.pdf');
    expect(invoke.mock.calls.at(-1)![0]).toBe('export_report');
    expect(invoke.mock.calls.at(-1)![1]).toMatchObject({ run_ids: [7], format: 'pdf', firm: 'Northwind', include_trials: true });
    await api.exportComparison([1, 2], 5000, 42, 'xlsx', null, on);
    expect(invoke.mock.calls.at(-1)![0]).toBe('export_comparison');
    expect(invoke.mock.calls.at(-1)![1]).toMatchObject({ ids: [1, 2], trials: 5000, seed: 42, format: 'xlsx', firm: null });
    expect(seen).toEqual([
      { event: 'started', job_id: 2 },
      { event: 'started', job_id: 2 },
    ]);
    await api.pickLogo();
    expect(invoke).toHaveBeenLastCalledWith('pick_logo', undefined);
    await api.clearLogo();
    expect(invoke).toHaveBeenLastCalledWith('clear_logo', undefined);
  });

  it('rejects with the core’s AppError as it is', async () => {
    const err = { kind: 'invalid', message: 'The document has a problem', problems: [{ path: 'horizon_quarters', message: 'must be between 1 and 40' }] };
    invoke.mockRejectedValue(err);
    await expect(api.saveScenario(1, {} as never, 'autosave')).rejects.toEqual(err);
  });

  it('turns any other rejection into an AppError', async () => {
    invoke.mockRejectedValue('invalid args `doc` for command `check_scenario`: invalid value: integer `-5`, expected u32');
    await expect(api.checkScenario({} as never)).rejects.toEqual({ kind: 'failed', message: expect.stringContaining('expected u32'), problems: [] });
    expect(toAppError(new Error('boom'))).toEqual({ kind: 'failed', message: 'boom', problems: [] });
    expect(toAppError(undefined).message).toMatch(/went wrong/);
  });

  it('recognises a preview cancelled by a newer one', () => {
    expect(isCancelled({ kind: 'cancelled', message: 'The run was cancelled.', problems: [] })).toBe(true);
    expect(isCancelled({ kind: 'failed', message: 'x', problems: [] })).toBe(false);
    expect(isCancelled('cancelled')).toBe(false);
  });
});
