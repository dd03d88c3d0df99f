// Revenue by quarter of every compared scenario on one chart: each scenario's median line
// over its own P10–P90 band (a stacked area: an invisible P10 base, then P90 − P10). Every
// series of a scenario shares its name, so the legend shows or hides the scenario as a whole.
import type { RunReport } from '../../api/bindings';
import { axisLabel, axisLine, baseOption, grid, moneyAxis, tooltipHtml } from '../../common/chartBase';
import type { ChartOption } from '../../common/echarts';
import { money } from '../../common/format';
import { scenarioStyles } from './series';

export interface ScenarioFan {
  label: string;
  /** Per quarter 1..n of the longest horizon; null past this scenario's horizon. */
  p10: (number | null)[];
  p50: (number | null)[];
  p90: (number | null)[];
}

export function compareFans(reports: RunReport[]): { quarters: string[]; fans: ScenarioFan[] } {
  const n = Math.max(0, ...reports.map((r) => Math.max(0, ...r.by_quarter.map((q) => q.quarter))));
  const quarters = Array.from({ length: n }, (_, i) => `Q${i + 1}`);
  const styles = scenarioStyles(reports);
  const fans = reports.map((r, i) => {
    const at = (q: number) => r.by_quarter.find((row) => row.quarter === q)?.revenue ?? null;
    const pick = (f: 'p10' | 'p50' | 'p90') => quarters.map((_, k) => at(k + 1)?.[f] ?? null);
    return { label: styles[i]!.label, p10: pick('p10'), p50: pick('p50'), p90: pick('p90') };
  });
  return { quarters, fans };
}

const gap = (hi: (number | null)[], lo: (number | null)[]) => hi.map((h, i) => (h === null || lo[i] == null ? '-' : Math.max(0, h - lo[i]!)));
const orDash = (xs: (number | null)[]) => xs.map((x) => (x === null ? '-' : x));

export function compareFanOption(reports: RunReport[]): ChartOption {
  const { quarters, fans } = compareFans(reports);
  const styles = scenarioStyles(reports);
  const cur = reports[0]?.currency ?? 'USD';
  return {
    ...baseOption,
    grid: grid({ top: 40 }),
    legend: { top: 0, left: 0, data: styles.map((s) => s.label), textStyle: { color: '#3e4c59' } },
    tooltip: {
      ...baseOption.tooltip,
      trigger: 'axis',
      formatter: (params: unknown) => {
        const i = (params as { dataIndex: number }[])[0]?.dataIndex ?? 0;
        const rows: [string, string][] = fans
          .filter((f) => f.p50[i] != null)
          .map((f) => [f.label, `${money(f.p50[i]!, cur)} (P10–P90 ${money(f.p10[i]!, cur)} – ${money(f.p90[i]!, cur)})`]);
        return tooltipHtml(`${quarters[i]} revenue, median`, rows);
      },
    },
    xAxis: { type: 'category', data: quarters, boundaryGap: false, axisLine, axisLabel },
    yAxis: moneyAxis(cur),
    series: fans.flatMap((f, i) => {
      const s = styles[i]!;
      const stack = `fan-${i}`;
      return [
        { type: 'line' as const, name: s.label, stack, data: orDash(f.p10), symbol: 'none', lineStyle: { width: 0 }, silent: true, emphasis: { disabled: true } },
        { type: 'line' as const, name: s.label, stack, data: gap(f.p90, f.p10), symbol: 'none', lineStyle: { width: 0 }, areaStyle: { color: s.color, opacity: 0.14 }, silent: true, emphasis: { disabled: true } },
        { type: 'line' as const, name: s.label, data: orDash(f.p50), symbol: 'circle', symbolSize: 4, lineStyle: { width: 2.5, color: s.color, type: s.dash }, itemStyle: { color: s.color } },
      ];
    }),
  };
}
