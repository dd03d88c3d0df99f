// Revenue by source: the partners' own pipeline, opportunities referred by other partners, and
// deals that collaboration influenced (MODEL.md's attribution, one source per opportunity).
import type { RunReport } from '../../api/bindings';
import type { ChartOption } from '../../common/echarts';
import { SOURCE_LABELS, humanize } from '../../common/labels';
import { OKABE_ITO } from '../../common/palette';
import { contributionOption, type ContributionItem } from './contribution';

const SOURCE_COLORS: Record<string, string> = {
  own_pipeline: OKABE_ITO.blue,
  referral_sourced: OKABE_ITO.orange,
  collaboration_influenced: OKABE_ITO.green,
  marketplace: OKABE_ITO.skyBlue,
};

export function sourceItems(report: RunReport): ContributionItem[] {
  return report.by_source.map((s) => ({
    label: SOURCE_LABELS[s.source] ?? humanize(s.source),
    summary: s.revenue,
    share: s.share_of_revenue,
    color: SOURCE_COLORS[s.source] ?? OKABE_ITO.black,
  }));
}

export function bySourceOption(report: RunReport): ChartOption {
  return contributionOption(sourceItems(report), report.currency, 'Revenue');
}
