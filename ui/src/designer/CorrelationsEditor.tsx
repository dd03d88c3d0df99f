// The Uncertainty tab: rank correlations between the model's uncertain inputs (a strong market
// lifts every win rate), which the core imposes on the sampled values with the Iman–Conover
// method. Each row names two inputs, by their labels, and their Spearman rank correlation.
import type { CorrelationDoc, MarketModelDoc, ScenarioDoc } from '../api/bindings';
import { inputLabel } from '../analysis/inputLabels';
import { FieldError } from '../common/FieldError';
import { NumberField } from '../common/NumberField';
import { useProblemsAt } from './ProblemsContext';
import { NEW_CORRELATION, addCorrelation, correlationsOf, nextCorrelationPair, removeCorrelation, updateCorrelation, type ScenarioEdit } from './edits';

interface Props {
  doc: ScenarioDoc;
  model: MarketModelDoc;
  /** Paths of the model's uncertain inputs, in the model's order: all a correlation may name. */
  inputs: readonly string[];
  onEdit: ScenarioEdit;
}

export function CorrelationsEditor({ doc, model, inputs, onEdit }: Props) {
  const list = correlationsOf(doc);
  const listProblems = useProblemsAt('correlations');
  const label = (path: string) => inputLabel(path, model);
  const pair = nextCorrelationPair(doc, inputs);
  const add = () => {
    if (pair) onEdit(null, (d) => addCorrelation(d, { a: pair[0], b: pair[1], rank_correlation: NEW_CORRELATION }));
  };

  return (
    <section className="panel correlations" aria-label="Correlated inputs">
      <p className="panel-intro">
        Inputs that tend to move together — e.g. a strong market lifts every win rate. Without a row here, every uncertain input is drawn independently of the others. Each
        row gives the Spearman rank correlation of two inputs, from −1 (one high when the other is low) through 0 (independent) to 1 (high together); the core keeps each
        input&rsquo;s own distribution.
      </p>
      {inputs.length < 2 ? (
        <p className="muted" data-testid="correlations-unavailable">
          {inputs.length === 0
            ? 'The market model has no uncertain inputs, so there is nothing to correlate.'
            : `The market model has only one uncertain input (${label(inputs[0]!)}), so there is nothing to correlate it with.`}{' '}
          Give a second parameter a range in the Market model tab to correlate inputs.
        </p>
      ) : null}
      <FieldError messages={listProblems.map((m) => readable(m, inputs, label))} />
      {(inputs.length >= 2 || list.length > 0) && (
        <table className="grid-table correlation-table">
          <thead>
            <tr>
              <th scope="col">Input A</th>
              <th scope="col">Input B</th>
              <th scope="col">Rank correlation</th>
              <th scope="col">
                <span className="sr-only">Remove</span>
              </th>
            </tr>
          </thead>
          <tbody>
            {list.map((c, i) => (
              <CorrelationRow key={i} index={i} row={c} inputs={inputs} label={label} onEdit={onEdit} />
            ))}
            {list.length === 0 && (
              <tr>
                <td colSpan={4} className="muted empty">
                  No correlations: every uncertain input is drawn independently of the others.
                </td>
              </tr>
            )}
          </tbody>
        </table>
      )}
      {inputs.length >= 2 && (
        <div className="row">
          <button type="button" onClick={add} data-testid="correlation-add">
            + Add a correlation
          </button>
        </div>
      )}
    </section>
  );
}

