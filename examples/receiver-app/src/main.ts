import { createServer } from 'node:http';
import type { AddressInfo } from 'node:net';
import { createReceiverApp } from './app.js';
import { createMemoryStore, type CustomerStore } from './customer-store.js';
import { subscribeWithRetry } from './subscribe.js';

export interface StartOptions {
  /** Where Solar Proof's API is: the emulator's URL in tests and development. */
  solarproofUrl: string;
  apiKey: string;
  token: string;
  store?: CustomerStore;
  port?: number;
}

/** Starts the app on 127.0.0.1 and subscribes its own hook URL, as it would in production. */
export async function startReceiverApp(options: StartOptions) {
  const store = options.store ?? createMemoryStore();
  const server = createServer(createReceiverApp({ store, token: options.token }));
  await new Promise<void>((resolve) => server.listen(options.port ?? 0, '127.0.0.1', resolve));
  const url = `http://127.0.0.1:${(server.address() as AddressInfo).port}`;
  const hookUrl = `${url}/hooks/customer-created?token=${encodeURIComponent(options.token)}`;
  const subscription = await subscribeWithRetry({
    solarproofUrl: options.solarproofUrl,
    apiKey: options.apiKey,
    hookUrl,
    type: 'customer_created',
    baseDelayMs: 20,
  });
  return {
    url,
    hookUrl,
    store,
    subscribeAttempts: subscription.attempts,
    close: () => new Promise<void>((resolve) => server.close(() => resolve())),
  };
}
