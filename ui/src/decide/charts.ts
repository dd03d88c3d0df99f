// Charts of the executive's next questions: the goal's statistic against the lever (solve),
// the inputs that sit furthest from their usual values in a tail (drivers), the forecast under
// stress against the base, each input's value of information, and the spider beside the
// tornado. Each chart has a caption that says its finding in a sentence; the spider's comes
// with the analysis, in the core's words (the reports').
import type { DriversReport, Goal, MarketModelDoc, SolveReport, SpiderReport, StressReport, VoiReport } from '../api/bindings';
import { axisLabel, axisLine, baseOption, grid, moneyAxis, splitLine, tooltipHtml } from '../common/chartBase';
import type { ChartOption } from '../common/echarts';
import { decimal, integer, moneyShort, percent } from '../common/format';
import { CATEGORICAL, INK, OKABE_ITO } from '../common/palette';
import { intervalSeries, type IntervalRow } from '../common/intervalBars';
import { formatKpi, formatKpiDifference, kpiLabel } from '../analysis/kpis';
import { inputLabel } from '../analysis/inputLabels';

/** The goal's statistic as a person reads it. */
export function formatStatistic(goal: Goal, v: number, currency: string, short = true): string {
  return goal.statistic.kind === 'probability' ? percent(v, short ? 0 : 1) : formatKpi(goal.kpi, v, currency, short);
}

/** The goal in words: "P(total revenue ≥ $45M) ≥ 80%". */
export function goalText(goal: Goal, currency: string): string {
  const k = kpiLabel(goal.kpi).toLowerCase();
  const cmp = goal.at_least ? '≥' : '≤';
  const s = goal.statistic;
  if (s.kind === 'probability') return `P(${k} ${s.above ? '≥' : '≤'} ${formatKpi(goal.kpi, s.threshold, currency, true)}) ${cmp} ${percent(goal.value, 0)}`;
  if (s.kind === 'percentile') return `P${Math.round(s.p * 100)} of ${k} ${cmp} ${formatKpi(goal.kpi, goal.value, currency, true)}`;
  return `mean ${k} ${cmp} ${formatKpi(goal.kpi, goal.value, currency, true)}`;
}

const leverValue = (r: SolveReport, v: number) => (r.integer ? integer(v) : decimal(v, 2));

export function solveOption(r: SolveReport, currency: string): ChartOption {
  const f = (v: number) => formatStatistic(r.goal, v, currency);
  const band = r.interval;
  return {
    ...baseOption,
    grid: grid({ top: 40, bottom: 28 }),
    tooltip: {
      ...baseOption.tooltip,
      trigger: 'axis',
      formatter: (params: unknown) => {
        const p = r.points[(params as { dataIndex: number }[])[0]?.dataIndex ?? 0];
        if (!p) return '';
        return tooltipHtml(`${r.lever_label}: ${leverValue(r, p.value)}`, [
          ['Goal statistic', f(p.statistic)],
          ['Noise (1 s.e.)', `± ${formatStatistic(r.goal, p.noise, currency, false)}`],
          ['Meets the goal', p.meets ? 'yes' : 'no'],
        ]);
      },
    },
    xAxis: { type: 'value', name: r.lever_label, nameLocation: 'middle', nameGap: 22, min: r.range[0], max: r.range[1], axisLabel, splitLine, axisLine },
    yAxis: { type: 'value', scale: true, axisLabel: { ...axisLabel, formatter: (v: number) => f(v) }, splitLine, axisLine },
    series: [
      {
        type: 'line',
        name: 'Goal statistic',
        data: r.points.map((p) => [p.value, p.statistic]),
        symbolSize: 7,
        itemStyle: { color: OKABE_ITO.blue },
        lineStyle: { color: OKABE_ITO.blue, width: 2 },
        markLine: {
          symbol: 'none',
          silent: true,
          data: [
            { yAxis: r.goal.value, lineStyle: { color: OKABE_ITO.vermillion, type: 'dashed' }, label: { formatter: `Goal ${f(r.goal.value)}`, position: 'insideEndTop', color: OKABE_ITO.vermillion } },
            ...(band && band[0] !== band[1] ? band.map((b) => ({ xAxis: b, lineStyle: { color: OKABE_ITO.skyBlue, type: 'dotted' as const }, label: { show: false } })) : []),
            ...(r.answer !== null ? [{ xAxis: r.answer, lineStyle: { color: INK, type: 'solid' as const }, label: { formatter: `Answer ${leverValue(r, r.answer)}`, position: 'insideEndTop' as const, color: INK } }] : []),
          ],
        },
      },
    ],
  };
}

