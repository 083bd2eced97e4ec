import { eventTypesFor, type EventType, type PayloadVersion } from '../core/event-types.js';
import type { Delivery } from '../delivery/delivery-domain.js';
import { formOf, pick, type CaseContext, type CaseSpec } from './check-context.js';
import { allAnswered, answeredWithout5xx, attemptProblem, failed, lastAttempt, passed, skipped, snippet, statusNote, type Verdict } from './judge.js';

/** The cases about how things arrive: retries, duplicates, order, bursts, slow and bad bodies, and still being alive. */

/** A seeded (type, version) among those checked. */
function anyPair(ctx: CaseContext): { type: EventType; version: PayloadVersion } {
  const version = pick(ctx.random, ctx.plan.versions);
  const types = ctx.plan.types.filter((t) => eventTypesFor(version).includes(t));
  return { type: pick(ctx.random, types.length > 0 ? types : ctx.plan.types), version: types.length > 0 ? version : 'v2' };
}

/** Data-API actions that create something: a second one for the same webhook is a duplicate record. */
const CREATING = ['createcustomer', 'createproject'];

export const retryAfterCutOff: CaseSpec = {
  id: 'retries/after-cut-off',
  title: 'a retry after a cut-off first attempt is answered 2xx',
  source: 'Solar Proof: "on an error Solar Proof may retry"; "expect the same webhook more than once"',
  run: async (ctx) => {
    const { type, version } = anyPair(ctx);
    const id = ctx.send(ctx.happen(type, version), { outcomes: ['abort', 'normal'], retrySchedule: [0] });
    const [d] = await ctx.settled([id]);
    const what = `the retry of ${formOf(type, version)} (its first attempt was cut off half-way through the body)`;
    const problem = attemptProblem(lastAttempt(d), what, ctx.plan.timeoutMs);
    return problem ? failed(problem) : passed(statusNote(d, what));
  },
};

export const duplicate: CaseSpec = {
  id: 'retries/duplicate',
  title: 'the same delivery twice: both answered 2xx, nothing created twice',
  source: 'Solar Proof: "expect the same webhook more than once"',
  run: async (ctx) => {
    const { type, version } = anyPair(ctx);
    const event = ctx.happen(type, version);
    const [first] = await ctx.settled([ctx.send(event)]);
    const [second] = await ctx.settled([ctx.send(event)]);
    // A receiver that processes asynchronously may call back just after it answered.
    await ctx.pause(Math.min(200, ctx.plan.timeoutMs / 5));
    const problem =
      attemptProblem(lastAttempt(first), `the first copy of ${formOf(type, version)}`, ctx.plan.timeoutMs) ??
      attemptProblem(lastAttempt(second), `a duplicate of ${formOf(type, version)} (byte-identical to one it answered 2xx)`, ctx.plan.timeoutMs);
    if (problem) return failed(problem);
    for (const action of CREATING) {
      const n = ctx.callbacks().filter((c) => c.action === action && c.status === 200).length;
      if (n > 1) return failed(`the duplicate caused a second ${action} (${n} calls for one webhook): store by id (customer_id, project_id) before creating`);
    }
    return passed(statusNote(second, 'a duplicate'));
  },
};

export const outOfOrder: CaseSpec = {
  id: 'order/older-after-newer',
  title: 'an older status change after a newer one is answered 2xx',
  source: 'Practice: Solar Proof promises no order; deliveries and retries run concurrently',
  run: async (ctx) => {
    if (!ctx.plan.types.includes('customer_status_change')) return skipped('customer_status_change is not among the checked types');
    const version = pick(ctx.random, ctx.plan.versions);
    const older = ctx.happen('customer_status_change', version);
    const newer = ctx.happen('customer_status_change', version, { customerId: older.subject.customerId });
    const [n] = await ctx.settled([ctx.send(newer)]);
    const [o] = await ctx.settled([ctx.send(older)]);
    const what = formOf('customer_status_change', version);
    const problem = attemptProblem(lastAttempt(n), `the newer ${what}`, ctx.plan.timeoutMs) ?? attemptProblem(lastAttempt(o), `an older ${what} sent after a newer one for the same customer`, ctx.plan.timeoutMs);
    return problem ? failed(problem) : passed();
  },
};

