// How the forecast settled: the running mean of total revenue as trials accumulated, inside
// its 95 % confidence band (mean ± 1.96 standard errors). It shows whether the run had enough
// trials; a run to a precision target stops when the band is narrow enough.
import type { RunReport } from '../../api/bindings';
import { axisLabel, axisLine, baseOption, grid, moneyAxis, splitLine, tooltipHtml } from '../../common/chartBase';
import type { ChartOption } from '../../common/echarts';
import { integer, money, moneyShort, percent } from '../../common/format';
import { OKABE_ITO } from '../../common/palette';

const Z95 = 1.959963984540054;

export interface ConvergenceBand {
  trials: number[];
  mean: number[];
  low: number[];
  high: number[];
}

export function convergenceBand(report: RunReport): ConvergenceBand {
  const pts = [...(report.convergence ?? [])].sort((a, b) => a.trials - b.trials);
  return {
    trials: pts.map((p) => p.trials),
    mean: pts.map((p) => p.mean),
    low: pts.map((p) => p.mean - Z95 * p.std_error),
    high: pts.map((p) => p.mean + Z95 * p.std_error),
  };
}

/** Trials after which the running mean stays within `tolerance` (a share) of its final value. */
export function settledAfter(b: ConvergenceBand, tolerance = 0.01): number | null {
  const final = b.mean[b.mean.length - 1];
  if (final === undefined || final === 0) return null;
  let i = b.mean.length - 1;
  while (i > 0 && Math.abs(b.mean[i - 1]! - final) <= Math.abs(final) * tolerance) i--;
  return b.trials[i] ?? null;
}

export function convergenceOption(report: RunReport): ChartOption {
  const b = convergenceBand(report);
  const cur = report.currency;
  const lowData = b.trials.map((t, i) => [t, b.low[i]!]);
  const widthData = b.trials.map((t, i) => [t, Math.max(0, b.high[i]! - b.low[i]!)]);
  return {
    ...baseOption,
    grid: grid({ top: 40 }),
    legend: { top: 0, left: 0, data: [{ name: 'Running mean', icon: 'path://M0,4 L16,4 L16,6 L0,6 Z' }, { name: '95 % confidence', icon: 'rect' }], textStyle: { color: '#3e4c59' } },
    tooltip: {
      ...baseOption.tooltip,
      trigger: 'axis',
      formatter: (params: unknown) => {
        const i = (params as { dataIndex: number }[])[0]?.dataIndex ?? 0;
        return tooltipHtml(`After ${integer(b.trials[i] ?? 0)} trials`, [
          ['Mean total revenue', money(b.mean[i] ?? NaN, cur)],
          ['95 % confidence', `${money(b.low[i] ?? NaN, cur)} – ${money(b.high[i] ?? NaN, cur)}`],
        ]);
      },
    },
    xAxis: { type: 'value', name: 'Trials', nameLocation: 'middle', nameGap: 26, min: 'dataMin', axisLine, axisLabel: { ...axisLabel, formatter: (v: number) => integer(v) }, splitLine },
    yAxis: moneyAxis(cur, { scale: true }),
    series: [
      { type: 'line', name: 'low', stack: 'ci', data: lowData, symbol: 'none', lineStyle: { width: 0 }, emphasis: { disabled: true } },
      {
        type: 'line',
        name: '95 % confidence',
        stack: 'ci',
        data: widthData,
        symbol: 'none',
        lineStyle: { width: 0 },
        itemStyle: { color: OKABE_ITO.blue, opacity: 0.4 },
        areaStyle: { color: OKABE_ITO.blue, opacity: 0.18 },
        emphasis: { disabled: true },
      },
      { type: 'line', name: 'Running mean', data: b.trials.map((t, i) => [t, b.mean[i]!]), symbol: 'none', lineStyle: { width: 2, color: '#08306b' }, itemStyle: { color: '#08306b' } },
    ],
  };
}

export function convergenceCaption(report: RunReport): string {
  const b = convergenceBand(report);
  const n = b.mean.length;
  if (n === 0) return 'This run did not record how its mean settled.';
  const m = (x: number) => moneyShort(x, report.currency);
  const mean = b.mean[n - 1]!;
  const half = (b.high[n - 1]! - b.low[n - 1]!) / 2;
  const settled = settledAfter(b);
  const stop = report.precision_target ? ` The run stopped at its precision target (a standard error of ${percent(report.precision_target, 1)} of the mean).` : '';
  const settle = settled !== null ? `; it stayed within 1% of that after ${integer(settled)} trials` : '';
  return `After ${integer(b.trials[n - 1]!)} trials mean total revenue is ${m(mean)} ± ${m(half)} (95% confidence)${settle}.${stop}`;
}
