// The Actuals screen's charts: ACV won by quarter and partner type (stacked bars), and the
// backtest (the fitted quarters' actuals, then the forecast's P10–P90 band and P50 with the
// actual quarters over it). Pure functions of the data, like every studio chart.
import type { Analytics, Backtest } from '../api/bindings';
import type { ChartOption } from '../common/echarts';
import { axisLabel, axisLine, baseOption, grid, moneyAxis, splitLine, tooltipHtml } from '../common/chartBase';
import { money } from '../common/format';
import { CATEGORICAL, INK, MUTED, OKABE_ITO } from '../common/palette';

export function wonByQuarterOption(a: Analytics, typeName: (id: string) => string): ChartOption {
  const types = a.by_type.filter((t) => t.won_amount > 0).map((t) => t.partner_type);
  return {
    ...baseOption,
    grid: grid({ top: 44 }),
    legend: { top: 0, textStyle: { color: MUTED } },
    tooltip: { ...baseOption.tooltip, trigger: 'axis' },
    xAxis: { type: 'category', data: a.by_quarter.map((q) => q.quarter), axisLine, axisLabel },
    yAxis: { ...moneyAxis(a.currency), splitLine },
    series: types.map((t, i) => ({
      type: 'bar',
      stack: 'won',
      name: typeName(t),
      itemStyle: { color: CATEGORICAL[i % CATEGORICAL.length] },
      data: a.by_quarter.map((q) => q.won_by_type[t] ?? 0),
    })),
  };
}

export const wonByQuarterCaption = (a: Analytics) =>
  `ACV won in each quarter from ${a.from} to ${a.to}, stacked by the partner type that transacted it; ${money(a.won_amount, a.currency)} in all.`;

export function backtestOption(b: Backtest): ChartOption {
  const quarters = [...b.history.map((h) => h[0]), ...b.quarters.map((q) => q.quarter)];
  const h = b.history.length;
  const pad = (xs: number[]) => [...Array(h).fill(null), ...xs];
  return {
    ...baseOption,
    grid: grid({ top: 44 }),
    legend: { top: 0, textStyle: { color: MUTED }, data: ['Actual', 'Forecast P50', 'P10–P90'] },
    tooltip: {
      ...baseOption.tooltip,
      trigger: 'axis',
      formatter: (ps: unknown) => {
        const i = (ps as { dataIndex: number }[])[0]?.dataIndex ?? 0;
        const q = i >= h ? b.quarters[i - h] : undefined;
        const actual = q ? q.actual : (b.history[i]?.[1] ?? 0);
        const rows: [string, string][] = [['Actual', money(actual, b.currency)]];
        if (q) rows.push(['Forecast P50', money(q.p50, b.currency)], ['P10–P90', `${money(q.p10, b.currency)} – ${money(q.p90, b.currency)}`]);
        return tooltipHtml(quarters[i] ?? '', rows);
      },
    },
    xAxis: { type: 'category', data: quarters, axisLine, axisLabel, boundaryGap: false },
    yAxis: { ...moneyAxis(b.currency), splitLine },
    series: [
      { type: 'line', name: 'band-base', stack: 'band', data: pad(b.quarters.map((q) => q.p10)), lineStyle: { opacity: 0 }, symbol: 'none', silent: true, tooltip: { show: false } },
      { type: 'line', name: 'P10–P90', stack: 'band', data: pad(b.quarters.map((q) => q.p90 - q.p10)), lineStyle: { opacity: 0 }, symbol: 'none', areaStyle: { color: OKABE_ITO.skyBlue, opacity: 0.35 }, itemStyle: { color: OKABE_ITO.skyBlue } },
      { type: 'line', name: 'Forecast P50', data: pad(b.quarters.map((q) => q.p50)), itemStyle: { color: OKABE_ITO.blue }, lineStyle: { type: 'dashed', width: 2 } },
      {
        type: 'line',
        name: 'Actual',
        data: [...b.history.map((x) => x[1]), ...b.quarters.map((q) => q.actual)],
        itemStyle: { color: INK },
        lineStyle: { width: 2 },
        symbolSize: 7,
      },
    ],
  };
}

export const backtestCaption = (b: Backtest) =>
  `${b.measure}: fitted on ${b.fitted_on}, then ${b.forecast} forecast by simulating the history's own partners ${b.trials.toLocaleString('en-US')} times. ` +
  `${b.quarters.filter((q) => q.inside).length} of ${b.quarters.length} actual quarters fall inside the P10–P90 band` +
  (b.mape_p50 === null ? '.' : `; the P50 is off by ${(100 * b.mape_p50).toFixed(1)} % on average.`);
