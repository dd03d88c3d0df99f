// Revenue added by each collaboration pattern: total revenue minus the same trials' revenue
// with only that pattern switched off (common random numbers), mean with P10–P90.
import type { RunReport } from '../../api/bindings';
import type { ChartOption } from '../../common/echarts';
import { decimal, integer, money, moneyShort } from '../../common/format';
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

export function byPatternCaption(report: RunReport): string {
  const m = (x: number) => moneyShort(x, report.currency);
  if (report.by_pattern.length === 0) {
    return report.collaboration_measured ? 'No collaboration pattern is enabled in this design.' : 'This run did not measure what each pattern adds.';
  }
  const best = [...report.by_pattern].sort((a, b) => b.revenue_added.mean - a.revenue_added.mean)[0]!;
  const s = best.revenue_added;
  const over = report.by_pattern_trials > 0 ? `, measured on the first ${integer(report.by_pattern_trials)} trials` : '';
  const negative = report.by_pattern.filter((p) => p.revenue_added.mean < 0).length;
  const tail = negative > 0 ? ` ${negative} pattern${negative === 1 ? ' takes' : 's take'} more in fees than ${negative === 1 ? 'it adds' : 'they add'}.` : '';
  return `“${best.name}” adds the most: ${m(s.mean)} on average (P10–P90 ${m(s.p10)} to ${m(s.p90)})${over}.${tail}`;
}
