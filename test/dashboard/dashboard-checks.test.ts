import type { Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { CheckReport } from '../../src/contract/check-schemas.js';
import { startEmulator, type RunningEmulator } from '../../src/start-emulator.js';
import { chromiumPath, collectPageErrors, launchBrowser, type TestBrowser } from '../support/browser.js';
import { startTestReceiver, type TestReceiver } from '../support/test-receiver.js';

/** What a hostile receiver answers: the case's reason must show it as these characters, never run it. */
const EVIL = '<img src=x onerror="window.__xss=1">boom';
const WAIT = { timeout: 45_000 };

describe.skipIf(chromiumPath === undefined)("the dashboard's Checks view in Chromium", () => {
  let browser: TestBrowser;
  let emu: RunningEmulator;
  let receiver: TestReceiver;
  let page: Page;
  const errors: string[] = [];

  beforeAll(async () => {
    receiver = await startTestReceiver();
    emu = await startEmulator({ seed: 1 });
    browser = await launchBrowser();
    page = await browser.context.newPage();
    collectPageErrors(page, errors);
    page.setDefaultTimeout(20_000);
    await page.goto(`${emu.url}/_emulator/ui/#checks`);
    await page.waitForSelector('body[data-ready=true]', WAIT);
    await page.waitForSelector('#panel-checks:not([hidden]) form.check-form', WAIT);
  }, 60_000);

  afterAll(async () => {
    await browser?.close();
    await emu?.close();
    await receiver?.close();
  });

  /** Fills the form and starts a check against the receiver, one URL per type, Solar Proof's 5 s deadline. */
  const startCheck = async () => {
    await page.fill('#panel-checks input[name=forwardTo]', `${receiver.url}/hook/{type}`);
    await page.fill('#panel-checks input[name=types]', 'customer_created, project_email_sent');
    await page.fill('#panel-checks input[name=versions]', 'v2');
    await page.fill('#panel-checks input[name=seed]', '3');
    await page.fill('#panel-checks input[name=timeoutMs]', '5000');
    await page.click('#panel-checks button[type=submit]');
  };

  it('starts a check from the form and shows its cases filling in until it ends passed', { timeout: 60_000 }, async () => {
    // Every answer a little late, so the check runs long enough to be seen running.
    receiver.setDefault({ delayMs: 100 });
    await startCheck();
    await page.waitForSelector('#panel-checks [data-check][data-state=running] tr.check-case', WAIT);
    const whileRunning = await page.locator('#panel-checks tr.check-case').count();
    await page.waitForSelector('#panel-checks [data-check][data-state=passed]', WAIT);
    const id = await page.getAttribute('#panel-checks [data-check]', 'data-check');
    const report = (await (await fetch(`${emu.url}/_emulator/checks/${id}`)).json()) as CheckReport;
    expect(report.state).toBe('passed');
    const rows = page.locator('#panel-checks tr.check-case');
    expect(await rows.count()).toBe(report.cases.length);
    expect(whileRunning).toBeLessThan(report.cases.length);
    for (const c of report.cases) {
      const row = page.locator(`#panel-checks tr.check-case[data-case="${c.id}"]`);
      expect(await row.getAttribute('data-state')).toBe(c.state);
      expect(await row.locator('.state').textContent()).toBe(c.state);
      expect(await row.locator('.case-title').textContent()).toBe(c.title);
      if (c.note) expect(await row.locator('.case-note').textContent()).toBe(`Note: ${c.note}`);
    }
    const { passed, failed, skipped } = report.summary;
    expect(await page.textContent('#panel-checks .check-summary')).toBe(`${passed} passed, ${failed} failed, ${skipped} skipped`);
    const junit = await page.getAttribute('#panel-checks a.junit', 'href');
    expect(junit).toBe(`/_emulator/checks/${id}/junit`);
    expect(await (await fetch(`${emu.url}${junit}`)).text()).toContain('<testsuite');
  });

  it("opens a case's delivery in the Deliveries view, filtered to it and expanded", async () => {
    const link = page.locator('#panel-checks tr.check-case[data-case="delivers/v2/customer_created"] button.delivery-link').first();
    const id = await link.getAttribute('data-delivery');
    expect(id).toMatch(/^dlv_\d+$/);
    await link.click();
    await page.waitForSelector('#panel-deliveries:not([hidden])', WAIT);
    expect(await page.getAttribute('#tab-deliveries', 'aria-selected')).toBe('true');
    expect(await page.inputValue('#panel-deliveries input[name=subject]')).toBe(id);
    await page.waitForSelector(`tr.delivery-row[data-id=${id}][data-state=delivered]`, WAIT);
    await page.waitForSelector(`tr[data-detail-for=${id}] li.attempt`, WAIT);
    expect(await page.locator('#panel-deliveries tr.delivery-row').count()).toBe(1);
    expect(await page.textContent(`tr[data-detail-for=${id}] .response-body`)).toBe('{"ok":true}');
  });

  it("shows a failing case's reason as text, and the check ending failed", { timeout: 60_000 }, async () => {
    receiver.setDefault({});
    receiver.script('/hook/project_email_sent', () => ({ status: 500, body: EVIL, headers: { 'content-type': 'text/html' } }));
    await page.click('#tab-checks');
    await page.waitForSelector('#panel-checks:not([hidden])');
    await startCheck();
    await page.waitForSelector('#panel-checks [data-check][data-state=failed]', WAIT);
    const row = page.locator('#panel-checks tr.check-case[data-case="delivers/v2/project_email_sent"]');
    expect(await row.getAttribute('data-state')).toBe('failed');
    const reason = (await row.locator('.case-reason').textContent()) ?? '';
    expect(reason).toContain('answered 500');
    expect(reason).toContain('<img src=x onerror=');
    expect(await page.getAttribute('#panel-checks tr.check-case[data-case="delivers/v2/customer_created"]', 'data-state')).toBe('passed');
    expect(await page.locator('#panel-checks .check-report img').count()).toBe(0);
    expect(await page.evaluate(() => (globalThis as unknown as { __xss?: number }).__xss)).toBeUndefined();
    expect(await page.textContent('#panel-checks .check-summary')).toMatch(/^\d+ passed, [1-9]\d* failed, \d+ skipped$/);
  });

  it('logged no console errors', () => {
    expect(errors).toEqual([]);
  });
});
