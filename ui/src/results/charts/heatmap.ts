// Market coverage at the end of the horizon in each cell (segment × region), median over
// futures: light = little of the cell worked, dark = most of it. Each cell is labelled, so the
// map reads without colour.
import type { RunReport } from '../../api/bindings';
import { axisLabel, baseOption, grid, tooltipHtml } from '../../common/chartBase';
import type { ChartOption } from '../../common/echarts';
import { integer, money, percent } from '../../common/format';
import { humanize } from '../../common/labels';
import { SEQUENTIAL } from '../../common/palette';

export interface Names {
  segments?: Record<string, string>;
  regions?: Record<string, string>;
}

export interface HeatCell {
  x: number;
  y: number;
  segment: string;
  region: string;
  coverage: number;
}

/** Regions and segments in the order the report lists them, and each cell's median coverage. */
export function heatmapCells(report: RunReport): { regions: string[]; segments: string[]; cells: HeatCell[] } {
  const regions: string[] = [];
  const segments: string[] = [];
  for (const c of report.by_cell) {
    if (!regions.includes(c.region)) regions.push(c.region);
    if (!segments.includes(c.segment)) segments.push(c.segment);
  }
  // The first segment at the top: the y axis runs bottom-up.
  const cells = report.by_cell.map((c) => ({
    x: regions.indexOf(c.region),
    y: segments.length - 1 - segments.indexOf(c.segment),
    segment: c.segment,
    region: c.region,
    coverage: c.coverage_final.p50,
  }));
  return { regions, segments, cells };
}

export function heatmapOption(report: RunReport, names: Names = {}): ChartOption {
  const { regions, segments, cells } = heatmapCells(report);
  const max = Math.max(0.01, ...cells.map((c) => c.coverage));
  const rn = (id: string) => names.regions?.[id] ?? id.toUpperCase();
  const sn = (id: string) => names.segments?.[id] ?? humanize(id);
  const rows = report.by_cell;
  return {
    ...baseOption,
    grid: grid({ top: 12, bottom: 44 }),
    tooltip: {
      ...baseOption.tooltip,
      trigger: 'item',
      formatter: (p: unknown) => {
        const cell = cells[(p as { dataIndex: number }).dataIndex];
        const row = rows[(p as { dataIndex: number }).dataIndex];
        if (!cell || !row) return '';
        return tooltipHtml(`${sn(cell.segment)} · ${rn(cell.region)}`, [
          ['Coverage (median)', percent(row.coverage_final.p50)],
          ['P10–P90', `${percent(row.coverage_final.p10)} – ${percent(row.coverage_final.p90)}`],
          ['Addressable accounts', integer(row.accounts)],
          ['Revenue (mean)', money(row.revenue.mean, report.currency)],
        ]);
      },
    },
    xAxis: { type: 'category', data: regions.map(rn), splitArea: { show: false }, axisLabel: { ...axisLabel, color: '#3e4c59', interval: 0, width: 110, overflow: 'break' }, axisTick: { show: false } },
    yAxis: { type: 'category', data: [...segments].reverse().map(sn), axisLabel: { ...axisLabel, color: '#3e4c59' }, axisTick: { show: false } },
    visualMap: {
      type: 'continuous',
      min: 0,
      max,
      calculable: false,
      orient: 'horizontal',
      left: 'center',
      bottom: 0,
      itemHeight: 160,
      itemWidth: 10,
      text: [percent(max, 0), '0%'],
      textStyle: { color: '#5f6b7a' },
      inRange: { color: SEQUENTIAL },
    },
    series: [
      {
        type: 'heatmap',
        name: 'Coverage',
        data: cells.map((c) => ({ value: [c.x, c.y, c.coverage], label: { color: c.coverage / max > 0.55 ? '#ffffff' : '#1f2933' } })),
        label: { show: true, formatter: (p: unknown) => percent(((p as { value: number[] }).value[2] ?? 0), 0), fontWeight: 600 },
        itemStyle: { borderColor: '#ffffff', borderWidth: 2 },
        emphasis: { itemStyle: { borderColor: '#1f2933', borderWidth: 2 } },
      },
    ],
  };
}
