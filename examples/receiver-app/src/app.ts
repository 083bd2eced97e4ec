import express, { type ErrorRequestHandler } from 'express';
import { z } from 'zod';
import type { CustomerStore } from './customer-store.js';

/** The fields this app needs from Solar Proof's v2 customer_created payload. */
const customerCreated = z.object({
  customer_id: z.number().int(),
  customer_name: z.string(),
  customer_email: z.string(),
  customer_status_id: z.number().int(),
});

/**
 * A small app that receives Solar Proof's customer_created webhook and stores customers
 * idempotently. It checks a token in the hook URL (Solar Proof sends no signature), reads the
 * body as JSON whatever the Content-Type, answers 400 to a body it cannot use (so Solar Proof
 * stops or retries), and 500 when its store fails (so Solar Proof retries).
 */
export function createReceiverApp(options: { store: CustomerStore; token: string }) {
  const app = express();
  app.post('/hooks/customer-created', express.text({ type: () => true, limit: '256kb' }), async (req, res) => {
    if (req.query.token !== options.token) return void res.status(401).json({ error: 'bad token' });
    let json: unknown;
    try {
      json = JSON.parse(typeof req.body === 'string' ? req.body : '');
    } catch {
      return void res.status(400).json({ error: 'body is not JSON' });
    }
    const parsed = customerCreated.safeParse(json);
    if (!parsed.success) return void res.status(400).json({ error: 'not a customer_created payload' });
    const c = parsed.data;
    await options.store.upsert({ customerId: c.customer_id, name: c.customer_name, email: c.customer_email, statusId: c.customer_status_id });
    res.status(200).json({ ok: true });
  });
  app.get('/customers', async (_req, res) => {
    res.json(await options.store.list());
  });
  const onError: ErrorRequestHandler = (_err, _req, res, _next) => {
    res.status(500).json({ error: 'could not store the customer' });
  };
  app.use(onError);
  return app;
}
