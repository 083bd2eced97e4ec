import { EmulatorError } from '../core/errors.js';
import { formatIssues } from '../core/format-issues.js';
import { VERSION } from '../core/version.js';
import type { Account } from '../core/account.js';
import type { PartState } from '../core/lifecycle.js';
import { documentVersion, STATE_FORMAT, STATE_VERSION, stateDocumentSchema, type StateDocument } from './state-document.js';

/**
 * What the state document is gathered from: the parts' shares (`PartState`, in document order,
 * which is also the order they take a document back: config, subscriptions, catalogue,
 * deliveries, schedules), and what a document is checked against.
 */
export interface StateParts {
  seed: number;
  /** The API keys: a document keeps the ones in force when they differ from the configured ones. */
  accounts: {
    configured(): ReadonlyArray<{ apiKey: string }>;
    changed(): Account[] | undefined;
    replace(accounts: readonly Account[] | undefined): void;
  };
  shares: readonly PartState[];
  /** Runs before the parts take the new state (e.g. cancel scenario runs). */
  beforeRestore(): void;
  now(): number;
}

/** The keys of the document the parts fill, in order; a share under another key is a wiring bug. */
const SHARE_KEYS = ['config', 'subscriptions', 'catalogue', 'deliveries', 'schedules'] as const;
type ShareKey = (typeof SHARE_KEYS)[number];

function sharesByKey(parts: StateParts): Array<[ShareKey, PartState]> {
  const byKey = new Map(parts.shares.map((s) => [s.key, s]));
  return SHARE_KEYS.map((key) => {
    const share = byKey.get(key);
    if (share === undefined) throw new Error(`no part holds the state document's "${key}"`);
    return [key, share];
  });
}

/** The whole state, as one versioned document. */
export function captureState(parts: StateParts): StateDocument {
  const doc: Record<string, unknown> = {
    format: STATE_FORMAT,
    version: STATE_VERSION,
    savedAt: new Date(parts.now()).toISOString(),
    emulatorVersion: VERSION,
    seed: parts.seed,
  };
  const accounts = parts.accounts.changed();
  if (accounts !== undefined) doc.accounts = accounts;
  for (const [key, share] of sharesByKey(parts)) doc[key] = share.snapshot();
  return doc as unknown as StateDocument;
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
  // The document's own keys when it has them (added or revoked at run time), else the configured ones.
  const known = (doc.accounts ?? parts.accounts.configured()).map((a) => a.apiKey);
  doc.catalogue.world.accounts.forEach((a, i) => {
    if (!known.includes(a.apiKey)) problems.push(`catalogue.world.accounts.${i}.apiKey: no configured account has the key "${a.apiKey}" (configured: ${known.join(', ')}); start with the same --api-key set`);
  });
  doc.subscriptions.subscriptions.forEach((s, i) => {
    if (!known.includes(s.apiKey)) problems.push(`subscriptions.subscriptions.${i}.apiKey: no configured account has the key "${s.apiKey}"`);
  });
  for (const [key, share] of sharesByKey(parts)) problems.push(...(share.problems?.(doc[key]) ?? []));
  return { problems, newer: false, doc };
}

/** Replaces the state of every part with `input`'s, or throws InvalidStateError and changes nothing. */
export function restoreState(parts: StateParts, input: unknown): StateDocument {
  const { problems, newer, doc } = stateProblems(parts, input);
  if (problems.length > 0 || !doc) throw new InvalidStateError(problems, newer);
  parts.beforeRestore();
  // Keys first: the world restored next has a part for each key in force.
  parts.accounts.replace(doc.accounts);
  for (const [key, share] of sharesByKey(parts)) share.restore(doc[key]);
  return doc;
}
