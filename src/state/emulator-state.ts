import type { Config } from '../config/config-schema.js';
import type { ConfigUpdate } from '../config/config-store.js';
import { EmulatorError } from '../core/errors.js';
import { formatIssues } from '../core/format-issues.js';
import { VERSION } from '../core/version.js';
import type { CatalogueState } from '../catalogue/catalogue.js';
import type { DeliveriesState } from '../delivery/delivery-engine.js';
import type { SchedulesState } from '../schedules/scheduler.js';
import type { SubscriptionsState } from '../solarproof/subscription-store.js';
import { documentVersion, STATE_FORMAT, STATE_VERSION, stateDocumentSchema, type StateDocument } from './state-document.js';

/** Each part that holds state: its `snapshot()` and `restore(state)`. */
export interface StateParts {
  seed: number;
  accounts: { get(apiKey: string): unknown; all(): ReadonlyArray<{ apiKey: string }> };
  config: { get(): Config; restore(saved: unknown, apply?: boolean): ConfigUpdate };
  subscriptions: { snapshot(): SubscriptionsState; restore(state: SubscriptionsState): void };
  catalogue: { snapshot(): CatalogueState; restore(state: CatalogueState): void };
  delivery: { snapshot(): DeliveriesState; restore(state: DeliveriesState): void };
  schedules: { snapshot(): SchedulesState; restore(state: SchedulesState): void; problems(state: SchedulesState): string[] };
  /** Runs before the parts take the new state (e.g. cancel scenario runs). */
  beforeRestore(): void;
  now(): number;
}

/** The whole state, as one versioned document. */
export function captureState(parts: StateParts): StateDocument {
  return {
    format: STATE_FORMAT,
    version: STATE_VERSION,
    savedAt: new Date(parts.now()).toISOString(),
    emulatorVersion: VERSION,
    seed: parts.seed,
    config: parts.config.get() as unknown as Record<string, unknown>,
    subscriptions: parts.subscriptions.snapshot(),
    catalogue: parts.catalogue.snapshot() as unknown as StateDocument['catalogue'],
    deliveries: parts.delivery.snapshot() as unknown as StateDocument['deliveries'],
    schedules: parts.schedules.snapshot(),
  };
}

/** A state document that cannot be taken: every problem by path; nothing was changed. */
export class InvalidStateError extends EmulatorError {
  constructor(
    readonly problems: string[],
    readonly newer = false,
  ) {
    super('INVALID_STATE', `The state document was not loaded and nothing changed; fix these: ${problems.join('; ')}`, { extra: { problems } });
    this.name = 'InvalidStateError';
  }
}

/** Every problem with `input` as a state document for these parts (empty: it can be restored). */
export function stateProblems(parts: StateParts, input: unknown): { problems: string[]; newer: boolean; doc?: StateDocument } {
  const { format, version } = documentVersion(input);
  if (format === STATE_FORMAT && typeof version === 'number' && version > STATE_VERSION) {
    return { problems: [`version: ${version} was written by a newer solarproof-mock (this one reads version ${STATE_VERSION}); upgrade solarproof-mock to load it`], newer: true };
  }
  const parsed = stateDocumentSchema.safeParse(input);
  if (!parsed.success) return { problems: formatIssues(parsed.error.issues, input), newer: false };
  const doc = parsed.data;
  const problems: string[] = [];
  const known = parts.accounts.all().map((a) => a.apiKey);
  doc.catalogue.world.accounts.forEach((a, i) => {
    if (parts.accounts.get(a.apiKey) === undefined) problems.push(`catalogue.world.accounts.${i}.apiKey: no configured account has the key "${a.apiKey}" (configured: ${known.join(', ')}); start with the same --api-key set`);
  });
  doc.subscriptions.subscriptions.forEach((s, i) => {
    if (parts.accounts.get(s.apiKey) === undefined) problems.push(`subscriptions.subscriptions.${i}.apiKey: no configured account has the key "${s.apiKey}"`);
  });
  const config = parts.config.restore(doc.config, false);
  if (!config.ok) problems.push(...config.problems);
  problems.push(...parts.schedules.problems(doc.schedules as SchedulesState));
  return { problems, newer: false, doc };
}

/** Replaces the state of every part with `input`'s, or throws InvalidStateError and changes nothing. */
export function restoreState(parts: StateParts, input: unknown): StateDocument {
  const { problems, newer, doc } = stateProblems(parts, input);
  if (problems.length > 0 || !doc) throw new InvalidStateError(problems, newer);
  parts.beforeRestore();
  parts.config.restore(doc.config);
  parts.subscriptions.restore(doc.subscriptions);
  parts.catalogue.restore(doc.catalogue as unknown as CatalogueState);
  parts.delivery.restore(doc.deliveries as unknown as DeliveriesState);
  parts.schedules.restore(doc.schedules as SchedulesState);
  return doc;
}
