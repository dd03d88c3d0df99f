// Limits on the optimiser's search, per partner type (rows) and region (columns): each cell
// shows the scenario's count and the least and most partners the search may try there. An
// empty field keeps the core's default, shown as its placeholder; only typed cells are sent.
import { integer } from '../common/format';
import { cellKey, rowMaxText, setBoundText, setRowMax, type BoundCell, type BoundEdits, type BoundsPlan } from './bounds';

interface Props {
  plan: BoundsPlan;
  edits: BoundEdits;
  onChange: (edits: BoundEdits) => void;
  /** Cells the core found wrong in the last request, as `type/region/field` keys. */
  coreMarks: ReadonlySet<string>;
  disabled?: boolean;
}

export function BoundsGrid({ plan, edits, onChange, coreMarks, disabled }: Props) {
  const regionIds = plan.regions.map((r) => r.id);
  return (
    <div className="bounds" data-testid="optimize-bounds">
      <p className="muted small bounds-intro">
        Least and most partners the search may try in each cell. Leave a field empty for the default: from 0 to twice today’s count plus 10.
      </p>
      <table className="grid-table bounds-grid">
        <thead>
          <tr>
            <th scope="col">Partner type</th>
            {plan.regions.map((r) => (
              <th key={r.id} scope="col" title={r.name}>
                {r.name}
              </th>
            ))}
            <th scope="col" className="bounds-all">
              Most in every region
            </th>
          </tr>
        </thead>
        <tbody>
          {plan.rows.map((row) => {
            const common = rowMaxText(edits, row.id, regionIds);
            const mixed = common === '' && row.cells.some((c) => c.text.max !== '');
            return (
              <tr key={row.id}>
                <th scope="row" title={row.id}>
                  {row.name}
                </th>
                {row.cells.map((c) => (
                  <BoundCellView key={c.region} cell={c} rowName={row.name} regionName={plan.regions.find((r) => r.id === c.region)?.name ?? c.region} edits={edits} onChange={onChange} coreMarks={coreMarks} disabled={disabled} />
                ))}
                <td className="bounds-all">
                  <input
                    type="text"
                    inputMode="numeric"
                    autoComplete="off"
                    className="bound-input"
                    aria-label={`${row.name}: most in every region`}
                    placeholder={mixed ? 'mixed' : 'max'}
                    value={common}
                    disabled={disabled}
                    onChange={(e) => onChange(setRowMax(edits, row.id, regionIds, e.target.value))}
                    data-testid={`bound-max-all-${row.id}`}
                  />
                </td>
              </tr>
            );
          })}
        </tbody>
      </table>
    </div>
  );
}

function BoundCellView({
  cell,
  rowName,
  regionName,
  edits,
  onChange,
  coreMarks,
  disabled,
}: {
  cell: BoundCell;
  rowName: string;
  regionName: string;
  edits: BoundEdits;
  onChange: (edits: BoundEdits) => void;
  coreMarks: ReadonlySet<string>;
  disabled?: boolean;
}) {
  const mark = (field: 'min' | 'max', problem: string | null) => problem !== null || cell.rangeProblem !== null || coreMarks.has(cellKey(cell.type, cell.region, field));
  const field = (end: 'min' | 'max', problem: string | null) => {
    const invalid = mark(end, problem);
    return (
      <input
        type="text"
        inputMode="numeric"
        autoComplete="off"
        className={`bound-input${invalid ? ' invalid' : ''}`}
        aria-label={`${rowName} in ${regionName}: ${end === 'min' ? 'least' : 'most'} partners`}
        aria-invalid={invalid || undefined}
        placeholder={String(cell.defaults[end])}
        value={cell.text[end]}
        disabled={disabled}
        onChange={(e) => onChange(setBoundText(edits, cell.type, cell.region, { [end]: e.target.value }))}
        data-testid={`bound-${end}-${cell.type}-${cell.region}`}
      />
    );
  };
  return (
    <td className={`bound-cell${cell.set ? ' set' : ''}${cell.outside ? ' outside' : ''}`} data-testid={`bound-cell-${cell.type}-${cell.region}`}>
      <span className="bound-now muted small" title={cell.outside ? 'The current design is outside these bounds' : undefined}>
        now {integer(cell.count)}
        {cell.outside && ' ⚠'}
      </span>
      <span className="bound-range">
        {field('min', cell.minProblem)}
        <span className="muted" aria-hidden="true">
          –
        </span>
        {field('max', cell.maxProblem)}
      </span>
    </td>
  );
}