export function solveCaption(r: SolveReport, currency: string): string {
  const goal = goalText(r.goal, currency);
  if (r.outcome === 'not_reachable' || r.answer === null)
    return `Not reachable: no value of ${r.lever_label} from ${leverValue(r, r.range[0])} to ${leverValue(r, r.range[1])} meets ${goal}.`;
  if (r.outcome === 'already_met') return `Already met: even at ${leverValue(r, r.answer)}, ${r.lever_label} meets ${goal}.`;
  const side = r.side === 'at_least' ? 'at least' : 'at most';
  const band = r.interval ? ` (${leverValue(r, r.interval[0])}–${leverValue(r, r.interval[1])} on 90% of bootstrap resamples)` : '';
  const now = ` The scenario has ${leverValue(r, r.current)}.`;
  const mono = r.monotone ? '' : ' The statistic does not move one way with the lever, so other values may work too.';
  return `${goal} takes ${side} ${leverValue(r, r.answer)} of ${r.lever_label}${band}.${now}${mono}`;
}

export const driversHeight = (n: number) => Math.max(220, 70 + n * 28);

export function driversOption(r: DriversReport, model: MarketModelDoc | null): ChartOption {
  const items = r.inputs.slice(0, 12);
  return {
    ...baseOption,
    grid: grid({ top: 12, bottom: 16 }),
    tooltip: {
      ...baseOption.tooltip,
      trigger: 'axis',
      axisPointer: { type: 'shadow' },
      formatter: (params: unknown) => {
        const it = items[(params as { dataIndex: number }[])[0]?.dataIndex ?? 0];
        if (!it) return '';
        return tooltipHtml(inputLabel(it.input, model), [
          ['Input', it.input],
          ['Median over all trials', decimal(it.median_all, 4)],
          ['Median in the tail', decimal(it.median_tail, 4)],
          ['Shift', `${decimal(it.shift, 2)} sd`],
          ['Chance alone (random trials, 1% for all inputs)', `± ${decimal(it.noise, 2)} sd`],
        ]);
      },
    },
    xAxis: { type: 'value', name: 'standard deviations', nameLocation: 'middle', nameGap: 24, axisLabel, splitLine, axisLine },
    yAxis: { type: 'category', inverse: true, data: items.map((i) => inputLabel(i.input, model)), axisLabel: { ...axisLabel, width: 240, overflow: 'truncate' }, axisLine, axisTick: { show: false } },
    series: [
      {
        type: 'bar',
        name: 'Shift of the median',
        data: items.map((i) => ({ value: i.shift, itemStyle: { color: i.beyond_noise ? (i.shift < 0 ? OKABE_ITO.vermillion : OKABE_ITO.blue) : '#c9d0d9' } })),
        barCategoryGap: '35%',
      },
      intervalSeries(items.map((i, k): IntervalRow => [k, -i.noise, i.noise]), 'Chance alone', { cap: 5, halo: true, offset: 0 }),
    ],
  };
}

export function driversCaption(r: DriversReport, model: MarketModelDoc | null, currency: string): string {
  const tail = `${r.tail === 'bottom' ? 'bottom' : 'top'} ${percent(r.share, 0)}`;
  const k = kpiLabel(r.kpi).toLowerCase();
  const beyond = r.inputs.filter((i) => i.beyond_noise);
  const lead = `In the ${tail} of futures (${k} ${r.tail === 'bottom' ? 'at or below' : 'at or above'} ${formatKpi(r.kpi, r.threshold, currency, true)})`;
  if (beyond.length === 0) return `${lead}, no uncertain input sits further from its usual value than chance would put it: those futures are the luck of the deals.`;
  const top = beyond[0]!;
  const dir = top.shift < 0 ? 'low' : 'high';
  const next = beyond[1];
  const short = r.shortfalls.filter((s) => s.breakdown === 'partner_type' && s.change < 0).sort((a, b) => a.change - b.change)[0];
  return `${lead}, ${inputLabel(top.input, model)} runs ${dir} (${decimal(Math.abs(top.shift), 2)} standard deviations)${next ? `, then ${inputLabel(next.input, model)} (${decimal(Math.abs(next.shift), 2)})` : ''}.${short ? ` ${short.name} falls short most: ${formatKpiDifference('total_revenue', short.change, currency)}.` : ''}`;
}

