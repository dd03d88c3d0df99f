// The starting composition: partners of each type (rows, the model's partner types) in each
// region (columns, the model's regions), with row, column and grand totals.
import type { MarketModelDoc, ScenarioDoc } from '../api/bindings';
import { integer } from '../common/format';
import { DocNumberField } from './ProblemsContext';
import { compositionTotals, partnersAt, setComposition, type ScenarioEdit } from './edits';

interface Props {
  doc: ScenarioDoc;
  model: MarketModelDoc;
  onEdit: ScenarioEdit;
}

export function CompositionGrid({ doc, model, onEdit }: Props) {
  const types = model.partner_types;
  const regions = model.market.regions;
  const totals = compositionTotals(
    doc,
    types.map((t) => t.id),
    regions.map((r) => r.id),
  );

  return (
    <section className="panel">
      <p className="panel-intro">Partners of each type in each region at the start of the horizon.</p>
      <table className="grid-table composition">
        <thead>
          <tr>
            <th scope="col">Partner type</th>
            {regions.map((r) => (
              <th scope="col" key={r.id} title={r.name}>
                {r.name}
              </th>
            ))}
            <th scope="col" className="total">
              Total
            </th>
          </tr>
        </thead>
        <tbody>
          {types.map((t) => (
            <tr key={t.id}>
              <th scope="row" title={t.id}>
                {t.name}
              </th>
              {regions.map((r) => (
                <td key={r.id}>
                  <DocNumberField
                    path={`composition.${t.id}.${r.id}`}
                    testId={`composition-${t.id}-${r.id}`}
                    label={`${t.name} in ${r.name}`}
                    className="cell"
                    value={partnersAt(doc, t.id, r.id)}
                    onCommit={(n) => onEdit(`composition.${t.id}.${r.id}`, (d) => setComposition(d, t.id, r.id, n))}
                  />
                </td>
              ))}
              <td className="total" data-testid={`composition-row-total-${t.id}`}>
                {integer(totals.byType[t.id] ?? 0)}
              </td>
            </tr>
          ))}
        </tbody>
        <tfoot>
          <tr>
            <th scope="row">Total</th>
            {regions.map((r) => (
              <td key={r.id} className="total" data-testid={`composition-col-total-${r.id}`}>
                {integer(totals.byRegion[r.id] ?? 0)}
              </td>
            ))}
            <td className="total grand" data-testid="composition-total">
              {integer(totals.total)}
            </td>
          </tr>
        </tfoot>
      </table>
    </section>
  );
}
