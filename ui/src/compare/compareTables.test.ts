import { describe, expect, it } from 'vitest';
import { moneyShort } from '../common/format';
import { compareReport } from '../test/analysisFixtures';
import { differenceRows, kpiTable } from './compareTables';

describe('comparison tables', () => {
  it('puts each KPI’s median and P10–P90 side by side', () => {
    const reports = compareReport().reports;
    const rows = kpiTable(reports);
    expect(rows.map((r) => r.label)).toEqual(['Total revenue', 'Final-quarter revenue', 'ARR at the end', 'Market coverage (final quarter)', 'Net contribution', 'Ecosystem multiplier']);
    const [a, b] = reports.map((r) => r.kpis.total_revenue);
    const m = (x: number) => moneyShort(x, 'USD');
    expect(rows[0]!.cells[0]).toEqual({ p50: m(a!.p50), range: `${m(a!.p10)} – ${m(a!.p90)}` });
    expect(rows[0]!.cells[1]!.p50).toBe(m(b!.p50));
    expect(rows[0]!.cells[1]!.p50).not.toBe(rows[0]!.cells[0]!.p50);
    expect(rows[3]!.cells[0]!.p50).toMatch(/%$/);
    // The multiplier is a ratio of means: one number, no range.
    expect(rows[5]!.cells[0]).toMatchObject({ p50: expect.stringMatching(/×$/), range: 'mean ÷ mean without collaboration' });
  });

  it('says when a run did not measure the ecosystem multiplier', () => {
    const rs = compareReport().reports;
    rs[1]!.collaboration_measured = false;
    expect(kpiTable(rs)[5]!.cells[1]).toEqual({ p50: '—', range: 'not measured' });
    rs[1]!.collaboration_measured = true;
    rs[1]!.kpis.ecosystem_multiplier = null;
    expect(kpiTable(rs)[5]!.cells[1]!.p50).toBe('—');
  });

  it('gives the paired difference B − A and the chance B beats A', () => {
    const rows = differenceRows(compareReport().pairings[0]!, 'USD');
    expect(rows[0]).toEqual({ kpi: 'total_revenue', label: 'Total revenue', mean: '+$8.4M', range: '+$2M to +$15M', beats: '93%', better: true });
    expect(rows[1]).toMatchObject({ mean: '−2.1 pts', range: '−4.0 pts to +0.2 pts', beats: '12%', better: false });
  });
});
