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
