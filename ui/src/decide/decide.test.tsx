import { fireEvent, render, screen, waitFor } from '@testing-library/react';
import { beforeEach, describe, expect, it, vi } from 'vitest';
import type { Charted, DriversReport, SolveReport, SpiderReport, StressReport, Summary, VoiReport } from '../api/bindings';
import { NoticeProvider } from '../common/notices';
import { model, scenario } from '../test/fixtures';
import { charted, wordsFor } from '../test/analysisFixtures';
import { analysisJob } from '../test/analysisJob';
import { wordsOn } from '../test/chartCard';
import { callsOf, handlers, resetTauri } from '../test/tauriMock';
import { SensitivityView } from '../sensitivity/SensitivityView';
import { DriversView } from './DriversView';
import { SolveView, formRequest, initialForm } from './SolveView';
import { StressView } from './StressView';
import { VoiView } from './VoiView';
import { goalText, solveCaption } from './charts';

vi.mock('@tauri-apps/api/core', () => import('../test/tauriMock'));
vi.mock('../common/EChart', () => import('../test/EChartStub'));

const INPUTS = ['partner_types[0].win_rate', 'market.growth'];

beforeEach(() => {
  resetTauri();
  handlers.set('get_scenario', () => ({ info: { id: 3, name: scenario.name }, version: 1, doc: scenario, model, uncertain_inputs: INPUTS }));
  handlers.set('cancel_analysis', () => true);
});

const sum = (mean: number): Summary => ({ mean, std_dev: mean / 5, std_error: mean / 500, min: mean / 2, max: mean * 2, p5: mean * 0.7, p10: mean * 0.75, p25: mean * 0.9, p50: mean, p75: mean * 1.1, p90: mean * 1.25, p95: mean * 1.3 });

const goal = { kpi: 'total_revenue', statistic: { kind: 'probability' as const, threshold: 45e6, above: true }, at_least: true, value: 0.8 };

function solveReport(over: Partial<SolveReport> = {}): SolveReport {
  return {
    lever: { kind: 'partners', partner_type: 'reseller', region: 'emea' },
    lever_label: 'Value-added reseller in EMEA (starting partners)',
    goal,
    goal_text: 'P(total revenue ≥ 45,000,000) ≥ 80%',
    range: [0, 60],
    integer: true,
    current: 8,
    current_meets: false,
    outcome: 'solved',
    side: 'at_least',
    answer: 31,
    interval: [29, 33],
    unreachable_share: 0,
    monotone: true,
    trials_against_trend: 0.01,
    points: [0, 12, 24, 30, 31, 36, 48, 60].map((v) => ({ value: v, statistic: 0.3 + v / 60, noise: 0.01, meets: v >= 31, kpi_mean: 4e7 + v * 1e5 })),
    trials: 2000,
    seed: 42,
    solved: { ...scenario, composition: { ...scenario.composition, reseller: { ...(scenario.composition.reseller ?? {}), emea: 31 } } },
    wall_seconds: 3.2,
    ...over,
  };
}

