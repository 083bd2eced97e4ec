import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import type { Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startEmulator, type RunningEmulator } from '../../src/start-emulator.js';
import { chromiumPath, collectPageErrors, launchBrowser, unexpectedErrors, type TestBrowser } from '../support/browser.js';
import { startTestReceiver, type TestReceiver } from '../support/test-receiver.js';

/**
 * The deliveries list shows trouble at a glance (retries, faults), a row opens on a click anywhere
 * or Enter / Space, hook URLs are shortened in the middle, a reshaped attempt shows the bytes as
 * sent, the World view follows the world live, and no field the page shows can run script.
 */

/** Hostile text: it must show as these characters, never run. */
const EVIL = '<img src=x onerror="window.__xss=1"><script>window.__xss=1</script>';
const WAIT = { timeout: 15_000 };
/** Faults by attempt for the /trouble hook: three retries, four reshaped requests. */
const TROUBLE = ['malformedJson', 'wrongContentType', 'abort', 'truncate'] as const;

describe.skipIf(chromiumPath === undefined)('the dashboard rows, sent bytes, live world and hostile fields in Chromium', () => {
  let browser: TestBrowser;
  let emu: RunningEmulator;
  let receiver: TestReceiver;
  let page: Page;
  let dir: string;
  const errors: string[] = [];
  const json = async (path: string): Promise<any> => (await fetch(`${emu.url}${path}`)).json();
  const row = (id: string) => `tr.delivery-row[data-id=${id}]`;
  const detail = (id: string) => `tr[data-detail-for=${id}]`;
  const tab = async (name: string) => {
    await page.click(`#tab-${name}`);
    await page.waitForSelector(`#panel-${name}:not([hidden])`);
  };
  const openRow = async (id: string) => {
    await page.click('#panel-deliveries button:text("Clear filters")');
    await page.waitForSelector(row(id), WAIT);
    if ((await page.getAttribute(row(id), 'aria-expanded')) !== 'true') await page.click(`${row(id)} td:nth-child(4)`);
    await page.waitForSelector(`${detail(id)} .detail`, WAIT);
  };

  beforeAll(async () => {
    receiver = await startTestReceiver();
    receiver.script('/trouble', [{ status: 500 }, { status: 503, body: 'busy' }]);
    receiver.script('/evil', () => ({ status: 500, body: EVIL, headers: { 'content-type': 'text/html' } }));
    dir = mkdtempSync(join(tmpdir(), 'spmock-dashboard-'));
    const customersFile = join(dir, 'customers.json');
    writeFileSync(customersFile, JSON.stringify({ customers: [{ firstName: EVIL, surname: '<svg onload=window.__xss=1>', email: '<img/src=x/onerror=window.__xss=1>@x.test', projects: [{ nickname: EVIL, stage: 'published' }] }] }));
    emu = await startEmulator({
      seed: 7,
      world: { customersFile, initialCustomers: 2 },
      delivery: {
        retry: { schedule: [30, 30, 30] },
        userAgent: '<img src=x onerror="window.__xss=1"> UA',
        faults: {
          scripted: [
            { hookUrl: receiver.hookUrl('/trouble'), outcomes: [...TROUBLE] },
            { hookUrl: `${receiver.url}/evil?<img src=x onerror=window.__xss=1>`, outcomes: ['malformedJson'] },
          ],
        },
      },
    });
    browser = await launchBrowser();
    page = await browser.context.newPage();
    collectPageErrors(page, errors);
    page.setDefaultTimeout(15_000);
    await page.goto(`${emu.url}/_emulator/ui/`);
    await page.waitForSelector('.live[data-connected=true]', WAIT);
  }, 60_000);

  afterAll(async () => {
    await browser?.close();
    await emu?.close();
    await receiver?.close();
    if (dir) rmSync(dir, { recursive: true, force: true });
  });

  it('shows retries and faults on the row itself, and nothing on a clean one', async () => {
    await emu.subscribe(receiver.hookUrl('/trouble'), 'customer_created');
    await emu.subscribe(receiver.hookUrl('/clean'), 'project_sms_sent');
    const { deliveries } = await emu.trigger('customer_created');
    const [trouble] = await emu.deliveries.waitFor({ state: 'delivered', hookUrl: receiver.hookUrl('/trouble') }, { timeoutMs: 15_000 });
    expect(trouble?.id).toBe(deliveries[0]);
    const [clean] = (await emu.trigger('project_sms_sent')).deliveries;
    expect(trouble?.attempts.map((a) => a.fault)).toEqual([...TROUBLE]);
    await page.waitForSelector(`${row(clean!)}[data-state=delivered]`, WAIT);
    await page.waitForSelector(`${row(trouble!.id)}[data-state=delivered]`, WAIT);

    const badges = page.locator(`${row(trouble!.id)} .badge`);
    expect(await badges.allTextContents()).toEqual(['3 retries', ...TROUBLE]);
    expect(await page.getAttribute(row(trouble!.id), 'data-retries')).toBe('3');
    expect(await page.textContent(`${row(trouble!.id)} .attempt-count`)).toBe('4');
    expect(await page.getAttribute(`${row(trouble!.id)} .attempts`, 'title')).toContain('#3 injected_abort (fault: abort)');
    expect(await page.locator(`${row(clean!)} .badge`).count()).toBe(0);
    expect(await page.getAttribute(row(clean!), 'data-retries')).toBe('0');
  });

  it('opens a row on a click anywhere in it, and on Enter or Space when focused', async () => {
    const id = (await json('/_emulator/deliveries?type=project_sms_sent')).deliveries[0].id as string;
    await page.click('#panel-deliveries button:text("Clear filters")');
    expect(await page.getAttribute(row(id), 'tabindex')).toBe('0');
    expect(await page.getAttribute(row(id), 'aria-controls')).toBe(`detail-${id}`);
    await page.click(`${row(id)} td.hook`);
    await page.waitForSelector(`${detail(id)} li.attempt`, WAIT);
    expect(await page.getAttribute(row(id), 'aria-expanded')).toBe('true');
    await page.click(`${row(id)} td:last-child`);
    await page.waitForSelector(detail(id), { state: 'hidden' });

    await page.focus(row(id));
    await page.keyboard.press('Enter');
    await page.waitForSelector(`${detail(id)} li.attempt`, WAIT);
    expect(await page.getAttribute(row(id), 'aria-expanded')).toBe('true');
    await page.keyboard.press('Space');
    await page.waitForSelector(detail(id), { state: 'hidden' });
    expect(await page.getAttribute(row(id), 'aria-expanded')).toBe('false');
  });

  it('shortens long hook URLs in the middle, keeping the host and the tail that tells them apart', async () => {
    const long = (tenant: string) => receiver.hookUrl(`/webhooks/solarproof/${'segment/'.repeat(8)}customer_created?tenant=${tenant}`);
    await emu.subscribe(long('alpha'), 'contract_signed');
    await emu.subscribe(long('beta'), 'contract_signed');
    await emu.trigger('contract_signed');
    const { deliveries } = await json('/_emulator/deliveries?type=contract_signed');
    for (const d of deliveries as Array<{ id: string; hookUrl: string }>) {
      const cell = `${row(d.id)} td.hook`;
      await page.waitForSelector(cell, WAIT);
      const shown = (await page.textContent(cell)) ?? '';
      expect(shown.length).toBeLessThanOrEqual(48);
      expect(shown).toContain('\u2026');
      expect(shown.startsWith(receiver.url)).toBe(true);
      expect(d.hookUrl.endsWith(shown.split('\u2026')[1]!)).toBe(true);
      expect(shown.endsWith(d.hookUrl.includes('alpha') ? 'tenant=alpha' : 'tenant=beta')).toBe(true);
      expect(await page.getAttribute(cell, 'title')).toBe(d.hookUrl);
    }
    await openRow(deliveries[0].id);
    expect(await page.textContent(`${detail(deliveries[0].id)} .hook-full`)).toBe(deliveries[0].hookUrl);
  });

  it('shows each reshaped attempt as the receiver got it, not as pretty JSON', async () => {
    const [d] = (await json('/_emulator/deliveries?type=customer_created&hookUrl=' + encodeURIComponent(receiver.hookUrl('/trouble')))).deliveries;
    await openRow(d.id);
    const got = receiver.requestsTo('/trouble');
    expect(got).toHaveLength(3);
    const sent = (fault: string) => `${detail(d.id)} .sent[data-fault=${fault}]`;
    for (const fault of TROUBLE) await page.waitForSelector(`${sent(fault)}[data-loaded=true]`, WAIT);

    expect(await page.textContent(`${sent('malformedJson')} pre.sent-body`)).toBe(got[0]!.rawBody);
    expect(got[0]!.jsonError).toBeDefined();
    expect(await page.textContent(`${sent('wrongContentType')} [data-header=content-type]`)).toBe(got[1]!.headers['content-type']);
    expect(got[1]!.headers['content-type']).toBe('text/plain; charset=utf-8');
    expect(await page.textContent(`${sent('truncate')} pre.sent-body`)).toBe(got[2]!.rawBody);
    const whole = Buffer.from(got[1]!.rawBody);
    expect(await page.textContent(`${sent('abort')} pre.sent-body`)).toBe(whole.subarray(0, Math.floor(whole.length / 2)).toString());
    expect(await page.textContent(`${detail(d.id)} .sent-note`)).toContain('Attempt 1, Attempt 2, Attempt 3, Attempt 4 were not sent as shown here');
    // The payload pane still shows the payload as intended.
    expect(JSON.parse((await page.textContent(`${detail(d.id)} pre.payload`)) ?? '')).toEqual(got[1]!.json);
  });

  it('follows the world live: a customer made through the API appears without Refresh', async () => {
    await tab('world');
    await page.waitForSelector('#panel-world .live[data-connected=true]', WAIT);
    const before = new Set(((await json(`/_emulator/world/customers?apiKey=${emu.apiKey}`)).customers as Array<{ customerId: number }>).map((c) => c.customerId));
    expect(await page.locator('#panel-world tr[data-customer-id]').count()).toBe(before.size);
    await emu.trigger('customer_created');
    const after = (await json(`/_emulator/world/customers?apiKey=${emu.apiKey}`)).customers as Array<{ customerId: number; name: string }>;
    const added = after.find((c) => !before.has(c.customerId));
    expect(added).toBeDefined();
    await page.waitForSelector(`#panel-world tr[data-customer-id="${added!.customerId}"]`, WAIT);
    expect(await page.textContent(`#panel-world tr[data-customer-id="${added!.customerId}"] td:nth-child(2)`)).toBe(added!.name);
    await tab('deliveries');
    await page.waitForSelector('#panel-world .live[data-connected=false]', { state: 'attached', ...WAIT });
  });

  it('shows hostile names, e-mails, projects, hook URLs, payload fields, headers and answers as text and runs none of them', async () => {
    const hookUrl = `${receiver.url}/evil?<img src=x onerror=window.__xss=1>`;
    await emu.subscribe(hookUrl, 'project_email_sent');
    const { deliveries } = await emu.trigger('project_email_sent', { overrides: { email_subject: EVIL } });
    const id = deliveries[0]!;
    await emu.deliveries.waitFor({ hookUrl, state: 'failed' }, { timeoutMs: 15_000 });
    await openRow(id);
    await page.waitForSelector(`${detail(id)} .sent[data-fault=malformedJson][data-loaded=true]`, WAIT);
    expect(await page.textContent(`${detail(id)} .response-body >> nth=0`)).toBe(EVIL);
    expect(await page.textContent(`${detail(id)} .hook-full`)).toBe(hookUrl);
    expect(await page.textContent(`${detail(id)} pre.sent-body`)).toContain(JSON.stringify(EVIL).slice(1, -1));
    expect(await page.textContent(`${detail(id)} [data-header=user-agent]`)).toBe('<img src=x onerror="window.__xss=1"> UA');
    expect(await page.textContent(`${detail(id)} pre.payload`)).toContain(JSON.stringify(EVIL).slice(1, -1));

    await tab('world');
    const evilRow = page.locator('#panel-world tr[data-customer-id]', { hasText: '<svg onload' });
    await evilRow.waitFor(WAIT);
    expect(await evilRow.locator('td:nth-child(2)').textContent()).toBe(`${EVIL} <svg onload=window.__xss=1>`);
    expect(await evilRow.locator('td:nth-child(3)').textContent()).toBe('<img/src=x/onerror=window.__xss=1>@x.test');
    await evilRow.locator('td.projects button').click();
    await evilRow.locator('.project-list li').first().waitFor(WAIT);
    expect(await evilRow.locator('.project-list li').first().textContent()).toContain(EVIL);

    // Nothing hostile became an element anywhere, and nothing ran.
    expect(await page.locator('img, svg, iframe').count()).toBe(0);
    expect(await page.locator('script').count()).toBe(1);
    expect(await page.evaluate(() => (globalThis as unknown as { __xss?: number }).__xss)).toBeUndefined();
  });

  it('raised no script error in the whole run', () => {
    expect(unexpectedErrors(errors)).toEqual([]);
  });
});
