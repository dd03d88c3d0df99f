// The Recruitment tab: partners added per quarter by type and region over a range of
// quarters, and a chart of what the plan adds each quarter.
import { useMemo } from 'react';
import type { MarketModelDoc, RecruitmentDoc, ScenarioDoc } from '../api/bindings';
import { EChart } from '../common/EChart';
import { FieldError } from '../common/FieldError';
import { DocNumberField, useProblemsAt } from './ProblemsContext';
import { addRecruitment, removeRecruitment, updateRecruitment, type ScenarioEdit } from './edits';
import { recruitmentCaption, recruitmentOption } from './recruitmentChart';

interface Props {
  doc: ScenarioDoc;
  model: MarketModelDoc;
  onEdit: ScenarioEdit;
}

export function RecruitmentEditor({ doc, model, onEdit }: Props) {
  const option = useMemo(() => recruitmentOption(doc), [doc]);
  const add = () => {
    const last = doc.recruitment[doc.recruitment.length - 1];
    const row: RecruitmentDoc = last
      ? { ...last }
      : { partner_type: model.partner_types[0]?.id ?? '', region: model.market.regions[0]?.id ?? '', from_quarter: 1, to_quarter: Math.min(4, doc.horizon_quarters), per_quarter: 1 };
    onEdit(null, (d) => addRecruitment(d, row));
  };

  return (
    <section className="panel">
      <p className="panel-intro">Partners added over the horizon: each row adds partners of one type in one region every quarter of its range.</p>
      <table className="grid-table recruitment">
        <thead>
          <tr>
            <th scope="col">Partner type</th>
            <th scope="col">Region</th>
            <th scope="col">From quarter</th>
            <th scope="col">To quarter</th>
            <th scope="col">Per quarter</th>
            <th scope="col">
              <span className="sr-only">Remove</span>
            </th>
          </tr>
        </thead>
        <tbody>
          {doc.recruitment.map((r, i) => (
            <RecruitmentRow key={i} index={i} row={r} model={model} onEdit={onEdit} />
          ))}
          {doc.recruitment.length === 0 && (
            <tr>
              <td colSpan={6} className="muted empty">
                No recruitment planned: the ecosystem keeps its starting partners (less churn).
              </td>
            </tr>
          )}
        </tbody>
      </table>
      <div className="row">
        <button type="button" onClick={add} data-testid="recruitment-add">
          + Add a row
        </button>
      </div>
      <figure className="chart-card small">
        <figcaption className="chart-title">Partners added per quarter</figcaption>
        <EChart option={option} label="Partners added per quarter" height={180} testId="chart-recruitment" />
        <p className="caption">{recruitmentCaption(doc)}</p>
      </figure>
    </section>
  );
}

function RecruitmentRow({ index, row, model, onEdit }: { index: number; row: RecruitmentDoc; model: MarketModelDoc; onEdit: ScenarioEdit }) {
  const path = `recruitment[${index}]`;
  const typeProblems = useProblemsAt(`${path}.partner_type`);
  const regionProblems = useProblemsAt(`${path}.region`);
  const rowProblems = useProblemsAt(path);
  const set = (field: string, patch: Partial<RecruitmentDoc>) => onEdit(`${path}.${field}`, (d) => updateRecruitment(d, index, patch));

  return (
    <tr data-testid={`recruitment-row-${index}`}>
      <td>
        <select
          aria-label={`Row ${index + 1} partner type`}
          value={row.partner_type}
          className={typeProblems.length ? 'invalid' : undefined}
          onChange={(e) => set('partner_type', { partner_type: e.target.value })}
        >
          {!model.partner_types.some((t) => t.id === row.partner_type) && <option value={row.partner_type}>{row.partner_type}</option>}
          {model.partner_types.map((t) => (
            <option key={t.id} value={t.id}>
              {t.name}
            </option>
          ))}
        </select>
        <FieldError messages={[...typeProblems, ...rowProblems]} />
      </td>
      <td>
        <select
          aria-label={`Row ${index + 1} region`}
          value={row.region}
          className={regionProblems.length ? 'invalid' : undefined}
          onChange={(e) => set('region', { region: e.target.value })}
        >
          {!model.market.regions.some((r) => r.id === row.region) && <option value={row.region}>{row.region}</option>}
          {model.market.regions.map((r) => (
            <option key={r.id} value={r.id}>
              {r.name}
            </option>
          ))}
        </select>
        <FieldError messages={regionProblems} />
      </td>
      <td>
        <DocNumberField
          path={`${path}.from_quarter`}
          label={`Row ${index + 1} from quarter`}
          className="narrow"
          value={row.from_quarter}
          onCommit={(v) => set('from_quarter', { from_quarter: v })}
        />
      </td>
      <td>
        <DocNumberField
          path={`${path}.to_quarter`}
          label={`Row ${index + 1} to quarter`}
          className="narrow"
          value={row.to_quarter ?? row.from_quarter}
          onCommit={(v) => set('to_quarter', { to_quarter: v })}
        />
      </td>
      <td>
        <DocNumberField
          path={`${path}.per_quarter`}
          label={`Row ${index + 1} partners per quarter`}
          className="narrow"
          value={row.per_quarter}
          onCommit={(v) => set('per_quarter', { per_quarter: v })}
        />
      </td>
      <td>
        <button type="button" className="ghost danger" aria-label={`Remove row ${index + 1}`} onClick={() => onEdit(null, (d) => removeRecruitment(d, index))}>
          Remove
        </button>
      </td>
    </tr>
  );
}
