// Error bars over one series of grouped horizontal bars: a custom series drawing, per
// category, a line from lo to hi with end caps, shifted to the middle of that series' bar.
// Data rows are [category index, lo, hi].
import type { CustomSeriesOption } from 'echarts/charts';
import { INK } from '../../common/palette';

export type ErrorRow = [index: number, lo: number, hi: number];

/** Where the middle of bar `series` of `count` lies in a category band, as a share of the band (−0.5..0.5). */
export function barCentre(series: number, count: number, categoryGap: number, barGap: number): number {
  const usable = 1 - categoryGap;
  const width = usable / (count + (count - 1) * barGap);
  return -usable / 2 + width / 2 + series * width * (1 + barGap);
}

export function errorBarSeries(rows: ErrorRow[], name: string, offset: number): CustomSeriesOption {
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
      const band = (api.size?.([0, 1]) as number[] | undefined)?.[1] ?? 0;
      const shift = band * offset;
      const [x0 = 0, y0 = 0] = api.coord([api.value(1) as number, cat]) as number[];
      const [x1 = 0] = api.coord([api.value(2) as number, cat]) as number[];
      const y = y0 + shift;
      const cap = 4;
      const shapes = [
        { x1: x0, y1: y, x2: x1, y2: y },
        { x1: x0, y1: y - cap, x2: x0, y2: y + cap },
        { x1: x1, y1: y - cap, x2: x1, y2: y + cap },
      ];
      return { type: 'group', children: shapes.map((shape) => ({ type: 'line' as const, shape, style: { stroke: INK, lineWidth: 1.25 } })) };
    },
  };
}
