// The Governance tab: the rules of engagement the model offers, each adopted or not, with what
// it removes from partner-vs-partner and direct-vs-partner conflict and what it costs.
import type { MarketModelDoc, Param, ScenarioDoc } from '../api/bindings';
import { FieldError } from '../common/FieldError';
import { money, param, percent } from '../common/format';
import { Switch } from '../common/Switch';
import { useProblemsAt } from './ProblemsContext';
import { setPolicy, type ScenarioEdit } from './edits';

interface Props {
  doc: ScenarioDoc;
  model: MarketModelDoc;
  onEdit: ScenarioEdit;
}

export function GovernanceEditor({ doc, model, onEdit }: Props) {
  const problems = useProblemsAt('governance', true);
  const cur = model.currency;
  const share = (p: Param) => param(p, (x) => percent(x, 0));
  return (
    <section className="panel">
      <p className="panel-intro">Rules of engagement the vendor adopts. Each reduces conflict on opportunities and costs money every quarter.</p>
      <FieldError messages={problems} />
      <ul className="policy-list">
        {model.governance.policies.map((p) => {
          const adopted = doc.governance.includes(p.id);
          return (
            <li key={p.id} className={`policy${adopted ? ' adopted' : ''}`} data-testid={`policy-${p.id}`}>
              <Switch checked={adopted} label={`Adopt ${p.name}`} testId={`policy-switch-${p.id}`} onChange={(v) => onEdit(null, (d) => setPolicy(d, p.id, v))} />
              <div className="policy-body">
                <div className="policy-name">{p.name}</div>
                {p.description && <p className="muted">{p.description}</p>}
                <dl className="facts">
                  <div>
                    <dt>Cost per quarter</dt>
                    <dd>{param(p.cost_per_quarter, (x) => money(x, cur))}</dd>
                  </div>
                  <div>
                    <dt>Partner-vs-partner conflict removed</dt>
                    <dd>{share(p.partner_conflict_reduction)}</dd>
                  </div>
                  <div>
                    <dt>Direct-vs-partner conflict removed</dt>
                    <dd>{share(p.direct_conflict_reduction)}</dd>
                  </div>
                </dl>
              </div>
            </li>
          );
        })}
      </ul>
    </section>
  );
}
