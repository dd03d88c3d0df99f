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
const shot = (name) => {
  captureDisplay(display.display, join(out, `${name}.png`));
  console.log(`docs/screenshots/${name}.png`);
};

try {
  await byTestId(browser, 'library').waitForDisplayed({ timeout: 30000 });
  // Give the library a stored forecast to show: run one scenario quickly first.
  await byTestId(browser, 'open-balanced-ecosystem').click();
  await byTestId(browser, 'designer').waitForDisplayed({ timeout: 10000 });
  await byTestId(browser, 'run-button').click();
  await byTestId(browser, 'run-trials').setValue('5000');
  await byTestId(browser, 'run-start').click();
  await byTestId(browser, 'results').waitForDisplayed({ timeout: 60000 });
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
  await byTestId(browser, 'results').waitForDisplayed({ timeout: 300000 });
  await settle(2500);
  shot('results');
  await browser.execute(() => document.querySelector('[data-testid="chart-distribution"]')?.scrollIntoView({ block: 'start' }));
  await settle(1500);
  shot('results-charts');
} finally {
  await app.stop();
  display.stop();
}
// WebDriver's client keeps sockets open; the work is done.
process.exit(0);
