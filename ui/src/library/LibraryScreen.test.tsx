import { act, fireEvent, render, screen, waitFor } from '@testing-library/react';
import { beforeEach, describe, expect, it, vi } from 'vitest';
import type { ScenarioInfo } from '../api/bindings';
import { NoticeProvider } from '../common/notices';
import { callsOf, handlers, resetTauri } from '../test/tauriMock';
import { LibraryScreen } from './LibraryScreen';

vi.mock('@tauri-apps/api/core', () => import('../test/tauriMock'));

const base: ScenarioInfo = {
  id: 1,
  slug: 'balanced-ecosystem',
  name: 'Balanced ecosystem',
  description: 'A bit of everything.',
  model_slug: 'northwind-analytics',
  model_name: 'Northwind Analytics',
  version: 4,
  created_at: '2025-11-25T10:00:00Z',
  updated_at: '2025-11-25T11:00:00Z',
  deleted_at: null,
  last_run: {
    id: 7,
    scenario_id: 1,
    scenario_slug: 'balanced-ecosystem',
    scenario_name: 'Balanced ecosystem',
    scenario_version: 4,
    model_version: 1,
    engine_version: '0.1.0',
    seed: 42,
    trials: 10000,
    sampling: 'latin_hypercube',
    status: 'completed',
    error: null,
    started_at: '2025-11-25T11:00:00Z',
    finished_at: '2025-11-25T11:00:05Z',
    wall_seconds: 5,
    total_revenue_p10: 33_000_000,
    total_revenue_p50: 42_473_245,
    total_revenue_p90: 53_500_000,
    coverage_final_p50: 0.236,
    currency: 'EUR',
  },
};
const other: ScenarioInfo = { ...base, id: 2, slug: 'reseller-heavy', name: 'Reseller-heavy channel', last_run: null, version: 1 };

beforeEach(() => {
  resetTauri();
  handlers.set('list_scenarios', ({ search, trash }) => (trash ? [{ ...other, deleted_at: '2025-11-25T12:00:00Z' }] : [base, other].filter((s) => s.name.toLowerCase().includes(String(search).toLowerCase()))));
  handlers.set('list_templates', () => [
    { id: 'reseller-heavy', name: 'Reseller-heavy channel', description: 'Coverage through numbers.' },
    { id: 'balanced-ecosystem', name: 'Balanced ecosystem', description: 'A bit of everything.' },
  ]);
});

function renderLibrary() {
  const onOpenScenario = vi.fn();
  const onOpenRun = vi.fn();
  const onCompare = vi.fn();
  render(
    <NoticeProvider>
      <LibraryScreen onOpenScenario={onOpenScenario} onOpenRun={onOpenRun} onCompare={onCompare} />
    </NoticeProvider>,
  );
  return { onOpenScenario, onOpenRun, onCompare };
}

