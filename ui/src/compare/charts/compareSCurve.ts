// The S-curves of total revenue of every compared scenario: the chance that revenue is at
// most x, from each run's percentiles P1..P99. A curve further right earns more at that level
// of luck; curves that cross trade upside for downside.
import type { RunReport } from '../../api/bindings';
import { axisLabel, axisLine, baseOption, grid, moneyAxis, splitLine, tooltipHtml } from '../../common/chartBase';
import type { ChartOption } from '../../common/echarts';
import { money, moneyShort, percent } from '../../common/format';
import { MUTED } from '../../common/palette';
import { sCurve } from '../../results/charts/distribution';
import { scenarioStyles } from './series';

export function compareSCurveOption(reports: RunReport[]): ChartOption {
  const styles = scenarioStyles(reports);
  const curves = reports.map(sCurve);
  const cur = reports[0]?.currency ?? 'USD';
  return {
    ...baseOption,
    grid: grid({ top: 40, bottom: 24 }),
    legend: { top: 0, left: 0, data: styles.map((s) => s.label), textStyle: { color: '#3e4c59' } },
    tooltip: {
      ...baseOption.tooltip,
      trigger: 'item',
      formatter: (p: unknown) => {
        const { seriesIndex, dataIndex } = p as { seriesIndex: number; dataIndex: number };
        const c = curves[seriesIndex]?.[dataIndex];
        const s = styles[seriesIndex];
        if (!c || !s) return '';
        return tooltipHtml(s.label, [[`Chance of at most ${money(c[0], cur)}`, percent(c[1], 0)]]);
      },
    },
    xAxis: moneyAxis(cur, { scale: true, name: 'Total revenue over the horizon', nameLocation: 'middle', nameGap: 28, nameTextStyle: { color: MUTED } }),
    yAxis: { type: 'value', min: 0, max: 1, axisLabel: { ...axisLabel, formatter: (v: number) => percent(v, 0) }, splitLine, axisLine },
    series: curves.map((data, i) => {
      const s = styles[i]!;
      return { type: 'line' as const, name: s.label, data, symbol: 'none', lineStyle: { width: 2.5, color: s.color, type: s.dash }, itemStyle: { color: s.color } };
    }),
  };
}

/** Index of the scenario whose revenue is at least the others' at every percentile (and above somewhere), or null. */
export function dominant(reports: RunReport[]): number | null {
  const ps = reports.map((r) => r.total_revenue_distribution.percentiles);
  for (let i = 0; i < ps.length; i++) {
    const others = ps.filter((_, j) => j !== i);
    const mine = ps[i]!;
    if (others.length > 0 && others.every((o) => o.every((v, k) => (mine[k] ?? -Infinity) >= v) && o.some((v, k) => (mine[k] ?? -Infinity) > v))) return i;
  }
  return null;
}

export function compareSCurveCaption(reports: RunReport[]): string {
  if (reports.length < 2) return 'Pick at least two scenarios to compare their S-curves.';
  const styles = scenarioStyles(reports);
  const cur = reports[0]!.currency;
  const at = (r: RunReport, k: number) => r.total_revenue_distribution.percentiles[k - 1] ?? NaN;
  const d = dominant(reports);
  if (d !== null) {
    return `${styles[d]!.label} lies to the right of the others at every percentile: it earns more in bad futures and good ones alike (median ${moneyShort(at(reports[d]!, 50), cur)}).`;
  }
  const best = (k: number) => reports.reduce((b, r, i) => (at(r, k) > at(reports[b]!, k) ? i : b), 0);
  const b50 = best(50);
  const b10 = best(10);
  if (b50 === b10) {
    return `${styles[b50]!.label} leads at the median (${moneyShort(at(reports[b50]!, 50), cur)}) and in the worst tenth of futures (P10 ${moneyShort(at(reports[b50]!, 10), cur)}), though the curves cross in the tails.`;
  }
  return `The curves cross: ${styles[b50]!.label} has the higher median (${moneyShort(at(reports[b50]!, 50), cur)}), but ${styles[b10]!.label} does better in the worst tenth of futures (P10 ${moneyShort(at(reports[b10]!, 10), cur)} against ${moneyShort(at(reports[b50]!, 10), cur)}).`;
}
