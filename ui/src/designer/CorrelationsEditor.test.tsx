import { fireEvent, render, screen, within } from '@testing-library/react';
import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest';
import type { CorrelationDoc, ScenarioDoc } from '../api/bindings';
import { model, scenario } from '../test/fixtures';
import { callsOf, resetTauri } from '../test/tauriMock';
import { core, mockDesignerCore, openDesigner, serveScenario, wait } from '../test/designerCore';
import { CorrelationsEditor } from './CorrelationsEditor';

vi.mock('@tauri-apps/api/core', () => import('../test/tauriMock'));

/** Uncertain inputs of the fixture model, as `get_scenario` lists them. */
const inputs = ['market.growth', 'partner_types[0].win_rate', 'partner_types[1].win_rate', 'patterns[1].effects.attach_rate', 'conflict.loss_share'];

function serve(doc: ScenarioDoc = scenario) {
  serveScenario(doc, inputs);
}

beforeEach(() => {
  vi.useFakeTimers({ shouldAdvanceTime: true });
  resetTauri();
  mockDesignerCore(inputs);
});

afterEach(() => {
  vi.useRealTimers();
});

async function open() {
  await openDesigner();
  fireEvent.click(screen.getByTestId('tab-correlations'));
}

const lastChecked = () => (callsOf('check_scenario').at(-1)!.doc as ScenarioDoc).correlations;
const byId = <T extends HTMLElement = HTMLInputElement>(id: string) => screen.getByTestId(id) as T;
const status = () => screen.getByTestId('save-status').textContent;

