import type { TransportRequest } from '../../src/delivery/transport.js';

/** One plain attempt to a port nothing listens on, for transport unit tests that never send. */
export const sampleTransportRequest: TransportRequest = {
  url: 'http://127.0.0.1:9/hook',
  body: '{}',
  contentType: 'application/json',
  userAgent: 'test',
  timeoutMs: 1000,
  rejectUnauthorized: true,
  bodyMode: { mode: 'whole' },
};
