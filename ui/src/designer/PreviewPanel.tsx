// The live preview beside every tab: a quick forecast of the design as edited — P50 total
// revenue with its P10–P90 range, coverage, net contribution, the ecosystem multiplier and
// P(target) — marked while a newer one is on its way; while it refines, the figures of the trials
// so far with the error band of their mean.
import type { Kpis, Summary } from '../api/bindings';
import { moneyShort, multiplier, percent } from '../common/format';
import type { PreviewState } from './usePreview';

interface Props {
  state: PreviewState;
  /** The edited document is invalid: the figures are of the last valid one. */
  stale: boolean;
  hasTarget: boolean;
}

function range(s: Summary, f: (x: number) => string) {
  return `${f(s.p10)} – ${f(s.p90)}`;
}

export function PreviewPanel({ state, stale, hasTarget }: Props) {
  const { preview, updating, error } = state;
  const k: Kpis | null = preview?.kpis ?? null;
  const cur = preview?.currency ?? 'USD';
  const m = (x: number) => moneyShort(x, cur);
  // An estimate still being refined: the figures of the trials so far, with the error of their mean.
  const refining = updating && preview !== null && preview.trials < preview.of_trials;
  return (
    <section className={`preview-panel${updating ? ' updating' : ''}`} aria-label="Live preview" aria-busy={updating}>
      <header>
        <h2>Live preview</h2>
        <span className="muted small" data-testid="preview-state">
          {refining
            ? `estimate from ${preview.trials.toLocaleString('en-US')} of ${preview.of_trials.toLocaleString('en-US')} trials…`
            : updating
              ? 'updating…'
              : stale
                ? 'last valid design'
                : preview
                  ? `${preview.trials.toLocaleString('en-US')} trials`
                  : ''}
        </span>
      </header>
      {error && <p className="field-error">{error}</p>}
      {!k ? (
        <p className="muted" data-testid="preview-revenue">
          {error ? 'No preview' : 'Computing…'}
        </p>
      ) : (
        <dl className="preview-figures">
          <div className="headline">
            <dt>Total revenue (P50)</dt>
            <dd data-testid="preview-revenue">{m(k.total_revenue.p50)}</dd>
            <dd className="muted small">P10–P90 {range(k.total_revenue, m)}</dd>
            {refining && (
              <dd className="muted small" data-testid="preview-estimate">
                mean {m(k.total_revenue.mean)} ± {m(1.96 * k.total_revenue.std_error)} (95 %), refining
              </dd>
            )}
          </div>
          <div>
            <dt>Market coverage</dt>
            <dd>{percent(k.coverage_final.p50)}</dd>
          </div>
          <div>
            <dt>Net contribution</dt>
            <dd>{m(k.net_contribution.p50)}</dd>
          </div>
          <div>
            <dt>Ecosystem multiplier</dt>
            <dd>{k.ecosystem_multiplier === null ? '—' : multiplier(k.ecosystem_multiplier)}</dd>
          </div>
          <div>
            <dt>P(target)</dt>
            <dd>{hasTarget && k.probability_of_target ? percent(k.probability_of_target.mean, 0) : '—'}</dd>
          </div>
        </dl>
      )}
    </section>
  );
}
