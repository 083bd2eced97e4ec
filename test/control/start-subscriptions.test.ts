import { describe, expect, it } from 'vitest';
import { loadConfig } from '../../src/config/load-config.js';
import { startTestReceiver } from '../support/test-receiver.js';
import { startForTest } from '../support/start.js';

describe('subscriptions from the start (config `subscriptions`, --forward-to)', () => {
  it('subscribes a --forward-to URL to every type and delivers to it without any apidata.php call', async () => {
    const receiver = await startTestReceiver();
    try {
      const loaded = loadConfig({ flags: { 'forward-to': [receiver.hookUrl('/all?token=dev')] } });
      if (!loaded.ok) throw new Error(loaded.problems.join('\n'));
      const emu = await startForTest({ subscriptions: loaded.config.subscriptions });
      const subs = await emu.subscriptions.list();
      expect(subs.map((s) => s.type)).toEqual([
        'customer_created',
        'customer_status_change',
        'project_email_sent',
        'project_sms_sent',
        'published_proposal_link',
        'contract_signed',
        'recent_draft_project',
      ]);
      await emu.trigger('project_sms_sent');
      const [request] = await receiver.waitFor(1);
      expect(request!.url).toBe('/all?token=dev');
    } finally {
      await receiver.close();
    }
  });

  it('makes them again after reset, for the named account and types only', async () => {
    const emu = await startForTest({
      accounts: [
        { apiKey: 'a', userId: 1, userName: 'A', userEmail: 'a@a.example.com', companyName: 'A', companyId: 1 },
        { apiKey: 'b', userId: 2, userName: 'B', userEmail: 'b@b.example.com', companyName: 'B', companyId: 2 },
      ],
      subscriptions: [{ hookUrl: 'http://127.0.0.1:9/b', types: ['customer_created', 'contract_signed'], apiKey: 'b' }],
    });
    const expected = [
      expect.objectContaining({ apiKey: 'b', hookUrl: 'http://127.0.0.1:9/b', type: 'customer_created' }),
      expect.objectContaining({ apiKey: 'b', hookUrl: 'http://127.0.0.1:9/b', type: 'contract_signed' }),
    ];
    expect(await emu.subscriptions.list()).toEqual(expected);
    await emu.unsubscribe('http://127.0.0.1:9/b', { apiKey: 'b' });
    expect(await emu.subscriptions.list()).toEqual([]);
    await emu.reset();
    expect(await emu.subscriptions.list()).toEqual(expected);
  });

  it('uses only the v1 types for "*" under v1, and refuses contract_signed there', () => {
    const v1 = loadConfig({ overrides: { payloadVersion: 'v1', subscriptions: [{ hookUrl: 'http://127.0.0.1:9/x' }] } });
    expect(v1.ok).toBe(true);
    const bad = loadConfig({
      overrides: {
        payloadVersion: 'v1',
        strictHookUrls: true,
        subscriptions: [{ hookUrl: 'http://127.0.0.1:9/x', types: ['contract_signed'], apiKey: 'nope' }],
      },
    });
    expect(bad.ok || bad.problems).toEqual([
      'subscriptions.0.hookUrl: not an absolute http(s) URL on a public https host (strictHookUrls): "http://127.0.0.1:9/x" (from options)',
      'subscriptions.0.apiKey: no account has the key "nope"; configured keys: sp_test_key (from options)',
      'subscriptions.0.types.0: contract_signed does not exist in payload version v1 (from options)',
    ]);
  });

  it('cannot be changed by PATCH /_emulator/config', async () => {
    const emu = await startForTest();
    const error = await emu.config.update({ subscriptions: [{ hookUrl: 'http://127.0.0.1:9/y' }] }).catch((e: unknown) => e);
    expect(error).toMatchObject({ status: 400, code: 'INVALID_CONFIG' });
  });
});
