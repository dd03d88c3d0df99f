// Interval bars over horizontal bars (P10–P90 whiskers, confidence intervals): a custom
// series drawing, per category, a line from lo to hi with end caps. Data rows are
// [category index, lo, hi]. Shared by the results' contribution charts and the Sobol chart.
import type { CustomSeriesOption } from 'echarts/charts';
import { INK } from './palette';

export type IntervalRow = [index: number, lo: number, hi: number];

export interface IntervalStyle {
  /** Half-height of the end caps, in pixels. */
  cap: number;
  /** A white halo under the ink, so the bar stays visible on any bar colour. */
  halo: boolean;
  /** Shift from the category's middle, as a share of its band (for one bar of a group). */
  offset: number;
}

export function intervalSeries(rows: IntervalRow[], name: string, style: IntervalStyle): CustomSeriesOption {
  return {
    type: 'custom',
    name,
    data: rows,
    encode: { x: [1, 2], y: 0 },
    z: 3,
    silent: true,
    tooltip: { show: false },
    renderItem: (_params, api) => {
      const cat = api.value(0) as number;
      const band = style.offset === 0 ? 0 : ((api.size?.([0, 1]) as number[] | undefined)?.[1] ?? 0);
      const [x0 = 0, y0 = 0] = api.coord([api.value(1) as number, cat]) as number[];
      const [x1 = 0] = api.coord([api.value(2) as number, cat]) as number[];
      const y = y0 + band * style.offset;
      const cap = style.cap;
      const shapes = [
        { x1: x0, y1: y, x2: x1, y2: y },
        { x1: x0, y1: y - cap, x2: x0, y2: y + cap },
        { x1: x1, y1: y - cap, x2: x1, y2: y + cap },
      ];
      const ink = { stroke: INK, lineWidth: 1.25 };
      const under = style.halo ? shapes.map((shape) => ({ type: 'line' as const, shape, style: { stroke: '#ffffff', lineWidth: 3.5 } })) : [];
      return { type: 'group', children: [...under, ...shapes.map((shape) => ({ type: 'line' as const, shape, style: ink }))] };
    },
  };
}
