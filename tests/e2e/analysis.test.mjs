// The decision-analysis views in the real app: compare designs, a tornado and Sobol indices,
// attribution to partner types, and an optimisation whose recommendation is saved.

import { test, before, after } from 'node:test';
import assert from 'node:assert/strict';
import { startStudio, byTestId, fill, drawn as drawnIn, openDesigner as openIn } from './harness.mjs';

let app;
let browser;

before(async () => {
  app = await startStudio();
  browser = app.browser;
  await byTestId(browser, 'library').waitForDisplayed({ timeout: 30000 });
});

after(async () => app?.stop());

const drawn = (id) => drawnIn(browser, id);
const openDesigner = (slug) => openIn(browser, slug);

const setValue = (id, value) => fill(browser, id, value);

test('compare two designs side by side', async () => {
  await byTestId(browser, 'compare-button').click();
  await byTestId(browser, 'compare-pick-reseller-heavy').click();
  await byTestId(browser, 'compare-pick-balanced-ecosystem').click();
  await byTestId(browser, 'compare-start').click();
  await byTestId(browser, 'compare-view').waitForDisplayed({ timeout: 10000 });
  // Progress is shown while the comparison runs (it starts as soon as the view opens).
  await byTestId(browser, 'compare-table').waitForDisplayed({ timeout: 120000 });
  const table = await byTestId(browser, 'compare-table').getText();
  assert.match(table, /Reseller-heavy channel/);
  assert.match(table, /Balanced ecosystem/);
  await drawn('chart-compare-fan');
  await drawn('chart-compare-scurve');
});

test('a tornado and Sobol indices of a scenario', async () => {
  await openDesigner('si-isv-solutions');
  await byTestId(browser, 'sensitivity-button').click();
  await byTestId(browser, 'sensitivity-view').waitForDisplayed({ timeout: 10000 });
  await setValue('sensitivity-trials', '200');
  await byTestId(browser, 'sensitivity-start').click();
  await drawn('chart-tornado');
  await byTestId(browser, 'sensitivity-method-sobol').click();
  await setValue('sensitivity-trials', '100');
  await byTestId(browser, 'sensitivity-start').click();
  await drawn('chart-sobol');
});

test('attribution to partner types', async () => {
  await openDesigner('reseller-heavy');
  await byTestId(browser, 'attribution-button').click();
  await byTestId(browser, 'attribution-view').waitForDisplayed({ timeout: 10000 });
  await byTestId(browser, 'attribution-start').click();
  await drawn('chart-attribution');
});

test('optimise a composition within its budget and save the recommendation', async () => {
  await openDesigner('two-tier-distribution');
  await byTestId(browser, 'optimize-button').click();
  await byTestId(browser, 'optimize-view').waitForDisplayed({ timeout: 10000 });
  // The budget defaults to what the scenario costs now.
  await browser.waitUntil(async () => /\d/.test(await byTestId(browser, 'optimize-budget').getValue()), { timeout: 20000, timeoutMsg: 'no default budget' });
  await setValue('optimize-max-designs', '60');
  // A limit of one cell travels to the core with the request.
  await byTestId(browser, 'optimize-bounds-toggle').click();
  await setValue('bound-max-distributor-na', '2');
  await byTestId(browser, 'optimize-start').click();
  await byTestId(browser, 'optimize-result').waitForDisplayed({ timeout: 240000 });
  await drawn('chart-frontier');
  await byTestId(browser, 'optimize-save').click();
  await setValue('name-input', 'Two-tier, optimised');
  await byTestId(browser, 'name-submit').click();
  await byTestId(browser, 'optimize-saved').waitForDisplayed({ timeout: 10000 });
  // It is in the library as a scenario of its own.
  await byTestId(browser, 'back-to-library').click();
  await byTestId(browser, 'scenario-row-two-tier-optimised').waitForDisplayed({ timeout: 10000 });
});
