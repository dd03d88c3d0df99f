// The Actuals screen's charts: ACV won and pipeline created by quarter and partner type
// (stacked bars), won ACV by how partners were involved, the referral network (who refers to
// whom), the Lorenz curve of won ACV across partners, partner cohorts' retention (a heat map),
// and the backtest (the fitted quarters' actuals, then the forecast's P10–P90 band and P50 with
// the actual quarters over it). Pure functions of the data, like every studio chart. A partner
// type keeps its colour in every chart: its place among the dataset's types.
import type { Analytics, Backtest } from '../api/bindings';
import type { ChartOption } from '../common/echarts';
import { axisLabel, axisLine, baseOption, grid, moneyAxis, splitLine, tooltipHtml } from '../common/chartBase';
import { integer, money, percent } from '../common/format';
import { CATEGORICAL, GRID, INK, MUTED, OKABE_ITO, SEQUENTIAL } from '../common/palette';

/** The colour of a partner type: the same in every chart of the dataset. */
export function typeColor(a: Analytics, id: string): string {
  const i = a.by_type.findIndex((t) => t.partner_type === id);
  return CATEGORICAL[(i < 0 ? a.by_type.length : i) % CATEGORICAL.length] ?? OKABE_ITO.blue;
}

/** A partner type's name as the base model gives it (its id when the model is gone). */
export const typeName = (a: Analytics, id: string) => a.type_names[id] ?? id.replace(/_/g, ' ');

function stackedByType(a: Analytics, pick: (q: Analytics['by_quarter'][number]) => Partial<Record<string, number>>, stack: string): ChartOption {
  const types = a.by_type.filter((t) => a.by_quarter.some((q) => (pick(q)[t.partner_type] ?? 0) > 0)).map((t) => t.partner_type);
  return {
    ...baseOption,
    grid: grid({ top: 44 }),
    // One line of legend (scrolling when the types do not fit), so it never covers the axis.
    legend: { top: 0, type: 'scroll', textStyle: { color: MUTED } },
    tooltip: { ...baseOption.tooltip, trigger: 'axis', valueFormatter: (v) => money(Number(v), a.currency) },
    xAxis: { type: 'category', data: a.by_quarter.map((q) => q.quarter), axisLine, axisLabel },
    yAxis: { ...moneyAxis(a.currency), splitLine },
    series: types.map((t) => ({
      type: 'bar',
      stack,
      name: typeName(a, t),
      itemStyle: { color: typeColor(a, t) },
      data: a.by_quarter.map((q) => pick(q)[t] ?? 0),
    })),
  };
}

export const wonByQuarterOption = (a: Analytics): ChartOption => stackedByType(a, (q) => q.won_by_type, 'won');

export const pipelineByQuarterOption = (a: Analytics): ChartOption => stackedByType(a, (q) => q.pipeline_by_type, 'pipeline');

export function pipelineByQuarterCaption(a: Analytics): string {
  const total = a.by_quarter.reduce((s, q) => s + Object.values(q.pipeline_by_type).reduce((x: number, y) => x + (y ?? 0), 0), 0);
  const together = a.by_quarter.reduce((s, q) => s + q.collaborative_pipeline, 0);
  return `ACV of the deals created in each quarter, whatever became of them, stacked by partner type; ${money(total, a.currency)} in all, ${percent(total > 0 ? together / total : 0)} of it on deals more than one partner worked.`;
}

const INVOLVEMENT: [keyof Analytics['by_quarter'][number], string, string][] = [
  ['won_sourced', 'Partner-sourced', OKABE_ITO.blue],
  ['won_influenced', 'Partner-influenced', OKABE_ITO.orange],
  ['won_marketplace', 'Marketplace', OKABE_ITO.green],
];

export function involvementOption(a: Analytics): ChartOption {
  return {
    ...baseOption,
    grid: grid({ top: 44 }),
    legend: { top: 0, textStyle: { color: MUTED } },
    tooltip: { ...baseOption.tooltip, trigger: 'axis', valueFormatter: (v) => money(Number(v), a.currency) },
    xAxis: { type: 'category', data: a.by_quarter.map((q) => q.quarter), axisLine, axisLabel },
    yAxis: { ...moneyAxis(a.currency), splitLine },
    series: INVOLVEMENT.map(([key, name, color]) => ({ type: 'bar', stack: 'involvement', name, itemStyle: { color }, data: a.by_quarter.map((q) => Number(q[key])) })),
  };
}

