import { describe, expect, it } from 'vitest';
import { percent } from '../../common/format';
import { report, reportCopy } from '../../test/fixtures';
import { heatmapCaption, heatmapCells, heatmapOption } from './heatmap';

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

  it('captions overall coverage and the best and worst cells', () => {
    const segments: Record<string, string> = { smb: 'Small business', mid_market: 'Mid market', enterprise: 'Enterprise' };
    const regions: Record<string, string> = { na: 'North America', emea: 'EMEA', apac: 'APAC', latam: 'Latin America' };
    const ranked = [...report.by_cell].sort((a, b) => b.coverage_final.p50 - a.coverage_final.p50);
    const hi = ranked[0]!;
    const lo = ranked[ranked.length - 1]!;
    const cell = (c: typeof hi) => `${segments[c.segment]} × ${regions[c.region]} (${percent(c.coverage_final.p50, 0)})`;
    expect(heatmapCaption(report, { segments, regions })).toBe(
      `Partners work ${percent(report.kpis.coverage_final.p50, 0)} of the market in the last quarter (median); coverage is highest in ${cell(hi)} and lowest in ${cell(lo)}.`,
    );
    // Without the model's names the ids stand in: segments in words, regions in capitals.
    const r = reportCopy();
    r.by_cell.find((c) => c.segment === 'mid_market' && c.region === 'latam')!.coverage_final.p50 = 0.95;
    r.by_cell.find((c) => c.segment === 'smb' && c.region === 'apac')!.coverage_final.p50 = 0.01;
    expect(heatmapCaption(r)).toMatch(/; coverage is highest in Mid market × LATAM \(95%\) and lowest in Smb × APAC \(1%\)\.$/);
  });
});
