// P10–P90 whiskers over horizontal bars, with a halo so they read on any bar colour.
import type { CustomSeriesOption } from 'echarts/charts';
import { intervalSeries, type IntervalRow } from '../../common/intervalBars';

export type WhiskerRow = IntervalRow;

export function whiskerSeries(rows: WhiskerRow[], name = 'P10–P90'): CustomSeriesOption {
  return intervalSeries(rows, name, { cap: 5, halo: true, offset: 0 });
}
