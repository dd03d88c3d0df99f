import { describe, expect, it } from 'vitest';
import type { RunReport } from '../../api/bindings';
import rules from '../../api/rules.json';
import { report, reportCopy } from '../../test/fixtures';
import { earningsOption, earningsRows, hasNetwork, partnersByQuarter, partnersOverTimeOption, programsOption } from './network';

describe('partner economics charts', () => {
  it('reads a run of a model with network effects', () => {
    expect(hasNetwork(report)).toBe(true);
    const older = reportCopy();
    for (const t of older.by_partner_type) delete t.network;
    expect(hasNetwork(older)).toBe(false);
  });

  it('splits partners by quarter as the reports do (rules.json, generated from the report crate)', () => {
    const d = partnersByQuarter(report);
    const core = rules.partners_by_quarter_of_the_fixture_run;
    for (const k of ['planned', 'organic', 'churned'] as const) {
      expect(d[k]).toHaveLength(core[k].length);
      d[k].forEach((v, q) => expect(v).toBeCloseTo(core[k][q]!, 9));
    }
  });

  it('splits the active partners of every quarter into planned and organic, and counts who left', () => {
    const d = partnersByQuarter(report);
    expect(d.quarters).toHaveLength(report.by_quarter.length);
    report.by_quarter.forEach((_, q) => {
      const active = report.by_partner_type.reduce((a, t) => a + (t.active_partners_by_quarter[q]?.mean ?? 0), 0);
      expect(d.planned[q]! + d.organic[q]!).toBeCloseTo(active, 6);
      expect(d.churned[q]!).toBeGreaterThanOrEqual(0);
    });
    // Organic partners accumulate: the installed base and peers attract them over time.
    expect(d.organic.at(-1)!).toBeGreaterThan(d.organic[0]!);
    const option = partnersOverTimeOption(report) as { series: { name: string; data: number[] }[] };
    expect(option.series.map((s) => s.name)).toEqual(['Planned, active', 'Organic, active', 'Left this quarter']);
    // Those who left are drawn below the axis.
    expect(option.series[2]!.data.every((v) => v <= 0)).toBe(true);
  });

  it('shows one partner type when asked, its partners a part of everyone’s', () => {
    const all = partnersByQuarter(report);
    const msp = partnersByQuarter(report, ['msp']);
    const t = report.by_partner_type.find((x) => x.partner_type === 'msp')!;
    msp.planned.forEach((p, q) => {
      expect(p + msp.organic[q]!).toBeCloseTo(t.active_partners_by_quarter[q]!.mean, 6);
      expect(p).toBeLessThanOrEqual(all.planned[q]! + 1e-9);
    });
  });

  it('ranks partner types by what their median partner earns, with its P10–P90', () => {
    const rows = earningsRows(report);
    expect(rows.length).toBeGreaterThan(0);
    for (let i = 1; i < rows.length; i++) expect(rows[i]!.p50).toBeLessThanOrEqual(rows[i - 1]!.p50);
    for (const r of rows) expect(r.p10 <= r.p50 && r.p50 <= r.p90).toBe(true);
    const option = earningsOption(report) as { yAxis: { data: string[] } };
    expect(option.yAxis.data).toEqual(rows.map((r) => r.name));
  });

  it('sets each program’s revenue added beside its cost', () => {
    const r: RunReport = reportCopy();
    const s = report.kpis.total_revenue;
    r.by_program = [
      { program: 'enable', name: 'Sales enablement', kind: 'enablement', level: 1, partner_types: ['reseller'], cost: { ...s, mean: 1e6 }, revenue_added: { ...s, mean: 3e6 }, revenue_added_by_quarter: [], roi: 2 },
    ];
    const option = programsOption(r) as { series: { name: string; data: number[] }[]; yAxis: { data: string[] } };
    expect(option.yAxis.data).toEqual(['Sales enablement']);
    expect(option.series.map((x) => [x.name, x.data])).toEqual([
      ['Revenue added', [3e6]],
      ['Cost', [1e6]],
    ]);
  });
});
