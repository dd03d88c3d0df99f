// P10–P90 whiskers over horizontal bars: a custom series drawing, for each category, a line
// from its P10 to its P90 with end caps. Data rows are [category index, p10, p90].
import type { CustomSeriesOption } from 'echarts/charts';
import { INK } from '../../common/palette';

export type WhiskerRow = [index: number, p10: number, p90: number];

export function whiskerSeries(rows: WhiskerRow[], name = 'P10–P90'): CustomSeriesOption {
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
      const lo = api.coord([api.value(1) as number, cat]) as number[];
      const hi = api.coord([api.value(2) as number, cat]) as number[];
      const cap = 5;
      const [x0 = 0, y = 0] = lo;
      const [x1 = 0] = hi;
      const shapes = [
        { x1: x0, y1: y, x2: x1, y2: y },
        { x1: x0, y1: y - cap, x2: x0, y2: y + cap },
        { x1: x1, y1: y - cap, x2: x1, y2: y + cap },
      ];
      // A white halo under the ink keeps the whisker visible on any bar colour.
      const halo = { stroke: '#ffffff', lineWidth: 3.5 };
      const ink = { stroke: INK, lineWidth: 1.25 };
      return {
        type: 'group',
        children: [...shapes.map((shape) => ({ type: 'line' as const, shape, style: halo })), ...shapes.map((shape) => ({ type: 'line' as const, shape, style: ink }))],
      };
    },
  };
}
