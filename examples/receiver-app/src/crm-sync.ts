import { createServer } from 'node:http';
import type { AddressInfo } from 'node:net';
import express from 'express';
import { z } from 'zod';
import { subscribeWithRetry } from './subscribe.js';

/** The v1 customer_created payload: the id and e-mail only, so the app looks the rest up. */
const customerCreatedV1 = z.object({ pkcustomerid: z.number().int(), customer_email: z.string() });

/** The record getcustomerid answers (all values strings), as this CRM keeps it. */
export type CrmCustomer = Record<string, unknown> & { customer_id: string; customer_email: string };

/**
 * A CRM sync: on `customer_created` (payload version v1, which carries only the id and e-mail)
 * it calls Solar Proof back with `getcustomerid` and stores the full customer record by id.
 * A lookup that fails answers 500, so Solar Proof retries the webhook.
 */
export async function startCrmSync(options: { solarproofUrl: string; apiKey: string; token: string }) {
  const customers = new Map<string, CrmCustomer>();
  const lookups: string[] = [];
  const app = express();
  app.post('/hooks/customer-created', express.text({ type: () => true, limit: '256kb' }), async (req, res) => {
    if (req.query.token !== options.token) return void res.status(401).json({ error: 'bad token' });
    let parsed;
    try {
      parsed = customerCreatedV1.safeParse(JSON.parse(String(req.body)));
    } catch {
      return void res.status(400).json({ error: 'body is not JSON' });
    }
    if (!parsed.success) return void res.status(400).json({ error: 'not a v1 customer_created payload' });
    const email = parsed.data.customer_email;
    lookups.push(email);
    const url = `${options.solarproofUrl}/apidata.php?action=getcustomerid&api_key=${encodeURIComponent(options.apiKey)}&customer_email=${encodeURIComponent(email)}`;
    const answer = await fetch(url, { signal: AbortSignal.timeout(4000) }).catch(() => undefined);
    if (!answer || answer.status !== 200) return void res.status(500).json({ error: `lookup failed (${answer?.status ?? 'network'})` });
    const record = (await answer.json()) as CrmCustomer;
    if (record.customer_id !== String(parsed.data.pkcustomerid)) return void res.status(500).json({ error: 'lookup answered another customer' });
    customers.set(record.customer_id, record);
    res.status(200).json({ ok: true });
  });
  const server = createServer(app);
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const url = `http://127.0.0.1:${(server.address() as AddressInfo).port}`;
  const hookUrl = `${url}/hooks/customer-created?token=${encodeURIComponent(options.token)}`;
  await subscribeWithRetry({ solarproofUrl: options.solarproofUrl, apiKey: options.apiKey, hookUrl, type: 'customer_created', baseDelayMs: 20 });
  return { url, hookUrl, customers, lookups, close: () => new Promise<void>((resolve) => server.close(() => resolve())) };
}
