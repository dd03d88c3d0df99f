// The Actuals screen: the vendor's own partner and deal history. Import (choose the files,
// check the column mapping against a preview of their first rows, import — refused with every
// problem, nothing half-imported), then for a dataset: its actual performance, the calibration
// (each fitted parameter beside the base model's value, with its interval and sample size; saved
// as a new model version), and the backtest (the held-out year against the forecast's band).
import { useEffect, useState } from 'react';
import { api, toAppError } from '../api';
import type { Analytics, Backtest, Calibration, DatasetInfo, Mapping, SheetPreview, Table, Upload } from '../api/bindings';
import { ChartCard } from '../analysis/parts';
import { decimal, integer, money, percent } from '../common/format';
import { useNotices } from '../common/notices';
import { GRID, OKABE_ITO } from '../common/palette';
import { inputLabel } from '../analysis/inputLabels';
import {
  backtestCaption,
  backtestOption,
  cohortCaption,
  cohortOption,
  involvementCaption,
  involvementOption,
  lorenzCaption,
  lorenzOption,
  networkCaption,
  networkOption,
  pipelineByQuarterCaption,
  pipelineByQuarterOption,
  typeName,
  wonByQuarterCaption,
  wonByQuarterOption,
} from './charts';

import catalogue from '../api/presets.json';

/** The import's column sets, as the Rust side names them (generated). */
const PRESETS: { id: string; name: string; reads: string }[] = catalogue.presets;

async function readFiles(list: FileList): Promise<Upload[]> {
  const out: Upload[] = [];
  for (const f of Array.from(list)) {
    const bytes = new Uint8Array(await f.arrayBuffer());
    let bin = '';
    for (let i = 0; i < bytes.length; i += 0x8000) bin += String.fromCharCode(...bytes.subarray(i, i + 0x8000));
    out.push({ name: f.name, base64: btoa(bin) });
  }
  return out;
}

export function ActualsView() {
  const notices = useNotices();
  const [datasets, setDatasets] = useState<DatasetInfo[] | null>(null);
  const [selected, setSelected] = useState<number | null>(null);
  const [importing, setImporting] = useState(false);
  const reload = (select?: number) =>
    api
      .listDatasets()
      .then((d) => {
        setDatasets(d);
        setSelected((s) => select ?? s ?? d[d.length - 1]?.id ?? null);
      })
      .catch((e) => notices.error(e, 'The datasets could not be listed'));
  useEffect(() => {
    void reload();
  }, []);
  const current = datasets?.find((d) => d.id === selected) ?? null;
  return (
    <div className="analysis-view actuals" data-testid="actuals-view">
      <div className="toolbar">
        <h1 className="title">Actuals</h1>
        <span className="muted">The ecosystem's own history: what it did, the model it implies, and how well that model forecasts.</span>
        <span className="spacer" />
        {datasets && datasets.length > 0 && (
          <select aria-label="Dataset" value={selected ?? ''} onChange={(e) => setSelected(Number(e.target.value))} data-testid="dataset-select">
            {datasets.map((d) => (
              <option key={d.id} value={d.id}>
                {d.name} — {integer(d.partners)} partners, {integer(d.deals)} deals
              </option>
            ))}
          </select>
        )}
        <button type="button" className={importing ? '' : 'primary'} onClick={() => setImporting((x) => !x)} data-testid="actuals-import">
          {importing ? 'Close import' : 'Import history…'}
        </button>
      </div>
      {importing && (
        <ImportPanel
          onImported={(d) => {
            setImporting(false);
            notices.info(`Imported “${d.name}”: ${integer(d.partners)} partners, ${integer(d.deals)} deals.`);
            void reload(d.id);
          }}
        />
      )}
      {datasets && datasets.length === 0 && !importing && (
        <p className="screen-message muted" data-testid="actuals-empty">
          No history imported yet. Import partners and deals (CSV or XLSX) from a CRM or PRM export — the sample in data/northwind-history is a three-year history to try.
        </p>
      )}
      {current && <DatasetPanel key={current.id} dataset={current} />}
    </div>
  );
}

