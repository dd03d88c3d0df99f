import { fireEvent, render, screen, waitFor, within } from '@testing-library/react';
import { beforeEach, describe, expect, it, vi } from 'vitest';
import type { ChartWords, RunReport } from '../api/bindings';
import { NoticeProvider } from '../common/notices';
import { analysisJob } from '../test/analysisJob';
import { olderEngineReport, report, reportCopy } from '../test/fixtures';
import { callsOf, handlers, resetTauri } from '../test/tauriMock';
import { ResultsScreen } from './ResultsScreen';
import words from '../api/words.json';

vi.mock('@tauri-apps/api/core', () => import('../test/tauriMock'));
vi.mock('../common/EChart', () => import('../test/EChartStub'));

/**
 * Chart words as `run_charts` gives them for `r` (the ids and the order of the core's
 * `charts::list`), each title and caption marked as the core's, so a test sees that the screen
 * shows what the core says rather than words of its own.
 */
function coreWords(r: RunReport = report): ChartWords[] {
  const ids = [
    'fan',
    ...(r.revenue_recognition === 'subscription' ? ['arr-fan'] : []),
    ...(r.by_partner_type.some((t) => t.revenue_by_quarter.length > 0) ? ['type-area', 'bookings'] : []),
    'distribution',
    'by-partner-type',
    'by-source',
    'coverage',
    // The app adds the pattern chart's words when the reports leave it out (an empty chart).
    'by-pattern',
    ...((r.by_program?.length ?? 0) > 0 && r.by_pattern_trials > 0 ? ['by-program'] : []),
    ...(r.by_partner_type.some((t) => t.network) ? ['partners-over-time', 'earnings'] : []),
  ];
  return ids.map((id) => ({ id, title: `Title of ${id}, from the core`, caption: `Caption of ${id}, from the core, with its figures.` }));
}

/** Each chart on screen and the core's chart it shows the words of. */
const SHOWN: [string, string][] = [
  ['chart-fan', 'fan'],
  ['chart-arr', 'arr-fan'],
  ['chart-type-area', 'type-area'],
  ['chart-bookings', 'bookings'],
  ['chart-distribution', 'distribution'],
  ['chart-by-type', 'by-partner-type'],
  ['chart-by-source', 'by-source'],
  ['chart-heatmap', 'coverage'],
  ['chart-by-pattern', 'by-pattern'],
  ['chart-partners-over-time', 'partners-over-time'],
  ['chart-earnings', 'earnings'],
];

/** The title and caption shown on a chart's card (null where there is none). */
function wordsOn(testId: string) {
  const card = screen.getByTestId(`${testId}-card`);
  return { title: card.querySelector('.chart-title')?.textContent ?? null, caption: card.querySelector('.caption')?.textContent ?? null };
}

beforeEach(() => {
  resetTauri();
  localStorage.clear();
  handlers.set('get_report', () => report);
  handlers.set('run_charts', () => coreWords());
  handlers.set('cancel_analysis', () => true);
});

async function openResults(runId = 17) {
  render(<ResultsScreen runId={runId} scenarioId={null} onOpenScenario={() => {}} />);
  await screen.findByTestId('results');
}

function openMenu() {
  fireEvent.click(screen.getByTestId('export-button'));
  return screen.getByTestId('export-menu');
}