export function involvementCaption(a: Analytics): string {
  const sum = (key: keyof Analytics['by_quarter'][number]) => a.by_quarter.reduce((s, q) => s + Number(q[key]), 0);
  const share = (key: keyof Analytics['by_quarter'][number]) => percent(a.won_amount > 0 ? sum(key) / a.won_amount : 0);
  return `ACV won in each quarter by how partners took part: sourced (the partner's own deals and those another partner referred to it, ${share('won_sourced')}), influenced (co-sell, or another partner worked the deal too, ${share('won_influenced')}) and through a marketplace (${share('won_marketplace')}).`;
}

export function networkOption(a: Analytics): ChartOption {
  const types = [...new Set([...a.by_type.map((t) => t.partner_type), ...a.network.partners.map((p) => p.partner_type)])].filter((t) => a.network.partners.some((p) => p.partner_type === t));
  const nodes = [...a.network.partners].sort((x, y) => types.indexOf(x.partner_type) - types.indexOf(y.partner_type) || x.id.localeCompare(y.id));
  const largest = Math.max(1, ...nodes.map((p) => p.referred + p.received));
  const heaviest = Math.max(1, ...a.network.edges.map((e) => e.referrals));
  const byId = new Map(nodes.map((p) => [p.id, p]));
  const label = (id: string) => byId.get(id)?.name || id;
  return {
    ...baseOption,
    legend: { top: 0, textStyle: { color: MUTED }, data: types.map((t) => typeName(a, t)) },
    tooltip: {
      ...baseOption.tooltip,
      formatter: (p: unknown) => {
        const x = p as { dataType: string; data: { source?: string; target?: string; id?: string } };
        if (x.dataType === 'edge') {
          const e = a.network.edges.find((e) => e.from === x.data.source && e.to === x.data.target);
          if (!e) return '';
          return tooltipHtml(`${label(e.from)} → ${label(e.to)}`, [
            ['Referrals', integer(e.referrals)],
            ['Won', integer(e.won)],
            ['Win rate', e.win_rate === null ? '—' : percent(e.win_rate)],
            ['ACV won', money(e.won_amount, a.currency)],
          ]);
        }
        const n = byId.get(x.data.id ?? '');
        return n ? tooltipHtml(label(n.id), [['Type', typeName(a, n.partner_type)], ['Referred', integer(n.referred)], ['Received', integer(n.received)]]) : '';
      },
    },
    series: [
      {
        type: 'graph',
        layout: 'circular',
        circular: { rotateLabel: true },
        top: 40,
        bottom: 16,
        roam: true,
        categories: types.map((t) => ({ name: typeName(a, t), itemStyle: { color: typeColor(a, t) } })),
        data: nodes.map((p) => ({ id: p.id, name: label(p.id), category: types.indexOf(p.partner_type), symbolSize: 6 + 18 * Math.sqrt((p.referred + p.received) / largest), label: { show: nodes.length <= 40, fontSize: 10, color: MUTED } })),
        links: a.network.edges.map((e) => ({ source: e.from, target: e.to, lineStyle: { width: 0.6 + 3.4 * (e.referrals / heaviest), opacity: 0.55, curveness: 0.25 } })),
        edgeSymbol: ['none', 'arrow'],
        edgeSymbolSize: 5,
        lineStyle: { color: 'source' },
        emphasis: { focus: 'adjacency' },
      },
    ],
  };
}

export function networkCaption(a: Analytics): string {
  const edges = a.network.edges;
  if (edges.length === 0) return 'No deal in the history names a referring partner.';
  const referrals = edges.reduce((s, e) => s + e.referrals, 0);
  const top = [...edges].sort((x, y) => y.referrals - x.referrals)[0]!;
  const name = (id: string) => a.network.partners.find((p) => p.id === id)?.name || id;
  return `Every partner that referred a deal to another or received one, grouped and coloured by type; an arrow per referring pair, thicker for more referrals. ${integer(referrals)} referrals over ${integer(edges.length)} pairs of ${integer(a.network.partners.length)} partners; the busiest pair is ${name(top.from)} → ${name(top.to)} (${integer(top.referrals)}). Hover an arrow for its win rate.`;
}

