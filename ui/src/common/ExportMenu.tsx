// "Export ▾": a small popover that writes what is on screen as a report — PDF, one-file HTML,
// an Excel workbook or tidy CSV — with an optional firm and logo for the title page. The core
// asks where to save (its own dialog), so choosing a format is all it takes; while the report
// is written a progress bar and Cancel show next to the button, then "Saved <file>" or the
// core's message. Closing the save dialog is not an error and shows nothing.
import { useEffect, useId, useRef, useState, useSyncExternalStore } from 'react';
import { api, toAppError, type OnAnalysisEvent } from '../api';
import type { ReportFormat } from '../api/bindings';
import { fractionDone, type AnalysisState } from '../analysis/analysisState';
import { useAnalysis } from '../analysis/useAnalysis';
import { FieldError } from './FieldError';

export interface ExportOptions {
  /** "Prepared by" on the title page; null when left blank. */
  firm: string | null;
  /** Every trial as well (CSV and XLSX); only offered where `trialsOption` is set. */
  includeTrials: boolean;
}

/** Writes the report; resolves with the saved file's path, or null when the dialog was closed. */
export type Exporter = (format: ReportFormat, options: ExportOptions, onEvent: OnAnalysisEvent) => Promise<string | null>;

export const FORMATS: readonly { format: ReportFormat; label: string }[] = [
  { format: 'pdf', label: 'PDF report' },
  { format: 'html', label: 'HTML report (one file, opens offline)' },
  { format: 'xlsx', label: 'Excel workbook (.xlsx)' },
  { format: 'csv', label: 'CSV data (tidy)' },
];

export const FIRM_KEY = 'ecosim.export.firm';
export const FIRM_MAX = 120;

export function firmProblems(firm: string): string[] {
  const n = [...firm.trim()].length;
  return n > FIRM_MAX ? [`Prepared by (firm) must be ${FIRM_MAX} characters or fewer (it has ${n}).`] : [];
}

function storedFirm(): string {
  try {
    return localStorage.getItem(FIRM_KEY) ?? '';
  } catch {
    return '';
  }
}

function storeFirm(firm: string) {
  try {
    if (firm.trim()) localStorage.setItem(FIRM_KEY, firm);
    else localStorage.removeItem(FIRM_KEY);
  } catch {
    // Storage unavailable: the firm is simply not remembered.
  }
}

/** The file name of a path, either separator. */
export const fileName = (path: string) => path.split(/[\\/]/).pop() || path;

// The logo lives in the core for the session, shared by every report: its file name likewise
// lives here, so each Export menu shows the same one.
let logoName: string | null = null;
const logoListeners = new Set<() => void>();
const subscribeLogo = (l: () => void) => {
  logoListeners.add(l);
  return () => void logoListeners.delete(l);
};
const getLogo = () => logoName;
function setLogo(name: string | null) {
  logoName = name;
  logoListeners.forEach((l) => l());
}

interface Props {
  onExport: Exporter;
  /** Offer "Include every trial (CSV/XLSX)". */
  trialsOption?: boolean;
  disabled?: boolean;
  /** Why the button is disabled, as its tooltip. */
  disabledReason?: string;
  /** Offer the two-page decision brief too (a PDF of its own). */
  brief?: (options: ExportOptions, onEvent: OnAnalysisEvent) => Promise<string | null>;
}

