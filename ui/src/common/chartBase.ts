// What every studio chart shares: the font and ink, a quiet grid, the tooltip's look, money
// axes. Chart modules build on these so the charts read as one family.
import type { ChartOption } from './echarts';
import { moneyShort } from './format';
import { FONT, GRID, INK, MUTED } from './palette';

export const baseOption: ChartOption = {
  animation: false,
  textStyle: { fontFamily: FONT, color: INK, fontSize: 12 },
  aria: { enabled: true },
  tooltip: {
    confine: true,
    backgroundColor: '#ffffff',
    borderColor: '#c9d0d9',
    textStyle: { color: INK, fontFamily: FONT, fontSize: 12 },
  },
};

/** A grid whose axis labels and names stay inside its margins. */
export const grid = (extra: Record<string, number | string> = {}) => ({ left: 12, right: 20, top: 36, bottom: 12, outerBoundsMode: 'same' as const, outerBoundsContain: 'all' as const, ...extra });

export const axisLine = { lineStyle: { color: '#aeb6c1' } };
export const splitLine = { lineStyle: { color: GRID } };
export const axisLabel = { color: MUTED };

/** A value axis of money, labelled short ("$4.2M"). */
export function moneyAxis(currency: string, extra: Record<string, unknown> = {}) {
  return {
    type: 'value' as const,
    axisLabel: { ...axisLabel, formatter: (v: number) => moneyShort(v, currency) },
    splitLine,
    axisLine,
    ...extra,
  };
}

/** Tooltip lines as HTML: a bold title, then "label: value" rows (escaped). */
export function tooltipHtml(title: string, rows: [string, string][]): string {
  const esc = (s: string) => s.replace(/[&<>"']/g, (c) => `&#${c.charCodeAt(0)};`);
  return `<div class="chart-tip"><strong>${esc(title)}</strong>${rows
    .map(([k, v]) => `<div><span>${esc(k)}</span> <b>${esc(v)}</b></div>`)
    .join('')}</div>`;
}
