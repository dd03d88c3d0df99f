// Uncertain inputs are named by document paths (`partner_types[0].win_rate`); people read
// them with the model's names ("Value-added reseller · win rate"). Paths the studio does not
// know stay as they are. The rule is the core's `words::input_label` (the reports use it);
// `inputLabels.test.ts` checks this one against every case the core writes into words.json.
import type { MarketModelDoc } from '../api/bindings';
import { humanize } from '../common/labels';
import words from '../api/words.json';

/** The pseudo-input of a Sobol analysis: the spread no input explains. */
export const RANDOMNESS = '(simulation randomness)';

// The field words are the core's (`words::INPUT_FIELDS`), so the reports name inputs the same.
const FIELD_LABELS: Record<string, string> = words.input_fields;

function field(rest: string): string {
  const known = FIELD_LABELS[rest] ?? FIELD_LABELS[rest.replace(/^effects\./, '')];
  if (known) return known;
  return humanize(rest.replace(/^effects\./, '').replace(/\./g, ' ')).toLowerCase();
}

/** A readable name for an input path, from the model's own names. */
export function inputLabel(path: string, model: MarketModelDoc | null): string {
  if (path === RANDOMNESS) return 'Simulation randomness';
  if (path === 'market.growth') return 'Market growth';
  const indexed = /^(partner_types|market\.segments|patterns|governance\.policies|programs)\[(\d+)\]\.(.+)$/.exec(path);
  if (indexed) {
    const [, list, i, rest] = indexed as unknown as [string, string, string, string];
    const items: { name: string }[] | undefined =
      list === 'partner_types'
        ? model?.partner_types
        : list === 'market.segments'
          ? model?.market.segments
          : list === 'patterns'
            ? model?.patterns
            : list === 'programs'
              ? model?.programs
              : model?.governance.policies;
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
  const network = /^network\.partner_types\.([^.]+)\.(.+)$/.exec(path);
  if (network) {
    const [, ty, rest] = network as unknown as [string, string, string];
    return `${model?.partner_types.find((t) => t.id === ty)?.name ?? humanize(ty)} · ${field(rest)}`;
  }
  const conflict = /^conflict\.(.+)$/.exec(path);
  if (conflict) return `Conflict · ${field(conflict[1]!)}`;
  return path;
}