export function ExportMenu({ onExport, trialsOption = false, disabled = false, disabledReason, brief }: Props) {
  const [open, setOpen] = useState(false);
  const [firm, setFirm] = useState(storedFirm);
  const [includeTrials, setIncludeTrials] = useState(false);
  const logo = useSyncExternalStore(subscribeLogo, getLogo);
  const [logoBusy, setLogoBusy] = useState(false);
  const [logoError, setLogoError] = useState<string | null>(null);
  /** The last export's outcome was closed by the person. */
  const [dismissed, setDismissed] = useState(false);
  const job = useAnalysis<string | null>();
  const busy = job.state.phase === 'starting' || job.state.phase === 'running';

  const wrap = useRef<HTMLDivElement>(null);
  const button = useRef<HTMLButtonElement>(null);
  const menu = useRef<HTMLDivElement>(null);
  const menuId = useId();
  const firmId = useId();
  const firmErrorId = useId();
  const problems = firmProblems(firm);

  const close = (refocus: boolean) => {
    setOpen(false);
    if (refocus) button.current?.focus();
  };

  // Open: focus its first item; Escape and a click outside close it.
  useEffect(() => {
    if (!open) return;
    menu.current?.querySelector<HTMLElement>('button:not(:disabled), input')?.focus();
    const onKey = (e: KeyboardEvent) => {
      if (e.key !== 'Escape') return;
      e.stopPropagation();
      close(true);
    };
    const onDown = (e: MouseEvent) => {
      if (wrap.current && !wrap.current.contains(e.target as Node)) close(false);
    };
    window.addEventListener('keydown', onKey);
    document.addEventListener('mousedown', onDown);
    return () => {
      window.removeEventListener('keydown', onKey);
      document.removeEventListener('mousedown', onDown);
    };
  }, [open]);

  // A disabled menu (the comparison is running again) is a closed one.
  useEffect(() => {
    if (disabled) setOpen(false);
  }, [disabled]);

  const changeFirm = (value: string) => {
    setFirm(value);
    storeFirm(value);
  };

  const choose = (format: ReportFormat) => {
    if (busy || problems.length > 0) return;
    close(true);
    setDismissed(false);
    const options: ExportOptions = { firm: firm.trim() || null, includeTrials: trialsOption && includeTrials };
    void job.start((on) => onExport(format, options, on));
  };

  const chooseBrief = () => {
    if (busy || problems.length > 0 || !brief) return;
    close(true);
    setDismissed(false);
    void job.start((on) => brief({ firm: firm.trim() || null, includeTrials: false }, on));
  };

  const pickLogo = async () => {
    setLogoBusy(true);
    setLogoError(null);
    try {
      const name = await api.pickLogo();
      if (name !== null) setLogo(name);
    } catch (e) {
      setLogoError(toAppError(e).message);
    } finally {
      setLogoBusy(false);
    }
  };

  const removeLogo = async () => {
    setLogoError(null);
    try {
      await api.clearLogo();
      setLogo(null);
    } catch (e) {
      setLogoError(toAppError(e).message);
    }
  };

  return (
    <div
      className="export"
      ref={wrap}
      onBlur={(e) => {
        // Tabbing out of the menu closes it (a native dialog taking focus does not).
        const next = e.relatedTarget as Node | null;
        if (open && next && wrap.current && !wrap.current.contains(next)) setOpen(false);
      }}
    >
      <button
        ref={button}
        type="button"
        aria-haspopup="dialog"
        aria-expanded={open}
        aria-controls={open ? menuId : undefined}
        disabled={disabled || busy}
        title={disabled ? disabledReason : undefined}
        onClick={() => setOpen((o) => !o)}
        data-testid="export-button"
      >
        Export ▾
      </button>
      {open && (
        <div ref={menu} id={menuId} className="export-menu" role="dialog" aria-label="Export" data-testid="export-menu">
          <div className="export-formats" role="group" aria-label="Format">
            {FORMATS.map((f) => (
              <button key={f.format} type="button" className="export-item" disabled={problems.length > 0} onClick={() => choose(f.format)} data-testid={`export-${f.format}`}>
                {f.label}
              </button>
            ))}
            {brief && (
              <button type="button" className="export-item" disabled={problems.length > 0} onClick={chooseBrief} title="Two pages for an executive: the recommendation, what it takes, the downside and what to find out first" data-testid="export-brief">
                Decision brief (PDF, 2 pages)
              </button>
            )}
          </div>
          <div className="export-options">
            <label className="field-label" htmlFor={firmId}>
              Prepared by (firm)
            </label>
            <input
              id={firmId}
              type="text"
              value={firm}
              placeholder="Optional"
              onChange={(e) => changeFirm(e.target.value)}
              onKeyDown={(e) => {
                if (e.key === 'Enter') e.preventDefault();
              }}
              className={problems.length > 0 ? 'invalid' : undefined}
              aria-invalid={problems.length > 0}
              aria-describedby={problems.length > 0 ? firmErrorId : undefined}
              data-testid="export-firm"
            />
            <div id={firmErrorId}>
              <FieldError messages={problems} />
            </div>
            <div className="export-logo">
              {logo === null ? (
                <button type="button" onClick={() => void pickLogo()} disabled={logoBusy} data-testid="export-logo">
                  Logo…
                </button>
              ) : (
                <>
                  <span className="export-logo-name" title={logo} data-testid="export-logo-name">
                    Logo: {logo}
                  </span>
                  <button type="button" className="link" onClick={() => void removeLogo()} data-testid="export-logo-remove">
                    Remove
                  </button>
                </>
              )}
            </div>
            {logoError && (
              <div className="field-error" role="alert" data-testid="export-logo-error">
                {logoError}
              </div>
            )}
            {trialsOption && (
              <label className="check">
                <input type="checkbox" checked={includeTrials} onChange={(e) => setIncludeTrials(e.target.checked)} data-testid="export-trials" /> Include every trial (CSV/XLSX)
              </label>
            )}
          </div>
        </div>
      )}
      <ExportStatus state={job.state} dismissed={dismissed} onDismiss={() => setDismissed(true)} onCancel={() => void job.cancel()} />
    </div>
  );
}

function ExportStatus({ state, dismissed, onDismiss, onCancel }: { state: AnalysisState<string | null>; dismissed: boolean; onDismiss: () => void; onCancel: () => void }) {
  switch (state.phase) {
    case 'starting':
      return <span className="muted small">Exporting…</span>;
    case 'running': {
      const pct = Math.round(fractionDone(state) * 100);
      return (
        <div className="export-status" aria-live="polite">
          <div className="progress export-progress" role="progressbar" aria-label="Export progress" aria-valuemin={0} aria-valuemax={state.total} aria-valuenow={state.done} data-testid="export-progress" data-done={state.done} data-total={state.total}>
            <div className="progress-bar" style={{ width: `${pct}%` }} />
          </div>
          <span className="muted small">{state.total > 0 ? `Exporting… ${pct}%` : 'Exporting…'}</span>
          <button type="button" className="danger" onClick={onCancel} data-testid="export-cancel">
            Cancel
          </button>
        </div>
      );
    }
    case 'finished':
      if (state.result === null || dismissed) return null;
      return (
        <div className="export-status export-done" role="status" title={state.result} data-testid="export-done">
          <span>Saved {fileName(state.result)}</span>
          <button type="button" className="notice-close" aria-label="Dismiss" onClick={onDismiss}>
            ×
          </button>
        </div>
      );
    case 'failed':
      if (dismissed) return null;
      return (
        <div className="export-status export-error" role="alert" data-testid="export-error">
          <span>The report could not be saved: {state.message}</span>
          <button type="button" className="notice-close" aria-label="Dismiss" onClick={onDismiss}>
            ×
          </button>
        </div>
      );
    default:
      // Idle, or cancelled by the person: nothing to say.
      return null;
  }
}
