import { fireEvent, render, screen, waitFor } from '@testing-library/react';
import { beforeEach, describe, expect, it, vi } from 'vitest';
import { callsOf, handlers, resetTauri } from '../test/tauriMock';
import { ExportMenu, fileName, firmProblems, type Exporter } from './ExportMenu';

vi.mock('@tauri-apps/api/core', () => import('../test/tauriMock'));

beforeEach(() => {
  resetTauri();
  localStorage.clear();
});

function renderMenu(onExport: Exporter = vi.fn(async () => null)) {
  render(
    <div>
      <p data-testid="outside">Elsewhere on the screen</p>
      <ExportMenu onExport={onExport} />
    </div>,
  );
  return onExport;
}

const button = () => screen.getByTestId('export-button');

describe('the export menu', () => {
  it('opens with its formats as buttons, focus on the first, and closes on Escape', () => {
    renderMenu();
    expect(screen.queryByTestId('export-menu')).toBeNull();
    fireEvent.click(button());
    const items = ['export-pdf', 'export-html', 'export-xlsx', 'export-csv'].map((id) => screen.getByTestId(id));
    expect(items.every((b) => b.tagName === 'BUTTON' && b.tabIndex === 0)).toBe(true);
    expect(document.activeElement).toBe(items[0]);
    expect(screen.queryByTestId('export-trials')).toBeNull(); // only where a run's trials exist
    fireEvent.keyDown(document.activeElement!, { key: 'Escape' });
    expect(screen.queryByTestId('export-menu')).toBeNull();
    expect(button().getAttribute('aria-expanded')).toBe('false');
    expect(document.activeElement).toBe(button());
  });

  it('closes on a click outside, not on a click inside', () => {
    renderMenu();
    fireEvent.click(button());
    fireEvent.mouseDown(screen.getByTestId('export-firm'));
    expect(screen.getByTestId('export-menu')).toBeTruthy();
    fireEvent.mouseDown(screen.getByTestId('outside'));
    expect(screen.queryByTestId('export-menu')).toBeNull();
  });

  it('does not take a firm longer than 120 characters', () => {
    const onExport = renderMenu();
    fireEvent.click(button());
    fireEvent.change(screen.getByTestId('export-firm'), { target: { value: 'x'.repeat(121) } });
    expect(screen.getByTestId('field-error').textContent).toBe('Prepared by (firm) must be 120 characters or fewer (it has 121).');
    expect(screen.getByTestId('export-firm').getAttribute('aria-invalid')).toBe('true');
    expect((screen.getByTestId('export-pdf') as HTMLButtonElement).disabled).toBe(true);
    fireEvent.click(screen.getByTestId('export-pdf'));
    expect(onExport).not.toHaveBeenCalled();

    fireEvent.change(screen.getByTestId('export-firm'), { target: { value: 'x'.repeat(120) } });
    expect(screen.queryByTestId('field-error')).toBeNull();
    fireEvent.click(screen.getByTestId('export-pdf'));
    expect(onExport).toHaveBeenCalledWith('pdf', { firm: 'x'.repeat(120), includeTrials: false }, expect.any(Function));
  });

  it('chooses a logo, shows its name, and removes it', async () => {
    handlers.set('pick_logo', () => 'northwind.svg');
    handlers.set('clear_logo', () => null);
    renderMenu();
    fireEvent.click(button());
    fireEvent.click(screen.getByTestId('export-logo'));
    expect((await screen.findByTestId('export-logo-name')).textContent).toBe('Logo: northwind.svg');
    expect(callsOf('pick_logo')).toHaveLength(1);
    fireEvent.click(screen.getByTestId('export-logo-remove'));
    await waitFor(() => expect(screen.queryByTestId('export-logo-name')).toBeNull());
    expect(callsOf('clear_logo')).toHaveLength(1);
    expect(screen.getByTestId('export-logo')).toBeTruthy();
  });

  it('keeps no logo when the dialog is closed, and shows why a file is refused', async () => {
    handlers.set('pick_logo', () => null);
    renderMenu();
    fireEvent.click(button());
    fireEvent.click(screen.getByTestId('export-logo'));
    await waitFor(() => expect(callsOf('pick_logo')).toHaveLength(1));
    await waitFor(() => expect((screen.getByTestId('export-logo') as HTMLButtonElement).disabled).toBe(false));
    expect(screen.queryByTestId('export-logo-name')).toBeNull();
    expect(screen.queryByTestId('export-logo-error')).toBeNull();

    handlers.set('pick_logo', () => {
      throw { kind: 'invalid', message: 'The logo must be a PNG or SVG file.', problems: [] };
    });
    fireEvent.click(screen.getByTestId('export-logo'));
    expect((await screen.findByTestId('export-logo-error')).textContent).toBe('The logo must be a PNG or SVG file.');
    expect(screen.queryByTestId('export-logo-name')).toBeNull();
  });

  it('cannot be opened while disabled', () => {
    render(<ExportMenu onExport={vi.fn(async () => null)} disabled disabledReason="Not yet." />);
    expect((button() as HTMLButtonElement).disabled).toBe(true);
    expect(button().getAttribute('title')).toBe('Not yet.');
  });
});

describe('export helpers', () => {
  it('names a saved file by its last path segment, either separator', () => {
    expect(fileName('/home/ana/report.pdf')).toBe('report.pdf');
    expect(fileName('C:\\Users\\ana\\report.xlsx')).toBe('report.xlsx');
  });

  it('counts the firm’s characters without surrounding spaces', () => {
    expect(firmProblems(`  ${'é'.repeat(120)}  `)).toEqual([]);
    expect(firmProblems('a'.repeat(121))).toHaveLength(1);
  });
});
