// Revenue by partner type: which types transact the revenue (mean, with P10–P90).
import type { RunReport } from '../../api/bindings';
import type { ChartOption } from '../../common/echarts';
import { integer, percent } from '../../common/format';
import { PARTNER_KIND_LABELS } from '../../common/labels';
import { OKABE_ITO } from '../../common/palette';
import { contributionOption, meanShort, type ContributionItem } from './contribution';

/** Partner types that transacted any revenue (influence types act through patterns instead). */
export function typeItems(report: RunReport): ContributionItem[] {
  return report.by_partner_type
    .filter((t) => t.revenue.max > 0)
    .map((t) => ({
      label: t.name,
      summary: t.revenue,
      share: t.share_of_revenue,
      color: OKABE_ITO.blue,
      details: [
        ['Kind', PARTNER_KIND_LABELS[t.kind]],
        ['Active partners at the end (median)', integer(t.active_partners_final.p50)],
      ],
    }));
}

export function byTypeOption(report: RunReport): ChartOption {
  return contributionOption(typeItems(report), report.currency, 'Revenue');
}

export function byTypeCaption(report: RunReport): string {
  const items = [...typeItems(report)].sort((a, b) => b.summary.mean - a.summary.mean);
  const top = items[0];
  if (!top) return 'No partner type transacted revenue in this run.';
  const lead = `The largest share comes through ${top.label}: ${meanShort(top.summary, report.currency)} on average, ${percent(top.share ?? 0, 0)} of the total`;
  if (items.length <= 2) return `${lead}.`;
  const top3 = items.slice(0, 3).reduce((a, i) => a + (i.share ?? 0), 0);
  return `${lead}; the top three of ${items.length} types bring ${percent(top3, 0)}.`;
}
