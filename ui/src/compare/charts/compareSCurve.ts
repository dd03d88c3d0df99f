// The S-curves of total revenue of every compared scenario: the chance that revenue is at
// most x, from each run's percentiles P1..P99. A curve further right earns more at that level
// of luck; curves that cross trade upside for downside.
import type { RunReport } from '../../api/bindings';
import { axisLabel, axisLine, baseOption, grid, moneyAxis, splitLine, tooltipHtml } from '../../common/chartBase';
import type { ChartOption } from '../../common/echarts';
import { money, percent } from '../../common/format';
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
