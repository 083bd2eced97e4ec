import type { Account } from '../core/account.js';
import type { AccountEvent } from '../core/event.js';
import { isoSeconds, WorldClock } from '../world/world-clock.js';
import { createWorldFaker, World, type Happening, type WorldState } from '../world/world.js';
import { type SubjectRequest } from '../core/subject.js';
import { checkOverrides, deepMerge, validateMerged } from './apply-overrides.js';
import { eventTypesFor, type EventType, type PayloadVersion } from '../core/event-types.js';
import type { VersionSpec } from './payload-definition.js';
import { phpJsonEncode, phpValues } from './php-style.js';
import type { SeedCustomer } from '../world/seed-customers.js';

/** A fixed seed for examples and template samples, so they never move the real world on. */
export const EXAMPLE_SEED = 2026;
/** Event order for examples and fixtures (customer_created first): each event finds the entities the earlier ones made. */
export const EXAMPLE_ORDER: readonly EventType[] = [
  'customer_created',
  'recent_draft_project',
  'published_proposal_link',
  'project_email_sent',
  'project_sms_sent',
  'customer_status_change',
  'contract_signed',
];

/** One happening per type `version` knows, from a sandbox world (for checking user templates). */
export function sampleHappenings(accounts: readonly Account[], startTime: number, version: PayloadVersion): Map<EventType, Happening> {
  const faker = createWorldFaker(EXAMPLE_SEED);
  const world = new World({ faker, clock: new WorldClock(startTime, faker), accounts, salesUsers: 2 });
  const out = new Map<EventType, Happening>();
  for (const type of EXAMPLE_ORDER) {
    if (eventTypesFor(version).includes(type)) out.set(type, world.happen(type, accounts[0]!.apiKey, {}, version));
  }
  return out;
}

export interface CoreOptions {
  accounts: readonly Account[];
  /** Seeds the one Faker instance behind the world. */
  seed: number;
  /** World-clock start, epoch ms (resolved from `world.startTime` by the caller). */
  startTime: () => number;
  salesUsers: number;
  maxCustomers?: number;
  /** Seeded existing customers per account (`world.initialCustomers`); 0 when absent. */
  initialCustomers?: number;
  /** The user's own customers (`world.customersFile`), already checked. */
  seedCustomers?: readonly SeedCustomer[];
  proposalLinkBase?: () => string | null;
  /** `json` (default) or `php`: numbers as strings and escaped slashes in payload and body. */
  payloadStyle?: () => 'json' | 'php';
  /** The spec of (type, version): a template from the templates file, or the built-in one. */
  specFor(type: EventType, version: PayloadVersion): VersionSpec | undefined;
}

export interface CoreRequest {
  type: EventType;
  apiKey: string;
  version: PayloadVersion;
  overrides?: Record<string, unknown>;
  subject?: SubjectRequest;
}

/**
 * A world plus its event counter, independent of the catalogue's deps so `describe` can render examples
 * from a sandbox without moving the real world on.
 */
/** The catalogue's part of a state document. */
export interface CatalogueState {
  /** The next event is `evt_<nextEventId>`. */
  nextEventId: number;
  world: WorldState;
}

export class CatalogueCore {
  private world!: World;
  private nextEventId = 1;

  constructor(private readonly opts: CoreOptions) {
    this.reset();
  }

  /** The world and the event counter, for a state document. */
  snapshot(): CatalogueState {
    return { nextEventId: this.nextEventId, world: this.world.snapshot() };
  }

  /**
   * Continues from a snapshot. Faker's internal state cannot be captured, so the world's random
   * stream is re-derived from (seed, next event id): the run goes on with new draws, and every id
   * continues from the saved counters.
   */
  restore(state: CatalogueState): void {
    const faker = createWorldFaker(this.opts.seed);
    faker.seed([this.opts.seed, state.nextEventId]);
    const world = new World({ faker, clock: new WorldClock(this.opts.startTime(), faker), accounts: this.opts.accounts, salesUsers: 0, maxCustomers: this.opts.maxCustomers });
    world.restore(state.world);
    this.world = world;
    this.nextEventId = state.nextEventId;
  }

  reset(): void {
    const faker = createWorldFaker(this.opts.seed);
    const clock = new WorldClock(this.opts.startTime(), faker);
    this.world = new World({
      faker,
      clock,
      accounts: this.opts.accounts,
      salesUsers: this.opts.salesUsers,
      maxCustomers: this.opts.maxCustomers,
      initialCustomers: this.opts.initialCustomers ?? 0,
      seedCustomers: this.opts.seedCustomers ?? [],
      proposalLinkBase: this.opts.proposalLinkBase ?? null,
    });
    this.nextEventId = 1;
  }

  /** The world events happen in (a new one after each reset). */
  currentWorld(): World {
    return this.world;
  }

  happen(req: CoreRequest): AccountEvent {
    const { type, version } = req;
    const spec = this.opts.specFor(type, version);
    // The event trigger checked the type against the payload version; no spec is a wiring bug.
    if (!spec) throw new Error(`no payload spec for ${type} ${version}`);
    const label = `${type} ${version}`;
    const overrides = req.overrides === undefined ? undefined : checkOverrides(req.overrides, spec.item, label);
    const h = this.world.happen(type, req.apiKey, req.subject ?? {}, version);
    let item = spec.render(h);
    if (overrides && Object.keys(overrides).length > 0) {
      item = deepMerge(item, overrides);
      validateMerged(item, spec.item, label);
    }
    const plain = spec.shape === 'array' ? [item] : item;
    const php = this.opts.payloadStyle?.() === 'php';
    const payload = php ? phpValues(plain) : plain;
    return {
      id: `evt_${this.nextEventId++}`,
      type,
      apiKey: req.apiKey,
      payloadVersion: version,
      payload,
      body: php ? phpJsonEncode(payload) : JSON.stringify(payload),
      occurredAt: isoSeconds(h.occurredAt),
      subject: h.project ? { customerId: h.customer.id, projectId: h.project.id } : { customerId: h.customer.id },
    };
  }
}
