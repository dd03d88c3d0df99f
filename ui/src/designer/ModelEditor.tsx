// The Market model tab: the "physics" the scenario runs against — segments (deal size, buy
// rate), regions, accounts per cell, growth and each partner type's economics. Any figure may
// be a number or a distribution. The model is shared by every scenario on it, so it is saved
// on its own, by hand, as a new model version.
import { useState } from 'react';
import type { MarketModelDoc, Param, PartnerTypeDoc } from '../api/bindings';
import { decimal, money, moneyShort, percent } from '../common/format';
import { PARTNER_KIND_LABELS } from '../common/labels';
import { ParamInput } from './ParamInput';
import { DocNumberField, DocTextField, useProblemsAt } from './ProblemsContext';
import { pathString, setIn, type DocKey, type ModelEdit } from './edits';

interface Props {
  model: MarketModelDoc;
  onEdit: ModelEdit;
  problems: number;
  dirty: boolean;
  valid: boolean;
  version: number | null;
  onSave: (note: string) => Promise<boolean>;
}

export function ModelEditor({ model, onEdit, problems, dirty, valid, version, onSave }: Props) {
  const [note, setNote] = useState('');
  const [saving, setSaving] = useState(false);
  const set = (path: DocKey[], value: unknown) => onEdit(pathString(path), (m) => setIn(m, path, value));
  const cur = model.currency;
  const regions = model.market.regions;

  const save = async () => {
    setSaving(true);
    if (await onSave(note)) setNote('');
    setSaving(false);
  };

  return (
    <section className="panel model-editor">
      <div className="model-savebar">
        <div>
          <strong>{model.name}</strong> <span className="muted">({model.id}, amounts in {cur})</span>
          <div className="muted small">Shared by every scenario on this model: saving creates a new model version they all run against. The live preview tries your edits as soon as they are valid, before you save.</div>
        </div>
        <div className="row">
          <span className={`badge ${!valid && problems ? 'badge-bad' : dirty ? 'badge-warn' : ''}`} data-testid="model-status">
            {problems > 0 ? `${problems} problem${problems === 1 ? '' : 's'}` : dirty ? 'Unsaved model changes' : version ? `Model saved — version ${version}` : 'Model saved'}
          </span>
          <input type="text" aria-label="Note for this model version" placeholder="Note (optional)" value={note} onChange={(e) => setNote(e.target.value)} />
          <button type="button" className="primary" disabled={!dirty || !valid || saving} onClick={save} data-testid="save-model">
            {saving ? 'Saving…' : 'Save model'}
          </button>
        </div>
      </div>

      <h3>Market</h3>
      <div className="form-grid">
        <label className="field-label">Annual growth of accounts</label>
        <ParamInput path="market.growth" label="Annual growth" value={model.market.growth} onChange={(v) => set(['market', 'growth'], v)} hint={(x) => percent(x)} />
      </div>

      <h3>Segments</h3>
      <div className="type-cards">
        {model.market.segments.map((s, i) => (
          <div key={s.id} className="type-card">
            <div className="row tight segment-name">
              <DocTextField path={`market.segments[${i}].name`} label={`Segment ${s.id} name`} value={s.name} onChange={(v) => set(['market', 'segments', i, 'name'], v)} />
              <span className="muted small">{s.id}</span>
            </div>
            <div className="type-grid">
              <div className="type-field">
                <span className="field-label">Deal size, median (at list price)</span>
                <ParamInput path={`market.segments[${i}].deal_size.median`} label={`${s.name} deal size median`} value={s.deal_size.median} onChange={(v) => set(['market', 'segments', i, 'deal_size', 'median'], v)} hint={(x) => moneyShort(x, cur)} />
              </div>
              <div className="type-field">
                <span className="field-label">Deal size, P90</span>
                <ParamInput path={`market.segments[${i}].deal_size.p90`} label={`${s.name} deal size P90`} value={s.deal_size.p90} onChange={(v) => set(['market', 'segments', i, 'deal_size', 'p90'], v)} hint={(x) => moneyShort(x, cur)} />
              </div>
              <div className="type-field">
                <span className="field-label">Buy rate (opportunities per worked account per quarter)</span>
                <ParamInput path={`market.segments[${i}].buy_rate`} label={`${s.name} buy rate`} value={s.buy_rate} onChange={(v) => set(['market', 'segments', i, 'buy_rate'], v)} hint={(x) => percent(x)} />
              </div>
            </div>
          </div>
        ))}
      </div>

      <h3>Regions</h3>
      <div className="region-names">
        {regions.map((r, i) => (
          <div key={r.id}>
            <DocTextField path={`market.regions[${i}].name`} label={`Region ${r.id} name`} value={r.name} onChange={(v) => set(['market', 'regions', i, 'name'], v)} />
            <div className="muted small">{r.id}</div>
          </div>
        ))}
      </div>

      <h3>Addressable accounts per cell</h3>
      <table className="grid-table">
        <thead>
          <tr>
            <th scope="col">Segment</th>
            {regions.map((r) => (
              <th scope="col" key={r.id}>
                {r.name}
              </th>
            ))}
          </tr>
        </thead>
        <tbody>
          {model.market.segments.map((s) => (
            <tr key={s.id}>
              <th scope="row">{s.name}</th>
              {regions.map((r) => (
                <td key={r.id}>
                  <DocNumberField
                    path={`market.accounts.${s.id}.${r.id}`}
                    label={`Accounts in ${s.name}, ${r.name}`}
                    testId={`accounts-${s.id}-${r.id}`}
                    className="cell"
                    value={model.market.accounts[s.id]?.[r.id] ?? 0}
                    onCommit={(v) => set(['market', 'accounts', s.id, r.id], v)}
                  />
                </td>
              ))}
            </tr>
          ))}
        </tbody>
      </table>

      <h3>Partner types</h3>
      <div className="type-cards">
        {model.partner_types.map((t, i) => (
          <PartnerTypeCard key={t.id} type={t} index={i} currency={cur} set={set} />
        ))}
      </div>
    </section>
  );
}