export function stressOption(r: StressReport, currency: string): ChartOption {
  const names = ['Base', ...r.cases.map((c) => c.label)];
  const data = [r.base, ...r.cases.map((c) => c.summary)];
  const f = (v: number) => formatKpi(r.kpi, v, currency, true);
  return {
    ...baseOption,
    grid: grid({ top: 20, bottom: 16 }),
    tooltip: {
      ...baseOption.tooltip,
      trigger: 'axis',
      axisPointer: { type: 'shadow' },
      formatter: (params: unknown) => {
        const i = (params as { dataIndex: number }[])[0]?.dataIndex ?? 0;
        const s = data[i];
        if (!s) return '';
        return tooltipHtml(names[i] ?? '', [
          ['Mean', f(s.mean)],
          ['P10 – P90', `${f(s.p10)} – ${f(s.p90)}`],
          ...(i > 0 ? [['Mean vs base', formatKpiDifference(r.kpi, r.cases[i - 1]!.difference.mean, currency)] as [string, string]] : []),
        ]);
      },
    },
    xAxis: r.kpi === 'coverage_final' || r.kpi === 'ecosystem_multiplier' ? { type: 'value', axisLabel: { ...axisLabel, formatter: f }, splitLine, axisLine } : moneyAxis(currency),
    yAxis: { type: 'category', inverse: true, data: names, axisLabel: { ...axisLabel, width: 260, overflow: 'truncate' }, axisLine, axisTick: { show: false } },
    series: [
      { type: 'bar', name: 'P10', stack: 'range', data: data.map((s) => s.p10), itemStyle: { color: 'transparent' }, silent: true },
      { type: 'bar', name: 'P10 – P90', stack: 'range', data: data.map((s, i) => ({ value: s.p90 - s.p10, itemStyle: { color: i === 0 ? '#c9d0d9' : 'rgba(213,94,0,0.35)' } })), barCategoryGap: '40%' },
      { type: 'line', name: 'Mean', data: data.map((s, i) => [s.mean, i]), symbol: 'diamond', symbolSize: 12, lineStyle: { width: 0 }, itemStyle: { color: INK }, z: 4 },
    ],
  };
}

/** A percentile range in words: [0, 0.1] → "in its bottom 10%", [0, 0.25] → "below its P25". */
export function rangeWords([lo, hi]: [number, number]): string {
  const p = (x: number) => Math.round(x * 100);
  if (lo <= 0 && hi <= 0.1) return `in its bottom ${p(hi)}%`;
  if (lo <= 0) return `below its P${p(hi)}`;
  if (hi >= 1 && lo >= 0.9) return `in its top ${100 - p(lo)}%`;
  if (hi >= 1) return `above its P${p(lo)}`;
  return `between its P${p(lo)} and P${p(hi)}`;
}

export function stressCaption(r: StressReport, currency: string): string {
  const worst = [...r.cases].sort((a, b) => a.difference.mean - b.difference.mean)[0];
  if (!worst) return '';
  const k = kpiLabel(r.kpi).toLowerCase();
  const held = worst.inputs.length === 1 ? `${worst.label} ${rangeWords(worst.inputs[0]!.range)}` : `${worst.label} together, each in its range,`;
  const target = worst.target_probability != null && r.base_target_probability != null ? `, and the chance of meeting the target from ${percent(r.base_target_probability, 0)} to ${percent(worst.target_probability, 0)}` : '';
  return `Holding ${held} moves mean ${k} from ${formatKpi(r.kpi, r.base.mean, currency, true)} to ${formatKpi(r.kpi, worst.summary.mean, currency, true)} (${formatKpiDifference(r.kpi, worst.difference.mean, currency)}, paired trial by trial)${target}.`;
}

export const voiHeight = (n: number) => Math.max(220, 70 + n * 28);

