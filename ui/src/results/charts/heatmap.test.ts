import { describe, expect, it } from 'vitest';
import { report } from '../../test/fixtures';
import { heatmapCells, heatmapOption } from './heatmap';

describe('coverage heat map', () => {
  it('places every cell at its region column and segment row, first segment on top', () => {
    const { regions, segments, cells } = heatmapCells(report);
    expect(regions).toEqual(['na', 'emea', 'apac', 'latam']);
    expect(segments).toEqual(['smb', 'mid_market', 'enterprise']);
    expect(cells).toHaveLength(12);
    const smbNa = cells.find((c) => c.segment === 'smb' && c.region === 'na')!;
    expect(smbNa).toMatchObject({ x: 0, y: 2 });
    expect(smbNa.coverage).toBe(report.by_cell[0]!.coverage_final.p50);
    const entLatam = cells.find((c) => c.segment === 'enterprise' && c.region === 'latam')!;
    expect(entLatam).toMatchObject({ x: 3, y: 0 });
  });

  it('uses the median coverage as the value and labels the axes', () => {
    const o = heatmapOption(report, { regions: { na: 'North America' }, segments: { smb: 'Small business' } });
    const data = (o.series as { data: { value: number[] }[] }[])[0]!.data;
    expect(data[0]!.value).toEqual([0, 2, report.by_cell[0]!.coverage_final.p50]);
    expect((o.xAxis as { data: string[] }).data).toEqual(['North America', 'EMEA', 'APAC', 'LATAM']);
    expect((o.yAxis as { data: string[] }).data).toEqual(['Enterprise', 'Mid market', 'Small business']);
    const vm = o.visualMap as { max: number };
    expect(vm.max).toBeCloseTo(Math.max(...report.by_cell.map((c) => c.coverage_final.p50)));
  });
});
