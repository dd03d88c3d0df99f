import { fireEvent, render, screen, waitFor } from '@testing-library/react';
import { beforeEach, describe, expect, it, vi } from 'vitest';
import type { OptimizeReport, ScenarioDoc } from '../api/bindings';
import { NoticeProvider } from '../common/notices';
import { model, optimizeReport, scenario } from '../test/analysisFixtures';
import { analysisJob } from '../test/analysisJob';
import { callsOf, handlers, resetTauri } from '../test/tauriMock';
import { OptimizeView } from './OptimizeView';

vi.mock('@tauri-apps/api/core', () => import('../test/tauriMock'));
vi.mock('../common/EChart', () => import('../test/EChartStub'));

beforeEach(() => {
  resetTauri();
  handlers.set('get_scenario', () => ({ info: { id: 3, name: scenario.name }, version: 1, doc: scenario, model }));
  handlers.set('scenario_cost', () => 10_012_345.6);
  handlers.set('save_as_new_scenario', ({ name }) => ({ id: 17, slug: 'tuned', name }));
});

/** The budget field once it holds the scenario's cost (a placeholder until then). */
async function budgetReady() {
  await waitFor(() => expect((screen.getByTestId('optimize-budget') as HTMLInputElement).value).toBe('10012346'));
  return screen.getByTestId('optimize-budget') as HTMLInputElement;
}

function open(onOpenScenario = vi.fn()) {
  render(
    <NoticeProvider>
      <OptimizeView scenarioId={3} onOpenScenario={onOpenScenario} />
    </NoticeProvider>,
  );
  return onOpenScenario;
}

