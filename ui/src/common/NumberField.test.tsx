import { fireEvent, render, screen } from '@testing-library/react';
import { useState } from 'react';
import { describe, expect, it, vi } from 'vitest';
import { NumberField, parseNumber } from './NumberField';

function Controlled({ initial, onCommit }: { initial: number; onCommit: (n: number) => void }) {
  const [v, setV] = useState(initial);
  return (
    <NumberField
      value={v}
      label="Partners"
      testId="f"
      onCommit={(n) => {
        setV(n);
        onCommit(n);
      }}
    />
  );
}

describe('number field', () => {
  it('reads numbers as people type them', () => {
    expect(parseNumber('1,500')).toBe(1500);
    expect(parseNumber(' 0.5 ')).toBe(0.5);
    expect(parseNumber('-5')).toBe(-5);
    expect(parseNumber('-')).toBeNull();
    expect(parseNumber('')).toBeNull();
    expect(parseNumber('abc')).toBeNull();
  });

  it('commits every number typed, negative ones too (the document judges them)', () => {
    const commit = vi.fn();
    render(<Controlled initial={30} onCommit={commit} />);
    const input = screen.getByTestId('f') as HTMLInputElement;
    fireEvent.change(input, { target: { value: '3' } });
    fireEvent.change(input, { target: { value: '31' } });
    fireEvent.change(input, { target: { value: '-5' } });
    expect(commit.mock.calls.map((c) => c[0])).toEqual([3, 31, -5]);
  });

  it('marks text that is not a number and commits nothing, keeping the text after leaving', () => {
    const commit = vi.fn();
    render(<Controlled initial={30} onCommit={commit} />);
    const input = screen.getByTestId('f') as HTMLInputElement;
    fireEvent.change(input, { target: { value: '' } });
    expect(commit).not.toHaveBeenCalled();
    expect(screen.getByTestId('field-error').textContent).toBe('Partners: enter a number (it stays 30 until then).');
    expect(input.getAttribute('aria-invalid')).toBe('true');
    fireEvent.blur(input);
    expect(input.value).toBe('');
    fireEvent.change(input, { target: { value: '12' } });
    expect(commit).toHaveBeenCalledWith(12);
    expect(screen.queryByTestId('field-error')).toBeNull();
  });

  it('keeps a half-typed decimal while its value is unchanged, and takes new values from outside', () => {
    const { rerender } = render(<NumberField value={0} label="x" testId="f" onCommit={() => {}} />);
    const input = screen.getByTestId('f') as HTMLInputElement;
    fireEvent.change(input, { target: { value: '0.' } });
    expect(input.value).toBe('0.');
    rerender(<NumberField value={7} label="x" testId="f" onCommit={() => {}} />);
    expect(input.value).toBe('7');
  });
});
