import { existsSync, mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { chromium, type BrowserContext, type Page } from 'playwright-core';

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
 * One headless Chromium with a fresh profile in a temp dir (removed on close), 1280x800 pages.
 * Playwright never downloads a browser here: it drives the system one (`chromiumPath`).
 */
export async function launchBrowser(): Promise<TestBrowser> {
  if (chromiumPath === undefined) throw new Error('no Chromium: check chromiumPath before launching');
  const profile = mkdtempSync(join(tmpdir(), 'spmock-chromium-'));
  const context = await chromium.launchPersistentContext(profile, {
    executablePath: chromiumPath,
    headless: true,
    args: ARGS,
    viewport: { width: 1280, height: 800 },
    timeout: 60_000,
  });
  return {
    context,
    async close() {
      await context.close().catch(() => undefined);
      rmSync(profile, { recursive: true, force: true });
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