describe('library', () => {
  it('lists every scenario with its model, version and last forecast', async () => {
    const { onOpenScenario, onOpenRun } = renderLibrary();
    const row = await screen.findByTestId('scenario-row-balanced-ecosystem');
    expect(row.textContent).toContain('Northwind Analytics');
    expect(row.textContent).toContain('€42,473,245'); // in the run's own currency
    expect(row.textContent).toContain('24%');
    expect(screen.getByTestId('scenario-row-reseller-heavy').textContent).toContain('not run');
    fireEvent.click(screen.getByTestId('open-balanced-ecosystem'));
    expect(onOpenScenario).toHaveBeenCalledWith(1);
    fireEvent.click(screen.getByTestId('last-run-balanced-ecosystem'));
    expect(onOpenRun).toHaveBeenCalledWith(7, 1);
  });

  it('searches as the person types', async () => {
    renderLibrary();
    await screen.findByTestId('scenario-row-balanced-ecosystem');
    fireEvent.change(screen.getByTestId('library-search'), { target: { value: 'resel' } });
    await waitFor(() => expect(screen.queryByTestId('scenario-row-balanced-ecosystem')).toBeNull());
    expect(callsOf('list_scenarios').at(-1)).toEqual({ search: 'resel', trash: false });
    expect(screen.getByTestId('scenario-row-reseller-heavy')).toBeTruthy();
  });

  it('creates a scenario from a template and opens it', async () => {
    handlers.set('create_from_template', ({ name }) => ({ ...other, id: 9, slug: 'mine', name }));
    const { onOpenScenario } = renderLibrary();
    fireEvent.click(screen.getByTestId('new-scenario'));
    fireEvent.click(await screen.findByTestId('template-option-reseller-heavy'));
    fireEvent.change(screen.getByTestId('new-scenario-name'), { target: { value: 'Mine' } });
    fireEvent.click(screen.getByTestId('create-scenario'));
    await waitFor(() => expect(onOpenScenario).toHaveBeenCalledWith(9));
    expect(callsOf('create_from_template')).toEqual([{ template: 'reseller-heavy', name: 'Mine' }]);
  });

  it('moves a scenario to the trash, and shows the trash with Restore and Delete forever', async () => {
    handlers.set('trash_scenario', () => null);
    handlers.set('untrash_scenario', () => null);
    renderLibrary();
    fireEvent.click(await screen.findByTestId('delete-reseller-heavy'));
    await waitFor(() => expect(callsOf('trash_scenario')).toEqual([{ id: 2 }]));
    fireEvent.click(screen.getByTestId('trash-toggle'));
    fireEvent.click(await screen.findByTestId('restore-reseller-heavy'));
    await waitFor(() => expect(callsOf('untrash_scenario')).toEqual([{ id: 2 }]));
    expect(screen.getByTestId('purge-reseller-heavy')).toBeTruthy();
  });

  it('shows the core’s message when an action fails', async () => {
    handlers.set('export_with_dialog', () => {
      throw { kind: 'failed', message: 'Cannot write /tmp/x.json: permission denied', problems: [] };
    });
    renderLibrary();
    fireEvent.click(await screen.findByTestId('export-balanced-ecosystem'));
    expect((await screen.findByTestId('error-banner')).textContent).toContain('Cannot write /tmp/x.json: permission denied');
  });

  it('says nothing was imported when the dialog is cancelled, and what was imported otherwise', async () => {
    handlers.set('import_with_dialog', () => null);
    renderLibrary();
    await screen.findByTestId('scenario-row-balanced-ecosystem');
    await act(async () => fireEvent.click(screen.getByTestId('import')));
    expect(screen.queryByTestId('notice')).toBeNull();
    handlers.set('import_with_dialog', () => 'Imported scenario two-tier (version 1)');
    await act(async () => fireEvent.click(screen.getByTestId('import')));
    expect((await screen.findByTestId('notice')).textContent).toContain('Imported scenario two-tier');
  });
});

describe('library compare', () => {
  it('lets a person tick two to four scenarios, the first as the baseline, then compare them', async () => {
    const third: ScenarioInfo = { ...base, id: 3, slug: 'partner-led', name: 'Partner-led' };
    handlers.set('list_scenarios', () => [base, other, third]);
    const { onCompare } = renderLibrary();
    await screen.findByTestId('scenario-row-balanced-ecosystem');
    fireEvent.click(screen.getByTestId('compare-button'));
    const start = (await screen.findByTestId('compare-start')) as HTMLButtonElement;
    await screen.findByTestId('compare-pick-reseller-heavy');
    expect(start.disabled).toBe(true);
    fireEvent.click(screen.getByTestId('compare-pick-reseller-heavy'));
    expect(start.disabled).toBe(true);
    fireEvent.click(screen.getByTestId('compare-pick-balanced-ecosystem'));
    expect(screen.getByTestId('compare-picker').textContent).toContain('baseline');
    expect(start.disabled).toBe(false);
    fireEvent.click(start);
    expect(onCompare).toHaveBeenCalledWith([2, 1]);
    expect(screen.queryByTestId('compare-picker')).toBeNull();
  });

  it('shows why the scenarios cannot be listed for comparison', async () => {
    renderLibrary();
    await screen.findByTestId('scenario-row-balanced-ecosystem');
    handlers.set('list_scenarios', () => {
      throw { kind: 'database', message: 'The store is locked.', problems: [] };
    });
    fireEvent.click(screen.getByTestId('compare-button'));
    await waitFor(() => expect(screen.getAllByTestId('error-banner').some((e) => e.textContent === 'The store is locked.')).toBe(true));
  });
});
