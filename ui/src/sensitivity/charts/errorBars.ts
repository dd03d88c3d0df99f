// Error bars over one series of grouped horizontal bars: a custom series drawing, per
// category, a line from lo to hi with end caps, shifted to the middle of that series' bar.
// Data rows are [category index, lo, hi].
import type { CustomSeriesOption } from 'echarts/charts';
import { intervalSeries, type IntervalRow } from '../../common/intervalBars';

export type ErrorRow = IntervalRow;

/** Where the middle of bar `series` of `count` lies in a category band, as a share of the band (−0.5..0.5). */
export function barCentre(series: number, count: number, categoryGap: number, barGap: number): number {
  const usable = 1 - categoryGap;
  const width = usable / (count + (count - 1) * barGap);
  return -usable / 2 + width / 2 + series * width * (1 + barGap);
}

export function errorBarSeries(rows: ErrorRow[], name: string, offset: number): CustomSeriesOption {
  return intervalSeries(rows, name, { cap: 4, halo: false, offset });
}
