// The Actuals area in the real app: import the sample history through the mapping step (the
// files chosen in a file input), see the ecosystem's performance, calibrate, save the fitted
// model as a new model version, and backtest the last year.

import { test, before, after } from 'node:test';
import assert from 'node:assert/strict';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { startStudio, byTestId, drawn as drawnIn } from './harness.mjs';

const sample = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '../../data/northwind-history');

let app;
let browser;

before(async () => {
  app = await startStudio();
  browser = app.browser;
  await byTestId(browser, 'library').waitForDisplayed({ timeout: 30000 });
});

after(async () => app?.stop());

const drawn = (id) => drawnIn(browser, id, 180000);

test('import the sample history through the mapping step, then see its performance', async () => {
  await byTestId(browser, 'open-actuals').click();
  await byTestId(browser, 'actuals-empty').waitForDisplayed({ timeout: 10000 });
  await byTestId(browser, 'actuals-import').click();
  const files = ['partners.csv', 'deals.csv', 'renewals.csv', 'accounts.csv'].map((f) => path.join(sample, f));
  await byTestId(browser, 'import-files').setValue(files.join('\n'));
  await byTestId(browser, 'sheet-deals').waitForDisplayed({ timeout: 30000 });
  assert.match(await byTestId(browser, 'sheet-deals').getText(), /5,319 rows/);
  assert.equal(await byTestId(browser, 'map-deals-outcome').getValue(), 'outcome');
  await byTestId(browser, 'import-name').setValue('Northwind history');
  await byTestId(browser, 'import-run').click();
  await byTestId(browser, 'dataset-panel').waitForDisplayed({ timeout: 30000 });
  assert.match(await byTestId(browser, 'dataset-select').getText(), /Northwind history — 206 partners, 5,319 deals/);
  for (const chart of ['won-by-quarter', 'pipeline-by-quarter', 'won-by-involvement', 'lorenz', 'referral-network', 'cohorts']) await drawn(chart);
  assert.match(await byTestId(browser, 'actuals-by-type').getText(), /Value-added reseller/);
  assert.match(await byTestId(browser, 'top20-share').getText(), /^\d+%$/);
  assert.match(await byTestId(browser, 'time-to-first-deal').getText(), /\d+ days/);
});

test('calibrate, and save the fitted model as a new version', async () => {
  await byTestId(browser, 'actuals-tab-calibration').click();
  await byTestId(browser, 'calibrate').click();
  await byTestId(browser, 'calibration-table').waitForDisplayed({ timeout: 120000 });
  const text = await byTestId(browser, 'calibration-table').getText();
  assert.match(text, /\d+ parameters fitted/);
  assert.match(text, /Value-added reseller · win rate/);
  assert.ok((await browser.$$('[data-testid="calibration-table"] svg.interval-strip')).length > 5, 'each fitted parameter drawn beside the base');
  await byTestId(browser, 'save-calibrated').click();
  await browser.waitUntil(async () => /Saved as version \d+/.test(await browser.$('body').getText()), { timeout: 20000, timeoutMsg: 'no saved notice' });
});

test('backtest the last year against the forecast band', async () => {
  await byTestId(browser, 'actuals-tab-backtest').click();
  await byTestId(browser, 'backtest').click();
  await drawn('backtest-chart');
  const rows = await byTestId(browser, 'backtest-table').getText();
  assert.match(rows, /2026-Q1/);
  assert.match(rows, /inside|outside/);
});
