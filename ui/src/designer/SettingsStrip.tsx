// The scenario's own settings above the tabs: name and description, horizon, the simulation's
// trials, seed and sampling, and the optional target that P(target) is measured against.
import type { Kpis, Sampling, ScenarioDoc, TargetMetric } from '../api/bindings';
import { FieldError } from '../common/FieldError';
import { moneyShort, percent } from '../common/format';
import { SAMPLING_LABELS, TARGET_METRIC_LABELS, isShareMetric } from '../common/labels';
import { DocNumberField, DocTextField, useProblemsAt } from './ProblemsContext';
import { suggestedTarget, type ScenarioEdit } from './edits';

interface Props {
  doc: ScenarioDoc;
  currency: string;
  onEdit: ScenarioEdit;
  /** The live preview's figures, to suggest a target. */
  kpis: Kpis | null;
}

export function SettingsStrip({ doc, currency, onEdit, kpis }: Props) {
  const targetProblems = useProblemsAt('target');
  const target = doc.target ?? null;

  return (
    <section className="settings-strip" aria-label="Scenario settings">
      <div className="setting wide">
        <span className="field-label">Name</span>
        <DocTextField path="name" label="Name" value={doc.name} testId="scenario-name" onChange={(v) => onEdit('name', (d) => ({ ...d, name: v }))} />
      </div>
      <div className="setting wider">
        <span className="field-label">Description</span>
        <DocTextField path="description" label="Description" value={doc.description ?? ''} onChange={(v) => onEdit('description', (d) => ({ ...d, description: v }))} />
      </div>
      <div className="setting">
        <DocNumberField path="horizon_quarters" label="Horizon (quarters)" showLabel className="narrow" testId="horizon" value={doc.horizon_quarters} onCommit={(v) => onEdit('horizon_quarters', (d) => ({ ...d, horizon_quarters: v }))} />
      </div>
      <div className="setting">
        <DocNumberField path="simulation.trials" label="Trials" showLabel className="medium" value={doc.simulation.trials} onCommit={(v) => onEdit('simulation.trials', (d) => ({ ...d, simulation: { ...d.simulation, trials: v } }))} />
      </div>
      <div className="setting">
        <DocNumberField path="simulation.seed" label="Seed" showLabel className="medium" value={doc.simulation.seed} onCommit={(v) => onEdit('simulation.seed', (d) => ({ ...d, simulation: { ...d.simulation, seed: v } }))} />
      </div>
      <label className="setting">
        <span className="field-label">Sampling</span>
        <select value={doc.simulation.sampling} onChange={(e) => onEdit(null, (d) => ({ ...d, simulation: { ...d.simulation, sampling: e.target.value as Sampling } }))}>
          {Object.entries(SAMPLING_LABELS).map(([k, v]) => (
            <option key={k} value={k}>
              {v}
            </option>
          ))}
        </select>
      </label>
      <div className="setting target">
        <label className="check field-label">
          <input
            type="checkbox"
            checked={target !== null}
            onChange={(e) => onEdit(null, (d) => ({ ...d, target: e.target.checked ? { metric: 'total_revenue', value: suggestedTarget('total_revenue', kpis) } : null }))}
          />
          Target
        </label>
        {target && (
          <div className="row tight">
            <select
              aria-label="Target metric"
              value={target.metric}
              onChange={(e) => {
                const metric = e.target.value as TargetMetric;
                // A share and an amount of money are different scales: start the new one afresh.
                const keep = isShareMetric(metric) === isShareMetric(target.metric);
                onEdit(null, (d) => ({ ...d, target: { metric, value: keep ? (d.target?.value ?? 0) : suggestedTarget(metric, kpis) } }));
              }}
            >
              {Object.entries(TARGET_METRIC_LABELS).map(([k, v]) => (
                <option key={k} value={k}>
                  {v}
                </option>
              ))}
            </select>
            <DocNumberField
              path="target.value"
              label="Target value"
              className="medium"
              value={target.value}
              hint={isShareMetric(target.metric) ? percent(target.value) : moneyShort(target.value, currency)}
              onCommit={(v) => onEdit('target.value', (d) => ({ ...d, target: d.target ? { ...d.target, value: v } : d.target }))}
            />
          </div>
        )}
        <FieldError messages={targetProblems} />
      </div>
    </section>
  );
}