describe('exporting from the results of a run', () => {
  it('offers Export only once the run’s results are shown', async () => {
    let answer: (r: typeof report) => void = () => {};
    handlers.set('get_report', () => new Promise((resolve) => (answer = resolve)));
    render(<ResultsScreen runId={17} scenarioId={null} onOpenScenario={() => {}} />);
    await waitFor(() => expect(callsOf('get_report')).toHaveLength(1));
    expect(screen.queryByTestId('export-button')).toBeNull();
    answer(report);
    expect(await screen.findByTestId('export-button')).toBeTruthy();
  });

  it('exports a PDF of this run with the firm typed, then says where it was saved', async () => {
    const job = analysisJob<string | null>('export_report', 5);
    await openResults(17);
    const button = screen.getByTestId('export-button');
    expect(button.getAttribute('aria-haspopup')).toBe('dialog');
    expect(button.getAttribute('aria-expanded')).toBe('false');
    const menu = openMenu();
    expect(button.getAttribute('aria-expanded')).toBe('true');
    expect(menu.textContent).toContain('PDF report');
    expect(menu.textContent).toContain('HTML report (one file, opens offline)');
    expect(menu.textContent).toContain('Excel workbook (.xlsx)');
    expect(menu.textContent).toContain('CSV data (tidy)');
    fireEvent.change(screen.getByTestId('export-firm'), { target: { value: 'Northwind Advisory' } });
    fireEvent.click(screen.getByTestId('export-pdf'));

    expect(screen.queryByTestId('export-menu')).toBeNull();
    await waitFor(() => expect(job.called()).toBe(true));
    expect(callsOf('export_report')).toHaveLength(1);
    expect(callsOf('export_report')[0]).toMatchObject({ run_ids: [17], format: 'pdf', firm: 'Northwind Advisory', include_trials: false });
    expect(localStorage.getItem('ecosim.export.firm')).toBe('Northwind Advisory');

    await job.send({ event: 'started', job_id: 5 });
    await job.progress(1, 4);
    const bar = screen.getByTestId('export-progress');
    expect(bar.getAttribute('data-done')).toBe('1');
    expect(bar.getAttribute('data-total')).toBe('4');
    expect(screen.getByText('Exporting… 25%')).toBeTruthy();

    await job.resolve('/home/ana/Reports/Balanced ecosystem – run 17.pdf');
    expect(screen.queryByTestId('export-progress')).toBeNull();
    expect(screen.getByTestId('export-done').textContent).toContain('Saved Balanced ecosystem – run 17.pdf');
    expect(screen.queryByTestId('export-error')).toBeNull();
  });

  it('remembers the firm and can include every trial', async () => {
    localStorage.setItem('ecosim.export.firm', 'Contoso Partners');
    const job = analysisJob<string | null>('export_report');
    await openResults(3);
    openMenu();
    expect((screen.getByTestId('export-firm') as HTMLInputElement).value).toBe('Contoso Partners');
    fireEvent.click(screen.getByTestId('export-trials'));
    fireEvent.click(screen.getByTestId('export-xlsx'));
    await waitFor(() => expect(job.called()).toBe(true));
    expect(callsOf('export_report')[0]).toMatchObject({ run_ids: [3], format: 'xlsx', firm: 'Contoso Partners', include_trials: true });
  });

  it('sends no firm when the field is blank', async () => {
    const job = analysisJob<string | null>('export_report');
    await openResults();
    openMenu();
    fireEvent.change(screen.getByTestId('export-firm'), { target: { value: '   ' } });
    fireEvent.click(screen.getByTestId('export-csv'));
    await waitFor(() => expect(job.called()).toBe(true));
    expect(callsOf('export_report')[0]).toMatchObject({ format: 'csv', firm: null });
  });

  it('cancels an export in progress with the job’s id, and says nothing more', async () => {
    const job = analysisJob<string | null>('export_report', 8);
    await openResults();
    openMenu();
    fireEvent.click(screen.getByTestId('export-html'));
    await waitFor(() => expect(job.called()).toBe(true));
    await job.send({ event: 'started', job_id: 8 });
    await job.progress(0, 1);
    fireEvent.click(screen.getByTestId('export-cancel'));
    await waitFor(() => expect(callsOf('cancel_analysis')).toEqual([{ job_id: 8 }]));
    await job.reject({ kind: 'cancelled', message: 'cancelled', problems: [] });
    expect(screen.queryByTestId('export-progress')).toBeNull();
    expect(screen.queryByTestId('export-error')).toBeNull();
    expect(screen.queryByTestId('export-done')).toBeNull();
    expect((screen.getByTestId('export-button') as HTMLButtonElement).disabled).toBe(false);
  });

  it('shows nothing when the save dialog is closed', async () => {
    const job = analysisJob<string | null>('export_report');
    await openResults();
    openMenu();
    fireEvent.click(screen.getByTestId('export-pdf'));
    await waitFor(() => expect(job.called()).toBe(true));
    await job.resolve(null);
    expect(screen.queryByTestId('export-done')).toBeNull();
    expect(screen.queryByTestId('export-error')).toBeNull();
    expect(screen.queryByText(/Saved/)).toBeNull();
    expect((screen.getByTestId('export-button') as HTMLButtonElement).disabled).toBe(false);
  });

  it('shows the core’s message when the report cannot be written', async () => {
    const job = analysisJob<string | null>('export_report');
    await openResults();
    openMenu();
    fireEvent.click(screen.getByTestId('export-pdf'));
    await waitFor(() => expect(job.called()).toBe(true));
    await job.reject({ kind: 'failed', message: 'The folder /media/usb is read-only.', problems: [] });
    const error = screen.getByTestId('export-error');
    expect(error.textContent).toContain('The folder /media/usb is read-only.');
    expect(error.getAttribute('role')).toBe('alert');
    expect(screen.queryByTestId('export-done')).toBeNull();
  });
});

