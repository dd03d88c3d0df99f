import { describe, expect, it } from 'vitest';
import { model, shapleyReport, sobolReport, tornadoReport } from '../../test/analysisFixtures';
import { attributionOption } from './attribution';
import { barCentre } from './errorBars';
import { sobolItems, sobolOption } from './sobol';
import { tornadoItems, tornadoOption } from './tornado';

type Tip = { formatter: (p: unknown) => string };

describe('tornado chart', () => {
  it('ranks inputs by swing with readable names', () => {
    const items = tornadoItems({ ...tornadoReport, bars: [...tornadoReport.bars].reverse() }, model);
    expect(items.map((i) => i.label)).toEqual(['Value-added reseller · win rate', 'Market growth', 'Conflict · share of conflicts lost']);
  });

  it('draws bars from the base to the KPI at each input’s P10 and P90, with a base line', () => {
    const o = tornadoOption(tornadoReport, model, 'USD');
    const [low, high] = o.series as { name: string; data: number[]; markLine?: { data: { xAxis: number }[] }; itemStyle: { color: string } }[];
    expect(low!.data).toEqual([-6_000_000, -2_000_000, 1_000_000]);
    expect(high!.data).toEqual([7_000_000, 2_500_000, -1_000_000]);
    expect(low!.itemStyle.color).not.toBe(high!.itemStyle.color);
    expect(low!.markLine!.data[0]!.xAxis).toBe(0);
    const axis = o.xAxis as { axisLabel: { formatter: (v: number) => string } };
    expect(axis.axisLabel.formatter(0)).toBe('$42M');
    expect((o.yAxis as { inverse: boolean }).inverse).toBe(true);
  });

  it('gives exact values and the raw path in the tooltip', () => {
    const html = (tornadoOption(tornadoReport, model, 'USD').tooltip as Tip).formatter([{ dataIndex: 0 }]);
    expect(html).toContain('partner_types[0].win_rate');
    expect(html).toContain('$36,000,000');
    expect(html).toContain('$49,000,000');
    expect(html).toContain('(0.2)');
  });
});

describe('Sobol chart', () => {
  it('shows first-order and total indices with their intervals as error bars', () => {
    const o = sobolOption(sobolReport, model);
    const series = o.series as { type: string; name: string; data: unknown[] }[];
    expect(series.map((s) => s.type)).toEqual(['bar', 'bar', 'custom', 'custom']);
    expect((series[0]!.data[0] as { value: number }).value).toBe(0.52);
    expect(series[3]!.data[0]).toEqual([0, 0.5, 0.66]);
  });

  it('shows simulation randomness apart from the inputs', () => {
    const items = sobolItems(sobolReport, model);
    expect(items[1]).toMatchObject({ label: 'Simulation randomness', randomness: true });
    const o = sobolOption(sobolReport, model);
    const first = (o.series as { data: { itemStyle: { color: string } }[] }[])[0]!;
    expect(first.data[1]!.itemStyle.color).not.toBe(first.data[0]!.itemStyle.color);
    const html = (o.tooltip as Tip).formatter([{ dataIndex: 1 }]);
    expect(html).toContain('no input explains');
  });

  it('places each error bar on its own bar', () => {
    expect(barCentre(0, 2, 0.3, 0.1)).toBeLessThan(0);
    expect(barCentre(1, 2, 0.3, 0.1)).toBeCloseTo(-barCentre(0, 2, 0.3, 0.1), 9);
  });
});

describe('attribution chart', () => {
  it('puts the Shapley share beside the transacted share per type', () => {
    const o = attributionOption(shapleyReport, 'USD');
    const [shapley, transacted] = o.series as { data: number[] }[];
    expect(shapley!.data).toEqual([0.65, 0.2, 0.15]);
    expect(transacted!.data).toEqual([0.75, 0, 0.25]);
    const html = (o.tooltip as Tip).formatter([{ dataIndex: 1 }]);
    expect(html).toContain('Referral partner');
    expect(html).toContain('$8,000,000');
  });
});
