// Start the real Ecosim Studio app under Xvfb and drive it over WebDriver
// (tauri-driver in front of WebKitWebDriver). Each start gets its own X display, its own
// ports and the database path it is given; stop() kills only the processes it started.

import { spawn, execFileSync } from 'node:child_process';
import { existsSync, mkdtempSync } from 'node:fs';
import { createServer } from 'node:net';
import { tmpdir } from 'node:os';
import { join, resolve, dirname } from 'node:path';
import { fileURLToPath } from 'node:url';
import { remote } from 'webdriverio';

export const root = resolve(dirname(fileURLToPath(import.meta.url)), '..', '..');
export const appBinary = process.env.ECOSIM_STUDIO_BIN ?? join(root, 'target', 'release', 'ecosim-studio');

function which(name) {
  try {
    return execFileSync('sh', ['-c', `command -v ${name}`], { encoding: 'utf8' }).trim() || null;
  } catch {
    return null;
  }
}

export function tauriDriver() {
  const candidates = [process.env.TAURI_DRIVER, join(root, 'target', 'tools', 'bin', 'tauri-driver'), which('tauri-driver')];
  const found = candidates.find((c) => c && existsSync(c));
  if (!found) throw new Error('tauri-driver is not installed: `cargo xtask ci` installs it into target/tools');
  return found;
}

function freePort() {
  return new Promise((ok, fail) => {
    const s = createServer();
    s.unref();
    s.on('error', fail);
    s.listen(0, '127.0.0.1', () => {
      const { port } = s.address();
      s.close(() => ok(port));
    });
  });
}

const sleep = (ms) => new Promise((r) => setTimeout(r, ms));

async function waitFor(what, check, timeoutMs) {
  const end = Date.now() + timeoutMs;
  while (Date.now() < end) {
    if (await check()) return;
    await sleep(100);
  }
  throw new Error(`timed out waiting for ${what}`);
}

/** An X display of our own: Xvfb on the first free number from 90. */
export async function startDisplay(width = 1440, height = 900) {
  for (let n = 90 + Math.floor(Math.random() * 50); n < 400; n++) {
    if (existsSync(`/tmp/.X11-unix/X${n}`) || existsSync(`/tmp/.X${n}-lock`)) continue;
    const proc = spawn('Xvfb', [`:${n}`, '-screen', '0', `${width}x${height}x24`, '-nolisten', 'tcp'], { stdio: 'ignore' });
    try {
      await waitFor(`Xvfb :${n}`, () => existsSync(`/tmp/.X11-unix/X${n}`), 10000);
    } catch {
      proc.kill('SIGKILL');
      continue;
    }
    return { display: `:${n}`, stop: () => proc.kill('SIGTERM') };
  }
  throw new Error('no free X display');
}

/**
 * Start the studio on `db` (a fresh temp database when omitted) and open a WebDriver
 * session on its window. Returns { browser, db, display, stop }.
 */
export async function startStudio({ db, display } = {}) {
  if (!existsSync(appBinary)) throw new Error(`the app is not built: ${appBinary}`);
  db ??= join(mkdtempSync(join(tmpdir(), 'ecosim-e2e-')), 'studio.db');
  const ownDisplay = display ? null : await startDisplay();
  const DISPLAY = display ?? ownDisplay.display;
  const port = await freePort();
  const nativePort = await freePort();
  const env = { ...process.env, DISPLAY, ECOSIM_DB: db, WEBKIT_DISABLE_COMPOSITING_MODE: '1' };
  const driver = spawn(tauriDriver(), ['--port', String(port), '--native-port', String(nativePort), '--native-driver', which('WebKitWebDriver') ?? '/usr/bin/WebKitWebDriver'], {
    env,
    stdio: ['ignore', 'ignore', 'pipe'],
    // Its own process group, so stopping it also stops the WebKitWebDriver and app it started.
    detached: true,
  });
  let driverErr = '';
  driver.stderr.on('data', (d) => (driverErr += d));
  const stopAll = () => {
    try {
      process.kill(-driver.pid, 'SIGKILL');
    } catch {
      driver.kill('SIGKILL');
    }
    ownDisplay?.stop();
  };
  try {
    await waitFor('tauri-driver', async () => {
      try {
        const r = await fetch(`http://127.0.0.1:${port}/status`);
        return r.ok;
      } catch {
        return false;
      }
    }, 15000);
    const browser = await remote({
      hostname: '127.0.0.1',
      port,
      logLevel: 'error',
      connectionRetryCount: 1,
      capabilities: { browserName: 'wry', 'wdio:enforceWebDriverClassic': true, 'tauri:options': { application: appBinary, args: ['--db', db] } },
    });
    return {
      browser,
      db,
      display: DISPLAY,
      async stop() {
        try {
          await browser.deleteSession();
        } catch {
          /* the window may already be gone */
        }
        stopAll();
      },
    };
  } catch (e) {
    stopAll();
    throw new Error(`${e.message}\ntauri-driver said: ${driverErr.slice(-2000)}`);
  }
}

/** The element with a data-testid. */
export const byTestId = (browser, id) => browser.$(`[data-testid="${id}"]`);

/**
 * Type a value into a field and make sure it stuck. A controlled React input that re-renders
 * between WebDriver's clear and its typing (a live preview landing, say) gets its old value
 * back and the typed text appended to it; on a slow machine that happens, so set, read back
 * and try again.
 */
export async function fill(browser, id, value) {
  const el = byTestId(browser, id);
  await el.waitForDisplayed({ timeout: 10000 });
  let got = '';
  for (let attempt = 0; attempt < 5; attempt++) {
    await el.setValue(value);
    got = await el.getValue();
    if (got === String(value)) return el;
    await browser.pause(200);
  }
  throw new Error(`the field ${id} holds "${got}" after typing "${value}"`);
}

/** Wait until the chart `id` is on screen and drawn at a readable size (its SVG or canvas). */
export async function drawn(browser, id, timeout = 120000) {
  await byTestId(browser, id).waitForDisplayed({ timeout });
  await browser.waitUntil(
    () =>
      browser.execute((tid) => {
        const c = document.querySelector(`[data-testid="${tid}"]`)?.querySelector('canvas, svg');
        return !!c && c.getBoundingClientRect().width > 100 && c.getBoundingClientRect().height > 80;
      }, id),
    { timeout: 20000, timeoutMsg: `${id} is not drawn` },
  );
}

/** Open a shipped scenario's designer, from the library (going back to it first if needed). */
export async function openDesigner(browser, slug) {
  if (!(await byTestId(browser, 'library').isDisplayed().catch(() => false))) {
    await byTestId(browser, 'back-to-library').click();
    await byTestId(browser, 'library').waitForDisplayed({ timeout: 10000 });
  }
  await byTestId(browser, `open-${slug}`).click();
  await byTestId(browser, 'designer').waitForDisplayed({ timeout: 10000 });
}

/** What the window says, for a failure message: the visible text of an element, shortened. */
export async function visibleText(browser, id) {
  try {
    const el = byTestId(browser, id);
    if (!(await el.isExisting())) return `(no ${id} on screen)`;
    return (await el.getText()).replace(/\s+/g, ' ').slice(0, 600);
  } catch (e) {
    return `(could not read ${id}: ${e.message})`;
  }
}

/** Screenshot of the whole X display (the real window), with ImageMagick's import. */
export function captureDisplay(display, file) {
  execFileSync('import', ['-window', 'root', file], { env: { ...process.env, DISPLAY: display } });
}
