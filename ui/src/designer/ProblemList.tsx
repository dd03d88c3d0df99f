// Every problem of the edited documents at the top of the designer, each with its path and a
// link to the tab that holds the field, so nothing wrong is out of sight.
import type { Problem } from '../api/bindings';
import type { DesignerTab } from './problems';

interface Props {
  scenario: readonly Problem[];
  model: readonly Problem[];
  tabOf: (p: Problem) => DesignerTab;
  onShow: (tab: DesignerTab) => void;
  checkFailure: string | null;
}

const LIMIT = 8;

export function ProblemList({ scenario, model, tabOf, onShow, checkFailure }: Props) {
  const all = [...scenario.map((p) => ({ p, tab: tabOf(p) })), ...model.map((p) => ({ p, tab: 'model' as const }))];
  if (all.length === 0 && !checkFailure) return null;
  return (
    <section className="problem-list" role="alert" aria-label="Problems" data-testid="problem-list">
      {checkFailure && <p>The document could not be checked: {checkFailure}</p>}
      {all.length > 0 && (
        <>
          <strong>
            {all.length} problem{all.length === 1 ? '' : 's'} — {scenario.length > 0 ? 'the scenario is not saved until they are fixed' : 'the model cannot be saved until they are fixed'}
          </strong>
          <ul>
            {all.slice(0, LIMIT).map(({ p, tab }, i) => (
              <li key={`${p.path}:${i}`}>
                <button type="button" className="link" onClick={() => onShow(tab)}>
                  <code>{p.path || '(document)'}</code>
                </button>{' '}
                {p.message}
              </li>
            ))}
            {all.length > LIMIT && <li className="muted">…and {all.length - LIMIT} more</li>}
          </ul>
        </>
      )}
    </section>
  );
}
