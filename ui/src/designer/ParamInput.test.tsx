import { fireEvent, render, screen } from '@testing-library/react';
import { useState } from 'react';
import { describe, expect, it, vi } from 'vitest';
import type { Param, Problem } from '../api/bindings';
import { ParamInput } from './ParamInput';
import { ProblemsProvider } from './ProblemsContext';

function Harness({ initial, problems = [], spy }: { initial: Param; problems?: Problem[]; spy?: (p: Param) => void }) {
  const [v, setV] = useState<Param>(initial);
  return (
    <ProblemsProvider value={problems}>
      <ParamInput
        path="market.segments[0].buy_rate"
        label="Buy rate"
        value={v}
        onChange={(p) => {
          spy?.(p);
          setV(p);
        }}
      />
    </ProblemsProvider>
  );
}

const kind = () => screen.getByLabelText('Buy rate: number or distribution') as HTMLSelectElement;

describe('ParamInput', () => {
  it('edits a plain number', () => {
    const spy = vi.fn();
    render(<Harness initial={0.05} spy={spy} />);
    expect(kind().value).toBe('number');
    fireEvent.change(screen.getByLabelText('Buy rate'), { target: { value: '0.06' } });
    expect(spy).toHaveBeenLastCalledWith(0.06);
  });

  it('switches a number to a distribution around it, with a picture of its shape', () => {
    const spy = vi.fn();
    const { container } = render(<Harness initial={0.05} spy={spy} />);
    fireEvent.change(kind(), { target: { value: 'pert' } });
    expect(spy).toHaveBeenLastCalledWith({ dist: 'pert', min: 0.04, mode: 0.05, max: 0.06 });
    expect((screen.getByLabelText('Buy rate min') as HTMLInputElement).value).toBe('0.04');
    expect((screen.getByLabelText('Buy rate mode') as HTMLInputElement).value).toBe('0.05');
    expect(container.querySelector('svg.density path')?.getAttribute('d')).toMatch(/^M0,28 L/);
  });

  it('edits a parameter of the distribution', () => {
    const spy = vi.fn();
    render(<Harness initial={{ dist: 'normal', mean: 10, sd: 2 }} spy={spy} />);
    fireEvent.change(screen.getByLabelText('Buy rate sd'), { target: { value: '3' } });
    expect(spy).toHaveBeenLastCalledWith({ dist: 'normal', mean: 10, sd: 3 });
  });

  it('switches a distribution back to its central value', () => {
    const spy = vi.fn();
    render(<Harness initial={{ dist: 'lognormal', median: 12000, p90: 36000 }} spy={spy} />);
    fireEvent.change(kind(), { target: { value: 'number' } });
    expect(spy).toHaveBeenLastCalledWith(12000);
    expect((screen.getByLabelText('Buy rate') as HTMLInputElement).value).toBe('12000');
  });

  it('shows a problem on a parameter under that parameter', () => {
    render(<Harness initial={{ dist: 'normal', mean: 1.4, sd: 0.1 }} problems={[{ path: 'market.segments[0].buy_rate.mean', message: 'must be between 0 and 1, got 1.4' }]} />);
    expect(screen.getByTestId('field-error').textContent).toBe('must be between 0 and 1, got 1.4');
    expect(screen.getByLabelText('Buy rate mean').className).toContain('invalid');
    expect(screen.getByLabelText('Buy rate sd').className).not.toContain('invalid');
  });

  it('shows no shape for parameters that are not a distribution', () => {
    const { container } = render(<Harness initial={{ dist: 'uniform', min: 3, max: 1 }} />);
    expect(container.querySelector('svg.density')).toBeNull();
    expect(container.querySelector('.density-empty')).not.toBeNull();
  });
});
