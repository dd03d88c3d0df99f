import { fireEvent, render, screen, within } from '@testing-library/react';
import { useState } from 'react';
import { describe, expect, it, vi } from 'vitest';
import type { Problem, ScenarioDoc } from '../api/bindings';
import { model, scenario } from '../test/fixtures';
import { CompositionGrid } from './CompositionGrid';
import { ProblemsProvider } from './ProblemsContext';

function Harness({ problems = [], spy }: { problems?: Problem[]; spy?: (key: string | null, doc: ScenarioDoc) => void }) {
  const [doc, setDoc] = useState(scenario);
  return (
    <ProblemsProvider value={problems}>
      <CompositionGrid
        doc={doc}
        model={model}
        onEdit={(key, update) => {
          const next = update(doc);
          spy?.(key, next);
          setDoc(next);
        }}
      />
    </ProblemsProvider>
  );
}

describe('composition grid', () => {
  it('has a row per partner type, a column per region, and their totals', () => {
    render(<Harness />);
    expect((screen.getByTestId('composition-reseller-na') as HTMLInputElement).value).toBe('64');
    expect((screen.getByTestId('composition-marketplace-emea') as HTMLInputElement).value).toBe('0');
    expect(screen.getByTestId('composition-row-total-reseller').textContent).toBe('118');
    expect(screen.getByTestId('composition-col-total-na').textContent).toBe('73');
    expect(screen.getByTestId('composition-total').textContent).toBe('127');
    const header = screen.getAllByRole('columnheader').map((h) => h.textContent);
    expect(header).toEqual(['Partner type', 'North America', 'EMEA', 'Total']);
  });

  it('edits a cell and updates the totals at once', () => {
    const spy = vi.fn();
    render(<Harness spy={spy} />);
    fireEvent.change(screen.getByTestId('composition-reseller-na'), { target: { value: '31' } });
    expect(spy).toHaveBeenLastCalledWith('composition.reseller.na', expect.objectContaining({ composition: expect.objectContaining({ reseller: { na: 31, emea: 54 } }) }));
    expect(screen.getByTestId('composition-row-total-reseller').textContent).toBe('85');
    expect(screen.getByTestId('composition-total').textContent).toBe('94');
  });

  it('adds a type the scenario did not have', () => {
    const spy = vi.fn();
    render(<Harness spy={spy} />);
    fireEvent.change(screen.getByTestId('composition-marketplace-na'), { target: { value: '2' } });
    expect(spy.mock.calls[0]![1].composition.marketplace).toEqual({ na: 2 });
    expect(screen.getByTestId('composition-col-total-na').textContent).toBe('75');
  });

  it('marks the cell the core objects to, with its message under it', () => {
    render(<Harness problems={[{ path: 'composition.reseller.emea', message: 'must be at most 10000, got 20000' }]} />);
    const input = screen.getByTestId('composition-reseller-emea');
    expect(input.className).toContain('invalid');
    const cell = input.closest('td')!;
    expect(within(cell).getByTestId('field-error').textContent).toBe('must be at most 10000, got 20000');
    expect(screen.getAllByTestId('field-error')).toHaveLength(1);
    expect(screen.getByTestId('composition-reseller-na').className).not.toContain('invalid');
  });
});
