import { act, fireEvent, render, screen, waitFor } from '@testing-library/react';
import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest';
import type { ScenarioDoc } from '../api/bindings';
import { moneyShort } from '../common/format';
import { NoticeProvider } from '../common/notices';
import { model, report } from '../test/fixtures';
import { callsOf, handlers, resetTauri } from '../test/tauriMock';
import { core, info, mockDesignerCore, openDesigner, wait } from '../test/designerCore';
import { DesignerScreen } from './DesignerScreen';
import { AUTOSAVE_MS } from './useDesignerState';

vi.mock('@tauri-apps/api/core', () => import('../test/tauriMock'));

beforeEach(() => {
  vi.useFakeTimers({ shouldAdvanceTime: true });
  resetTauri();
  mockDesignerCore(['market.growth', 'partner_types[0].win_rate', 'conflict.loss_share']);
});

afterEach(() => {
  vi.useRealTimers();
});

const open = openDesigner;

const cell = () => screen.getByTestId('composition-reseller-na') as HTMLInputElement;
const status = () => screen.getByTestId('save-status').textContent;

describe('designer', () => {
  it('opens the scenario with its saved version and a live preview', async () => {
    await open();
    expect(cell().value).toBe('64');
    expect(status()).toBe('Saved — version 1');
    // The preview answers with the fixture run's KPIs (test/designerCore.tsx).
    await waitFor(() => expect(screen.getByTestId('preview-revenue').textContent).toBe(moneyShort(report.kpis.total_revenue.p50, 'USD')));
  });

  it('streams the preview’s estimate with its error band, then settles on the final figure', async () => {
    let finish: (v: unknown) => void = () => {};
    const early = { ...report.kpis, total_revenue: { ...report.kpis.total_revenue, p50: 1.5e6, mean: 1.6e6, std_error: 5e4 } };
    handlers.set('preview', (args) => {
      (args.on_estimate as { onmessage: (p: unknown) => void }).onmessage({ trials: 100, of_trials: 1000, currency: 'USD', horizon_quarters: 12, kpis: early, wall_seconds: 0.05 });
      return new Promise((resolve) => (finish = resolve));
    });
    await open();
    await waitFor(() => expect(screen.getByTestId('preview-state').textContent).toBe('estimate from 100 of 1,000 trials…'));
    expect(screen.getByTestId('preview-revenue').textContent).toBe(moneyShort(1.5e6, 'USD'));
    expect(screen.getByTestId('preview-estimate').textContent).toBe(`mean ${moneyShort(1.6e6, 'USD')} ± ${moneyShort(1.96 * 5e4, 'USD')} (95 %), refining`);
    await act(async () => finish({ trials: 1000, of_trials: 1000, currency: 'USD', horizon_quarters: 12, kpis: report.kpis, wall_seconds: 0.4 }));
    await waitFor(() => expect(screen.getByTestId('preview-state').textContent).toBe('1,000 trials'));
    expect(screen.getByTestId('preview-revenue').textContent).toBe(moneyShort(report.kpis.total_revenue.p50, 'USD'));
    expect(screen.queryByTestId('preview-estimate')).toBeNull();
  });

  it('checks each edit, then autosaves it as a new version', async () => {
    await open();
    fireEvent.change(cell(), { target: { value: '31' } });
    expect(status()).toBe('Unsaved changes');
    await wait(200);
    const checked = callsOf('check_scenario').at(-1)!.doc as ScenarioDoc;
    expect(checked.composition.reseller!.na).toBe(31);
    expect(callsOf('save_scenario')).toHaveLength(0);
    await wait(AUTOSAVE_MS + 100);
    expect(callsOf('save_scenario')).toHaveLength(1);
    expect(callsOf('save_scenario')[0]).toMatchObject({ id: 3, note: 'autosave' });
    expect(status()).toBe('Saved — version 2');
    expect(callsOf('preview').at(-1)!.doc).toMatchObject({ composition: { reseller: { na: 31 } } });
  });

  it('marks a negative count on its field with the core’s message, and never previews or saves it', async () => {
    // The core reads the document as plain JSON and names a wrong shape by its path.
    core.problems = (doc) => ((doc.composition.reseller?.na ?? 0) < 0 ? [{ path: 'composition.reseller.na', message: 'must be a whole number, 0 or more, got -5' }] : []);
    await open();
    const previews = callsOf('preview').length;
    fireEvent.change(cell(), { target: { value: '-5' } });
    // At once, before the core answers, the field is already marked.
    expect(screen.getByTestId('field-error').textContent).toMatch(/whole number/);
    expect(status()).toBe('Invalid — not saved');
    await wait(200);
    expect((callsOf('check_scenario').at(-1)!.doc as ScenarioDoc).composition.reseller!.na).toBe(-5);
    expect(screen.getByTestId('field-error').textContent).toBe('must be a whole number, 0 or more, got -5');
    await wait(AUTOSAVE_MS + 500);
    expect(callsOf('save_scenario')).toHaveLength(0);
    expect(callsOf('preview')).toHaveLength(previews);
    expect(status()).toBe('Invalid — not saved');
    fireEvent.change(cell(), { target: { value: '31' } });
    await wait(200);
    expect(screen.queryByTestId('field-error')).toBeNull();
  });

  it('shows the core’s problem on the field and in the list, and does not autosave', async () => {
    core.problems = (doc) => ((doc.composition.reseller?.na ?? 0) > 10000 ? [{ path: 'composition.reseller.na', message: 'must be at most 10000, got 20000' }] : []);
    await open();
    fireEvent.change(cell(), { target: { value: '20000' } });
    await wait(300);
    expect(screen.getByTestId('field-error').textContent).toBe('must be at most 10000, got 20000');
    expect(screen.getByTestId('problem-list').textContent).toContain('composition.reseller.na');
    expect(status()).toBe('Invalid — not saved');
    await wait(AUTOSAVE_MS + 200);
    expect(callsOf('save_scenario')).toHaveLength(0);
  });

  it('undoes and redoes edits with the keyboard', async () => {
    await open();
    fireEvent.change(cell(), { target: { value: '3' } });
    fireEvent.change(cell(), { target: { value: '31' } });
    fireEvent.keyDown(window, { key: 'z', ctrlKey: true });
    expect(cell().value).toBe('64');
    fireEvent.keyDown(window, { key: 'Z', ctrlKey: true, shiftKey: true });
    expect(cell().value).toBe('31');
    fireEvent.keyDown(window, { key: 'z', ctrlKey: true });
    fireEvent.keyDown(window, { key: 'y', ctrlKey: true });
    expect(cell().value).toBe('31');
  });

  it('saves at once on Ctrl+S', async () => {
    await open();
    fireEvent.change(cell(), { target: { value: '40' } });
    fireEvent.keyDown(window, { key: 's', ctrlKey: true });
    await waitFor(() => expect(callsOf('save_scenario')).toHaveLength(1));
    expect(callsOf('save_scenario')[0]).toMatchObject({ note: 'saved' });
    await waitFor(() => expect(status()).toBe('Saved — version 2'));
  });

  it('never runs two saves at once: a second waits for the first and saves only what is new', async () => {
    let release: () => void = () => {};
    handlers.set('save_scenario', ({ doc }) => new Promise((ok) => (release = () => ok({ info, version: ++core.version, doc, model }))));
    await open();
    fireEvent.change(cell(), { target: { value: '40' } });
    fireEvent.keyDown(window, { key: 's', ctrlKey: true });
    fireEvent.keyDown(window, { key: 's', ctrlKey: true });
    await waitFor(() => expect(callsOf('save_scenario')).toHaveLength(1));
    expect(status()).toBe('Saving…');
    await act(async () => release());
    await waitFor(() => expect(status()).toBe('Saved — version 2'));
    expect(callsOf('save_scenario')).toHaveLength(1);
  });

  it('takes the problems of a refused save onto the fields', async () => {
    handlers.set('save_scenario', () => {
      throw { kind: 'invalid', message: 'The document has a problem', problems: [{ path: 'composition.reseller.na', message: 'too many' }] };
    });
    await open();
    fireEvent.change(cell(), { target: { value: '40' } });
    fireEvent.keyDown(window, { key: 's', ctrlKey: true });
    await waitFor(() => expect(screen.getByTestId('field-error').textContent).toBe('too many'));
    expect(status()).toBe('Invalid — not saved');
  });

  it('edits the market model and saves it as a new model version, then previews again', async () => {
    handlers.set('save_model', () => 2);
    await open();
    fireEvent.click(screen.getByTestId('tab-model'));
    fireEvent.change(screen.getByTestId('accounts-smb-na'), { target: { value: '6500' } });
    await wait(300);
    expect(callsOf('check_model').at(-1)!.doc).toMatchObject({ market: { accounts: { smb: { na: 6500 } } } });
    expect(screen.getByTestId('model-status').textContent).toBe('Unsaved model changes');
    expect(status()).toBe('Saved — version 1'); // the scenario itself is unchanged
    // The unsaved model edit is previewed at once, without being saved.
    await waitFor(() => expect(callsOf('preview').at(-1)!.model).toMatchObject({ market: { accounts: { smb: { na: 6500 } } } }), { timeout: 3000 });
    expect(callsOf('save_model')).toHaveLength(0);
    const previews = callsOf('preview').length;
    const openings = callsOf('get_scenario').length;
    fireEvent.click(screen.getByTestId('save-model'));
    await waitFor(() => expect(callsOf('save_model')).toHaveLength(1));
    expect(callsOf('save_model')[0]!.doc).toMatchObject({ id: model.id, market: { accounts: { smb: { na: 6500 } } } });
    await waitFor(() => expect(screen.getByTestId('model-status').textContent).toBe('Model saved — version 2'), { timeout: 3000 });
    // The saved model may have new uncertain inputs: the designer asks the core for them again.
    await waitFor(() => expect(callsOf('get_scenario').length).toBeGreaterThan(openings), { timeout: 3000 });
    await wait(600);
    expect(callsOf('preview').length).toBeGreaterThan(previews);
    // Once saved, the preview runs against the stored model again.
    expect(callsOf('preview').at(-1)!.model).toBeNull();
  });

  it('says so when the scenario cannot be opened', async () => {
    handlers.set('get_scenario', () => {
      throw { kind: 'not_found', message: 'There is no scenario 3.', problems: [] };
    });
    render(
      <NoticeProvider>
        <DesignerScreen scenarioId={3} onOpenRun={() => {}} onBack={() => {}} setLeaveGuard={() => {}} />
      </NoticeProvider>,
    );
    expect((await screen.findByTestId('error-banner')).textContent).toBe('There is no scenario 3.');
  });
});