function ImportPanel({ onImported }: { onImported: (d: DatasetInfo) => void }) {
  const [files, setFiles] = useState<Upload[]>([]);
  const [preset, setPreset] = useState<string>('canonical');
  const [model, setModel] = useState('northwind-analytics');
  const [name, setName] = useState('');
  const [sheets, setSheets] = useState<SheetPreview[] | null>(null);
  const [mappings, setMappings] = useState<Partial<Record<Table, Mapping>>>({});
  const [problems, setProblems] = useState<string | null>(null);
  const [busy, setBusy] = useState(false);
  useEffect(() => {
    api
      .listScenarios('', false)
      .then((s) => s[0] && setModel(s[0].model_slug))
      .catch(() => {});
  }, []);
  const preview = async (fs: Upload[], p: string) => {
    setProblems(null);
    if (fs.length === 0) return setSheets(null);
    try {
      const s = await api.previewImport(fs, p);
      setSheets(s);
      const m: Partial<Record<Table, Mapping>> = {};
      for (const sh of s) if (sh.table && !m[sh.table]) m[sh.table] = sh.mapping;
      setMappings(m);
    } catch (e) {
      setSheets(null);
      setProblems(toAppError(e).message);
    }
  };
  const setColumn = (table: Table, field: string, column: string) =>
    setMappings((m) => {
      const cur = m[table] ?? { columns: {}, dates: 'iso' };
      const columns = { ...cur.columns };
      if (column) columns[field] = column;
      else delete columns[field];
      return { ...m, [table]: { ...cur, columns } };
    });
  const doImport = async () => {
    setBusy(true);
    setProblems(null);
    try {
      onImported(await api.importActuals(files, model, mappings, name));
    } catch (e) {
      setProblems(toAppError(e).message);
    } finally {
      setBusy(false);
    }
  };
  return (
    <section className="import-panel" data-testid="import-panel">
      <div className="analysis-form">
        <label className="analysis-field">
          <span className="field-label">Files (CSV or XLSX)</span>
          <input
            type="file"
            multiple
            accept=".csv,.xlsx,.xlsm,.txt"
            data-testid="import-files"
            onChange={async (e) => {
              const fs = e.target.files ? await readFiles(e.target.files) : [];
              setFiles(fs);
              void preview(fs, preset);
            }}
          />
        </label>
        <label className="analysis-field">
          <span className="field-label">Column set</span>
          <select
            value={preset}
            data-testid="import-preset"
            onChange={(e) => {
              setPreset(e.target.value);
              void preview(files, e.target.value);
            }}
          >
            {PRESETS.map((p) => (
              <option key={p.id} value={p.id} title={p.reads}>
                {p.name}
              </option>
            ))}
          </select>
          <span className="muted small" data-testid="preset-reads">
            Reads {PRESETS.find((p) => p.id === preset)?.reads}.
          </span>
        </label>
        <label className="analysis-field">
          <span className="field-label">Base model</span>
          <input value={model} onChange={(e) => setModel(e.target.value)} data-testid="import-model" />
        </label>
        <label className="analysis-field">
          <span className="field-label">Name</span>
          <input value={name} placeholder="the first file's name" onChange={(e) => setName(e.target.value)} data-testid="import-name" />
        </label>
      </div>
      {sheets?.map((sh) => (
        <SheetMapping key={sh.sheet} sheet={sh} mapping={sh.table ? mappings[sh.table] : undefined} onColumn={(f, c) => sh.table && setColumn(sh.table, f, c)} />
      ))}
      {problems && (
        <pre className="problems" role="alert" data-testid="import-problems">
          {problems}
        </pre>
      )}
      <div className="actions">
        <button type="button" className="primary" disabled={busy || !sheets || sheets.length === 0} onClick={doImport} data-testid="import-run">
          {busy ? 'Importing…' : 'Import'}
        </button>
      </div>
    </section>
  );
}

function SheetMapping({ sheet, mapping, onColumn }: { sheet: SheetPreview; mapping?: Mapping; onColumn: (field: string, column: string) => void }) {
  return (
    <div className="sheet-mapping" data-testid={`sheet-${sheet.table ?? 'unknown'}`}>
      <h3>
        {sheet.sheet} — {sheet.table ? `${sheet.table} table` : 'not recognised (its header names no table)'} · {integer(sheet.total_rows)} rows
        {sheet.remembered && <span className="badge"> mapping remembered</span>}
      </h3>
      {sheet.table && (
        <div className="mapping-fields">
          {sheet.fields.map(([field, required]) => (
            <label key={field} className="mapping-field">
              <span>
                {field}
                {required ? ' *' : ''}
              </span>
              <select value={mapping?.columns[field] ?? (sheet.header.some((h) => h.trim().toLowerCase() === field) ? field : '')} onChange={(e) => onColumn(field, e.target.value)} data-testid={`map-${sheet.table}-${field}`}>
                <option value="">—</option>
                {sheet.header.map((h) => (
                  <option key={h} value={h}>
                    {h}
                  </option>
                ))}
              </select>
            </label>
          ))}
        </div>
      )}
      <div className="preview-scroll">
        <table className="analysis-table compact">
          <thead>
            <tr>
              {sheet.header.map((h) => (
                <th key={h}>{h}</th>
              ))}
            </tr>
          </thead>
          <tbody>
            {sheet.rows.map((r, i) => (
              <tr key={i}>
                {r.map((c, j) => (
                  <td key={j}>{c}</td>
                ))}
              </tr>
            ))}
          </tbody>
        </table>
      </div>
    </div>
  );
}

