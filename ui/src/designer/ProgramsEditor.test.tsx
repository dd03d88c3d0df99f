import { fireEvent, render, screen } from '@testing-library/react';
import { useState } from 'react';
import { describe, expect, it, vi } from 'vitest';
import type { MarketModelDoc, ScenarioDoc } from '../api/bindings';
import { model as baseModel, scenario } from '../test/fixtures';
import { ProblemsProvider } from './ProblemsContext';
import { ProgramsEditor } from './ProgramsEditor';
import rules from '../api/rules.json';
import { programSaturation, setProgram } from './edits';

const model: MarketModelDoc = {
  ...baseModel,
  programs: [
    {
      id: 'enable',
      name: 'Sales enablement',
      kind: 'enablement',
      partner_types: ['reseller'],
      cost_per_partner_per_quarter: 1500,
      half_effect_level: 0.5,
      effects: { win_uplift: 0.12, ramp_speedup: 0.5 },
    },
    { id: 'mdf', name: 'Market development funds', kind: 'mdf', partner_types: ['reseller'], cost_per_partner_per_quarter: 6000, half_effect_level: 0.75, top_share: 0.3, effects: { buy_rate_uplift: 0.3 } },
  ],
};

function Harness({ spy, start = scenario }: { spy?: (key: string | null, doc: ScenarioDoc) => void; start?: ScenarioDoc }) {
  const [doc, setDoc] = useState(start);
  return (
    <ProblemsProvider value={[]}>
      <ProgramsEditor
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

describe('programs editor', () => {
  it('lists every program of the model, off until given a level', () => {
    render(<Harness />);
    expect(screen.getByTestId('program-enable').textContent).toContain('Sales enablement');
    expect(screen.getByTestId('program-mdf').textContent).toContain('the most productive 30% of them');
    expect(screen.getByTestId('program-effect-enable').textContent).toBe('off');
    expect(screen.getAllByTestId('program-curve')).toHaveLength(2);
  });

  it('sets a level with the slider and shows its effect and cost at once', () => {
    const spy = vi.fn();
    render(<Harness spy={spy} />);
    fireEvent.change(screen.getByTestId('program-slider-enable'), { target: { value: '1' } });
    const [key, doc] = spy.mock.calls.at(-1)!;
    expect(key).toBe('programs.enable');
    expect(doc.programs).toEqual({ enable: 1 });
    // Level 1 with half effect at 0.5: two thirds of the effect at saturation.
    expect(screen.getByTestId('program-effect-enable').textContent).toBe('67% of its effect at saturation');
    expect(screen.getByTestId('program-cost-enable').textContent).toBe('$1,500');
    fireEvent.change(screen.getByTestId('program-slider-enable'), { target: { value: '2' } });
    expect(screen.getByTestId('program-cost-enable').textContent).toBe('$3,000');
    expect(screen.getByTestId('program-effect-enable').textContent).toBe('80% of its effect at saturation');
  });

  it('switches a program off by setting its level to 0', () => {
    const spy = vi.fn();
    render(<Harness spy={spy} start={{ ...scenario, programs: { enable: 2 } }} />);
    fireEvent.change(screen.getByTestId('program-slider-enable'), { target: { value: '0' } });
    expect(spy.mock.calls.at(-1)![1].programs).toEqual({});
  });

  it('says so when the model has no programs', () => {
    render(
      <ProblemsProvider value={[]}>
        <ProgramsEditor doc={scenario} model={baseModel} onEdit={() => {}} />
      </ProblemsProvider>,
    );
    expect(screen.getByText(/has no partner programs/)).toBeTruthy();
  });
});

describe('program edits', () => {
  it('draws the effect curve by the engine’s own rule (rules.json, generated from the core)', () => {
    expect(rules.program_saturation.length).toBeGreaterThan(10);
    for (const c of rules.program_saturation) expect(programSaturation(c.level, c.half_effect_level)).toBeCloseTo(c.share, 12);
  });

  it('every doubling past the bend adds less effect than the one before', () => {
    const half = 0.5;
    const steps = [0.5, 1, 2, 4, 8].map((l) => programSaturation(2 * l, half) - programSaturation(l, half));
    for (let i = 1; i < steps.length; i++) expect(steps[i]!).toBeLessThan(steps[i - 1]!);
    expect(programSaturation(0, half)).toBe(0);
  });

  it('leaves the document as it is when nothing changes', () => {
    const doc = { ...scenario, programs: { enable: 1 } };
    expect(setProgram(doc, 'enable', 1)).toBe(doc);
    expect(setProgram(scenario, 'mdf', 0)).toBe(scenario);
  });
});
