import { describe, expect, it } from 'vitest';
import type { MarketModelDoc } from '../api/bindings';
import words from '../api/words.json';
import meridian from '../../../models/meridian-data-cloud.json';
import northwind from '../../../models/northwind-analytics.json';
import { model } from '../test/fixtures';
import { RANDOMNESS, inputLabel } from './inputLabels';

describe('input names', () => {
  it('names inputs with the model’s partner types, segments, patterns and policies', () => {
    expect(inputLabel('partner_types[0].win_rate', model)).toBe('Value-added reseller · win rate');
    expect(inputLabel('partner_types[1].costs.per_quarter', model)).toBe('Referral partner · programme cost per quarter');
    expect(inputLabel('market.segments[0].buy_rate', model)).toBe('Small business · buy rate');
    expect(inputLabel('market.segments[1].deal_size.median', model)).toBe('Enterprise · median deal size');
    expect(inputLabel('patterns[0].effects.referrals_per_link', model)).toBe('Referral partners pass leads to resellers · referrals per link');
    expect(inputLabel('governance.policies[0].partner_conflict_reduction', model)).toBe('Deal registration · partner conflict removed');
  });

  it('names market-wide inputs and cells', () => {
    expect(inputLabel('market.growth', model)).toBe('Market growth');
    expect(inputLabel('market.direct_presence.enterprise.na', model)).toBe('Direct presence · Enterprise, North America');
    expect(inputLabel('conflict.loss_share', model)).toBe('Conflict · share of conflicts lost');
    expect(inputLabel(RANDOMNESS, model)).toBe('Simulation randomness');
  });

  it('keeps a path it cannot name', () => {
    expect(inputLabel('partner_types[9].win_rate', model)).toBe('partner_types[9].win_rate');
    expect(inputLabel('partner_types[0].win_rate', null)).toBe('partner_types[0].win_rate');
    expect(inputLabel('something.new', model)).toBe('something.new');
  });
});

describe('the core’s input names', () => {
  // Every uncertain input of the shipped models, named by the core (`words::input_label`), the
  // same words the reports print: the screen must name each exactly so.
  const shipped: Record<string, MarketModelDoc> = {
    'northwind-analytics': northwind as unknown as MarketModelDoc,
    'meridian-data-cloud': meridian as unknown as MarketModelDoc,
  };
  it.each(words.input_labels.map((c) => [c.path, c.model, c.label] as const))('names %s of %s as %s', (path, modelId, label) => {
    expect(inputLabel(path, shipped[modelId] ?? null)).toBe(label);
  });
});