describe('a run of an older engine', () => {
  it('says the run is from the previous engine and its one-time physics, and asks for a new run', async () => {
    handlers.set('get_report', () => olderEngineReport());
    await openResults();
    const note = screen.getByTestId('older-engine');
    expect(note.textContent).toContain('engine 0.1.0');
    expect(note.textContent).toContain('before schema 2');
    expect(note.textContent).toContain(`current engine (${words.engine_version})`);
    // One-time revenue, no per-quarter breakdowns: the final-quarter card and none of the charts over quarters.
    expect(screen.getByTestId('kpi-final-quarter')).toBeTruthy();
    expect(screen.queryByTestId('kpi-arr')).toBeNull();
    expect(screen.queryByTestId('chart-arr')).toBeNull();
    expect(screen.queryByTestId('chart-type-area')).toBeNull();
  });

  it('says nothing for a run of the current engine', async () => {
    // The fixture is a run of this engine (cargo xtask snapshots keeps it so).
    expect(report.engine_version).toBe(words.engine_version);
    await openResults();
    expect(screen.queryByTestId('older-engine')).toBeNull();
    expect(screen.getByTestId('kpi-arr')).toBeTruthy();
    expect(screen.getByTestId('chart-arr')).toBeTruthy();
    expect(screen.getByTestId('chart-type-area')).toBeTruthy();
  });
});

describe('partners over quarters', () => {
  it('shows every partner type, or the one chosen', async () => {
    await openResults();
    const select = screen.getByTestId('partners-over-time-type') as HTMLSelectElement;
    const options = [...select.options].map((o) => o.textContent);
    expect(options[0]).toBe('Every partner type');
    expect(options).toContain('Value-added reseller');
    fireEvent.change(select, { target: { value: 'msp' } });
    expect(select.value).toBe('msp');
  });
});

describe('the words of the charts', () => {
  it('shows each chart with the title and caption the core gives it, the words of the reports', async () => {
    await openResults(17);
    expect(callsOf('run_charts')).toEqual([{ run_id: 17 }]);
    for (const [testId, id] of SHOWN) {
      expect(wordsOn(testId)).toEqual({ title: `Title of ${id}, from the core`, caption: `Caption of ${id}, from the core, with its figures.` });
      expect(screen.getByTestId(testId).getAttribute('aria-label')).toBe(`Title of ${id}, from the core`);
    }
    // The reports have no convergence chart: its words are the app's.
    expect(wordsOn('chart-convergence').title).toBe('How the forecast settled');
    expect(wordsOn('chart-convergence').caption).toMatch(/^After 2,000 trials mean total revenue is /);
  });

  it('explains an empty chart of patterns in the core’s words too', async () => {
    const r = reportCopy();
    r.by_pattern_trials = 0;
    handlers.set('get_report', () => r);
    handlers.set('run_charts', () => coreWords(r));
    await openResults();
    expect(wordsOn('chart-by-pattern')).toEqual({ title: 'Title of by-pattern, from the core', caption: 'Caption of by-pattern, from the core, with its figures.' });
    expect(wordsOn('chart-fan').caption).toBe('Caption of fan, from the core, with its figures.');
  });

  it('still shows every chart, without its words, when the core cannot give them, and says why', async () => {
    handlers.set('run_charts', () => {
      throw { kind: 'not_found', message: 'Run 17 has no stored scenario.', problems: [] };
    });
    render(
      <NoticeProvider>
        <ResultsScreen runId={17} scenarioId={null} onOpenScenario={() => {}} />
      </NoticeProvider>,
    );
    await screen.findByTestId('results');
    for (const [testId] of SHOWN) {
      expect(screen.getByTestId(testId)).toBeTruthy();
      expect(wordsOn(testId)).toEqual({ title: null, caption: null });
    }
    expect(screen.getByTestId('kpi-total-revenue')).toBeTruthy();
    const notice = await screen.findByRole('alert');
    expect(notice.textContent).toContain('The captions of the charts of run #17 could not be read: Run 17 has no stored scenario.');
    expect(within(notice).getByRole('button', { name: 'Dismiss' })).toBeTruthy();
  });
});