describe('designer analyses', () => {
  async function openWith(onAnalyse: (screen: string) => void) {
    render(
      <NoticeProvider>
        <DesignerScreen scenarioId={3} onOpenRun={() => {}} onAnalyse={onAnalyse} onBack={() => {}} setLeaveGuard={() => {}} />
      </NoticeProvider>,
    );
    await screen.findByTestId('designer');
    await wait(500);
  }

  it('saves a pending edit, then opens the analysis of the stored scenario', async () => {
    const onAnalyse = vi.fn();
    await openWith(onAnalyse);
    fireEvent.change(cell(), { target: { value: '31' } });
    await wait(200);
    fireEvent.click(screen.getByTestId('sensitivity-button'));
    await waitFor(() => expect(onAnalyse).toHaveBeenCalledWith('sensitivity'));
    expect(callsOf('save_scenario')).toHaveLength(1);
    expect((callsOf('save_scenario')[0]!.doc as ScenarioDoc).composition.reseller!.na).toBe(31);
    fireEvent.click(screen.getByTestId('attribution-button'));
    fireEvent.click(screen.getByTestId('optimize-button'));
    await waitFor(() => expect(onAnalyse.mock.calls.map((c) => c[0])).toEqual(['sensitivity', 'attribution', 'optimize']));
    expect(callsOf('save_scenario')).toHaveLength(1);
  });

  it('does not analyse a scenario whose edit cannot be saved', async () => {
    const onAnalyse = vi.fn();
    await openWith(onAnalyse);
    fireEvent.change(cell(), { target: { value: '-5' } });
    await wait(300);
    fireEvent.click(screen.getByTestId('optimize-button'));
    await waitFor(() => expect(screen.getByTestId('notice').textContent).toMatch(/cannot be analysed/));
    expect(onAnalyse).not.toHaveBeenCalled();
  });
});