export function lorenzOption(a: Analytics): ChartOption {
  const k = a.concentration;
  const pct = { ...axisLabel, formatter: (v: number) => `${Math.round(100 * v)} %` };
  return {
    ...baseOption,
    grid: grid({ top: 44, left: 16, bottom: 30 }),
    legend: { top: 0, textStyle: { color: MUTED } },
    tooltip: { ...baseOption.tooltip, trigger: 'axis', valueFormatter: (v) => percent(Number(v)) },
    xAxis: { type: 'value', min: 0, max: 1, axisLine, axisLabel: pct, splitLine, name: 'share of partners, smallest first', nameLocation: 'middle', nameGap: 24, nameTextStyle: { color: MUTED } },
    yAxis: { type: 'value', min: 0, max: 1, axisLine, axisLabel: pct, splitLine },
    series: [
      { type: 'line', name: 'Every partner equal', data: [[0, 0], [1, 1]], symbol: 'none', lineStyle: { color: MUTED, type: 'dashed', width: 1 }, itemStyle: { color: MUTED } },
      { type: 'line', name: 'Share of ACV won', data: k.lorenz.map(([x, y]) => [x, y]), symbol: 'none', lineStyle: { color: OKABE_ITO.blue, width: 2 }, itemStyle: { color: OKABE_ITO.blue }, areaStyle: { color: OKABE_ITO.skyBlue, opacity: 0.2 } },
    ],
  };
}

export const lorenzCaption = (a: Analytics) =>
  `The Lorenz curve of ACV won across all ${integer(a.partners)} partners: the top 20 % of partners hold ${percent(a.concentration.top20_share, 0)} of it (Gini ${a.concentration.gini.toFixed(2)}), and ${integer(a.concentration.partners_without_win)} partners won nothing. The further the curve sags below the diagonal, the more the ecosystem rests on a few partners.`;

export function cohortOption(a: Analytics): ChartOption {
  const width = Math.max(0, ...a.cohorts.map((c) => c.retained.length));
  const columns = Array.from({ length: width }, (_, k) => `${k + 1}`);
  // Light text on the dark cells, dark on the light ones.
  const data = a.cohorts.flatMap((c, i) => c.retained.map((r, k) => ({ value: [k, i, r], label: { color: r > 0.55 ? '#ffffff' : INK } })));
  return {
    ...baseOption,
    grid: grid({ top: 16, bottom: 30 }),
    tooltip: {
      ...baseOption.tooltip,
      formatter: (p: unknown) => {
        const [k, i, r] = (p as { data: { value: [number, number, number] } }).data.value;
        const c = a.cohorts[i];
        if (!c) return '';
        return tooltipHtml(`Joined ${c.quarter}`, [['Partners', integer(c.joined)], [`Still partners after ${k + 1} quarter${k ? 's' : ''}`, percent(r, 0)]]);
      },
    },
    xAxis: { type: 'category', data: columns, axisLine, axisLabel, splitArea: { show: false }, name: 'quarters after joining', nameLocation: 'middle', nameGap: 24, nameTextStyle: { color: MUTED } },
    yAxis: { type: 'category', data: a.cohorts.map((c) => `${c.quarter} (${c.joined})`), axisLine, axisLabel, inverse: true },
    visualMap: { show: false, min: 0, max: 1, inRange: { color: SEQUENTIAL } },
    series: [{ type: 'heatmap', data, label: { show: true, fontSize: 10, formatter: (p: unknown) => `${Math.round(100 * ((p as { data: { value: number[] } }).data.value[2] ?? 0))}` }, itemStyle: { borderColor: GRID, borderWidth: 1 } }],
  };
}

export function cohortCaption(a: Analytics): string {
  const year = a.cohorts.filter((c) => c.retained.length >= 4);
  const joined = year.reduce((s, c) => s + c.joined, 0);
  const kept = year.reduce((s, c) => s + c.joined * (c.retained[3] ?? 0), 0);
  return (
    'Partners by the quarter they joined during the history (how many in brackets), and the share (%) still partners each quarter after; darker is more kept. Partners that joined before the history are left out: only the survivors of their cohorts are in it.' +
    (joined > 0 ? ` Of the ${integer(joined)} partners that joined at least a year before the history ends, ${percent(kept / joined, 0)} were still partners a year later.` : '')
  );
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
