import type { Request } from 'express';
import { EVENT_TYPES } from '../../catalogue/event-types.js';
import { DELIVERY_STATES, toView, type DeliveryFilter, type DeliveryState } from '../../delivery/delivery.js';
import type { Emulator } from '../../emulator.js';
import { retryDelays } from '../../delivery/retry-policy.js';
import { sendProblem } from '../problem.js';
import { deliveryStream } from './delivery-stream.js';
import type { ControlRoute } from './route.js';

/** Long-poll waits longer than this are cut to it (a proxy or client would give up first anyway). */
export const MAX_WAIT_MS = 300_000;
const DEFAULT_LIMIT = 1000;
const MAX_LIMIT = 100_000;
const PAYLOAD_VALUES = new Set(['true', 'false', '1', '0', 'yes', 'no']);

type Parsed<T> = { ok: true; value: T } | { ok: false; problem: string };

/** `?state=failed,dropped&state=cancelled` -> ['failed','dropped','cancelled']; commas split every field but hookUrl. */
function list(req: Request, name: string, split = true): string[] | undefined {
  const raw = req.query[name];
  const values = (Array.isArray(raw) ? raw : raw === undefined ? [] : [raw]).filter((v): v is string => typeof v === 'string');
  const all = split ? values.flatMap((v) => v.split(',')) : values;
  const cleaned = all.map((v) => v.trim()).filter((v) => v !== '');
  return cleaned.length > 0 ? cleaned : undefined;
}

function int(req: Request, name: string, min: number, max: number): Parsed<number | undefined> {
  const raw = req.query[name];
  if (raw === undefined) return { ok: true, value: undefined };
  const n = typeof raw === 'string' && /^\d+$/.test(raw) ? Number(raw) : Number.NaN;
  if (!Number.isInteger(n) || n < min) return { ok: false, problem: `${name} must be a whole number >= ${min}, got ${JSON.stringify(raw)}` };
  return { ok: true, value: Math.min(n, max) };
}

/** A value outside a closed set is a typo to report, not a filter that silently matches nothing. */
function unknownValues(name: string, values: string[] | undefined, known: readonly string[]): string | undefined {
  const unknown = values?.filter((v) => !known.includes(v)) ?? [];
  if (unknown.length === 0) return undefined;
  return `Unknown ${name} ${unknown.map((v) => `"${v}"`).join(', ')}. Known ${name}s: ${known.join(', ')}.`;
}

/** The journal filters shared by GET /deliveries and GET /stream. */
export function parseFilter(req: Request): Parsed<DeliveryFilter> {
  const state = list(req, 'state');
  const type = list(req, 'type');
  const problem = unknownValues('state', state, DELIVERY_STATES) ?? unknownValues('type', type, EVENT_TYPES);
  if (problem !== undefined) return { ok: false, problem };
  const payload = req.query.payload;
  if (payload !== undefined && !(typeof payload === 'string' && PAYLOAD_VALUES.has(payload))) {
    return { ok: false, problem: `payload must be true or false, got ${JSON.stringify(payload)}.` };
  }
  const filter: DeliveryFilter = {};
  const add = (key: keyof DeliveryFilter, values: string[] | undefined) => {
    if (values) (filter as Record<string, readonly string[]>)[key] = values;
  };
  add('id', list(req, 'id'));
  add('type', type);
  add('hookUrl', list(req, 'hookUrl', false));
  add('eventId', list(req, 'eventId'));
  add('apiKey', list(req, 'apiKey'));
  if (state) filter.state = state as DeliveryState[];
  return { ok: true, value: filter };
}

/** `payload=` (checked by parseFilter) or the route's default. */
const payloadWanted = (req: Request, byDefault: boolean): boolean =>
  req.query.payload === undefined ? byDefault : !['false', '0', 'no'].includes(String(req.query.payload));

/** The journal, one delivery, redeliver, stats and the live stream. */
export function deliveryRoutes(emu: Emulator): ControlRoute[] {
  return [
    {
      method: 'get',
      path: '/deliveries',
      summary: 'The journal: filters type, hookUrl, state, eventId, id, apiKey; limit, order; wait=<ms>&min=<n> long-polls',
      handler: async (req, res) => {
        const filter = parseFilter(req);
        const limit = int(req, 'limit', 1, MAX_LIMIT);
        const wait = int(req, 'wait', 0, MAX_WAIT_MS);
        const min = int(req, 'min', 1, MAX_LIMIT);
        const order = req.query.order === 'desc' ? 'desc' : 'asc';
        const problems = [filter, limit, wait, min].flatMap((p) => (p.ok ? [] : [p.problem]));
        if (req.query.order !== undefined && req.query.order !== order) {
          problems.push(`order must be "asc" or "desc", got ${JSON.stringify(req.query.order)}`);
        }
        if (!filter.ok || !limit.ok || !wait.ok || !min.ok || problems.length > 0) {
          const detail = problems.join('; ');
          return sendProblem(res, 400, 'INVALID_QUERY', detail.endsWith('.') ? detail : `${detail}.`, { problems });
        }
        let timedOut: boolean | undefined;
        if (wait.value !== undefined) {
          const gone = new AbortController();
          res.on('close', () => gone.abort());
          ({ timedOut } = await emu.delivery.waitFor(filter.value, min.value ?? 1, wait.value, gone.signal));
          if (res.writableEnded || res.destroyed) return;
        }
        const found = emu.delivery.query(filter.value, { limit: limit.value ?? Math.max(DEFAULT_LIMIT, min.value ?? 0), order });
        const payload = payloadWanted(req, true);
        res.json({
          deliveries: found.deliveries.map((d) => toView(d, { payload })),
          total: found.total,
          ...(timedOut === undefined ? {} : { timedOut }),
        });
      },
    },
    {
      method: 'get',
      path: '/deliveries/:id',
      summary: 'One delivery with every attempt',
      handler: (req, res) => {
        const id = String(req.params.id);
        const delivery = emu.delivery.get(id);
        if (!delivery) return notFound(emu, res, id);
        res.json(toView(delivery));
      },
    },
    {
      method: 'post',
      path: '/deliveries/:id/redeliver',
      summary: 'Send a delivery again, as a new delivery (redeliveryOf names the original)',
      handler: (req, res) => {
        const id = String(req.params.id);
        const delivery = emu.delivery.redeliver(id);
        if (!delivery) return notFound(emu, res, id);
        res.status(201).json(toView(delivery));
      },
    },
    {
      method: 'get',
      path: '/stats',
      summary: 'Delivery counts by state, attempts by outcome, in flight, journal size',
      handler: (_req, res) => {
        res.json({ ...emu.delivery.stats(), retryDelays: retryDelays(emu.config.get().delivery.retry) });
      },
    },
    {
      method: 'get',
      path: '/stream',
      summary: 'Server-Sent Events: every delivery change (same filters as /deliveries; payload=true adds payloads)',
      handler: (req, res) => {
        const filter = parseFilter(req);
        if (!filter.ok) return sendProblem(res, 400, 'INVALID_QUERY', filter.problem);
        deliveryStream(emu, req, res, filter.value, payloadWanted(req, false));
      },
    },
  ];
}

function notFound(emu: Emulator, res: Parameters<typeof sendProblem>[0], id: string): void {
  const max = emu.config.get().delivery.journal.maxDeliveries;
  sendProblem(
    res,
    404,
    'DELIVERY_NOT_FOUND',
    `No delivery "${id}" in the journal. Ids look like dlv_1; settled deliveries are evicted past delivery.journal.maxDeliveries (${max}), and reset empties the journal.`,
  );
}
