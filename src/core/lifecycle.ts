/**
 * The lifecycle every part of the emulator takes part in. The composition root keeps its parts
 * in one list, in the order it builds them, and runs each step over the whole list, so a part
 * added to the list cannot be forgotten by one of the steps:
 *
 * - `reset`: back to the start state with the same seed, in build order (a part is reset after
 *   what it reads from);
 * - `drain`: a graceful stop begins, in reverse build order (what makes work stops before what
 *   carries it out: schedules before the delivery engine);
 * - `close`: stop for good, in reverse build order; safe to call twice;
 * - `state`: the part's share of the state document (`GET/PUT /_emulator/state`, the data dir),
 *   under its own key.
 *
 * @example
 *   const schedulesPart: Part = { name: 'schedules', reset: () => scheduler.reset(), close: () => scheduler.close() };
 */
export interface Part {
  /** Names the part in logs and errors (`drain` of "schedules" failed ...). */
  readonly name: string;
  reset?(): void | Promise<void>;
  /** Finish what is under way for up to `graceMs`, take no new work. */
  drain?(graceMs: number): void | Promise<void>;
  close?(): void | Promise<void>;
  /** Its share of the state document; see `StatefulPart`. */
  readonly state?: PartState;
}

/** A part's share of the state document: what it saves, what it can check, how it takes it back. */
export interface PartState<S = unknown> {
  /** The document key (`subscriptions`, `catalogue`, `deliveries`, `schedules`, `config`). */
  readonly key: string;
  snapshot(): S;
  /** Every problem `state` would cause, by path under `key`; empty when it can be restored. */
  problems?(state: S): string[];
  /** Takes `state` (already checked, whole document first); never called with a refused one. */
  restore(state: S): void;
  /**
   * What changed since the last call, as one record for the data dir's log (undefined: nothing);
   * a share without it is logged whole whenever its snapshot differs (fine for small ones).
   */
  changes?(): unknown;
  /** `state` with `records` (from `changes`, oldest first) applied: recovery is snapshot + log. */
  replay?(state: S, records: readonly unknown[]): S;
}

/** A part with a share of the state document. */
export interface StatefulPart<S = unknown> extends Part {
  readonly state: PartState<S>;
}

/** Runs `step` over `parts` in order (or reversed), awaiting each: the root's one loop. */
export async function runLifecycle(parts: readonly Part[], step: 'reset' | 'close', order: 'build' | 'reverse'): Promise<void> {
  const list = order === 'build' ? parts : [...parts].reverse();
  for (const part of list) await part[step]?.();
}
