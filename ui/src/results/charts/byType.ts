// Revenue by partner type: which types transact the revenue (mean, with P10–P90).
import type { RunReport } from '../../api/bindings';
import type { ChartOption } from '../../common/echarts';
import { integer } from '../../common/format';
import { PARTNER_KIND_LABELS } from '../../common/labels';
import { OKABE_ITO } from '../../common/palette';
import { contributionOption, type ContributionItem } from './contribution';

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
