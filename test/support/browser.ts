import { existsSync } from 'node:fs';
import { clearTimeout, setTimeout } from 'node:timers';
import { chromium, type Browser, type BrowserContext, type Page } from 'playwright-core';

/** Where a system Chromium may be: SPMOCK_CHROMIUM when set (and then only there), else Debian's and Ubuntu's names. */
const CANDIDATES = process.env.SPMOCK_CHROMIUM ? [process.env.SPMOCK_CHROMIUM] : ['/usr/bin/chromium', '/usr/bin/chromium-browser'];

/** The Chromium the browser tests drive, or undefined when this machine has none. */
export function findChromium(): string | undefined {
  return CANDIDATES.find((p) => existsSync(p));
}

export const chromiumPath = findChromium();
if (chromiumPath === undefined) {
  console.log('dashboard browser tests SKIPPED: no Chromium found (apt-get install chromium)');
}

/** Flags for a quiet headless Chromium that talks to nothing but the pages it is sent to. */
const ARGS = ['--no-sandbox', '--disable-gpu', '--disable-quic', '--no-first-run', '--disable-background-networking', '--disable-component-update', '--disable-sync'];

export interface TestBrowser {
  context: BrowserContext;
  close(): Promise<void>;
}

/**
 * The worker's Chromium: launched by the first file of the worker that asks for one, then kept
 * for the worker's next files (they share its module graph: `isolate: false` in
 * vitest.config.ts), since a launch costs ~2.6 s of CPU and a fresh context a fraction of it
 * (decision 0045). Closed, and so waited for, once no file has used it for IDLE_MS: the files run
 * longest first, so the dashboard files of a worker mostly follow each other, and the browser ends
 * while the worker runs its short files. A worker that exits before then has it killed by
 * Playwright's exit handler: no run leaves it behind. Undefined again once it has gone.
 */
let shared: Promise<Browser> | undefined;
let users = 0;
let idle: NodeJS.Timeout | undefined;
const IDLE_MS = 3000;

function workerBrowser(executablePath: string): Promise<Browser> {
  if (shared === undefined) {
    const launching = chromium.launch({ executablePath, headless: true, args: ARGS, timeout: 60_000 });
    shared = launching;
    const forget = () => {
      if (shared === launching) shared = undefined;
    };
    launching.then((b) => b.on('disconnected', forget), forget);
  }
  return shared;
}

function release(): void {
  users--;
  if (users > 0 || shared === undefined) return;
  const closing = shared;
  idle = setTimeout(() => {
    idle = undefined;
    if (shared === closing && users === 0) {
      shared = undefined;
      void closing.then((b) => b.close()).catch(() => undefined);
    }
  }, IDLE_MS).unref();
}

/**
 * A fresh context (its own cookies, storage and cache, as a fresh profile would have) in the
 * worker's headless Chromium, 1280x800 pages; `close` closes the context, and the browser once
 * it has been idle for IDLE_MS. Playwright never downloads a browser here: it drives the system
 * one (`chromiumPath`).
 */
export async function launchBrowser(): Promise<TestBrowser> {
  if (chromiumPath === undefined) throw new Error('no Chromium: check chromiumPath before launching');
  clearTimeout(idle);
  users++;
  let context: BrowserContext;
  try {
    context = await (await workerBrowser(chromiumPath)).newContext({ viewport: { width: 1280, height: 800 } });
  } catch (err) {
    release();
    throw err;
  }
  let closed = false;
  return {
    context,
    async close() {
      if (closed) return;
      closed = true;
      await context.close().catch(() => undefined);
      release();
    },
  };
}

/** Collects the page's console errors (`console: text (url)`) and uncaught exceptions (`pageerror: message`) into `into`. */
export function collectPageErrors(page: Page, into: string[]): void {
  page.on('console', (m) => {
    if (m.type() === 'error') into.push(`console: ${m.text()} (${m.location().url})`);
  });
  page.on('pageerror', (e) => into.push(`pageerror: ${e.message}`));
}

/** The collected errors other than the HTTP error answers a test provokes on purpose (Chrome logs each as "Failed to load resource"). */
export const unexpectedErrors = (errors: string[]): string[] => errors.filter((e) => !e.startsWith('console: Failed to load resource'));
