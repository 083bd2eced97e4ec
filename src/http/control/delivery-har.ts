import { STATUS_CODES } from 'node:http';
import type { Har, HarEntry } from '../../contract/har-schemas.js';
import { VERSION } from '../../core/version.js';
import { transportRequest, type RunnerSettings } from '../../delivery/attempt-runner.js';
import type { Attempt, Delivery } from '../../delivery/delivery-domain.js';
import { REQUEST_FAULTS, type RequestFault } from '../../delivery/faults.js';

/**
 * The journal as an HTTP Archive (HAR 1.2): one entry per attempt, oldest first, as browsers'
 * devtools, Charles, Fiddler and CI plugins read it.
 *
 * The request is rebuilt from what the journal keeps (the event's body, the hook URL, the
 * attempt's fault and the settings in force), exactly as the transport builds it: the same
 * headers (Content-Type, User-Agent, Content-Length, Authorization from the URL's userinfo,
 * redacted) and the body as shaped by a request fault. The journal keeps no response headers
 * (each attempt would cost their bytes; decision 0018), so `response.headers` is empty; the
 * response body is the kept part (`delivery.responseBodyBytes`). An attempt with no answer
 * (timeout, refused, dropped, cancelled) has status 0 and `_error`, as devtools show a failed request.
 *
 * @example deliveriesHar(journal.query({}).deliveries, settings).log.entries.length // attempts in the journal
 */
export function deliveriesHar(deliveries: readonly Delivery[], settings: RunnerSettings): Har {
  const entries = deliveries.flatMap((d) => d.attempts.map((a) => harEntry(d, a, settings)));
  entries.sort((x, y) => x.startedDateTime.localeCompare(y.startedDateTime));
  return { log: { version: '1.2', creator: { name: 'solarproof-mock', version: VERSION }, pages: [], entries, comment: `${deliveries.length} deliveries, ${entries.length} attempts` } };
}

function harEntry(d: Delivery, a: Attempt, settings: RunnerSettings): HarEntry {
  const requestFault = (REQUEST_FAULTS as readonly string[]).includes(a.fault ?? '') ? (a.fault as RequestFault) : null;
  const sent = transportRequest({ url: d.hookUrl, body: d.event.body, contentType: d.event.contentType, number: a.number, requestFault, fault: a.fault, latencyMs: a.latencyMs ?? 0 }, settings);
  const url = new URL(d.hookUrl);
  const headers = [
    { name: 'Host', value: url.host },
    { name: 'Content-Type', value: sent.contentType },
    { name: 'User-Agent', value: sent.userAgent },
    { name: 'Content-Length', value: String(Buffer.byteLength(sent.body)) },
  ];
  if (url.username !== '' || url.password !== '') headers.push({ name: 'Authorization', value: 'Basic [redacted]' });
  url.username = '';
  url.password = '';
  const answered = a.status !== undefined;
  const kept = a.responseBody ?? '';
  const response: HarEntry['response'] = {
    status: a.status ?? 0,
    statusText: answered ? (STATUS_CODES[a.status!] ?? '') : '',
    httpVersion: answered ? 'HTTP/1.1' : '',
    cookies: [],
    headers: [],
    content: { size: Buffer.byteLength(kept), mimeType: answered ? 'text/plain' : 'x-unknown', ...(answered ? { text: kept } : {}), comment: 'The kept part of the answer (delivery.responseBodyBytes); response headers are not kept.' },
    redirectURL: '',
    headersSize: -1,
    bodySize: answered ? -1 : 0,
  };
  if (!answered || a.error !== undefined) response._error = a.error ?? a.outcome;
  const entry: HarEntry = {
    startedDateTime: new Date(a.startedAt).toISOString(),
    time: a.durationMs,
    request: {
      method: 'POST',
      url: url.href,
      httpVersion: 'HTTP/1.1',
      cookies: [],
      headers,
      queryString: [...url.searchParams].map(([name, value]) => ({ name, value })),
      postData: { mimeType: sent.contentType, text: sent.body },
      headersSize: -1,
      bodySize: Buffer.byteLength(sent.body),
    },
    response,
    cache: {},
    // The journal measures an attempt whole; HAR's phases it does not split are -1 ("not known").
    timings: { blocked: -1, dns: -1, connect: -1, send: 0, wait: a.durationMs, receive: 0, ssl: -1 },
    comment: `${d.id} attempt ${a.number}: ${a.outcome}${a.status === undefined ? '' : ` ${a.status}`} (${d.event.type}, delivery ${d.state})`,
    _deliveryId: d.id,
    _eventId: d.event.id,
    _type: d.event.type,
    _deliveryState: d.state,
    _attempt: a.number,
    _outcome: a.outcome,
  };
  if (a.fault !== undefined) entry._fault = a.fault;
  if (a.latencyMs !== undefined) entry._latencyMs = a.latencyMs;
  return entry;
}
