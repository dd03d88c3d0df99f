// ECharts, imported piece by piece (core + the five chart kinds and the components the
// studio's charts use, drawn as SVG) so the bundle carries only what is drawn. `ChartOption`
// is the option type of exactly these pieces: a chart cannot ask for one the bundle lacks.
import { use, init, type ComposeOption } from 'echarts/core';
import { BarChart, CustomChart, GraphChart, HeatmapChart, LineChart } from 'echarts/charts';
import type { BarSeriesOption, CustomSeriesOption, GraphSeriesOption, HeatmapSeriesOption, LineSeriesOption } from 'echarts/charts';
import {
  AriaComponent,
  GridComponent,
  LegendComponent,
  MarkLineComponent,
  TooltipComponent,
  VisualMapComponent,
} from 'echarts/components';
import type {
  AriaComponentOption,
  GridComponentOption,
  LegendComponentOption,
  MarkLineComponentOption,
  TooltipComponentOption,
  VisualMapComponentOption,
} from 'echarts/components';
import { SVGRenderer } from 'echarts/renderers';

use([
  BarChart,
  CustomChart,
  GraphChart,
  HeatmapChart,
  LineChart,
  AriaComponent,
  GridComponent,
  LegendComponent,
  MarkLineComponent,
  TooltipComponent,
  VisualMapComponent,
  SVGRenderer,
]);

export type ChartOption = ComposeOption<
  | BarSeriesOption
  | CustomSeriesOption
  | GraphSeriesOption
  | HeatmapSeriesOption
  | LineSeriesOption
  | AriaComponentOption
  | GridComponentOption
  | LegendComponentOption
  | MarkLineComponentOption
  | TooltipComponentOption
  | VisualMapComponentOption
>;

export { init };
