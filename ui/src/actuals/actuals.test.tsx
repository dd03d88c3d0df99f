import { fireEvent, render, screen, waitFor, within } from '@testing-library/react';
import { beforeEach, describe, expect, it, vi } from 'vitest';
import type { Analytics, Backtest, Calibration, DatasetInfo, SheetPreview } from '../api/bindings';
import { NoticeProvider } from '../common/notices';
import { model } from '../test/fixtures';
import { callsOf, handlers, resetTauri } from '../test/tauriMock';
import { ActualsView } from './ActualsView';
import { backtestCaption, backtestOption } from './charts';

vi.mock('@tauri-apps/api/core', () => import('../test/tauriMock'));
vi.mock('../common/EChart', () => import('../test/EChartStub'));

const dataset: DatasetInfo = { id: 1, name: 'Northwind history', model_slug: 'northwind-analytics', partners: 206, deals: 5319, currency: 'USD', sources: [], created_at: '2026-12-02 07:00:00' };

const analytics: Analytics = {
  currency: 'USD',
  from: '2024-01-02',
  to: '2026-12-30',
  partners: 206,
  deals: 5319,
  won_amount: 42e6,
  by_type: [{ partner_type: 'reseller', partners: 70, active_partners: 50, deals: 3000, won: 900, lost: 2100, win_rate: 0.3, won_amount: 20e6, share_of_won: 0.48, average_won: 22000, open_pipeline: 0 }],
  by_source: [],
  referrals: [{ from_type: 'referral_partner', to_type: 'reseller', referrals: 40, won: 12, win_rate: 0.3, won_amount: 3e5 }],
  collaboration: { deals_together: 900, win_rate_together: 0.34, average_won_together: 30000, deals_alone: 4000, win_rate_alone: 0.28, average_won_alone: 20000, open_pipeline_together: 0 },
  by_quarter: [{ quarter: '2024-Q1', won_amount: 3e6, won_by_type: { reseller: 1.5e6 } }],
};

const backtest: Backtest = {
  measure: 'ACV won per quarter',
  currency: 'USD',
  fitted_on: '2024-Q1 – 2025-Q4',
  forecast: '2026-Q1 – 2026-Q4',
  history: [['2025-Q4', 4.5e6]],
  quarters: [
    { quarter: '2026-Q1', actual: 5e6, p10: 3e6, p50: 4.6e6, p90: 6.5e6, inside: true },
    { quarter: '2026-Q2', actual: 7e6, p10: 3e6, p50: 4.6e6, p90: 6.5e6, inside: false },
  ],
  share_inside: 0.5,
  mape_p50: 0.12,
  trials: 500,
  calibration: { model, notes: [] },
};

beforeEach(() => {
  resetTauri();
  handlers.set('list_scenarios', () => []);
  handlers.set('dataset_analytics', () => analytics);
});

const view = () =>
  render(
    <NoticeProvider>
      <ActualsView />
    </NoticeProvider>,
  );