describe('optimise view', () => {
  it('searches within the scenario’s current cost by default, counting designs', async () => {
    const job = analysisJob<OptimizeReport>('optimize');
    open();
    expect(((await screen.findByTestId('optimize-budget')) as HTMLInputElement).disabled).toBe(true);
    const budget = await budgetReady();
    fireEvent.change(budget, { target: { value: '12000000' } });
    fireEvent.change(screen.getByTestId('optimize-objective'), { target: { value: 'coverage' } });
    fireEvent.change(screen.getByTestId('optimize-max-designs'), { target: { value: '150' } });
    fireEvent.click(screen.getByTestId('optimize-patterns'));
    fireEvent.click(screen.getByTestId('optimize-start'));
    await waitFor(() => expect(job.called()).toBe(true));
    expect(callsOf('optimize')[0]).toMatchObject({
      id: 3,
      request: { budget: 12_000_000, objective: 'coverage', bounds: [], patterns: true, trials: 300, final_trials: 2000, seed: 42, max_evaluations: 150 },
    });
    await job.send({ event: 'started', job_id: 9 });
    await job.progress(50, 150);
    expect(screen.getByText(/50 of 150 designs/)).toBeTruthy();
  });

  it('allocates a program budget across the model’s programs when asked, keeping the partners', async () => {
    const withPrograms = {
      ...model,
      programs: [{ id: 'enable', name: 'Sales enablement', kind: 'enablement' as const, partner_types: ['reseller'], cost_per_partner_per_quarter: 1500, half_effect_level: 0.5, effects: { win_uplift: 0.12 } }],
    };
    handlers.set('get_scenario', () => ({ info: { id: 3, name: scenario.name }, version: 1, doc: scenario, model: withPrograms }));
    const job = analysisJob<OptimizeReport>('optimize');
    open();
    await budgetReady();
    fireEvent.click(screen.getByTestId('optimize-programs'));
    fireEvent.click(screen.getByTestId('optimize-program-budget-on'));
    fireEvent.change(screen.getByTestId('optimize-program-budget'), { target: { value: '750000' } });
    fireEvent.click(screen.getByTestId('optimize-keep-composition'));
    fireEvent.click(screen.getByTestId('optimize-start'));
    await waitFor(() => expect(job.called()).toBe(true));
    expect(callsOf('optimize')[0]).toMatchObject({ request: { programs: true, program_budget: 750_000, composition: false, patterns: false } });
  });

  it('offers no program levers for a model without programs', async () => {
    open();
    await budgetReady();
    expect(screen.queryByTestId('optimize-programs')).toBeNull();
  });

  it('shows the frontier, the fresh-seed comparison and what changed, then saves the design', async () => {
    const job = analysisJob<OptimizeReport>('optimize');
    const onOpenScenario = open();
    await budgetReady();
    fireEvent.click(screen.getByTestId('optimize-start'));
    await waitFor(() => expect(job.called()).toBe(true));
    await job.resolve(optimizeReport());
    const result = screen.getByTestId('optimize-result');
    expect(screen.getByTestId('chart-frontier')).toBeTruthy();
    expect(result.textContent).toContain('reaches $45.2M median total revenue on fresh seeds');
    expect(screen.getByTestId('optimize-before-after').textContent).toContain('+$4,400,000');
    const changed = screen.getByTestId('optimize-composition').querySelectorAll('td.changed');
    expect(changed).toHaveLength(2);
    expect(changed[0]!.textContent).toBe('70 (was 64)');
    expect(screen.getByTestId('optimize-patterns-changed').textContent).toContain('Resellers transact through the marketplace');
    const binding = screen.getByTestId('optimize-binding').querySelectorAll('li');
    expect(binding).toHaveLength(2);
    expect(binding[1]!.textContent).toContain('Receiver capacity — Referrals to resellers: its receiving partners have no room');

    fireEvent.click(screen.getByTestId('optimize-save'));
    fireEvent.change(screen.getByTestId('name-input'), { target: { value: 'Tuned channel' } });
    fireEvent.click(screen.getByTestId('name-submit'));
    await screen.findByTestId('optimize-saved');
    const saved = callsOf('save_as_new_scenario')[0]!;
    expect(saved.name).toBe('Tuned channel');
    expect((saved.doc as ScenarioDoc).composition.reseller!.na).toBe(70);
    fireEvent.click(screen.getByTestId('optimize-open-saved'));
    expect(onOpenScenario).toHaveBeenCalledWith(17);
  });

  it('shows the core’s message when the optimisation fails', async () => {
    const job = analysisJob<OptimizeReport>('optimize');
    open();
    await budgetReady();
    fireEvent.click(screen.getByTestId('optimize-start'));
    await waitFor(() => expect(job.called()).toBe(true));
    await job.reject({ kind: 'invalid', message: 'The budget is below the cost of the smallest design.', problems: [] });
    expect(screen.getByTestId('error-banner').textContent).toBe('The budget is below the cost of the smallest design.');
    expect(screen.queryByTestId('optimize-result')).toBeNull();
  });

  it('refuses a budget of nothing', async () => {
    open();
    fireEvent.change(await budgetReady(), { target: { value: '0' } });
    expect(screen.getByTestId('field-error').textContent).toBe('must be more than 0');
    expect((screen.getByTestId('optimize-start') as HTMLButtonElement).disabled).toBe(true);
  });

  it('keeps the limits grid closed and sends no bounds until a cell is set', async () => {
    const job = analysisJob<OptimizeReport>('optimize');
    open();
    await budgetReady();
    expect(screen.queryByTestId('optimize-bounds')).toBeNull();
    fireEvent.click(screen.getByTestId('optimize-bounds-toggle'));
    const min = screen.getByTestId('bound-min-reseller-na') as HTMLInputElement;
    const max = screen.getByTestId('bound-max-reseller-na') as HTMLInputElement;
    // The defaults are placeholders, not values: 0 and twice the scenario's 64, plus 10.
    expect([min.value, min.placeholder, max.value, max.placeholder]).toEqual(['', '0', '', '138']);
    expect((screen.getByTestId('bound-max-marketplace-emea') as HTMLInputElement).placeholder).toBe('10');
    expect(screen.getByTestId('bound-cell-reseller-na').textContent).toContain('now 64');
    fireEvent.click(screen.getByTestId('optimize-start'));
    await waitFor(() => expect(job.called()).toBe(true));
    expect(callsOf('optimize')[0]).toMatchObject({ request: { bounds: [] } });
  });

  it('sends exactly the cells set, with the default at the end left empty', async () => {
    const job = analysisJob<OptimizeReport>('optimize');
    open();
    await budgetReady();
    fireEvent.click(screen.getByTestId('optimize-bounds-toggle'));
    fireEvent.change(screen.getByTestId('bound-min-reseller-na'), { target: { value: '10' } });
    fireEvent.change(screen.getByTestId('bound-max-referral_partner-emea'), { target: { value: '0' } });
    expect(screen.getByTestId('optimize-bounds-count').textContent).toBe('2 cells limited');
    expect(screen.queryByTestId('optimize-bounds-warnings')).toBeNull();
    fireEvent.click(screen.getByTestId('optimize-start'));
    await waitFor(() => expect(job.called()).toBe(true));
    expect((callsOf('optimize')[0]!.request as { bounds: unknown }).bounds).toEqual([
      { partner_type: 'reseller', region: 'na', min: 10, max: 138 },
      { partner_type: 'referral_partner', region: 'emea', min: 0, max: 0 },
    ]);
  });

  it('limits a partner type in every region at once, and warns when the design lies outside', async () => {
    const job = analysisJob<OptimizeReport>('optimize');
    open();
    await budgetReady();
    fireEvent.click(screen.getByTestId('optimize-bounds-toggle'));
    fireEvent.change(screen.getByTestId('bound-max-all-reseller'), { target: { value: '60' } });
    expect((screen.getByTestId('bound-max-reseller-emea') as HTMLInputElement).value).toBe('60');
    expect(screen.getByTestId('optimize-bounds-warnings').textContent).toBe('Value-added reseller · North America: the current design has 64 here; the search starts inside the bounds.');
    fireEvent.click(screen.getByTestId('optimize-start'));
    await waitFor(() => expect(job.called()).toBe(true));
    expect((callsOf('optimize')[0]!.request as { bounds: unknown }).bounds).toEqual([
      { partner_type: 'reseller', region: 'na', min: 0, max: 60 },
      { partner_type: 'reseller', region: 'emea', min: 0, max: 60 },
    ]);
  });

  it('names the cell whose min is above its max and will not start until it is fixed', async () => {
    open();
    await budgetReady();
    fireEvent.click(screen.getByTestId('optimize-bounds-toggle'));
    fireEvent.change(screen.getByTestId('bound-min-reseller-emea'), { target: { value: '40' } });
    fireEvent.change(screen.getByTestId('bound-max-reseller-emea'), { target: { value: '30' } });
    expect(screen.getByTestId('optimize-bounds-problems').textContent).toBe('Value-added reseller · EMEA: min must be ≤ max');
    expect(screen.getByTestId('bound-max-reseller-emea').className).toContain('invalid');
    const startButton = screen.getByTestId('optimize-start') as HTMLButtonElement;
    expect(startButton.disabled).toBe(true);
    fireEvent.change(screen.getByTestId('bound-max-reseller-emea'), { target: { value: '2.5' } });
    expect(screen.getByTestId('optimize-bounds-problems').textContent).toBe('Value-added reseller · EMEA: max must be a whole number of 0 or more');
    expect(startButton.disabled).toBe(true);
    fireEvent.change(screen.getByTestId('bound-max-reseller-emea'), { target: { value: '50' } });
    expect(screen.queryByTestId('optimize-bounds-problems')).toBeNull();
    expect(startButton.disabled).toBe(false);
  });

  it('resets every limit', async () => {
    const job = analysisJob<OptimizeReport>('optimize');
    open();
    await budgetReady();
    fireEvent.click(screen.getByTestId('optimize-bounds-toggle'));
    fireEvent.change(screen.getByTestId('bound-min-marketplace-na'), { target: { value: '-1' } });
    fireEvent.change(screen.getByTestId('bound-max-reseller-na'), { target: { value: '5' } });
    expect((screen.getByTestId('optimize-start') as HTMLButtonElement).disabled).toBe(true);
    fireEvent.click(screen.getByTestId('optimize-bounds-reset'));
    expect((screen.getByTestId('bound-min-marketplace-na') as HTMLInputElement).value).toBe('');
    expect((screen.getByTestId('bound-max-reseller-na') as HTMLInputElement).value).toBe('');
    expect(screen.queryByTestId('optimize-bounds-problems')).toBeNull();
    expect(screen.queryByTestId('optimize-bounds-count')).toBeNull();
    fireEvent.click(screen.getByTestId('optimize-start'));
    await waitFor(() => expect(job.called()).toBe(true));
    expect(callsOf('optimize')[0]).toMatchObject({ request: { bounds: [] } });
  });

  it('names the cell of a bound the core refused', async () => {
    const job = analysisJob<OptimizeReport>('optimize');
    open();
    await budgetReady();
    fireEvent.click(screen.getByTestId('optimize-bounds-toggle'));
    fireEvent.change(screen.getByTestId('bound-max-marketplace-emea'), { target: { value: '3' } });
    fireEvent.click(screen.getByTestId('optimize-bounds-toggle'));
    fireEvent.click(screen.getByTestId('optimize-start'));
    await waitFor(() => expect(job.called()).toBe(true));
    await job.reject({ kind: 'invalid', message: 'The optimisation request is not valid.', problems: [{ path: 'bounds[0].max', message: 'must be at least min (5), got 3' }] });
    expect(screen.getByTestId('error-banner').textContent).toBe('The optimisation request is not valid.');
    expect(screen.getByTestId('optimize-core-problems').textContent).toBe('Hyperscaler marketplace · EMEA, max: must be at least min (5), got 3');
    // The grid opens on the cell the core named.
    expect(screen.getByTestId('bound-max-marketplace-emea').className).toContain('invalid');
  });
});