function CorrelationRow({ index, row, inputs, label, onEdit }: { index: number; row: CorrelationDoc; inputs: readonly string[]; label: (path: string) => string; onEdit: ScenarioEdit }) {
  const path = `correlations[${index}]`;
  const n = index + 1;
  const aProblems = useProblemsAt(`${path}.a`);
  const bProblems = useProblemsAt(`${path}.b`);
  const valueProblems = useProblemsAt(`${path}.rank_correlation`);
  const rowProblems = useProblemsAt(path);
  const named = (field: string, messages: string[]) => messages.map((m) => `${field}: ${readable(m, inputs, label)}`);
  const value = row.rank_correlation;
  const setValue = (v: number) => onEdit(`${path}.rank_correlation`, (d) => updateCorrelation(d, index, { rank_correlation: v }));

  return (
    <tr data-testid={`correlation-row-${index}`}>
      <td>
        <InputSelect
          label={`Correlation ${n} input A`}
          testId={`correlation-a-${index}`}
          value={row.a}
          other={row.b}
          inputs={inputs}
          name={label}
          invalid={aProblems.length > 0}
          onChange={(a) => onEdit(null, (d) => updateCorrelation(d, index, { a }))}
        />
        <FieldError messages={[...named('Input A', aProblems), ...rowProblems.map((m) => `This pair ${readable(m, inputs, label)}`)]} />
      </td>
      <td>
        <InputSelect
          label={`Correlation ${n} input B`}
          testId={`correlation-b-${index}`}
          value={row.b}
          other={row.a}
          inputs={inputs}
          name={label}
          invalid={bProblems.length > 0}
          onChange={(b) => onEdit(null, (d) => updateCorrelation(d, index, { b }))}
        />
        <FieldError messages={named('Input B', bProblems)} />
      </td>
      <td className="correlation-value">
        <div className="row tight">
          <input
            type="range"
            min={-1}
            max={1}
            step={0.05}
            value={Number.isFinite(value) ? Math.min(1, Math.max(-1, value)) : 0}
            aria-label={`Correlation ${n} rank correlation (slider)`}
            onChange={(e) => setValue(Number(e.target.value))}
          />
          <NumberField
            label={`Correlation ${n} rank correlation`}
            testId={`correlation-value-${index}`}
            className="narrow"
            value={value}
            hint={strength(value)}
            invalid={valueProblems.length > 0}
            onCommit={setValue}
          />
        </div>
        <FieldError messages={named('Rank correlation', valueProblems)} />
      </td>
      <td>
        <button type="button" className="ghost danger" aria-label={`Remove correlation ${n}`} data-testid={`correlation-remove-${index}`} onClick={() => onEdit(null, (d) => removeCorrelation(d, index))}>
          Remove
        </button>
      </td>
    </tr>
  );
}

/** One side of a correlation: the uncertain inputs by label, the other side's input not offered. */
function InputSelect(props: {
  label: string;
  testId: string;
  value: string;
  other: string;
  inputs: readonly string[];
  name: (path: string) => string;
  invalid: boolean;
  onChange: (path: string) => void;
}) {
  const { value, other, inputs, name } = props;
  return (
    <select aria-label={props.label} data-testid={props.testId} value={value} title={value} className={props.invalid ? 'invalid' : undefined} onChange={(e) => props.onChange(e.target.value)}>
      {/* A name the model does not have (an imported document, an edited model) stays visible until changed. */}
      {!inputs.includes(value) && <option value={value}>{name(value)}</option>}
      {inputs.map((p) => (
        <option key={p} value={p} disabled={p === other && p !== value}>
          {name(p)}
        </option>
      ))}
    </select>
  );
}

/** How strongly a rank correlation links its inputs, in words ("moderately together"). */
function strength(r: number): string | undefined {
  if (!Number.isFinite(r) || r < -1 || r > 1) return undefined;
  const x = Math.abs(r);
  if (x < 0.05) return 'independent';
  const how = x < 0.3 ? 'slightly' : x < 0.6 ? 'moderately' : x < 0.9 ? 'strongly' : x < 1 ? 'almost fully' : 'fully';
  return `${how} ${r > 0 ? 'together' : 'opposed'}`;
}

/** A core message with the quoted input paths it names ("market.growth") read as labels. */
function readable(message: string, inputs: readonly string[], label: (path: string) => string): string {
  return message.replace(/"([^"\\]+)"/g, (quoted, path: string) => (inputs.includes(path) ? `“${label(path)}”` : quoted));
}