describe('actuals', () => {
  it('says how to start when nothing is imported', async () => {
    handlers.set('list_datasets', () => []);
    view();
    expect((await screen.findByTestId('actuals-empty')).textContent).toContain('data/northwind-history');
  });

  it('previews chosen files with their mapping, lets a column be changed, imports through it and shows the refusal', async () => {
    let datasets: DatasetInfo[] = [];
    handlers.set('list_datasets', () => datasets);
    const sheet: SheetPreview = {
      sheet: 'opportunities.csv',
      table: 'deals',
      header: ['Opportunity ID', 'Stage', 'Amount', 'Deal Name'],
      rows: [['OPP-1', 'Closed Won', '12,000.00', 'Contoso']],
      total_rows: 5319,
      fields: [['id', true], ['outcome', true], ['amount', true], ['marketplace', false]],
      mapping: { columns: { id: 'Opportunity ID', outcome: 'Stage', amount: 'Amount' }, dates: 'us' },
      remembered: true,
      signature: 'abc',
    };
    handlers.set('preview_import', () => [sheet]);
    let refuse = true;
    handlers.set('import_actuals', () => {
      if (refuse) throw { kind: 'invalid', message: 'opportunities.csv, row 3, column Amount: "x" is not an amount', problems: [] };
      datasets = [dataset];
      return dataset;
    });
    view();
    fireEvent.click(await screen.findByTestId('actuals-import'));
    const file = new File(['Opportunity ID,Stage\nOPP-1,Closed Won\n'], 'opportunities.csv', { type: 'text/csv' });
    fireEvent.change(screen.getByTestId('import-files'), { target: { files: [file] } });
    const mapping = await screen.findByTestId('sheet-deals');
    expect((mapping).textContent).toContain('mapping remembered');
    expect((mapping).textContent).toContain('5,319 rows');
    expect(within(mapping).getByText('Contoso')).toBeTruthy();
    expect((screen.getByTestId('map-deals-id') as HTMLSelectElement).value).toBe('Opportunity ID');
    fireEvent.change(screen.getByTestId('map-deals-marketplace'), { target: { value: 'Deal Name' } });
    const [preview] = callsOf('preview_import');
    expect((preview?.files as { name: string; base64: string }[])[0]?.name).toBe('opportunities.csv');
    fireEvent.click(screen.getByTestId('import-run'));
    expect((await screen.findByTestId('import-problems')).textContent).toContain('row 3, column Amount');
    refuse = false;
    fireEvent.click(screen.getByTestId('import-run'));
    await screen.findByTestId('dataset-panel');
    const calls = callsOf('import_actuals');
    expect(calls.at(-1)?.mappings).toEqual({ deals: { columns: { id: 'Opportunity ID', outcome: 'Stage', amount: 'Amount', marketplace: 'Deal Name' }, dates: 'us' } });
    expect(calls.at(-1)?.model).toBe('northwind-analytics');
  });

  it('shows performance, calibrates, saves the model and backtests', async () => {
    handlers.set('list_datasets', () => [dataset]);
    const calibration: Calibration = {
      model,
      notes: [
        { path: 'partner_types[0].win_rate', fitted: true, detail: 'fitted from 2165 closed deals worked alone', estimate: 0.284, low: 0.268, high: 0.3, base: 0.25, sample: 2165, confounded: false },
        { path: 'patterns[3].effects.win_uplift', fitted: true, detail: 'confounded by which deals get a partner', estimate: 0.2, low: -0.4, high: 0.8, base: 0.26, sample: 210, confounded: true },
        { path: 'partner_types[4].win_rate', fitted: false, detail: '0 closed deals worked alone (fewer than 10)', estimate: null, low: null, high: null, base: 0, sample: 0, confounded: false },
      ],
    };
    handlers.set('calibrate_dataset', () => calibration);
    handlers.set('save_calibrated_model', () => 2);
    handlers.set('backtest_dataset', () => backtest);
    view();
    expect((await screen.findByTestId('actuals-by-type')).textContent).toContain('reseller');
    expect((screen.getByTestId('actuals-referrals')).textContent).toContain('referral partner');
    fireEvent.click(screen.getByTestId('actuals-tab-calibration'));
    fireEvent.click(screen.getByTestId('calibrate'));
    const table = await screen.findByTestId('calibration-table');
    expect((table).textContent).toContain('2 parameters fitted');
    expect((table).textContent).toContain('0.268 – 0.3');
    expect((table).textContent).toContain('confounded');
    fireEvent.click(screen.getByTestId('save-calibrated'));
    await waitFor(() => expect(callsOf('save_calibrated_model')).toHaveLength(1));
    expect(await screen.findByText(/Saved as version 2/)).toBeTruthy();
    fireEvent.click(screen.getByTestId('actuals-tab-backtest'));
    fireEvent.click(screen.getByTestId('backtest'));
    expect((await screen.findByTestId('backtest-table')).textContent).toContain('outside');
  });

  it('draws the backtest as the history, the band, the P50 and the actual quarters', () => {
    const o = backtestOption(backtest) as { series: { name: string; data: (number | null)[] }[]; xAxis: { data: string[] } };
    expect(o.xAxis.data).toEqual(['2025-Q4', '2026-Q1', '2026-Q2']);
    const by = Object.fromEntries(o.series.map((s) => [s.name, s.data]));
    expect(by['band-base']).toEqual([null, 3e6, 3e6]);
    expect(by['P10–P90']).toEqual([null, 3.5e6, 3.5e6]);
    expect(by['Actual']).toEqual([4.5e6, 5e6, 7e6]);
    expect(backtestCaption(backtest)).toContain('1 of 2 actual quarters fall inside the P10–P90 band; the P50 is off by 12.0 % on average.');
  });
});