type Tab = 'analytics' | 'calibration' | 'backtest';

function DatasetPanel({ dataset }: { dataset: DatasetInfo }) {
  const notices = useNotices();
  const [tab, setTab] = useState<Tab>('analytics');
  const [analytics, setAnalytics] = useState<Analytics | null>(null);
  const [calibration, setCalibration] = useState<Calibration | null>(null);
  const [backtest, setBacktest] = useState<Backtest | null>(null);
  const [busy, setBusy] = useState<string | null>(null);
  useEffect(() => {
    api.datasetAnalytics(dataset.id).then(setAnalytics).catch((e) => notices.error(e, 'The dataset could not be measured'));
  }, [dataset.id]);
  const run = async <T,>(what: string, f: () => Promise<T>, set: (x: T) => void) => {
    setBusy(what);
    try {
      set(await f());
    } catch (e) {
      notices.error(e, `The ${what} failed`);
    } finally {
      setBusy(null);
    }
  };
  return (
    <section className="dataset-panel" data-testid="dataset-panel">
      <div className="tabs" role="tablist">
        {(['analytics', 'calibration', 'backtest'] as Tab[]).map((t) => (
          <button key={t} type="button" role="tab" aria-selected={tab === t} className={tab === t ? 'tab active' : 'tab'} onClick={() => setTab(t)} data-testid={`actuals-tab-${t}`}>
            {t === 'analytics' ? 'Performance' : t === 'calibration' ? 'Calibration' : 'Backtest'}
          </button>
        ))}
      </div>
      {tab === 'analytics' && analytics && <AnalyticsPanel a={analytics} />}
      {tab === 'calibration' && (
        <div>
          <div className="actions">
            <button type="button" className="primary" disabled={busy !== null} onClick={() => run('calibration', () => api.calibrateDataset(dataset.id), setCalibration)} data-testid="calibrate">
              {busy === 'calibration' ? 'Calibrating…' : calibration ? 'Calibrate again' : 'Calibrate'}
            </button>
            {calibration && (
              <button
                type="button"
                onClick={async () => {
                  try {
                    const v = await api.saveCalibratedModel(calibration.model, dataset.id);
                    notices.info(`Saved as version ${v} of the model “${calibration.model.name}”.`);
                  } catch (e) {
                    notices.error(e, 'The calibrated model could not be saved');
                  }
                }}
                data-testid="save-calibrated"
              >
                Create model from calibration
              </button>
            )}
          </div>
          {busy === 'calibration' && <p className="muted">Fitting every parameter, simulating the history's own partners until they match what it recorded…</p>}
          {calibration && <CalibrationTable c={calibration} />}
        </div>
      )}
      {tab === 'backtest' && (
        <div>
          <div className="actions">
            <button type="button" className="primary" disabled={busy !== null} onClick={() => run('backtest', () => api.backtestDataset(dataset.id, null, null), setBacktest)} data-testid="backtest">
              {busy === 'backtest' ? 'Backtesting…' : backtest ? 'Backtest again' : 'Backtest the last year'}
            </button>
          </div>
          {busy === 'backtest' && <p className="muted">Fitting on all but the last year, then forecasting it by simulating the history's own partners…</p>}
          {backtest && (
            <ChartCard title={`Backtest — ${backtest.forecast}`} option={backtestOption(backtest)} caption={backtestCaption(backtest)} testId="backtest-chart">
              <table className="analysis-table compact" data-testid="backtest-table">
                <thead>
                  <tr>
                    <th>Quarter</th>
                    <th>Actual</th>
                    <th>P10</th>
                    <th>P50</th>
                    <th>P90</th>
                    <th />
                  </tr>
                </thead>
                <tbody>
                  {backtest.quarters.map((q) => (
                    <tr key={q.quarter}>
                      <td>{q.quarter}</td>
                      <td className="num">{money(q.actual, backtest.currency)}</td>
                      <td className="num">{money(q.p10, backtest.currency)}</td>
                      <td className="num">{money(q.p50, backtest.currency)}</td>
                      <td className="num">{money(q.p90, backtest.currency)}</td>
                      <td>{q.inside ? 'inside' : 'outside'}</td>
                    </tr>
                  ))}
                </tbody>
              </table>
            </ChartCard>
          )}
        </div>
      )}
    </section>
  );
}

function AnalyticsPanel({ a }: { a: Analytics }) {
  const name = (id: string) => typeName(a, id);
  const days = (d: number | null) => (d === null ? '—' : `${integer(d)} days`);
  return (
    <div data-testid="actuals-analytics">
      <div className="kpi-cards">
        <div className="kpi-card">
          <span className="kpi-label">ACV won</span>
          <span className="kpi-value">{money(a.won_amount, a.currency)}</span>
        </div>
        <div className="kpi-card">
          <span className="kpi-label">Deals</span>
          <span className="kpi-value">{integer(a.deals)}</span>
        </div>
        <div className="kpi-card">
          <span className="kpi-label">Partners</span>
          <span className="kpi-value">{integer(a.partners)}</span>
        </div>
        <div className="kpi-card">
          <span className="kpi-label">Win rate worked together / alone</span>
          <span className="kpi-value">
            {a.collaboration.win_rate_together === null ? '—' : percent(a.collaboration.win_rate_together)} / {a.collaboration.win_rate_alone === null ? '—' : percent(a.collaboration.win_rate_alone)}
          </span>
        </div>
        <div className="kpi-card">
          <span className="kpi-label">Top 20 % of partners hold</span>
          <span className="kpi-value" data-testid="top20-share">
            {percent(a.concentration.top20_share, 0)}
          </span>
        </div>
      </div>
      <div className="chart-grid">
        <ChartCard title="ACV won by quarter and partner type" option={wonByQuarterOption(a)} caption={wonByQuarterCaption(a)} testId="won-by-quarter" />
        <ChartCard title="Pipeline created by quarter and partner type" option={pipelineByQuarterOption(a)} caption={pipelineByQuarterCaption(a)} testId="pipeline-by-quarter" />
        <ChartCard title="Partner-sourced, partner-influenced and marketplace" option={involvementOption(a)} caption={involvementCaption(a)} testId="won-by-involvement" />
        <ChartCard title="Concentration of ACV won across partners" option={lorenzOption(a)} caption={lorenzCaption(a)} testId="lorenz" />
      </div>
      <table className="analysis-table" data-testid="actuals-by-type">
        <thead>
          <tr>
            <th>Partner type</th>
            <th>Partners</th>
            <th>Deals</th>
            <th>Win rate</th>
            <th>ACV won</th>
            <th>Share</th>
            <th>Open pipeline</th>
          </tr>
        </thead>
        <tbody>
          {a.by_type.map((t) => (
            <tr key={t.partner_type}>
              <td>{name(t.partner_type)}</td>
              <td className="num">
                {integer(t.partners)} <span className="muted">({integer(t.active_partners)} active)</span>
              </td>
              <td className="num">{integer(t.deals)}</td>
              <td className="num">{t.win_rate === null ? '—' : percent(t.win_rate)}</td>
              <td className="num">{money(t.won_amount, a.currency)}</td>
              <td className="num">{percent(t.share_of_won)}</td>
              <td className="num">{money(t.open_pipeline, a.currency)}</td>
            </tr>
          ))}
        </tbody>
      </table>
      <ChartCard title="The referral network" option={networkOption(a)} caption={networkCaption(a)} testId="referral-network" height={460}>
        {a.referrals.length > 0 && (
          <table className="analysis-table compact" data-testid="actuals-referrals">
            <thead>
              <tr>
                <th>Referrals from</th>
                <th>to</th>
                <th>Referred</th>
                <th>Won</th>
                <th>Win rate</th>
                <th>ACV won</th>
              </tr>
            </thead>
            <tbody>
              {a.referrals.map((r) => (
                <tr key={`${r.from_type}-${r.to_type}`}>
                  <td>{name(r.from_type)}</td>
                  <td>{name(r.to_type)}</td>
                  <td className="num">{integer(r.referrals)}</td>
                  <td className="num">{integer(r.won)}</td>
                  <td className="num">{r.win_rate === null ? '—' : percent(r.win_rate)}</td>
                  <td className="num">{money(r.won_amount, a.currency)}</td>
                </tr>
              ))}
            </tbody>
          </table>
        )}
      </ChartCard>
      <ChartCard title="Partner cohorts: still partners after joining" option={cohortOption(a)} caption={cohortCaption(a)} testId="cohorts" height={Math.max(200, 60 + 24 * a.cohorts.length)}>
        <table className="analysis-table compact" data-testid="time-to-first-deal">
          <caption className="muted">
            Time from joining to a first deal, for partners that joined during the history (Kaplan–Meier: partners still without one count until they left or the history ended).
          </caption>
          <thead>
            <tr>
              <th>Partner type</th>
              <th>Joined</th>
              <th>Median to first deal</th>
              <th>First deal within 180 days</th>
              <th>Median to first win</th>
            </tr>
          </thead>
          <tbody>
            {a.time_to_first_deal
              .filter((t) => t.partners > 0)
              .map((t) => (
                <tr key={t.partner_type}>
                  <td>{name(t.partner_type)}</td>
                  <td className="num">{integer(t.partners)}</td>
                  <td className="num">{days(t.median_days_to_deal)}</td>
                  <td className="num">{t.deal_within_180_days === null ? '—' : percent(t.deal_within_180_days, 0)}</td>
                  <td className="num">{days(t.median_days_to_win)}</td>
                </tr>
              ))}
          </tbody>
        </table>
      </ChartCard>
    </div>
  );
}

/** A fitted parameter's 90 % interval (bar) and estimate (dot) beside the base model's value
 * (diamond), on a scale of the row's own. */
export function IntervalStrip({ low, estimate, high, base }: { low: number; estimate: number; high: number; base: number | null }) {
  const lo = Math.min(low, base ?? low);
  const hi = Math.max(high, base ?? high);
  const span = hi - lo || Math.abs(hi) || 1;
  const x = (v: number) => 8 + (144 * (v - lo + 0.05 * span)) / (1.1 * span);
  return (
    <svg className="interval-strip" viewBox="0 0 160 18" role="img" aria-label={`fitted ${decimal(estimate, 4)} (90 % ${decimal(low, 4)} – ${decimal(high, 4)})${base === null ? '' : `, base ${decimal(base, 4)}`}`}>
      <line x1="4" x2="156" y1="9" y2="9" stroke={GRID} />
      <rect x={x(low)} y="5" width={Math.max(1.5, x(high) - x(low))} height="8" rx="2" fill={OKABE_ITO.skyBlue} opacity="0.7" />
      <circle cx={x(estimate)} cy="9" r="3" fill={OKABE_ITO.blue} />
      {base !== null && <path d={`M ${x(base)} 3 l 4 6 l -4 6 l -4 -6 z`} fill={OKABE_ITO.orange} />}
    </svg>
  );
}

function CalibrationTable({ c }: { c: Calibration }) {
  const fitted = c.notes.filter((n) => n.fitted);
  const kept = c.notes.filter((n) => !n.fitted);
  const v = (x: number | null) => (x === null ? '—' : Math.abs(x) >= 1000 ? integer(x) : decimal(x, 4));
  return (
    <div data-testid="calibration-table">
      <p className="muted">
        {fitted.length} parameters fitted, each with its 90 % interval (the blue bar, the dot its median) beside the base model's value (the orange diamond); {kept.length} keep the base model's value (the reason is in each row's note).
      </p>
      <table className="analysis-table compact">
        <thead>
          <tr>
            <th>Parameter</th>
            <th>Fitted</th>
            <th>90 % interval</th>
            <th>Base model</th>
            <th>Fitted against base</th>
            <th>Sample</th>
            <th>How</th>
          </tr>
        </thead>
        <tbody>
          {c.notes.map((n) => (
            <tr key={n.path} className={n.fitted ? '' : 'muted'}>
              <td title={n.path}>
                {inputLabel(n.path, c.model)}
                {n.confounded && <span className="badge"> confounded</span>}
              </td>
              <td className="num">{n.fitted ? v(n.estimate) : 'kept'}</td>
              <td className="num">{n.fitted ? `${v(n.low)} – ${v(n.high)}` : ''}</td>
              <td className="num">{v(n.base)}</td>
              <td>{n.fitted && n.estimate !== null && n.low !== null && n.high !== null && <IntervalStrip low={n.low} estimate={n.estimate} high={n.high} base={n.base} />}</td>
              <td className="num">{integer(n.sample)}</td>
              <td className="note">{n.detail}</td>
            </tr>
          ))}
        </tbody>
      </table>
    </div>
  );
}