describe('solve view', () => {
  it('builds the lever and goal from the form, shows the answer and saves the solved design', async () => {
    const job = analysisJob<SolveReport>('solve');
    handlers.set('save_as_new_scenario', ({ name }) => ({ id: 12, name }));
    const open = vi.fn();
    render(
      <NoticeProvider>
        <SolveView scenarioId={3} onOpenScenario={open} />
      </NoticeProvider>,
    );
    await screen.findByText(/How much is enough/);
    fireEvent.change(screen.getByTestId('solve-region'), { target: { value: 'emea' } });
    fireEvent.change(screen.getByTestId('solve-threshold'), { target: { value: '45000000' } });
    fireEvent.click(screen.getByTestId('solve-start'));
    await waitFor(() => expect(job.called()).toBe(true));
    expect(callsOf('solve')[0]).toMatchObject({ id: 3, lever: { kind: 'partners', partner_type: 'reseller', region: 'emea' }, goal, range: null, trials: 2000 });
    await job.resolve(solveReport());
    expect(screen.getByTestId('solve-answer').textContent).toContain('31');
    expect(screen.getByTestId('solve-answer').textContent).toContain('29 – 33');
    expect(screen.getByText(/takes at least 31 of Value-added reseller in EMEA/)).toBeTruthy();
    expect(screen.queryByTestId('solve-not-monotone')).toBeNull();
    fireEvent.click(screen.getByTestId('solve-save'));
    fireEvent.click(await screen.findByRole('button', { name: 'Save' }));
    await waitFor(() => expect(callsOf('save_as_new_scenario').length).toBe(1));
    const saved = callsOf('save_as_new_scenario')[0] as { doc: typeof scenario };
    expect(saved.doc.composition.reseller?.emea).toBe(31);
    fireEvent.click(await screen.findByTestId('solve-open-saved'));
    expect(open).toHaveBeenCalledWith(12);
  });

  it('says when a lever is not monotone and when a goal is out of reach', () => {
    const r = solveReport({ monotone: false, monotone_note: 'the goal’s statistic rises … and falls …', outcome: 'not_reachable', answer: null, interval: null, solved: null });
    expect(solveCaption(r, 'USD')).toMatch(/^Not reachable: no value of Value-added reseller in EMEA .* from 0 to 60 meets P\(total revenue ≥ \$45/);
  });

  it('checks the form field by field', () => {
    const f = { ...initialForm(model), value: 1.5 };
    const r = formRequest(f, model);
    expect('problems' in r && r.problems.value).toEqual(['a probability must be between 0 and 1 (0.8 = 80%)']);
    const r2 = formRequest({ ...initialForm(model), customRange: true, low: 10, high: 5 }, model);
    expect('problems' in r2 && r2.problems.range).toBeTruthy();
    const ok = formRequest({ ...initialForm(model), lever: 'policy' }, model);
    expect('lever' in ok && ok.lever).toEqual({ kind: 'policy', policy: 'deal_registration' });
    expect(goalText({ ...goal, statistic: { kind: 'percentile', p: 0.1 }, value: 4e7 }, 'USD')).toBe('P10 of total revenue ≥ $40M');
  });
});

describe('drivers view', () => {
  it('runs on the chosen tail and ranks the inputs, with what falls short', async () => {
    const job = analysisJob<DriversReport>('drivers');
    render(<DriversView scenarioId={3} />);
    await screen.findByText(/What drives the bad futures/);
    fireEvent.click(screen.getByTestId('drivers-start'));
    await waitFor(() => expect(job.called()).toBe(true));
    expect(callsOf('drivers')[0]).toMatchObject({ id: 3, kpi: 'total_revenue', tail: 'bottom', share: 0.1, trials: 5000 });
    await job.resolve({
      kpi: 'total_revenue',
      tail: 'bottom',
      share: 0.1,
      trials: 5000,
      tail_trials: 500,
      seed: 42,
      threshold: 3.7e7,
      kpi_mean_all: 4.9e7,
      kpi_mean_tail: 3.4e7,
      inputs: [
        { input: INPUTS[0]!, label: '', median_all: 0.25, median_tail: 0.22, shift: -1.1, noise: 0.17, beyond_noise: true },
        { input: INPUTS[1]!, label: '', median_all: 0.07, median_tail: 0.07, shift: 0.05, noise: 0.18, beyond_noise: false },
      ],
      shortfalls: [{ breakdown: 'partner_type', id: 'reseller', name: 'Value-added reseller', mean_all: 1.9e7, mean_tail: 1.3e7, change: -6e6, relative_change: -0.31 }],
      wall_seconds: 4,
    });
    expect(screen.getByTestId('chart-drivers')).toBeTruthy();
    expect(screen.getByText(/win rate runs low \(1\.1 standard deviations\)/)).toBeTruthy();
    expect(screen.getByTestId('drivers-shortfalls').textContent).toContain('Value-added reseller');
  });
});

describe('stress view', () => {
  it('holds the chosen inputs in their ranges and shows each case against the base', async () => {
    const job = analysisJob<StressReport>('stress');
    render(<StressView scenarioId={3} />);
    await screen.findByText(/Stress test —/);
    fireEvent.click(screen.getByTestId('stress-hold-1'));
    fireEvent.change(screen.getByTestId('stress-range-1'), { target: { value: 'below25' } });
    fireEvent.click(screen.getByTestId('stress-start'));
    await waitFor(() => expect(job.called()).toBe(true));
    expect(callsOf('stress')[0]).toMatchObject({
      id: 3,
      kpi: 'total_revenue',
      inputs: [
        { input: INPUTS[0], range: [0, 0.1] },
        { input: INPUTS[1], range: [0, 0.25] },
      ],
    });
    const c = (label: string, mean: number, d: number) => ({ inputs: [], label, values: [], summary: sum(mean), difference: sum(d), target_probability: 0.4 });
    await job.resolve({ kpi: 'total_revenue', trials: 2000, seed: 42, base: sum(4.9e7), base_target_probability: 0.65, cases: [c('win rate', 4.5e7, -3.5e6), c('growth', 4.88e7, -2e5), c('win rate + growth', 4.45e7, -3.7e6)], wall_seconds: 3 });
    expect(screen.getByTestId('chart-stress')).toBeTruthy();
    expect(screen.getByText(/Holding win rate \+ growth together, each in its range, moves mean total revenue from \$49/)).toBeTruthy();
    expect(screen.getByTestId('stress-table').textContent).toContain('65%');
  });
});

describe('value of information view', () => {
  it('starts at once and says what is worth finding out first', async () => {
    const job = analysisJob<VoiReport>('value_of_information');
    render(<VoiView ids={[3, 4]} />);
    await waitFor(() => expect(job.called()).toBe(true));
    expect(callsOf('value_of_information')[0]).toMatchObject({ ids: [3, 4], kpi: 'net_contribution', trials: 5000 });
    await job.resolve({
      kpi: 'net_contribution',
      trials: 5000,
      seed: 42,
      designs: [
        { scenario: { id: 'a', name: 'Balanced ecosystem' }, mean: 3.7e7, probability_best: 0.3 },
        { scenario: { id: 'b', name: 'Reseller-heavy channel' }, mean: 4.2e7, probability_best: 0.7 },
      ],
      chosen: 1,
      evpi: 2.5e6,
      inputs: [
        { input: INPUTS[0]!, label: '', evppi: 360_000, interval: [240_000, 510_000], noise: 1000, beyond_noise: true, best_by_decile: [0, 0, 1, 1, 1, 1, 1, 1, 1, 1] },
        { input: INPUTS[1]!, label: '', evppi: 0, interval: [0, 2000], noise: 1000, beyond_noise: false, best_by_decile: [1, 1, 1, 1, 1, 1, 1, 1, 1, 1] },
      ],
      wall_seconds: 5,
    });
    expect(screen.getByTestId('chart-voi')).toBeTruthy();
    expect(screen.getByText(/Reseller-heavy channel pays most .* learning Value-added reseller · win rate first is worth \$360K/)).toBeTruthy();
    expect(screen.getByTestId('voi-designs').textContent).toContain('chosen on what is known now');
  });
});

describe('spider', () => {
  it('sweeps each input over its percentiles beside the tornado', async () => {
    const job = analysisJob<Charted<SpiderReport>>('spider');
    render(
      <NoticeProvider>
        <SensitivityView scenarioId={3} />
      </NoticeProvider>,
    );
    await screen.findByText(/Sensitivity —/);
    fireEvent.click(screen.getByTestId('sensitivity-method-spider'));
    fireEvent.click(screen.getByTestId('sensitivity-start'));
    await waitFor(() => expect(job.called()).toBe(true));
    expect(callsOf('spider')[0]).toMatchObject({ id: 3, kpi: 'total_revenue', trials: 500 });
    const spider = charted<SpiderReport>(
      { kpi: 'total_revenue', base: 4.9e7, trials_per_point: 500, percentiles: [0.05, 0.1, 0.25, 0.5, 0.75, 0.9, 0.95], lines: [{ input: INPUTS[0]!, label: '', values: [0.2, 0.21, 0.23, 0.25, 0.27, 0.29, 0.3], kpi: [4.1e7, 4.3e7, 4.6e7, 4.9e7, 5.2e7, 5.5e7, 5.7e7], range: 1.6e7 }], wall_seconds: 2 },
      'spider',
    );
    await job.resolve(spider);
    expect(wordsOn('chart-spider')).toEqual(wordsFor(spider, 'spider'));
  });
});

describe('stress ranges in words', () => {
  it('names each preset as a person says it', async () => {
    const { rangeWords } = await import('./charts');
    expect(rangeWords([0, 0.1])).toBe('in its bottom 10%');
    expect(rangeWords([0, 0.25])).toBe('below its P25');
    expect(rangeWords([0.75, 1])).toBe('above its P75');
    expect(rangeWords([0.9, 1])).toBe('in its top 10%');
    expect(rangeWords([0.2, 0.4])).toBe('between its P20 and P40');
  });
});
