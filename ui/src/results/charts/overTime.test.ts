import { describe, expect, it } from 'vitest';
import type { RunReport, Summary } from '../../api/bindings';
import { olderEngineReport, reportCopy } from '../../test/fixtures';
import { fanBands } from './fan';
import { bookingsOption, hasQuarterBreakdowns, typeAreaOption, typeSeries } from './overTime';

const at = (mean: number): Summary => ({ mean, std_dev: 0, std_error: 0, min: mean, max: mean, p5: mean, p10: mean * 0.8, p25: mean * 0.9, p50: mean, p75: mean * 1.1, p90: mean * 1.2, p95: mean * 1.3 });

/** The fixture run (subscription) cut to four quarters of round figures: two types building up. */
function subscriptionRun(): RunReport {
  const r = reportCopy();
  r.revenue_recognition = 'subscription';
  r.by_quarter = r.by_quarter.slice(0, 4).map((q, i) => ({ ...q, revenue: at(100 * i), bookings: at(400), arr: at(400 * (i + 1)) }));
  r.by_partner_type.forEach((t) => {
    t.revenue_by_quarter = [];
  });
  const [a, b] = r.by_partner_type;
  a!.revenue = at(450);
  a!.revenue_by_quarter = [0, 75, 150, 225].map(at);
  b!.revenue = at(150);
  b!.revenue_by_quarter = [0, 25, 50, 75].map(at);
  return r;
}

describe('charts over quarters', () => {
  it('stacks each type’s mean recognised revenue, largest first, and leaves old runs out', () => {
    const r = subscriptionRun();
    expect(hasQuarterBreakdowns(r)).toBe(true);
    expect(hasQuarterBreakdowns(reportCopy())).toBe(true); // a run of this engine as it is
    expect(hasQuarterBreakdowns(olderEngineReport())).toBe(false);
    const s = typeSeries(r);
    expect(s.map((x) => x.values)).toEqual([
      [0, 75, 150, 225],
      [0, 25, 50, 75],
    ]);
    const option = typeAreaOption(r) as { series: { stack: string }[] };
    expect(option.series.every((x) => x.stack === 'types')).toBe(true);
  });

  it('sets bookings against recognised revenue', () => {
    const r = subscriptionRun();
    const option = bookingsOption(r) as { series: { data: number[] }[] };
    expect(option.series[0]!.data).toEqual([400, 400, 400, 400]);
    expect(option.series[1]!.data).toEqual([0, 100, 200, 300]);
  });

  it('draws the ARR fan from the quarter-end ARR percentiles', () => {
    const r = subscriptionRun();
    expect(fanBands(r, 'arr').p50).toEqual([400, 800, 1200, 1600]);
  });
});
