// Uncertain inputs are named by document paths (`partner_types[0].win_rate`); people read
// them with the model's names ("Value-added reseller · win rate"). Paths the studio does not
// know stay as they are.
import type { MarketModelDoc } from '../api/bindings';
import { humanize } from '../common/labels';

/** The pseudo-input of a Sobol analysis: the spread no input explains. */
export const RANDOMNESS = '(simulation randomness)';

const FIELD_LABELS: Record<string, string> = {
  win_rate: 'win rate',
  capacity: 'capacity',
  deal_size_factor: 'deal size factor',
  churn_per_quarter: 'churn per quarter',
  'revenue_model.discount': 'discount',
  'revenue_model.fee': 'fee',
  'costs.recruit': 'recruitment cost',
  'costs.per_quarter': 'programme cost per quarter',
  'deal_size.median': 'median deal size',
  'deal_size.p90': 'deal size P90',
  buy_rate: 'buy rate',
  links_per_partner: 'links per partner',
  cost_per_quarter: 'cost per quarter',
  partner_conflict_reduction: 'partner conflict removed',
  direct_conflict_reduction: 'direct conflict removed',
  partner_overlap_rate: 'partner overlap rate',
  direct_rate: 'direct conflict rate',
  loss_share: 'share of conflicts lost',
};

function field(rest: string): string {
  const known = FIELD_LABELS[rest] ?? FIELD_LABELS[rest.replace(/^effects\./, '')];
  if (known) return known;
  return humanize(rest.replace(/^effects\./, '').replace(/\./g, ' ')).toLowerCase();
}

/** A readable name for an input path, from the model's own names. */
export function inputLabel(path: string, model: MarketModelDoc | null): string {
  if (path === RANDOMNESS) return 'Simulation randomness';
  if (path === 'market.growth') return 'Market growth';
  const indexed = /^(partner_types|market\.segments|patterns|governance\.policies)\[(\d+)\]\.(.+)$/.exec(path);
  if (indexed) {
    const [, list, i, rest] = indexed as unknown as [string, string, string, string];
    const items: { name: string }[] | undefined =
      list === 'partner_types' ? model?.partner_types : list === 'market.segments' ? model?.market.segments : list === 'patterns' ? model?.patterns : model?.governance.policies;
    const name = items?.[Number(i)]?.name;
    return name ? `${name} · ${field(rest)}` : path;
  }
  const cell = /^market\.(direct_presence|accounts)\.([^.]+)\.([^.]+)$/.exec(path);
  if (cell) {
    const [, what, seg, reg] = cell as unknown as [string, string, string, string];
    const segName = model?.market.segments.find((s) => s.id === seg)?.name ?? humanize(seg);
    const regName = model?.market.regions.find((r) => r.id === reg)?.name ?? humanize(reg);
    return `${what === 'accounts' ? 'Accounts' : 'Direct presence'} · ${segName}, ${regName}`;
  }
  const conflict = /^conflict\.(.+)$/.exec(path);
  if (conflict) return `Conflict · ${field(conflict[1]!)}`;
  return path;
}
