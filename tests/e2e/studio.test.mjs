// The studio as a person uses it, in the real app (WebKit window under Xvfb, real SQLite
// file): open the library, create a scenario from a template, change a partner count, see a
// field error for a bad value, run a simulation with progress to completion, see the charts,
// and reopen the run after restarting the app.

import { test, before, after } from 'node:test';
import assert from 'node:assert/strict';
import { mkdtempSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { startStudio, startDisplay, byTestId, fill, visibleText } from './harness.mjs';

const db = join(mkdtempSync(join(tmpdir(), 'ecosim-e2e-')), 'studio.db');
let display;
let runId;

before(async () => {
  display = await startDisplay();
});

after(() => display?.stop());

const CHARTS = [
  'chart-fan',
  'chart-distribution',
  'chart-by-type',
  'chart-by-source',
  'chart-heatmap',
  'chart-by-pattern',
  // The scenario runs a partner program, and the shipped model has partner economics.
  'chart-by-program',
  'chart-partners-over-time',
  'chart-earnings',
];

async function expectCharts(browser) {
  await byTestId(browser, 'results').waitForDisplayed({ timeout: 20000 });
  await byTestId(browser, 'kpi-total-revenue').waitForDisplayed({ timeout: 10000 });
  const kpi = await byTestId(browser, 'kpi-total-revenue').getText();
  assert.match(kpi, /\$\s?[\d.,]+/, `total revenue card shows money: ${kpi}`);
  for (const id of CHARTS) {
    const chart = byTestId(browser, id);
    await chart.waitForDisplayed({ timeout: 10000 });
    // ECharts draws into a canvas (or SVG) inside the chart's element.
    const drawn = await browser.execute((tid) => {
      const el = document.querySelector(`[data-testid="${tid}"]`);
      const c = el && el.querySelector('canvas, svg');
      return !!c && c.getBoundingClientRect().width > 100 && c.getBoundingClientRect().height > 80;
    }, id);
    assert.ok(drawn, `${id} is drawn`);
  }
}

test('design a scenario, see errors, run it with progress and read the forecast', async () => {
  const app = await startStudio({ db, display: display.display });
  const { browser } = app;
  try {
    // The library opens, seeded with the shipped scenarios.
    await byTestId(browser, 'library').waitForDisplayed({ timeout: 30000 });
    await byTestId(browser, 'scenario-row-balanced-ecosystem').waitForDisplayed({ timeout: 10000 });

    // A new scenario from a template.
    await byTestId(browser, 'new-scenario').click();
    await byTestId(browser, 'template-option-reseller-heavy').waitForDisplayed();
    await byTestId(browser, 'template-option-reseller-heavy').click();
    await fill(browser, 'new-scenario-name', 'E2E resellers plus');
    await byTestId(browser, 'create-scenario').click();
    await byTestId(browser, 'designer').waitForDisplayed({ timeout: 10000 });

    // Change a partner count; it autosaves as a new version.
    await byTestId(browser, 'tab-composition').click();
    await fill(browser, 'composition-reseller-na', '31');
    await browser.waitUntil(async () => /saved/i.test(await byTestId(browser, 'save-status').getText()) && !/unsaved/i.test(await byTestId(browser, 'save-status').getText()), {
      timeout: 15000,
      timeoutMsg: 'the edit was not saved',
    });
    await browser.waitUntil(async () => /\$/.test(await byTestId(browser, 'preview-revenue').getText()), { timeout: 15000, timeoutMsg: 'no live preview' });

    // A bad value is marked on the field with the core's message, and nothing is saved.
    await fill(browser, 'composition-reseller-na', '-5');
    const error = byTestId(browser, 'field-error');
    await error.waitForDisplayed({ timeout: 10000 });
    // The core's own message, by the field's path, once its check has answered.
    await browser.waitUntil(async () => (await byTestId(browser, 'field-error').getText()) === 'must be a whole number, 0 or more, got -5', {
      timeout: 10000,
      timeoutMsg: `the field does not show the core's message: ${await error.getText()}`,
    });
    await browser.waitUntil(async () => /invalid|not saved/i.test(await byTestId(browser, 'save-status').getText()), { timeout: 10000 });
    await fill(browser, 'composition-reseller-na', '31');
    await browser.waitUntil(async () => !(await byTestId(browser, 'field-error').isExisting()), { timeout: 10000, timeoutMsg: 'the error stayed after the fix' });

    // Correlated inputs: one added in the Uncertainty tab is checked by the core and saved.
    await byTestId(browser, 'tab-correlations').click();
    const before = await byTestId(browser, 'save-status').getText();
    await byTestId(browser, 'correlation-add').click();
    await byTestId(browser, 'correlation-row-0').waitForDisplayed({ timeout: 5000 });
    await browser.waitUntil(async () => {
      const now = await byTestId(browser, 'save-status').getText();
      return now !== before && /saved/i.test(now) && !/unsaved/i.test(now);
    }, {
      timeout: 15000,
      timeoutMsg: 'the correlation was not saved',
    });

    // Programs: a level set in the Programs tab shows its effect and cost, is checked by the
    // core, saved and previewed live.
    await byTestId(browser, 'tab-programs').click();
    await byTestId(browser, 'program-sales_enablement').waitForDisplayed({ timeout: 5000 });
    const beforeProgram = await byTestId(browser, 'save-status').getText();
    await fill(browser, 'program-level-sales_enablement', '1');
    await browser.waitUntil(async () => (await byTestId(browser, 'program-effect-sales_enablement').getText()) === '67% of its effect at saturation', {
      timeout: 5000,
      timeoutMsg: 'the program level did not take effect',
    });
    assert.equal(await byTestId(browser, 'program-cost-sales_enablement').getText(), '$1,500');
    await browser.waitUntil(async () => {
      const now = await byTestId(browser, 'save-status').getText();
      return now !== beforeProgram && /saved/i.test(now) && !/unsaved/i.test(now);
    }, { timeout: 15000, timeoutMsg: 'the program level was not saved' });
    await browser.waitUntil(async () => /\$/.test(await byTestId(browser, 'preview-revenue').getText()), { timeout: 15000, timeoutMsg: 'no live preview with the program' });

    // Run with progress to completion.
    await byTestId(browser, 'run-button').click();
    await fill(browser, 'run-trials', '20000');
    await byTestId(browser, 'run-start').click();
    const seen = new Set();
    await browser.waitUntil(
      async () => {
        if (await byTestId(browser, 'results').isExisting()) return true;
        const bar = byTestId(browser, 'run-progress');
        if (await bar.isExisting()) {
          const done = Number(await bar.getAttribute('data-done'));
          const total = Number(await bar.getAttribute('data-total'));
          if (total === 20000 && done > 0 && done < total) seen.add(done);
        }
        return false;
      },
      { timeout: 120000, interval: 50, timeoutMsg: 'the run did not finish' },
    ).catch(async (e) => {
      throw new Error(`${e.message}; the run dialog says: ${await visibleText(browser, 'run-dialog')}`);
    });
    assert.ok(seen.size >= 1, 'progress was shown while the run went on');
    await expectCharts(browser);
    // The Export menu offers every report format; Escape closes it. (The save dialog itself is
    // the desktop's own window, outside the web view; the core's export is tested in Rust.)
    await byTestId(browser, 'export-button').click();
    await byTestId(browser, 'export-menu').waitForDisplayed({ timeout: 5000 });
    for (const f of ['pdf', 'html', 'xlsx', 'csv']) assert.ok(await byTestId(browser, `export-${f}`).isDisplayed(), `export as ${f}`);
    await browser.keys('Escape');
    await byTestId(browser, 'export-menu').waitForDisplayed({ reverse: true, timeout: 5000 });
    runId = await browser.execute(() => document.querySelector('[data-testid="results"]')?.getAttribute('data-run-id'));
    assert.ok(runId, 'the results view names its run');
  } finally {
    await app.stop();
  }
});

test('after a restart the stored run reopens with its charts', async () => {
  assert.ok(runId, 'the first test stored a run');
  const app = await startStudio({ db, display: display.display });
  const { browser } = app;
  try {
    await byTestId(browser, 'library').waitForDisplayed({ timeout: 30000 });
    await byTestId(browser, 'scenario-row-e2e-resellers-plus').waitForDisplayed({ timeout: 10000 });
    await byTestId(browser, 'open-e2e-resellers-plus').click();
    await byTestId(browser, 'designer').waitForDisplayed({ timeout: 10000 });
    const row = byTestId(browser, `run-row-${runId}`);
    await row.waitForDisplayed({ timeout: 10000 });
    await row.click();
    await expectCharts(browser);
  } finally {
    await app.stop();
  }
});
