import { fireEvent, render, screen, waitFor } from '@testing-library/react';
import { beforeEach, describe, expect, it, vi } from 'vitest';
import { App } from './App';
import { ErrorBoundary } from './common/ErrorBoundary';
import { callsOf, handlers, resetTauri } from './test/tauriMock';

vi.mock('@tauri-apps/api/core', () => import('./test/tauriMock'));

beforeEach(() => {
  resetTauri();
  handlers.set('list_scenarios', () => []);
});

describe('start-up', () => {
  it('opens the library when the store is usable', async () => {
    handlers.set('db_status', () => ({ path: '/data/studio.db', problem: null }));
    render(<App />);
    expect(await screen.findByTestId('library')).toBeTruthy();
  });

  it('explains a store it cannot open and offers to start fresh', async () => {
    let fresh = false;
    handlers.set('db_status', () => ({
      path: '/data/studio.db',
      problem: fresh ? null : { path: '/data/studio.db', message: 'The file was written by a newer studio (schema 7).', can_start_fresh: true },
    }));
    handlers.set('start_fresh_db', () => {
      fresh = true;
      return '/data/studio.db.unreadable-1';
    });
    render(<App />);
    expect((await screen.findByTestId('db-problem')).textContent).toContain('written by a newer studio');
    fireEvent.click(screen.getByTestId('start-fresh'));
    expect(await screen.findByTestId('library')).toBeTruthy();
    expect(callsOf('start_fresh_db')).toHaveLength(1);
    await waitFor(() => expect(screen.getByTestId('notice').textContent).toContain('/data/studio.db.unreadable-1'));
  });

  it('announces once what the store upgraded, until dismissed', async () => {
    const message = 'The model “Northwind” and its 5 scenarios were upgraded to schema 2 and keep one-time revenue, as before.';
    handlers.set('db_status', () => ({ path: '/data/studio.db', problem: null, notices: [message] }));
    render(<App />);
    expect(await screen.findByTestId('library')).toBeTruthy();
    const shown = await screen.findByTestId('announcement');
    expect(shown.textContent).toContain('upgraded to schema 2');
    fireEvent.click(shown.querySelector('button')!);
    await waitFor(() => expect(screen.queryByTestId('announcement')).toBeNull());
    expect(callsOf('db_status')).toHaveLength(1);
  });

  it('offers no way out that would not work', async () => {
    handlers.set('db_status', () => ({ path: '/data/studio.db', problem: { path: '/data/studio.db', message: 'The file is read-only.', can_start_fresh: false } }));
    render(<App />);
    expect((await screen.findByTestId('db-problem')).textContent).toContain('read-only');
    expect(screen.queryByTestId('start-fresh')).toBeNull();
  });

  it('says so when the core cannot be reached at all', async () => {
    render(<App />);
    expect((await screen.findByTestId('error-banner')).textContent).toContain('no handler for db_status');
  });
});

describe('analysis navigation', () => {
  it('opens a comparison from the library and goes back', async () => {
    handlers.set('db_status', () => ({ path: '/data/studio.db', problem: null }));
    handlers.set('list_scenarios', () => [
      { id: 1, slug: 'a', name: 'Alpha', description: '', model_slug: 'm', model_name: 'M', version: 1, created_at: '', updated_at: '', deleted_at: null, last_run: null },
      { id: 2, slug: 'b', name: 'Beta', description: '', model_slug: 'm', model_name: 'M', version: 1, created_at: '', updated_at: '', deleted_at: null, last_run: null },
    ]);
    handlers.set('compare_scenarios', () => new Promise(() => {}));
    render(<App />);
    fireEvent.click(await screen.findByTestId('compare-button'));
    fireEvent.click(await screen.findByTestId('compare-pick-a'));
    fireEvent.click(screen.getByTestId('compare-pick-b'));
    fireEvent.click(screen.getByTestId('compare-start'));
    expect(await screen.findByTestId('compare-view')).toBeTruthy();
    await waitFor(() => expect(callsOf('compare_scenarios')[0]).toMatchObject({ ids: [1, 2] }));
    fireEvent.click(screen.getByTestId('back-to-library'));
    expect(await screen.findByTestId('library')).toBeTruthy();
  });
});

describe('error boundary', () => {
  it('shows what failed instead of a blank window', () => {
    const spy = vi.spyOn(console, 'error').mockImplementation(() => {});
    function Broken(): never {
      throw new Error('the chart could not be drawn');
    }
    render(
      <ErrorBoundary>
        <Broken />
      </ErrorBoundary>,
    );
    expect(screen.getByTestId('error-banner').textContent).toContain('the chart could not be drawn');
    spy.mockRestore();
  });
});
