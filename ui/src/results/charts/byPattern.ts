// Revenue added by each collaboration pattern: total revenue minus the same trials' revenue
// with only that pattern switched off (common random numbers), mean with P10–P90.
import type { RunReport } from '../../api/bindings';
import type { ChartOption } from '../../common/echarts';
import { decimal, money } from '../../common/format';
import { PATTERN_KIND_LABELS } from '../../common/labels';
import { PATTERN_KIND_STYLE } from '../../common/palette';
import { contributionOption, type ContributionItem } from './contribution';

export function patternItems(report: RunReport): ContributionItem[] {
  return report.by_pattern.map((p) => ({
    label: p.name,
    summary: p.revenue_added,
    color: PATTERN_KIND_STYLE[p.kind].color,
    details: [
      ['Kind', PATTERN_KIND_LABELS[p.kind]],
      ['From → to', `${p.from} → ${p.to}`],
      ['Intensity', decimal(p.intensity, 2)],
      ['Standard error of the mean', money(p.revenue_added.std_error, report.currency)],
    ],
  }));
}

export function byPatternOption(report: RunReport): ChartOption {
  return contributionOption(patternItems(report), report.currency, 'Revenue added');
}
