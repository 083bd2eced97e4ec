import type { AccountWorld } from './account-world.js';
import type { Customer, Project, SalesUser } from './entities.js';
import type { EntityMaker } from './entity-maker.js';
import type { WorldClock } from './world-clock.js';

/** The world's part of a state document (see `World.snapshot`): plain, JSON-serialisable data. */
export interface WorldState {
  /** World time, epoch ms. */
  clock: number;
  nextCustomerId: number;
  nextProjectId: number;
  accounts: Array<{ apiKey: string; users: SalesUser[]; customers: Customer[]; projects: Project[] }>;
}
export type WorldSnapshot = WorldState;

/** What a snapshot reads and a restore writes: the clock, the id counters and every account's world. */
export interface WorldParts {
  clock: WorldClock;
  maker: EntityMaker;
  byKey: ReadonlyMap<string, AccountWorld>;
  /** The account's world; throws UnknownSubjectError for a key the world does not have. */
  account(apiKey: string): AccountWorld;
}

/**
 * The world's part of a state document: its clock, the id counters and every account's staff,
 * customers and projects. (New world state adds its own fields here and in `restoreWorld`.)
 */
export function snapshotWorld(p: WorldParts): WorldState {
  return {
    clock: p.clock.now(),
    nextCustomerId: p.maker.nextCustomerId,
    nextProjectId: p.maker.nextProjectId,
    accounts: [...p.byKey.entries()].map(([apiKey, w]) => ({
      apiKey,
      users: w.users.map((u) => ({ ...u })),
      customers: [...w.customers.values()].map((c) => structuredClone(c)),
      projects: [...w.projects.values()].map((pr) => structuredClone(pr)),
    })),
  };
}

/** Continues from a snapshot: ids go on from its counters, never reissued. Every apiKey must be configured. */
export function restoreWorld(p: WorldParts, state: WorldState): void {
  for (const a of state.accounts) p.account(a.apiKey); // throws before anything changes
  p.clock.restore(state.clock);
  p.maker.nextCustomerId = state.nextCustomerId;
  p.maker.nextProjectId = state.nextProjectId;
  for (const a of state.accounts) p.account(a.apiKey).load(a.users, a.customers.map((c) => structuredClone(c)), a.projects.map((pr) => structuredClone(pr)));
}

/** One record of the data dir's log for the world: the counters, and each touched customer as it is now (with its projects) or gone. */
export interface WorldChanges {
  clock: number;
  nextCustomerId: number;
  nextProjectId: number;
  accounts: Array<{ apiKey: string; put: Customer[]; projects: Project[]; gone: number[] }>;
}

/** What changed since the last call: reads and empties each account's touched customers. */
export function worldChanges(p: WorldParts): WorldChanges {
  const accounts: WorldChanges['accounts'] = [];
  for (const [apiKey, w] of p.byKey) {
    if (w.touched === undefined || w.touched.size === 0) {
      w.touched = new Set(); // from the first call on, changes are kept (a snapshot holds what came before)
      continue;
    }
    const entry: WorldChanges['accounts'][number] = { apiKey, put: [], projects: [], gone: [] };
    for (const id of w.touched) {
      const c = w.customers.get(id);
      if (c === undefined) {
        entry.gone.push(id);
        continue;
      }
      entry.put.push(structuredClone(c));
      for (const pid of c.projectIds) {
        const pr = w.projects.get(pid);
        if (pr) entry.projects.push(structuredClone(pr));
      }
    }
    w.touched = new Set();
    accounts.push(entry);
  }
  return { clock: p.clock.now(), nextCustomerId: p.maker.nextCustomerId, nextProjectId: p.maker.nextProjectId, accounts };
}

/** `state` with the log's world records applied, oldest first (customers keep their order; a new one goes last). */
export function replayWorld(state: WorldState, records: readonly WorldChanges[]): WorldState {
  const byKey = new Map(state.accounts.map((a) => [a.apiKey, { a, customers: new Map(a.customers.map((c) => [c.id, c])), projects: new Map(a.projects.map((pr) => [pr.id, pr])) }]));
  let out = state;
  for (const r of records) {
    out = { ...out, clock: r.clock, nextCustomerId: r.nextCustomerId, nextProjectId: r.nextProjectId };
    for (const change of r.accounts) {
      const acc = byKey.get(change.apiKey);
      if (!acc) continue;
      for (const id of change.gone) {
        for (const pid of acc.customers.get(id)?.projectIds ?? []) acc.projects.delete(pid);
        acc.customers.delete(id);
      }
      for (const c of change.put) acc.customers.set(c.id, c);
      for (const pr of change.projects) acc.projects.set(pr.id, pr);
    }
  }
  return { ...out, accounts: [...byKey.values()].map(({ a, customers, projects }) => ({ ...a, customers: [...customers.values()], projects: [...projects.values()] })) };
}
