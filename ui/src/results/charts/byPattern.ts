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

/**
 * The title and caption of the chart when the run has no revenue added by pattern to show (no
 * pattern enabled, or not measured): the core's chart words have no such chart — the reports
 * leave it out — so the app explains its empty chart in words of its own. Null when the run
 * measured its patterns: then the core's words say what the chart shows.
 */
export function emptyPatternWords(report: RunReport): { title: string; caption: string } | null {
  if (report.by_pattern.length > 0 && report.by_pattern_trials > 0) return null;
  const caption =
    report.by_pattern.length === 0 && report.collaboration_measured ? 'No collaboration pattern is enabled in this design.' : 'This run did not measure what each pattern adds.';
  return { title: 'Revenue added by each collaboration pattern', caption };
}
