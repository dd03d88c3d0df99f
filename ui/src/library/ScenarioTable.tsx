// The library's table: one row per scenario with its model, version, last run's median
// revenue and coverage, and when it changed; the row's actions at its end.
import type { ScenarioInfo } from '../api/bindings';
import { dateTime, money, moneyShort, percent } from '../common/format';

interface Props {
  scenarios: ScenarioInfo[] | null;
  trash: boolean;
  search: string;
  onOpen: (s: ScenarioInfo) => void;
  onOpenRun: (s: ScenarioInfo) => void;
  onDuplicate: (s: ScenarioInfo) => void;
  onRename: (s: ScenarioInfo) => void;
  onHistory: (s: ScenarioInfo) => void;
  onExport: (s: ScenarioInfo) => void;
  onTrash: (s: ScenarioInfo) => void;
  onRestore: (s: ScenarioInfo) => void;
  onPurge: (s: ScenarioInfo) => void;
}

/**
 * The currency of a stored run's figures. `RunInfo` does not carry it; every shipped model is
 * in US dollars, so the library assumes USD (the results screen uses the report's own).
 */

export function ScenarioTable(p: Props) {
  if (p.scenarios === null) return <p className="muted empty">Loading the library…</p>;
  if (p.scenarios.length === 0) {
    return (
      <p className="muted empty" data-testid="library-empty">
        {p.search ? `No scenario matches “${p.search}”.` : p.trash ? 'The trash is empty.' : 'No scenarios yet: create one from a template.'}
      </p>
    );
  }
  return (
    <table className="grid-table library-table">
      <thead>
        <tr>
          <th scope="col">Scenario</th>
          <th scope="col">Model</th>
          <th scope="col" className="num">
            Version
          </th>
          <th scope="col" className="num">
            Last run: revenue P50
          </th>
          <th scope="col" className="num">
            Coverage P50
          </th>
          <th scope="col">{p.trash ? 'Deleted' : 'Updated'}</th>
          <th scope="col">
            <span className="sr-only">Actions</span>
          </th>
        </tr>
      </thead>
      <tbody>
        {p.scenarios.map((s) => (
          <Row key={s.id} s={s} {...p} />
        ))}
      </tbody>
    </table>
  );
}

function Row({ s, trash, onOpen, onOpenRun, onDuplicate, onRename, onHistory, onExport, onTrash, onRestore, onPurge }: Props & { s: ScenarioInfo }) {
  const run = s.last_run;
  const p50 = run?.total_revenue_p50 ?? null;
  return (
    <tr data-testid={`scenario-row-${s.slug}`} onDoubleClick={() => !trash && onOpen(s)}>
      <td className="scenario-cell">
        {trash ? (
          <strong>{s.name}</strong>
        ) : (
          <button type="button" className="link strong" onClick={() => onOpen(s)} data-testid={`open-${s.slug}`} title="Open in the designer">
            {s.name}
          </button>
        )}
        {s.description && (
          <div className="muted small clamp" title={s.description}>
            {s.description}
          </div>
        )}
      </td>
      <td className="model" title={`${s.model_name} (${s.model_slug})`}>
        {s.model_name}
      </td>
      <td className="num">{s.version}</td>
      <td className="num">
        {run && p50 !== null ? (
          <button
            type="button"
            className="link"
            onClick={() => onOpenRun(s)}
            title={`P10–P90 ${moneyShort(run.total_revenue_p10 ?? NaN, run.currency)} – ${moneyShort(run.total_revenue_p90 ?? NaN, run.currency)} · open the results of run #${run.id}`}
            data-testid={`last-run-${s.slug}`}
          >
            {money(p50, run.currency)}
          </button>
        ) : (
          <span className="muted">not run</span>
        )}
      </td>
      <td className="num">{run?.coverage_final_p50 != null ? percent(run.coverage_final_p50, 0) : <span className="muted">—</span>}</td>
      <td className="nowrap">{dateTime(trash ? s.deleted_at : s.updated_at)}</td>
      <td className="actions">
        {trash ? (
          <>
            <button type="button" onClick={() => onRestore(s)} data-testid={`restore-${s.slug}`}>
              Restore
            </button>
            <button type="button" className="danger" onClick={() => onPurge(s)} data-testid={`purge-${s.slug}`}>
              Delete forever
            </button>
          </>
        ) : (
          <>
            <button type="button" onClick={() => onDuplicate(s)} data-testid={`duplicate-${s.slug}`}>
              Duplicate
            </button>
            <button type="button" onClick={() => onRename(s)} data-testid={`rename-${s.slug}`}>
              Rename
            </button>
            <button type="button" onClick={() => onHistory(s)} data-testid={`history-${s.slug}`}>
              History
            </button>
            <button type="button" onClick={() => onExport(s)} data-testid={`export-${s.slug}`}>
              Export…
            </button>
            <button type="button" className="danger" onClick={() => onTrash(s)} data-testid={`delete-${s.slug}`}>
              Delete
            </button>
          </>
        )}
      </td>
    </tr>
  );
}