export function voiOption(r: VoiReport, model: MarketModelDoc | null, currency: string): ChartOption {
  const items = r.inputs.slice(0, 12);
  return {
    ...baseOption,
    grid: grid({ top: 24, bottom: 16 }),
    tooltip: {
      ...baseOption.tooltip,
      trigger: 'axis',
      axisPointer: { type: 'shadow' },
      formatter: (params: unknown) => {
        const it = items[(params as { dataIndex: number }[])[0]?.dataIndex ?? 0];
        if (!it) return '';
        return tooltipHtml(inputLabel(it.input, model), [
          ['EVPPI', moneyShort(it.evppi, currency)],
          ['Bootstrap P5 – P95', `${moneyShort(it.interval[0], currency)} – ${moneyShort(it.interval[1], currency)}`],
          ['Noise (input shuffled)', moneyShort(it.noise, currency)],
          ['EVPI (everything known)', moneyShort(r.evpi, currency)],
        ]);
      },
    },
    xAxis: moneyAxis(currency),
    yAxis: { type: 'category', inverse: true, data: items.map((i) => inputLabel(i.input, model)), axisLabel: { ...axisLabel, width: 240, overflow: 'truncate' }, axisLine, axisTick: { show: false } },
    series: [
      {
        type: 'bar',
        name: 'EVPPI',
        data: items.map((i) => ({ value: i.evppi, itemStyle: { color: i.beyond_noise ? OKABE_ITO.green : '#c9d0d9' } })),
        barCategoryGap: '35%',
        markLine: { symbol: 'none', silent: true, lineStyle: { color: INK, type: 'dashed' }, label: { formatter: `EVPI ${moneyShort(r.evpi, currency)}`, position: 'insideEndTop', color: INK }, data: [{ xAxis: r.evpi }] },
      },
      intervalSeries(items.map((i, k): IntervalRow => [k, i.interval[0], i.interval[1]]), 'Bootstrap P5 – P95', { cap: 5, halo: true, offset: 0 }),
    ],
  };
}

export function voiCaption(r: VoiReport, model: MarketModelDoc | null, currency: string): string {
  const chosen = r.designs[r.chosen];
  const worth = r.inputs.filter((i) => i.beyond_noise);
  const lead = `On what is known now, ${chosen?.scenario.name ?? 'the first design'} pays most (best in ${percent(chosen?.probability_best ?? 0, 0)} of futures). Knowing every future before choosing would be worth ${moneyShort(r.evpi, currency)}`;
  if (worth.length === 0) return `${lead}; no single input is worth finding out first: its value does not clear the noise.`;
  const top = worth[0]!;
  return `${lead}; of that, learning ${inputLabel(top.input, model)} first is worth ${moneyShort(top.evppi, currency)}${worth[1] ? `, then ${inputLabel(worth[1].input, model)} (${moneyShort(worth[1].evppi, currency)})` : ''}: a pilot or study that costs less is worth running before choosing.`;
}

export function spiderOption(r: SpiderReport, model: MarketModelDoc | null, currency: string): ChartOption {
  const f = (v: number) => formatKpi(r.kpi, v, currency, true);
  return {
    ...baseOption,
    grid: grid({ top: 48, bottom: 28 }),
    legend: { top: 0, left: 0, type: 'scroll', textStyle: { color: '#3e4c59' } },
    tooltip: { ...baseOption.tooltip, trigger: 'axis', valueFormatter: (v: unknown) => f(Number(v)) },
    xAxis: { type: 'category', data: r.percentiles.map((p) => `P${Math.round(p * 100)}`), name: 'input percentile', nameLocation: 'middle', nameGap: 22, axisLabel, axisLine },
    yAxis: { type: 'value', scale: true, axisLabel: { ...axisLabel, formatter: f }, splitLine, axisLine },
    series: r.lines.map((l, i) => ({
      type: 'line',
      name: inputLabel(l.input, model),
      data: l.kpi,
      symbolSize: 6,
      lineStyle: { width: 2, type: i >= CATEGORICAL.length ? 'dashed' : 'solid', color: CATEGORICAL[i % CATEGORICAL.length] },
      itemStyle: { color: CATEGORICAL[i % CATEGORICAL.length] },
    })),
  };
}