export const burst: CaseSpec = {
  id: 'load/burst',
  title: 'a burst of concurrent deliveries, all answered 2xx in time',
  source: 'Solar Proof: "answer 200 within 5 seconds"; practice: bulk imports and status changes arrive together',
  run: async (ctx) => {
    const pairs = ctx.plan.versions.flatMap((version) => ctx.plan.types.filter((t) => eventTypesFor(version).includes(t)).map((type) => ({ type, version })));
    const sent = Array.from({ length: ctx.plan.burst }, (_, i) => pairs[i % pairs.length]!);
    const ids = sent.map(({ type, version }) => ctx.send(ctx.happen(type, version)));
    const settled = await ctx.settled(ids);
    const problem = allAnswered(settled, (i) => `${formOf(sent[i]!.type, sent[i]!.version)} (one of ${ids.length} sent at once)`, ctx.plan.timeoutMs);
    return problem ? failed(problem) : passed();
  },
};

export const slowBody: CaseSpec = {
  id: 'network/slow-body',
  title: 'a slowly dribbled request body is read and answered 2xx in time',
  source: 'Practice: slow mobile and satellite links on installers\' sites; Solar Proof allows 5 s for the whole answer',
  run: async (ctx) => {
    const { type, version } = anyPair(ctx);
    const [d] = await ctx.settled([ctx.send(ctx.happen(type, version), { outcomes: ['slowBody'] })]);
    const what = `${formOf(type, version)} dribbled over ${ctx.plan.slowBodyMs} ms`;
    const a = lastAttempt(d);
    const problem = attemptProblem(a, what, ctx.plan.timeoutMs);
    if (problem) return failed(problem);
    // An answer long before the last byte was sent: the receiver did not read the body it answered for.
    if (a && a.durationMs < ctx.plan.slowBodyMs / 2) {
      return failed(`answered ${a.status} to ${what} after ${a.durationMs} ms, before the body had arrived: the receiver answers without reading the body (no body parser?), so it cannot have checked or stored it`);
    }
    return passed(statusNote(d, what));
  },
};

/** A bad request (`outcome`), then a valid event: the bad one is not a 5xx, the valid one still 2xx. */
function badBodyCase(id: string, title: string, source: string, outcome: 'malformedJson' | 'wrongContentType', words: string, noteFor: (d: Delivery | undefined) => string | undefined): CaseSpec {
  return {
    id,
    title,
    source,
    run: async (ctx) => {
      const { type, version } = anyPair(ctx);
      const [bad] = await ctx.settled([ctx.send(ctx.happen(type, version), { outcomes: [outcome] })]);
      const [next] = await ctx.settled([ctx.send(ctx.happen(type, version))]);
      const a = lastAttempt(bad);
      const badWords = `${formOf(type, version)} ${words}`;
      if (!answeredWithout5xx(a)) {
        const why = attemptProblem(a, badWords, ctx.plan.timeoutMs) ?? `answered ${a?.status} to ${badWords}`;
        return failed(`${why}; a body the receiver cannot use deserves a 4xx (a 5xx asks Solar Proof to send it again)`);
      }
      const problem = attemptProblem(lastAttempt(next), `${formOf(type, version)} (valid), sent right after one ${words}`, ctx.plan.timeoutMs);
      return problem ? failed(problem) : passed(noteFor(bad));
    },
  };
}

export const malformedBody = badBodyCase(
  'bodies/malformed',
  'a malformed JSON body is not a 5xx, and the next event is still answered',
  'Solar Proof: "validate payloads"; practice: a proxy or a bug can garble a body',
  'malformedJson',
  'with a syntax error (a comma before the closing bracket)',
  (d) => (lastAttempt(d)?.outcome === 'success' ? `answered ${lastAttempt(d)?.status} to a body that is not JSON: fine if it is validated later, but nothing in it can be used` : undefined),
);

export const wrongContentType = badBodyCase(
  'bodies/wrong-content-type',
  'a JSON body labelled text/plain is not a 5xx, and the next event is still answered',
  'Practice: proxies relabel bodies; Solar Proof sends application/json',
  'wrongContentType',
  'labelled text/plain; charset=utf-8',
  (d) => {
    const a = lastAttempt(d);
    return a?.outcome === 'http_error' ? `refused valid JSON labelled text/plain with ${a.status} (body ${snippet(a.responseBody)}); parse the body whatever its Content-Type` : undefined;
  },
);

export const stillAlive: CaseSpec = {
  id: 'alive/at-the-end',
  title: 'still answers 2xx after everything above',
  source: 'Practice: a receiver that crashed on a bad body answers nothing afterwards',
  run: async (ctx) => {
    const { type, version } = anyPair(ctx);
    const [d] = await ctx.settled([ctx.send(ctx.happen(type, version))]);
    const problem = attemptProblem(lastAttempt(d), `${formOf(type, version)} at the end of the check`, ctx.plan.timeoutMs);
    return problem ? failed(problem) : passed();
  },
};
