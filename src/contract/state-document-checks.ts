import type { z } from 'zod';
import { worldTimeProblem } from '../core/time-range.js';

/**
 * The checks a state document must pass as a whole, beyond each field's shape: every counter at
 * or above the ids it covers (so the next id issued is new), ids unique, the world clock in a
 * range events can move on from. Each problem is an issue at its path.
 */
type Ctx = z.core.$RefinementCtx<unknown>;
type Path = Array<string | number>;

interface Doc {
  subscriptions: { counter: number; subscriptions: Array<{ id: string }> };
  catalogue: { nextEventId: number; world: { clock: number; nextCustomerId: number; nextProjectId: number; accounts: Array<{ customers: Array<{ id: number }>; projects: Array<{ id: number }> }> } };
  deliveries: { counter: number; deliveries: Array<{ id: string; event: { id: string } }> };
  schedules: { nextId: number; schedules: Array<{ id: string }> };
}

/** `sub_12` -> 12; undefined for an id not of that form. */
function idNumber(id: string, prefix: string): number | undefined {
  const m = new RegExp(`^${prefix}_([1-9]\\d{0,14})$`).exec(id);
  return m ? Number(m[1]) : undefined;
}

/**
 * Ids unique; the highest `<prefix>_<n>` at most `counter` (`inclusive`: counter is the last id
 * issued) or below it (counter is the next id).
 */
function checkIds(ctx: Ctx, ids: Array<{ id: string; path: Path }>, prefix: string, counter: { value: number; path: Path; next: boolean }): void {
  const seen = new Map<string, Path>();
  let highest = 0;
  let highestId = '';
  for (const { id, path } of ids) {
    const first = seen.get(id);
    if (first) ctx.addIssue({ code: 'custom', path, message: `duplicate id ${id} (also at ${first.join('.')})` });
    else seen.set(id, path);
    const n = idNumber(id, prefix);
    if (n !== undefined && n > highest) [highest, highestId] = [n, id];
  }
  const least = counter.next ? highest + 1 : highest;
  if (highest > 0 && counter.value < least) {
    const what = counter.next ? `above the highest id (${highestId}): the next id is ${prefix}_<counter>` : `at least ${highest}, the highest id (${highestId})`;
    ctx.addIssue({ code: 'custom', path: counter.path, message: `must be ${counter.next ? `at least ${least}, ` : ''}${what}` });
  }
}

/** Numeric entity ids (customers, projects: one sequence for every account) below their next id. */
function checkEntityIds(ctx: Ctx, rows: Array<{ id: number; path: Path }>, what: string, next: { value: number; path: Path }): void {
  const seen = new Map<number, Path>();
  let highest = 0;
  for (const { id, path } of rows) {
    const first = seen.get(id);
    if (first) ctx.addIssue({ code: 'custom', path, message: `duplicate ${what} id ${id} (also at ${first.join('.')})` });
    else seen.set(id, path);
    highest = Math.max(highest, id);
  }
  if (highest >= next.value) ctx.addIssue({ code: 'custom', path: next.path, message: `must be above the highest ${what} id (${highest}), or the next ${what} would reuse an id` });
}

/** Every whole-document check; called from the state document schema's superRefine. */
export function checkStateDocument(doc: Doc, ctx: Ctx): void {
  const { subscriptions: subs, catalogue, deliveries, schedules } = doc;
  const world = catalogue.world;
  checkIds(ctx, subs.subscriptions.map((s, i) => ({ id: s.id, path: ['subscriptions', 'subscriptions', i, 'id'] })), 'sub', { value: subs.counter, path: ['subscriptions', 'counter'], next: false });
  checkIds(ctx, schedules.schedules.map((s, i) => ({ id: s.id, path: ['schedules', 'schedules', i, 'id'] })), 'sch', { value: schedules.nextId, path: ['schedules', 'nextId'], next: true });
  // Deliveries' own ids are checked in their section (rising, under the counter); their events here.
  const events = new Map<string, Path>();
  deliveries.deliveries.forEach((d, i) => events.has(d.event.id) || events.set(d.event.id, ['deliveries', 'deliveries', i, 'event', 'id']));
  let highestEvent = 0;
  for (const id of events.keys()) highestEvent = Math.max(highestEvent, idNumber(id, 'evt') ?? 0);
  if (highestEvent >= catalogue.nextEventId) {
    ctx.addIssue({ code: 'custom', path: ['catalogue', 'nextEventId'], message: `must be above the highest event id in the journal (evt_${highestEvent}), or the next event would reuse it` });
  }
  const customers = world.accounts.flatMap((a, i) => a.customers.map((c, j) => ({ id: c.id, path: ['catalogue', 'world', 'accounts', i, 'customers', j, 'id'] })));
  const projects = world.accounts.flatMap((a, i) => a.projects.map((p, j) => ({ id: p.id, path: ['catalogue', 'world', 'accounts', i, 'projects', j, 'id'] })));
  checkEntityIds(ctx, customers, 'customer', { value: world.nextCustomerId, path: ['catalogue', 'world', 'nextCustomerId'] });
  checkEntityIds(ctx, projects, 'project', { value: world.nextProjectId, path: ['catalogue', 'world', 'nextProjectId'] });
  const clock = worldTimeProblem(world.clock);
  if (clock) ctx.addIssue({ code: 'custom', path: ['catalogue', 'world', 'clock'], message: clock });
}
