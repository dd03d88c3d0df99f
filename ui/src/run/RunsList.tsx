// The runs of a scenario, newest first, each with its headline forecast; a completed run opens
// its results.
import type { RunInfo } from '../api/bindings';
import { dateTime, integer, moneyShort, percent } from '../common/format';

interface Props {
  runs: readonly RunInfo[];
  currency: string;
  onOpen: (runId: number) => void;
  loading?: boolean;
}

const STATUS: Record<string, string> = { running: 'running…', cancelled: 'cancelled', failed: 'failed', completed: '' };

export function RunsList({ runs, currency, onOpen, loading }: Props) {
  return (
    <section className="runs-list" aria-label="Runs" data-testid="runs-list">
      <h2>Runs</h2>
      {runs.length === 0 ? (
        <p className="muted small">{loading ? 'Loading…' : 'No runs yet. Press Run (Ctrl+Enter) to forecast this design.'}</p>
      ) : (
        <ul>
          {runs.map((r) => {
            const completed = r.status === 'completed';
            return (
              <li key={r.id}>
                <button
                  type="button"
                  className="run-row"
                  data-testid={`run-row-${r.id}`}
                  disabled={!completed}
                  title={r.error ?? (completed ? 'Open the results' : `This run ${r.status}`)}
                  onClick={() => completed && onOpen(r.id)}
                >
                  <span className="run-row-main">
                    <strong>{completed && r.total_revenue_p50 !== null ? moneyShort(r.total_revenue_p50, currency) : STATUS[r.status] ?? r.status}</strong>
                    {completed && r.coverage_final_p50 !== null && <span className="muted"> · {percent(r.coverage_final_p50, 0)} coverage</span>}
                  </span>
                  <span className="muted small">
                    #{r.id} · v{r.scenario_version} · {integer(r.trials)} trials · {dateTime(r.started_at)}
                  </span>
                </button>
              </li>
            );
          })}
        </ul>
      )}
    </section>
  );
}