function PartnerTypeCard({ type: t, index: i, currency, set }: { type: PartnerTypeDoc; index: number; currency: string; set: (path: DocKey[], v: unknown) => void }) {
  const base = `partner_types[${i}]`;
  const problems = useProblemsAt(base, true);
  const row = (label: string, field: DocKey[], value: Param, hint?: (x: number) => string) => (
    <div className="type-field">
      <span className="field-label">{label}</span>
      <ParamInput path={pathString(['partner_types', i, ...field])} label={`${t.name} ${label}`} value={value} onChange={(v) => set(['partner_types', i, ...field], v)} hint={hint} />
    </div>
  );
  const rm = t.revenue_model;
  return (
    <details className={`type-card${problems.length ? ' has-error' : ''}`} open={problems.length > 0 || undefined}>
      <summary>
        <strong>{t.name}</strong> <span className="muted">{PARTNER_KIND_LABELS[t.kind]} · sells to {t.reach.segments.join(', ')} · {t.reach.scope === 'global' ? 'global' : 'home region'}</span>
        {problems.length > 0 && <span className="badge badge-bad">{problems.length} problem{problems.length === 1 ? '' : 's'}</span>}
      </summary>
      <div className="type-grid">
        {row('Capacity (accounts per quarter)', ['capacity'], t.capacity, (x) => decimal(x, 1))}
        {row('Win rate', ['win_rate'], t.win_rate, (x) => percent(x))}
        {row('Deal size factor', ['deal_size_factor'], t.deal_size_factor, (x) => `${decimal(x, 2)}×`)}
        {rm.type === 'resale' && row('Reseller discount', ['revenue_model', 'discount'], rm.discount, (x) => percent(x))}
        {(rm.type === 'referral' || rm.type === 'marketplace') && row(rm.type === 'referral' ? 'Referral fee' : 'Marketplace fee', ['revenue_model', 'fee'], rm.fee, (x) => percent(x))}
        {rm.type === 'influence' && (
          <div className="type-field">
            <span className="field-label">Revenue model</span>
            <span className="muted">Influence: transacts nothing itself, acts through patterns</span>
          </div>
        )}
        {row('Churn per quarter', ['churn_per_quarter'], t.churn_per_quarter, (x) => percent(x))}
        {row('Recruit cost (once)', ['costs', 'recruit'], t.costs.recruit, (x) => money(x, currency))}
        {row('Program cost per quarter', ['costs', 'per_quarter'], t.costs.per_quarter, (x) => money(x, currency))}
        <div className="type-field">
          <span className="field-label">Ramp (quarters)</span>
          <DocNumberField path={`${base}.ramp_quarters`} label={`${t.name} ramp quarters`} className="narrow" value={t.ramp_quarters} onCommit={(v) => set(['partner_types', i, 'ramp_quarters'], v)} />
        </div>
        <div className="type-field">
          <span className="field-label">Productivity spread (CV)</span>
          <DocNumberField path={`${base}.productivity_cv`} label={`${t.name} productivity spread`} className="narrow" value={t.productivity_cv} onCommit={(v) => set(['partner_types', i, 'productivity_cv'], v)} />
        </div>
      </div>
    </details>
  );
}