describe('correlations editor', () => {
  it('is the Uncertainty tab, with each input named by its label', async () => {
    await open();
    expect(screen.getByTestId('tab-correlations').textContent).toBe('Uncertainty');
    expect(screen.getByText(/Inputs that tend to move together/)).toBeTruthy();
    expect(screen.getByText(/No correlations/)).toBeTruthy();
    fireEvent.click(byId('correlation-add'));
    const a = byId<HTMLSelectElement>('correlation-a-0');
    expect([...a.options].map((o) => o.textContent)).toEqual([
      'Market growth',
      'Value-added reseller · win rate',
      'Referral partner · win rate',
      'Resellers transact through the marketplace · attach rate',
      'Conflict · share of conflicts lost',
    ]);
    // B's input is not offered as A, and the other way round.
    expect([...a.options].filter((o) => o.disabled).map((o) => o.value)).toEqual(['partner_types[0].win_rate']);
    expect([...byId<HTMLSelectElement>('correlation-b-0').options].filter((o) => o.disabled).map((o) => o.value)).toEqual(['market.growth']);
  });

  it('adds a row that the core checks, previews and autosaves like any edit', async () => {
    await open();
    const previews = callsOf('preview').length;
    fireEvent.click(byId('correlation-add'));
    expect(byId<HTMLSelectElement>('correlation-a-0').value).toBe('market.growth');
    expect(byId<HTMLSelectElement>('correlation-b-0').value).toBe('partner_types[0].win_rate');
    expect(byId('correlation-value-0').value).toBe('0.3');
    expect(status()).toBe('Unsaved changes');
    await wait(300);
    expect(lastChecked()).toEqual([{ a: 'market.growth', b: 'partner_types[0].win_rate', rank_correlation: 0.3 }]);
    await wait(600);
    expect(callsOf('preview').length).toBeGreaterThan(previews);
    expect((callsOf('preview').at(-1)!.doc as ScenarioDoc).correlations).toHaveLength(1);
    await wait(2500);
    expect((callsOf('save_scenario').at(-1)!.doc as ScenarioDoc).correlations).toHaveLength(1);
    // A second row takes the next pair not listed yet.
    fireEvent.click(byId('correlation-add'));
    await wait(300);
    expect(lastChecked()!.map((c) => [c.a, c.b])).toEqual([
      ['market.growth', 'partner_types[0].win_rate'],
      ['market.growth', 'partner_types[1].win_rate'],
    ]);
  });

  it('edits the value and both inputs, removes a row, and undoes each step', async () => {
    await open();
    fireEvent.click(byId('correlation-add'));
    fireEvent.change(byId('correlation-value-0'), { target: { value: '-0.45' } });
    expect(screen.getByTestId('correlation-row-0').textContent).toContain('moderately opposed');
    fireEvent.change(byId('correlation-a-0'), { target: { value: 'conflict.loss_share' } });
    fireEvent.change(byId('correlation-b-0'), { target: { value: 'patterns[1].effects.attach_rate' } });
    await wait(300);
    expect(lastChecked()).toEqual([{ a: 'conflict.loss_share', b: 'patterns[1].effects.attach_rate', rank_correlation: -0.45 }]);

    fireEvent.change(screen.getByLabelText('Correlation 1 rank correlation (slider)'), { target: { value: '0.8' } });
    expect(byId('correlation-value-0').value).toBe('0.8');
    await wait(300);
    expect(lastChecked()![0]!.rank_correlation).toBe(0.8);

    fireEvent.click(byId('undo')); // the slider
    expect(byId('correlation-value-0').value).toBe('-0.45');
    fireEvent.click(byId('undo')); // input B
    expect(byId<HTMLSelectElement>('correlation-b-0').value).toBe('partner_types[0].win_rate');

    fireEvent.click(byId('correlation-remove-0'));
    expect(screen.queryByTestId('correlation-row-0')).toBeNull();
    await wait(300);
    // The last row removed leaves the list out, as the core stores it.
    expect(lastChecked()).toBeUndefined();
    fireEvent.click(byId('undo'));
    expect(byId<HTMLSelectElement>('correlation-a-0').value).toBe('conflict.loss_share');
    await wait(300);
    expect(lastChecked()).toEqual([{ a: 'conflict.loss_share', b: 'partner_types[0].win_rate', rank_correlation: -0.45 }]);
  });

  it('marks a value outside [-1, 1] on its field before the core answers, and never saves it', async () => {
    core.problems = (doc) =>
      (doc.correlations ?? []).flatMap((c, i) => (Math.abs(c.rank_correlation) > 1 ? [{ path: `correlations[${i}].rank_correlation`, message: `must be between -1 and 1, got ${c.rank_correlation}` }] : []));
    await open();
    fireEvent.click(byId('correlation-add'));
    await wait(300);
    fireEvent.change(byId('correlation-value-0'), { target: { value: '1.5' } });
    const row = () => within(screen.getByTestId('correlation-row-0'));
    expect(row().getByTestId('field-error').textContent).toBe('Rank correlation: must be between -1 and 1, got 1.5');
    expect(byId('correlation-value-0').getAttribute('aria-invalid')).toBe('true');
    expect(status()).toBe('Invalid — not saved');
    await wait(300);
    expect(lastChecked()![0]!.rank_correlation).toBe(1.5);
    expect(row().getByTestId('field-error').textContent).toBe('Rank correlation: must be between -1 and 1, got 1.5');
    expect(screen.getByTestId('problem-list').textContent).toContain('correlations[0].rank_correlation');
    expect(screen.getByTestId('tab-correlations').textContent).toContain('1');
    await wait(2500);
    expect(callsOf('save_scenario')).toHaveLength(0);
    fireEvent.change(byId('correlation-value-0'), { target: { value: '0.5' } });
    await wait(300);
    expect(screen.queryByTestId('field-error')).toBeNull();
  });

  it('says what is wrong when B names the same input as A, or a pair comes twice', async () => {
    const same: CorrelationDoc = { a: 'market.growth', b: 'market.growth', rank_correlation: 0.3 };
    serve({ ...scenario, correlations: [same] });
    core.problems = (doc) => (doc.correlations ?? []).flatMap((c, i) => (c.a === c.b ? [{ path: `correlations[${i}].b`, message: 'must name another input than a' }] : []));
    await open();
    const row = (i: number) => within(screen.getByTestId(`correlation-row-${i}`));
    expect(row(0).getByTestId('field-error').textContent).toBe('Input B: must name another input than a');
    expect(byId('correlation-b-0').className).toBe('invalid');
    fireEvent.change(byId('correlation-b-0'), { target: { value: 'partner_types[0].win_rate' } });
    expect(row(0).queryByTestId('field-error')).toBeNull();

    fireEvent.click(byId('correlation-add'));
    // The same two inputs, the other way round.
    fireEvent.change(byId('correlation-a-1'), { target: { value: 'partner_types[0].win_rate' } });
    fireEvent.change(byId('correlation-b-1'), { target: { value: 'market.growth' } });
    expect(row(1).getByTestId('field-error').textContent).toBe('This pair gives the correlation of “Value-added reseller · win rate” and “Market growth” a second time');
    expect(status()).toBe('Invalid — not saved');
  });

  it('shows the core’s problems with the list as a whole and with an input', async () => {
    const psd = 'the correlations cannot hold together (the matrix is not positive semi-definite): e.g. A strongly with B and with C, but B against C; soften some of them';
    core.problems = (doc) =>
      (doc.correlations ?? []).length >= 2
        ? [
            { path: 'correlations', message: psd },
            { path: 'correlations[1].a', message: '"market.segments[0].buy_rate" is not an uncertain input of the model' },
          ]
        : [];
    await open();
    fireEvent.click(byId('correlation-add'));
    fireEvent.click(byId('correlation-add'));
    fireEvent.click(screen.getByTestId('tab-composition'));
    await wait(300);
    // The problem list leads to the tab that holds the list.
    expect(screen.getByTestId('problem-list').textContent).toContain(psd);
    fireEvent.click(within(screen.getByTestId('problem-list')).getAllByRole('button', { name: 'correlations' })[0]!);
    const errors = screen.getAllByTestId('field-error').map((e) => e.textContent);
    expect(errors).toContain(psd);
    expect(within(screen.getByTestId('correlation-row-1')).getByTestId('field-error').textContent).toBe('Input A: "market.segments[0].buy_rate" is not an uncertain input of the model');
    expect(byId('correlation-a-1').className).toBe('invalid');
    expect(status()).toBe('Invalid — not saved');
  });
});

describe('correlations editor without enough inputs', () => {
  it('says so instead of offering to add a correlation', () => {
    render(<CorrelationsEditor doc={scenario} model={model} inputs={['market.growth']} onEdit={() => {}} />);
    expect(screen.getByTestId('correlations-unavailable').textContent).toMatch(/only one uncertain input \(Market growth\)/);
    expect(screen.queryByTestId('correlation-add')).toBeNull();
    expect(screen.queryByRole('table')).toBeNull();
  });

  it('still lists correlations the scenario has, to remove them', () => {
    const onEdit = vi.fn();
    render(<CorrelationsEditor doc={{ ...scenario, correlations: [{ a: 'market.growth', b: 'conflict.loss_share', rank_correlation: 0.5 }] }} model={model} inputs={[]} onEdit={onEdit} />);
    expect(screen.getByTestId('correlations-unavailable').textContent).toMatch(/no uncertain inputs/);
    expect(byId<HTMLSelectElement>('correlation-a-0').value).toBe('market.growth');
    fireEvent.click(byId('correlation-remove-0'));
    const update = onEdit.mock.calls[0]![1] as (d: ScenarioDoc) => ScenarioDoc;
    expect(update({ ...scenario, correlations: [{ a: 'market.growth', b: 'conflict.loss_share', rank_correlation: 0.5 }] })).not.toHaveProperty('correlations');
  });
});
