import { createServer, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { mkdirSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import express from 'express';
import type { Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startEmulator, type RunningEmulator } from '../../src/start-emulator.js';
import { chromiumPath, collectPageErrors, launchBrowser, unexpectedErrors, type TestBrowser } from '../support/browser.js';
import { startTestReceiver, type TestReceiver } from '../support/test-receiver.js';

/** What a hostile receiver answers: it must show as these characters, never run. */
const EVIL = '<img src=x onerror="window.__xss=1"><script>window.__xss=1</script>';
const WAIT = { timeout: 15_000 };

/** Console errors and uncaught page errors, so a test can say there were none. */
function watch(page: Page, into: string[]): void {
  collectPageErrors(page, into);
  page.setDefaultTimeout(15_000);
}

describe.skipIf(chromiumPath === undefined)('the dashboard in Chromium', () => {
  let browser: TestBrowser;
  let emu: RunningEmulator;
  let receiver: TestReceiver;
  let page: Page;
  let loadHeaders: Record<string, string>;
  const errors: string[] = [];
  // Answers of the control API, checked field by field.
  const json = async (path: string, init?: RequestInit): Promise<any> => (await fetch(`${emu.url}${path}`, init)).json();
  const tab = async (name: string) => {
    await page.click(`#tab-${name}`);
    await page.waitForSelector(`#panel-${name}:not([hidden])`);
  };

  beforeAll(async () => {
    receiver = await startTestReceiver();
    emu = await startEmulator({
      seed: 1,
      delivery: { retry: { schedule: [] } },
      subscriptions: [{ hookUrl: receiver.hookUrl('/hook'), types: ['customer_created'] }],
    });
    browser = await launchBrowser();
    page = await browser.context.newPage();
    watch(page, errors);
    const res = await page.goto(`${emu.url}/_emulator/ui/`);
    loadHeaders = res?.headers() ?? {};
    await page.waitForSelector('body[data-ready=true]', WAIT);
    await page.waitForSelector('.live[data-connected=true]', WAIT);
  }, 60_000);

  afterAll(async () => {
    await browser?.close();
    await emu?.close();
    await receiver?.close();
  });

  it('loads with its CSP and no console errors, showing seed, payload version and counts per state', async () => {
    expect(loadHeaders['content-security-policy']).toContain("script-src 'self'");
    expect(loadHeaders['content-security-policy']).not.toContain('unsafe-inline');
    await page.waitForSelector('#stats [data-state=delivered]', WAIT);
    expect(errors).toEqual([]);
    expect(await page.textContent('#fact-seed')).toBe('1');
    expect(await page.textContent('#fact-payload')).toBe('v2');
    expect(await page.textContent('#fact-version')).toBe((await json('/_emulator/health')).version);
    expect(await page.textContent('#stats [data-state=delivered] .count-n')).toBe('0');
    expect(await page.getAttribute('#tab-deliveries', 'aria-selected')).toBe('true');
    expect(await page.textContent('#fact-uptime')).toMatch(/^\d\d:\d\d:\d\d$/);
  });

  it('moves between tabs with the arrow keys, as a tab list should', async () => {
    await page.focus('#tab-deliveries');
    await page.keyboard.press('ArrowRight');
    expect(await page.getAttribute('#tab-trigger', 'aria-selected')).toBe('true');
    expect(await page.evaluate(() => (globalThis as unknown as { document: { activeElement: { id: string } } }).document.activeElement.id)).toBe('tab-trigger');
    expect(await page.isVisible('#panel-trigger')).toBe(true);
    expect(await page.isVisible('#panel-deliveries')).toBe(false);
    await page.keyboard.press('Home');
    expect(await page.getAttribute('#tab-deliveries', 'aria-selected')).toBe('true');
  });

  it('is where a browser asking for / lands', async () => {
    const other = await browser.context.newPage();
    await other.goto(`${emu.url}/`);
    expect(new URL(other.url()).pathname).toBe('/_emulator/ui/');
    await other.close();
  });

  it('shows a delivery triggered from the form live, and expands it into its attempts and payload', async () => {
    await tab('trigger');
    await page.selectOption('#panel-trigger select[name=type]', 'customer_created');
    await page.click('#panel-trigger button[type=submit]');
    await page.waitForSelector('#panel-trigger .result :text("Triggered evt_1")', WAIT);
    await page.click('#panel-trigger .result button');
    await page.waitForSelector('#panel-deliveries:not([hidden])');
    await page.waitForSelector('tr.delivery-row[data-id=dlv_1][data-state=delivered]', WAIT);
    const attempt = page.locator('tr[data-detail-for=dlv_1] li.attempt');
    await attempt.first().waitFor(WAIT);
    expect(await attempt.count()).toBe(1);
    expect(await attempt.getAttribute('data-outcome')).toBe('success');
    expect(await attempt.textContent()).toContain('HTTP 200');
    expect(await page.textContent('tr[data-detail-for=dlv_1] .response-body')).toBe('{"ok":true}');
    const payload = JSON.parse((await page.textContent('tr[data-detail-for=dlv_1] pre.payload')) ?? '');
    expect(payload).toEqual((await receiver.waitFor(1, { path: '/hook' }))[0]?.json);
    // The row's arrow (like the rest of the row: dashboard-rows.test.ts) folds it away and back.
    await page.click('tr[data-id=dlv_1] .expand');
    await page.waitForSelector('tr[data-detail-for=dlv_1]', { state: 'hidden' });
    expect(await page.getAttribute('tr[data-id=dlv_1]', 'aria-expanded')).toBe('false');
    await page.click('tr[data-id=dlv_1] .expand');
    await page.waitForSelector('tr[data-detail-for=dlv_1] li.attempt', WAIT);
  });

  it('shows a hostile receiver answer, hook URL and payload as text, and runs none of it', async () => {
    receiver.script('/evil', [{ status: 500, body: EVIL, headers: { 'content-type': 'text/html' } }]);
    const hookUrl = `${receiver.url}/evil?<img src=x onerror=window.__xss=1>`;
    await emu.subscribe(hookUrl, 'project_sms_sent');
    const { deliveries } = await emu.trigger('project_sms_sent', { overrides: { sms_message: EVIL } });
    const id = deliveries[0]!;
    await page.click('#panel-deliveries button:text("Clear filters")');
    const row = `tr.delivery-row[data-id=${id}]`;
    await page.waitForSelector(`${row}[data-state=failed]`, WAIT);
    await page.click(`${row} td:nth-child(4)`);
    const body = page.locator(`tr[data-detail-for=${id}] .response-body`);
    await body.waitFor(WAIT);
    expect(await body.textContent()).toBe(EVIL);
    expect(await page.getAttribute(`${row} td.hook`, 'title')).toBe(hookUrl);
    expect(await page.textContent(`tr[data-detail-for=${id}] .hook-full`)).toBe(hookUrl);
    expect(await page.textContent(`tr[data-detail-for=${id}] pre.payload`)).toContain(JSON.stringify(EVIL).slice(1, -1));
    expect(await page.locator(`tr[data-detail-for=${id}] img, tr[data-detail-for=${id}] script, td.hook img`).count()).toBe(0);
    expect(await page.evaluate(() => (globalThis as unknown as { __xss?: number }).__xss)).toBeUndefined();
  });

  it('checks overrides against the JSON Schema at the field before sending anything', async () => {
    const before = (await json('/_emulator/deliveries')).total;
    await tab('trigger');
    await page.selectOption('#panel-trigger select[name=type]', 'customer_created');
    const overrides = '#panel-trigger textarea[name=overrides]';
    const error = '#panel-trigger textarea[name=overrides] ~ .field-error';
    for (const [text, message] of [
      ['{"customer_id": "x"}', '"customer_id" must be an integer'],
      ['{"nope": 1}', '"nope" is not a field of the payload'],
      ['{"customer_type_id": 9}', '"customer_type_id" must be at most 3'],
      ['{"customer_id": ', 'Not valid JSON'],
    ] as const) {
      await page.fill(overrides, text);
      await page.click('#panel-trigger button[type=submit]');
      await page.waitForSelector(`${error}:not([hidden])`, WAIT);
      expect(await page.textContent(error)).toContain(message);
      expect(await page.getAttribute(overrides, 'aria-invalid')).toBe('true');
    }
    expect((await json('/_emulator/deliveries')).total).toBe(before);
    await page.fill(overrides, '');
  });

  it('checks the JSON Schema subset the catalogue uses, in the page', async () => {
    const { eventTypes } = await json('/_emulator/event-types');
    // A string, not a function: vitest would rewrite a function's import() for Node.
    const results = await page.evaluate(`(async (types) => {
      const m = await import('/_emulator/ui/js/schema-check.js');
      const type = (name) => types.find((t) => t.type === name);
      const fields = (problems) => problems.map((p) => p.field);
      const created = m.itemSchemaOf(type('customer_created'));
      const draft = type('recent_draft_project').schema;
      return {
        anyOfConst: [fields(m.checkOverrides({ gst_registered: 2 }, created)), fields(m.checkOverrides({ gst_registered: 1 }, created))],
        exclusiveMinimum: fields(m.checkOverrides({ customer_id: 0 }, created)),
        unknown: fields(m.checkOverrides({ customer_id: 5, colour: 'red' }, created)),
        notObject: fields(m.checkOverrides([1], created)),
        constString: fields(m.checkOverrides({ proposal_status: 'sent' }, m.itemSchemaOf(type('recent_draft_project')))),
        minItems: fields(m.validate([], draft)),
        itemRequired: m.validate([{}], draft).length,
        example: m.validate(type('recent_draft_project').example, draft),
        enumAndTypes: [
          fields(m.validate('c', { enum: ['a', 'b'] })),
          fields(m.validate(null, { type: ['string', 'null'] })),
          fields(m.validate(1.5, { type: 'integer' })),
          fields(m.validate('abc', { type: 'string', maxLength: 2, pattern: '^a' })),
          fields(m.validate({ a: { b: 'x' } }, { type: 'object', properties: { a: { type: 'object', properties: { b: { type: 'number' } } } } })),
        ],
      };
    })(${JSON.stringify(eventTypes)})`) as Record<string, unknown>;
    expect(results.anyOfConst).toEqual([['gst_registered'], []]);
    expect(results.exclusiveMinimum).toEqual(['customer_id']);
    expect(results.unknown).toEqual(['colour']);
    expect(results.notObject).toEqual(['(root)']);
    expect(results.constString).toEqual(['proposal_status']);
    expect(results.minItems).toEqual(['(root)']);
    expect(results.itemRequired).toBeGreaterThan(5);
    expect(results.example).toEqual([]);
    expect(results.enumAndTypes).toEqual([['(root)'], [], ['(root)'], ['(root)'], ['a.b']]);
  });

  it("shows the emulator's own problem at the field it concerns", async () => {
    await tab('trigger');
    await page.selectOption('#panel-trigger select[name=type]', 'customer_status_change');
    await page.selectOption('#panel-trigger select[name=subject]', 'customer');
    await page.fill('#panel-trigger input[name=customerId]', '999999');
    await page.click('#panel-trigger button[type=submit]');
    const error = '#panel-trigger input[name=customerId] ~ .field-error';
    await page.waitForSelector(`${error}:not([hidden])`, WAIT);
    expect(await page.textContent(error)).toContain('Customer 999999 does not exist');
    await page.selectOption('#panel-trigger select[name=subject]', 'new');
  });

  it('saves a fault probability and latency to the config, shows refusals at the field, and turns chaos off', async () => {
    await tab('faults');
    await page.fill('#panel-faults input[name="delivery.faults.drop"]', '0.25');
    await page.selectOption('#panel-faults select[name="delivery.latency.distribution"]', 'fixed');
    await page.fill('#panel-faults input[name="delivery.latency.ms"]', '5');
    await page.click('#panel-faults button[type=submit]');
    await page.waitForSelector('#panel-faults .result:text("Saved")', WAIT);
    let config = await json('/_emulator/config');
    expect(config.delivery.faults.drop).toBe(0.25);
    expect(config.delivery.latency).toEqual({ distribution: 'fixed', ms: 5 });

    await page.fill('#panel-faults input[name="delivery.timeoutMs"]', '100000000');
    await page.click('#panel-faults button[type=submit]');
    const error = '#panel-faults input[name="delivery.timeoutMs"] ~ .field-error';
    await page.waitForSelector(`${error}:not([hidden])`, WAIT);
    expect(await page.textContent(error)).toContain('one day');
    expect((await json('/_emulator/config')).delivery.timeoutMs).toBe(5000);

    await page.click('#panel-faults button:text("Chaos off")');
    await page.waitForSelector('#panel-faults .result:text("Chaos off")', WAIT);
    config = await json('/_emulator/config');
    expect(config.delivery.faults.drop).toBe(0);
    expect(config.delivery.latency).toEqual({ distribution: 'none' });
    expect(await page.inputValue('#panel-faults input[name="delivery.faults.drop"]')).toBe('0');
  });

  it('redelivers from the page as a new delivery', async () => {
    await tab('deliveries');
    await page.click('#panel-deliveries button:text("Clear filters")');
    if (!(await page.locator('tr[data-detail-for=dlv_1] button.redeliver').isVisible())) await page.click('tr[data-id=dlv_1] td:nth-child(3)');
    await page.click('tr[data-detail-for=dlv_1] button.redeliver');
    const status = page.locator('tr[data-detail-for=dlv_1] .action-status:text("Redelivered as")');
    await status.waitFor(WAIT);
    const id = /Redelivered as (dlv_\d+)/.exec((await status.textContent()) ?? '')?.[1];
    expect(id).toBeDefined();
    expect(await json(`/_emulator/deliveries/${id}`)).toMatchObject({ redeliveryOf: 'dlv_1', eventId: 'evt_1' });
    await page.waitForSelector(`tr.delivery-row[data-id=${id}][data-state=delivered]`, WAIT);
    expect((await receiver.waitFor(2, { path: '/hook' })).length).toBe(2);
  });

  it('adds a subscription through apidata.php, shows Solar Proof messages, and removes it', async () => {
    await tab('subscriptions');
    const hookUrl = receiver.hookUrl('/added');
    await page.fill('#panel-subscriptions input[name=hookUrl]', 'not a url');
    await page.click('#panel-subscriptions button[type=submit]');
    const error = '#panel-subscriptions input[name=hookUrl] ~ .field-error';
    await page.waitForSelector(`${error}:text("Invalid webhook URL format")`, WAIT);

    await page.fill('#panel-subscriptions input[name=hookUrl]', hookUrl);
    await page.selectOption('#panel-subscriptions select[name=type_request]', 'contract_signed');
    await page.click('#panel-subscriptions button[type=submit]');
    await page.waitForSelector('#panel-subscriptions .result:text("Webhook subscribed successfully")', WAIT);
    const { subscriptions } = await json('/_emulator/subscriptions');
    const added = subscriptions.find((s: { hookUrl: string }) => s.hookUrl === hookUrl);
    expect(added).toMatchObject({ type: 'contract_signed', apiKey: emu.apiKey });
    const row = `#panel-subscriptions tr[data-subscription-id=${added.id}]`;
    await page.waitForSelector(row, WAIT);

    await page.click(`${row} button`);
    await page.waitForSelector('#confirm-dialog[open]', WAIT);
    await page.click('#confirm-yes');
    await page.waitForSelector('#panel-subscriptions .result:text("Webhook unsubscribed successfully")', WAIT);
    await page.waitForSelector(row, { state: 'detached', ...WAIT });
    expect((await json('/_emulator/subscriptions')).subscriptions.some((s: { hookUrl: string }) => s.hookUrl === hookUrl)).toBe(false);
  });

  it('starts and stops a schedule, with refusals at the field', async () => {
    await tab('schedules');
    await page.fill('#panel-schedules input[name=every]', '5');
    await page.click('#panel-schedules button[type=submit]');
    const error = '#panel-schedules input[name=every] ~ .field-error';
    await page.waitForSelector(`${error}:text("at least 100")`, WAIT);

    await page.fill('#panel-schedules input[name=every]', '600000');
    await page.click('#panel-schedules button[type=submit]');
    await page.waitForSelector('#panel-schedules tr[data-schedule-id]', WAIT);
    const { schedules } = await json('/_emulator/schedules');
    expect(schedules).toHaveLength(1);
    expect(schedules[0].spec).toMatchObject({ type: 'customer_created', everyMs: 600000 });
    await page.click(`#panel-schedules tr[data-schedule-id=${schedules[0].id}] button`);
    await page.waitForSelector('#panel-schedules tr[data-schedule-id]', { state: 'detached', ...WAIT });
    expect((await json('/_emulator/schedules')).schedules).toHaveLength(0);
  });

  it("shows the world's customers, the same ones the data API lists", async () => {
    const world = await fetch(`${emu.url}/_emulator/world/customers?apiKey=${emu.apiKey}`);
    expect(world.status).toBe(200);
    const { customers } = (await world.json()) as { customers: Array<{ customerId: number }> };
    expect(customers.length).toBeGreaterThan(0);
    await tab('world');
    await page.waitForSelector(`#panel-world tr[data-customer-id="${customers[0]!.customerId}"]`, WAIT);
    await page.waitForSelector(`#panel-world tr[data-customer-id="${customers.at(-1)!.customerId}"]`, WAIT);
  });

  it.skipIf(!process.env.SPMOCK_SCREENSHOT)('takes docs/dashboard.png: the deliveries with one delivery\'s attempts open, one sent malformed', async () => {
    const faults = { scripted: [{ hookUrl: receiver.hookUrl('/flaky'), outcomes: ['malformedJson' as const] }] };
    await emu.config.update({ delivery: { retry: { schedule: [300, 600] }, latency: { distribution: 'uniform', minMs: 20, maxMs: 80 }, faults } });
    receiver.script('/flaky', [
      { status: 503, body: '{"error":"busy, try later"}' },
      { status: 500, body: 'Internal Server Error' },
      { status: 200, body: '{"received":true}' },
    ]);
    receiver.script('/old-hook', () => ({ status: 404, body: 'Not Found' }));
    await emu.subscribe(receiver.hookUrl('/crm'), 'customer_created');
    await emu.subscribe(receiver.hookUrl('/old-hook'), 'customer_created');
    await emu.subscribe(receiver.hookUrl('/flaky'), 'recent_draft_project');
    await emu.trigger('customer_created', { count: 2 });
    await emu.trigger('recent_draft_project');
    const [flaky] = await emu.deliveries.waitFor({ state: 'delivered', hookUrl: receiver.hookUrl('/flaky') }, { timeoutMs: 15_000 });
    await emu.deliveries.waitFor({ state: 'failed', hookUrl: receiver.hookUrl('/old-hook') }, { min: 2, timeoutMs: 15_000 });
    if (!flaky) throw new Error('no delivery to /flaky');
    await page.reload();
    await page.waitForSelector('.live[data-connected=true]', WAIT);
    await page.click(`tr[data-id=${flaky.id}] td:nth-child(3)`);
    await page.waitForSelector(`tr[data-detail-for=${flaky.id}] li.attempt >> nth=2`, WAIT);
    await page.waitForSelector(`tr[data-detail-for=${flaky.id}] .sent[data-loaded=true]`, WAIT);
    await page.evaluate(() => (globalThis as unknown as { scrollTo(x: number, y: number): void }).scrollTo(0, 0));
    const out = fileURLToPath(new URL('../../docs/dashboard.png', import.meta.url));
    mkdirSync(fileURLToPath(new URL('../../docs/', import.meta.url)), { recursive: true });
    await page.screenshot({ path: out });
    await emu.config.update({ delivery: { retry: { schedule: [] }, latency: { distribution: 'none' }, faults: { scripted: [] } } });
  });

  it('runs a scenario and follows its steps to the deliveries about its customer', async () => {
    await tab('schedules');
    await page.click('#panel-schedules button[aria-label="Run cold-lead"]');
    const run = page.locator('#panel-schedules .run [data-run]');
    await run.waitFor(WAIT);
    await page.waitForSelector('#panel-schedules .run .step-done:text("customer_created")', WAIT);
    const { runs } = await json('/_emulator/scenario-runs');
    const customerId = runs.at(-1).customerId;
    await page.click('#panel-schedules .run button:text("Show its deliveries")');
    await page.waitForSelector('#panel-deliveries:not([hidden])');
    expect(await page.inputValue('#panel-deliveries input[name=subject]')).toBe(`customer:${customerId}`);
    const rows = page.locator('#panel-deliveries tr.delivery-row');
    await rows.first().waitFor(WAIT);
    const first = await rows.first().getAttribute('data-id');
    const shown = await json(`/_emulator/deliveries/${first}`);
    expect(JSON.stringify(shown.payload)).toContain(`"customer_id":${customerId}`);
  });

  it('resets only after the confirmation, then shows an empty journal', async () => {
    await page.click('#reset-button');
    await page.waitForSelector('#confirm-dialog[open]', WAIT);
    await page.click('#confirm-no');
    expect((await json('/_emulator/deliveries')).total).toBeGreaterThan(0);
    await page.click('#reset-button');
    await page.click('#confirm-yes');
    await page.waitForSelector('#notice:text("Reset")', WAIT);
    expect((await json('/_emulator/deliveries')).total).toBe(0);
    await tab('deliveries');
    await page.click('#panel-deliveries button:text("Clear filters")');
    await page.waitForSelector('#panel-deliveries tr.delivery-row', { state: 'detached', ...WAIT });
    await page.waitForSelector('#stats [data-state=delivered] .count-n:text-is("0")', WAIT);
  });

  it('asks once for the admin token on a 401, keeps it for the tab, and sends it on every control request and the stream', async () => {
    const TOKEN = 's3cret-token';
    const seen: Array<{ path: string; auth: string | undefined }> = [];
    // A second emulator with the real admin-token check; a recorder in front notes what the page sends.
    const tokenEmu = await startEmulator({ seed: 1, adminToken: TOKEN, delivery: { retry: { schedule: [] } } });
    await tokenEmu.subscribe(receiver.hookUrl('/token-hook'), 'customer_created');
    const guarded = express();
    guarded.use((req, _res, next) => {
      const open = !req.path.startsWith('/_emulator') || req.path === '/_emulator/health' || req.path.startsWith('/_emulator/ui');
      if (!open) seen.push({ path: req.path, auth: req.get('authorization') });
      next();
    });
    guarded.use(tokenEmu.emulator.app);
    const server: Server = createServer(guarded);
    await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
    const base = `http://127.0.0.1:${(server.address() as AddressInfo).port}`;
    const tokenPage = await browser.context.newPage();
    const tokenErrors: string[] = [];
    watch(tokenPage, tokenErrors);
    try {
      await tokenPage.goto(`${base}/_emulator/ui/`);
      await tokenPage.waitForSelector('#token-dialog[open]', WAIT);
      await tokenPage.fill('#token-input', 'wrong');
      await tokenPage.press('#token-input', 'Enter');
      await tokenPage.waitForSelector('#token-error:text("refused")', WAIT);
      await tokenPage.fill('#token-input', TOKEN);
      await tokenPage.click('#token-form button[type=submit]');
      await tokenPage.waitForSelector('body[data-ready=true]', WAIT);
      await tokenPage.waitForSelector('.live[data-connected=true]', WAIT);
      expect(await tokenPage.evaluate(() => (globalThis as unknown as { sessionStorage: { getItem(k: string): string | null } }).sessionStorage.getItem('solarproof-mock.adminToken'))).toBe(TOKEN);
      expect(await tokenPage.locator('#token-dialog[open]').count()).toBe(0);

      const ready = seen.length;
      const { deliveries } = await tokenEmu.trigger('customer_created');
      await tokenPage.waitForSelector(`tr.delivery-row[data-id=${deliveries[0]}]`, WAIT);
      // The row came over the stream, which was opened with the token; so do the stats it refreshes.
      expect(seen.filter((s) => s.path === '/_emulator/stream').at(-1)?.auth).toBe(`Bearer ${TOKEN}`);
      await expect.poll(() => seen.slice(ready).some((s) => s.path === '/_emulator/stats'), WAIT).toBe(true);
      expect(seen.slice(ready).every((s) => s.auth === `Bearer ${TOKEN}`)).toBe(true);

      // Same tab: kept across a reload. Another tab: asked again.
      await tokenPage.reload();
      await tokenPage.waitForSelector('body[data-ready=true]', WAIT);
      expect(await tokenPage.locator('#token-dialog[open]').count()).toBe(0);
      const otherTab = await browser.context.newPage();
      await otherTab.goto(`${base}/_emulator/ui/`);
      await otherTab.waitForSelector('#token-dialog[open]', WAIT);
      await otherTab.close();
      expect(unexpectedErrors(tokenErrors)).toEqual([]);
    } finally {
      await tokenPage.close();
      server.closeAllConnections();
      await new Promise<void>((resolve) => server.close(() => resolve()));
      await tokenEmu.close();
    }
  });

  it('raised no script error in the whole run', () => {
    expect(unexpectedErrors(errors)).toEqual([]);
  });
});
