// The executive's next questions in the real app: how much of a lever is enough (and saving
// the solved design), what drives the bad futures, a stress test, a spider beside the
// tornado, and what to find out first before choosing between two designs (with the decision
// brief offered from the comparison's Export menu; the brief itself is checked in Rust).

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

const drawn = (id) => drawnIn(browser, id, 180000);
const openDesigner = (slug) => openIn(browser, slug);

async function choose(id, value) {
  await byTestId(browser, id).selectByAttribute('value', value);
}

test('solve how many MSPs in EMEA reach the target with 80% probability, and save that design', async () => {
  await openDesigner('balanced-ecosystem');
  await byTestId(browser, 'solve-button').click();
  await byTestId(browser, 'solve-view').waitForDisplayed({ timeout: 10000 });
  await choose('solve-type', 'msp');
  await choose('solve-region', 'emea');
  // The threshold starts at the scenario's own target ($45M).
  assert.equal(await byTestId(browser, 'solve-threshold').getValue(), '45000000');
  await fill(browser, 'solve-trials', '300');
  await byTestId(browser, 'solve-start').click();
  await byTestId(browser, 'solve-result').waitForDisplayed({ timeout: 180000 });
  await drawn('chart-solve');
  const answer = await byTestId(browser, 'solve-answer').getText();
  assert.match(answer, /\d/);
  await byTestId(browser, 'solve-save').click();
  await fill(browser, 'name-input', 'Balanced, MSPs solved');
  await byTestId(browser, 'name-submit').click();
  await byTestId(browser, 'solve-saved').waitForDisplayed({ timeout: 10000 });
  await byTestId(browser, 'back-to-library').click();
  await byTestId(browser, 'scenario-row-balanced-msps-solved').waitForDisplayed({ timeout: 10000 });
});

test('what drives the bottom decile of total revenue', async () => {
  await openDesigner('balanced-ecosystem');
  await byTestId(browser, 'drivers-button').click();
  await byTestId(browser, 'drivers-view').waitForDisplayed({ timeout: 10000 });
  await fill(browser, 'drivers-trials', '1000');
  await byTestId(browser, 'drivers-start').click();
  await drawn('chart-drivers');
  assert.match(await byTestId(browser, 'drivers-shortfalls').getText(), /Partner type/);
});

test('a stress test holds an input in its worst decile', async () => {
  await openDesigner('reseller-heavy');
  await byTestId(browser, 'stress-button').click();
  await byTestId(browser, 'stress-view').waitForDisplayed({ timeout: 10000 });
  await fill(browser, 'stress-trials', '500');
  await byTestId(browser, 'stress-start').click();
  await drawn('chart-stress');
  assert.match(await byTestId(browser, 'stress-table').getText(), /Base \(as sampled\)/);
});

test('a spider beside the tornado', async () => {
  await openDesigner('si-isv-solutions');
  await byTestId(browser, 'sensitivity-button').click();
  await byTestId(browser, 'sensitivity-view').waitForDisplayed({ timeout: 10000 });
  await byTestId(browser, 'sensitivity-method-spider').click();
  await fill(browser, 'sensitivity-trials', '100');
  await byTestId(browser, 'sensitivity-start').click();
  await drawn('chart-spider');
});

test('what to find out first before choosing between two designs', async () => {
  if (!(await byTestId(browser, 'library').isDisplayed().catch(() => false))) {
    await byTestId(browser, 'back-to-library').click();
  }
  await byTestId(browser, 'compare-button').click();
  await byTestId(browser, 'compare-pick-reseller-heavy').click();
  await byTestId(browser, 'compare-pick-balanced-ecosystem').click();
  await byTestId(browser, 'compare-start').click();
  await byTestId(browser, 'compare-view').waitForDisplayed({ timeout: 10000 });
  await byTestId(browser, 'compare-table').waitForDisplayed({ timeout: 120000 });
  // The Export menu offers the two-page decision brief beside the report formats.
  await byTestId(browser, 'export-button').click();
  await byTestId(browser, 'export-menu').waitForDisplayed({ timeout: 5000 });
  assert.ok(await byTestId(browser, 'export-brief').isDisplayed(), 'the decision brief is offered');
  await browser.keys('Escape');
  await byTestId(browser, 'export-menu').waitForDisplayed({ reverse: true, timeout: 5000 });
  await byTestId(browser, 'voi-button').click();
  await byTestId(browser, 'voi-view').waitForDisplayed({ timeout: 10000 });
  await drawn('chart-voi');
  assert.match(await byTestId(browser, 'voi-designs').getText(), /chosen on what is known now/);
});
