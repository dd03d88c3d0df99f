// Screenshots of the real app under Xvfb for the README: the library, the designer, a run in
// progress and the results view. `cargo xtask screenshots` builds the app and runs this;
// the PNGs land in docs/screenshots/.

import { mkdirSync, mkdtempSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { startStudio, startDisplay, byTestId, captureDisplay, root } from './harness.mjs';

const out = join(root, 'docs', 'screenshots');
mkdirSync(out, { recursive: true });
const db = join(mkdtempSync(join(tmpdir(), 'ecosim-shots-')), 'studio.db');
const display = await startDisplay(1440, 900);
const app = await startStudio({ db, display: display.display });
const { browser } = app;
const settle = (ms = 1200) => browser.pause(ms);
// A long run keeps both cores busy; WebKitWebDriver then drops a session that polls the page
// every few milliseconds, so wait for the results by pausing and looking now and then.
const waitForResults = async (timeoutMs) => {
  // A loaded machine runs slower, not wrong: the wait is `timeoutMs` without progress, so a run
  // whose progress bar still moves is waited for (up to four times as long in all).
  let lastDone = -1;
  let still = 0;
  for (let waited = 0; still < timeoutMs && waited < 4 * timeoutMs; waited += 5000) {
    await browser.pause(5000);
    if (await byTestId(browser, 'results').isDisplayed().catch(() => false)) return;
    const done = Number(await byTestId(browser, 'run-progress').getAttribute('data-done').catch(() => -1));
    still = done > lastDone ? 0 : still + 5000;
    lastDone = Math.max(lastDone, done);
  }
  throw new Error(`the results did not appear (the run's progress stood still for ${timeoutMs / 1000} s, or it took four times that)`);
};
const shot = (name) => {
  captureDisplay(display.display, join(out, `${name}.png`));
  console.log(`docs/screenshots/${name}.png`);
};

// `node screenshots.mjs programs` takes only the partner-programs shots; `decide` only those of
// solve, drivers, stress, the spider and the value of information; `actuals` only the Actuals area's.
const only = process.argv[2] ?? null;

/** The Programs tab of the programs scenario, then the partner economics of its run. */
async function programShots() {
  await byTestId(browser, 'open-programs-over-recruiting').click();
  await byTestId(browser, 'designer').waitForDisplayed({ timeout: 10000 });
  await byTestId(browser, 'tab-programs').click();
  await byTestId(browser, 'program-sales_enablement').waitForDisplayed({ timeout: 5000 });
  await browser.waitUntil(async () => /\$/.test(await byTestId(browser, 'preview-revenue').getText()), { timeout: 15000 });
  await settle();
  shot('designer-programs');
  await byTestId(browser, 'run-button').click();
  await byTestId(browser, 'run-trials').setValue('3000');
  await byTestId(browser, 'run-start').click();
  await waitForResults(300000);
  await browser.execute(() => document.querySelector('[data-testid="chart-by-program"]')?.scrollIntoView({ block: 'start' }));
  await settle(2500);
  shot('results-programs');
  await byTestId(browser, 'back-to-library').click();
  await byTestId(browser, 'library').waitForDisplayed({ timeout: 10000 });
}

/** Wait for an element by pausing and looking now and then (see `waitForResults`). */
const waitForId = async (id, timeoutMs) => {
  for (let waited = 0; waited < timeoutMs; waited += 2000) {
    await browser.pause(2000);
    if (await byTestId(browser, id).isDisplayed().catch(() => false)) return;
  }
  throw new Error(`${id} did not appear within ${timeoutMs / 1000} s`);
};

const toLibrary = async () => {
  if (!(await byTestId(browser, 'library').isDisplayed().catch(() => false))) await byTestId(browser, 'back-to-library').click();
  await byTestId(browser, 'library').waitForDisplayed({ timeout: 10000 });
};

const scrollTo = (id) => browser.execute((tid) => document.querySelector(`[data-testid="${tid}"]`)?.scrollIntoView({ block: 'start' }), id);

/** The executive's next questions: solve, drivers, stress, spider, value of information. */
async function decideShots() {
  await toLibrary();
  await byTestId(browser, 'open-balanced-ecosystem').click();
  await byTestId(browser, 'solve-button').click();
  await byTestId(browser, 'solve-view').waitForDisplayed({ timeout: 10000 });
  await byTestId(browser, 'solve-type').selectByAttribute('value', 'msp');
  await byTestId(browser, 'solve-region').selectByAttribute('value', 'emea');
  await byTestId(browser, 'solve-trials').setValue('1000');
  await byTestId(browser, 'solve-start').click();
  await waitForId('chart-solve', 300000);
  await scrollTo('solve-result');
  await settle(2000);
  shot('solve');
  await toLibrary();
  await byTestId(browser, 'open-balanced-ecosystem').click();
  await byTestId(browser, 'drivers-button').click();
  await byTestId(browser, 'drivers-start').click();
  await waitForId('chart-drivers', 300000);
  await scrollTo('drivers-result');
  await settle(2000);
  shot('drivers');
  await toLibrary();
  await byTestId(browser, 'open-reseller-heavy').click();
  await byTestId(browser, 'stress-button').click();
  await byTestId(browser, 'stress-view').waitForDisplayed({ timeout: 10000 });
  await byTestId(browser, 'stress-hold-1').click();
  await byTestId(browser, 'stress-range-1').selectByAttribute('value', 'below25');
  await byTestId(browser, 'stress-start').click();
  await waitForId('chart-stress', 300000);
  await scrollTo('stress-result');
  await settle(2000);
  shot('stress');
  await toLibrary();
  await byTestId(browser, 'open-si-isv-solutions').click();
  await byTestId(browser, 'sensitivity-button').click();
  await byTestId(browser, 'sensitivity-method-spider').click();
  await byTestId(browser, 'sensitivity-trials').setValue('300');
  await byTestId(browser, 'sensitivity-start').click();
  await waitForId('chart-spider', 300000);
  await settle(2000);
  shot('sensitivity-spider');
  await toLibrary();
  await byTestId(browser, 'compare-button').click();
  for (const slug of ['reseller-heavy', 'balanced-ecosystem', 'programs-over-recruiting']) {
    await byTestId(browser, `compare-pick-${slug}`).click();
  }
  await byTestId(browser, 'compare-start').click();
  await byTestId(browser, 'voi-button').click();
  await waitForId('chart-voi', 300000);
  await scrollTo('chart-voi');
  await settle(2000);
  shot('value-of-information');
  await toLibrary();
}

/** The Actuals area: the mapping step of the sample history, its performance (with the
 * concentration, referral network and cohort charts), calibration, backtest. */
async function actualsShots() {
  const sample = join(root, 'data', 'northwind-history');
  await byTestId(browser, 'open-actuals').click();
  await byTestId(browser, 'actuals-import').click();
  await byTestId(browser, 'import-preset').selectByAttribute('value', 'salesforce');
  await byTestId(browser, 'import-files').setValue(['accounts.csv', 'opportunities.csv'].map((f) => join(sample, 'salesforce', f)).join('\n'));
  await waitForId('sheet-deals', 30000);
  await byTestId(browser, 'import-name').setValue('Northwind history (Salesforce export)');
  await settle();
  shot('actuals-mapping');
  await byTestId(browser, 'import-run').click();
  await waitForId('won-by-quarter', 30000);
  await settle(2000);
  shot('actuals-performance');
  await scrollTo('lorenz');
  await settle(1000);
  shot('actuals-concentration');
  await scrollTo('referral-network');
  await settle(1500);
  shot('actuals-network');
  await scrollTo('cohorts');
  await settle(1000);
  shot('actuals-cohorts');
  await byTestId(browser, 'actuals-tab-calibration').click();
  await byTestId(browser, 'calibrate').click();
  await waitForId('calibration-table', 120000);
  await settle();
  shot('actuals-calibration');
  await byTestId(browser, 'actuals-tab-backtest').click();
  await byTestId(browser, 'backtest').click();
  await waitForId('backtest-chart', 180000);
  await settle(2000);
  shot('actuals-backtest');
  await byTestId(browser, 'back-to-library').click();
}

try {
  await byTestId(browser, 'library').waitForDisplayed({ timeout: 30000 });
  if (only === 'actuals') {
    await actualsShots();
    throw 'done';
  }
  if (only === 'programs') {
    await programShots();
    throw 'done';
  }
  if (only === 'decide') {
    await decideShots();
    throw 'done';
  }
  // Give the library a stored forecast to show: run one scenario quickly first.
  await byTestId(browser, 'open-balanced-ecosystem').click();
  await byTestId(browser, 'designer').waitForDisplayed({ timeout: 10000 });
  await byTestId(browser, 'run-button').click();
  await byTestId(browser, 'run-trials').setValue('5000');
  await byTestId(browser, 'run-start').click();
  await waitForResults(180000);
  await byTestId(browser, 'back-to-library').click();
  await byTestId(browser, 'library').waitForDisplayed({ timeout: 10000 });
  await settle();
  shot('library');

  await byTestId(browser, 'open-balanced-ecosystem').click();
  await byTestId(browser, 'designer').waitForDisplayed({ timeout: 10000 });
  await byTestId(browser, 'tab-composition').click();
  await browser.waitUntil(async () => /\$/.test(await byTestId(browser, 'preview-revenue').getText()), { timeout: 15000 });
  await settle();
  shot('designer-composition');
  await byTestId(browser, 'tab-collaboration').click();
  await settle(2000);
  shot('designer-collaboration');
  await byTestId(browser, 'tab-model').click();
  await settle();
  shot('designer-market-model');
  await byTestId(browser, 'tab-correlations').click();
  await byTestId(browser, 'correlation-add').click();
  await byTestId(browser, 'correlation-add').click();
  await settle(1500);
  shot('designer-uncertainty');
  await byTestId(browser, 'back-to-library').click();
  await byTestId(browser, 'library').waitForDisplayed({ timeout: 10000 });
  await programShots();
  await byTestId(browser, 'open-balanced-ecosystem').click();
  await byTestId(browser, 'designer').waitForDisplayed({ timeout: 10000 });

  await byTestId(browser, 'run-button').click();
  await byTestId(browser, 'run-trials').setValue('200000');
  await byTestId(browser, 'run-start').click();
  await browser.waitUntil(
    async () => {
      const bar = byTestId(browser, 'run-progress');
      if (!(await bar.isExisting())) return false;
      const done = Number(await bar.getAttribute('data-done'));
      const total = Number(await bar.getAttribute('data-total'));
      return done > total * 0.3;
    },
    { timeout: 120000, interval: 100 },
  );
  shot('run-progress');
  await waitForResults(600000);
  await settle(2500);
  shot('results');
  await browser.execute(() => document.querySelector('[data-testid="chart-distribution"]')?.scrollIntoView({ block: 'start' }));
  await settle(1500);
  shot('results-charts');
  await browser.execute(() => window.scrollTo(0, 0));
  await byTestId(browser, 'export-button').click();
  await byTestId(browser, 'export-menu').waitForDisplayed({ timeout: 5000 });
  await settle(800);
  shot('export-menu');
  await browser.keys('Escape');

  // The decision-analysis views.
  await byTestId(browser, 'back-to-library').click();
  await byTestId(browser, 'compare-button').click();
  for (const slug of ['reseller-heavy', 'balanced-ecosystem', 'two-tier-distribution']) {
    await byTestId(browser, `compare-pick-${slug}`).click();
  }
  await byTestId(browser, 'compare-start').click();
  await byTestId(browser, 'chart-compare-fan').waitForDisplayed({ timeout: 180000 });
  await settle(2000);
  shot('compare');
  await byTestId(browser, 'back-to-library').click();
  await byTestId(browser, 'open-balanced-ecosystem').click();
  await byTestId(browser, 'sensitivity-button').click();
  await byTestId(browser, 'sensitivity-trials').setValue('300');
  await byTestId(browser, 'sensitivity-start').click();
  await byTestId(browser, 'chart-tornado').waitForDisplayed({ timeout: 180000 });
  await settle(2000);
  shot('sensitivity-tornado');
  await byTestId(browser, 'back-to-library').click();
  await byTestId(browser, 'open-balanced-ecosystem').click();
  await byTestId(browser, 'attribution-button').click();
  await byTestId(browser, 'attribution-trials').setValue('200');
  await byTestId(browser, 'attribution-start').click();
  await byTestId(browser, 'chart-attribution').waitForDisplayed({ timeout: 300000 });
  await settle(2000);
  shot('attribution');
  await byTestId(browser, 'back-to-library').click();
  await byTestId(browser, 'open-reseller-heavy').click();
  await byTestId(browser, 'optimize-button').click();
  await browser.waitUntil(async () => /\d/.test(await byTestId(browser, 'optimize-budget').getValue()), { timeout: 30000 });
  await byTestId(browser, 'optimize-max-designs').setValue('250');
  await byTestId(browser, 'optimize-bounds-toggle').click();
  await byTestId(browser, 'bound-max-distributor-na').setValue('2');
  await byTestId(browser, 'bound-min-reseller-na').setValue('20');
  await settle(800);
  shot('optimize-bounds');
  await byTestId(browser, 'optimize-start').click();
  await byTestId(browser, 'optimize-result').waitForDisplayed({ timeout: 600000 });
  await settle(2000);
  shot('optimize');
  await decideShots();
  await actualsShots();
} catch (e) {
  if (e !== 'done') throw e;
} finally {
  await app.stop();
  display.stop();
}
// WebDriver's client keeps sockets open; the work is done.
process.exit(0);
