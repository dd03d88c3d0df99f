import { fireEvent, render, screen, waitFor, within } from '@testing-library/react';
import { beforeEach, describe, expect, it, vi } from 'vitest';
import type { Analytics, Backtest, Calibration, DatasetInfo, SheetPreview } from '../api/bindings';
import { NoticeProvider } from '../common/notices';
import { model } from '../test/fixtures';
import { callsOf, handlers, resetTauri } from '../test/tauriMock';
import { ActualsView } from './ActualsView';
import { backtestCaption, backtestOption, cohortCaption, cohortOption, involvementCaption, involvementOption, lorenzCaption, lorenzOption, networkOption, typeColor } from './charts';

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
  by_quarter: [
    { quarter: '2024-Q1', won_amount: 3e6, won_by_type: { reseller: 1.5e6 }, pipeline_by_type: { reseller: 9e6 }, won_sourced: 2e6, won_influenced: 0.6e6, won_marketplace: 0.4e6, collaborative_pipeline: 3e6, referrals: 12 },
    { quarter: '2024-Q2', won_amount: 1e6, won_by_type: { reseller: 1e6 }, pipeline_by_type: { reseller: 1e6 }, won_sourced: 1e6, won_influenced: 0, won_marketplace: 0, collaborative_pipeline: 0, referrals: 0 },
  ],
  network: {
    partners: [
      { id: 'RP1', name: 'Lighthouse Referrals', partner_type: 'referral_partner', referred: 30, received: 0 },
      { id: 'R1', name: 'Contoso Resellers', partner_type: 'reseller', referred: 0, received: 30 },
      { id: 'R2', name: 'Fabrikam', partner_type: 'reseller', referred: 0, received: 10 },
    ],
    edges: [
      { from: 'RP1', to: 'R1', referrals: 30, won: 9, win_rate: 0.3, won_amount: 2e5 },
      { from: 'RP1', to: 'R2', referrals: 10, won: 3, win_rate: 0.3, won_amount: 1e5 },
    ],
  },
  concentration: { lorenz: [[0, 0], [0.5, 0.1], [1, 1]], top20_share: 0.62, gini: 0.58, partners_without_win: 40 },
  time_to_first_deal: [{ partner_type: 'reseller', partners: 20, with_deal: 16, median_days_to_deal: 95, with_win: 12, median_days_to_win: 210, deal_within_180_days: 0.7 }],
  cohorts: [
    { quarter: '2024-Q1', joined: 10, left: 3, retained: [1, 0.9, 0.8, 0.7, 0.7] },
    { quarter: '2024-Q2', joined: 4, left: 0, retained: [1, 1] },
  ],
  type_names: { reseller: 'Value-added reseller', referral_partner: 'Referral partner' },
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
    expect((await screen.findByTestId('actuals-by-type')).textContent).toContain('Value-added reseller');
    expect(screen.getByTestId('actuals-referrals').textContent).toContain('Referral partner');
    expect(screen.getByTestId('top20-share').textContent).toBe('62%');
    expect(screen.getByTestId('time-to-first-deal').textContent).toContain('95 days');
    for (const id of ['won-by-quarter', 'pipeline-by-quarter', 'won-by-involvement', 'lorenz', 'referral-network', 'cohorts']) expect(screen.getByTestId(id)).toBeTruthy();
    fireEvent.click(screen.getByTestId('actuals-tab-calibration'));
    fireEvent.click(screen.getByTestId('calibrate'));
    const table = await screen.findByTestId('calibration-table');
    expect((table).textContent).toContain('2 parameters fitted');
    expect((table).textContent).toContain('0.268 – 0.3');
    expect((table).textContent).toContain('confounded');
    expect(table.textContent).toContain('Value-added reseller · win rate');
    expect(table.querySelectorAll('svg.interval-strip')).toHaveLength(2);
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

  it('draws the performance charts from the analytics, each partner type in one colour', () => {
    const inv = involvementOption(analytics) as { series: { name: string; data: number[] }[] };
    expect(inv.series.map((x) => [x.name, x.data])).toEqual([
      ['Partner-sourced', [2e6, 1e6]],
      ['Partner-influenced', [0.6e6, 0]],
      ['Marketplace', [0.4e6, 0]],
    ]);
    expect(involvementCaption({ ...analytics, won_amount: 4e6 })).toContain('sourced (the partner\'s own deals and those another partner referred to it, 75.0%)');
    const lz = lorenzOption(analytics) as { series: { name: string; data: number[][] }[] };
    expect(lz.series[1]?.data).toEqual([[0, 0], [0.5, 0.1], [1, 1]]);
    expect(lorenzCaption(analytics)).toContain('the top 20 % of partners hold 62% of it (Gini 0.58)');
    const heat = cohortOption(analytics) as { series: { data: { value: number[]; label: { color: string } }[] }[]; xAxis: { data: string[] }; yAxis: { data: string[] } };
    expect(heat.xAxis.data).toEqual(['1', '2', '3', '4', '5']);
    expect(heat.yAxis.data).toEqual(['2024-Q1 (10)', '2024-Q2 (4)']);
    expect(heat.series[0]?.data).toHaveLength(7);
    expect(heat.series[0]?.data.map((d) => d.value)).toContainEqual([3, 0, 0.7]);
    expect(heat.series[0]?.data[0]?.label.color).toBe('#ffffff');
    expect(cohortCaption(analytics)).toContain('Of the 10 partners that joined at least a year before the history ends, 70% were still partners a year later.');
    const net = networkOption(analytics) as { series: { data: { id: string; category: number }[]; links: { source: string; target: string; lineStyle: { width: number } }[]; categories: { name: string; itemStyle: { color: string } }[] }[] };
    const g = net.series[0]!;
    expect(g.categories.map((c) => c.name)).toEqual(['Value-added reseller', 'Referral partner']);
    expect(g.categories[0]?.itemStyle.color).toBe(typeColor(analytics, 'reseller'));
    expect(g.data.map((n) => n.id)).toEqual(['R1', 'R2', 'RP1']);
    expect(g.links.map((l) => [l.source, l.target])).toEqual([['RP1', 'R1'], ['RP1', 'R2']]);
    expect(g.links[0]!.lineStyle.width).toBeGreaterThan(g.links[1]!.lineStyle.width);
  });
});
