import { z } from 'zod';
import type { Account } from '../core/account.js';
import type { Random } from '../core/random.js';
import type { WorldConfig } from '../config/world-config.js';
import type { HappenRequest } from '../events/event-trigger.js';
import type { AccountEvent } from '../core/event.js';
import { worldStart } from '../world/world-clock.js';
import { loadSeedCustomers } from '../world/seed-customers.js';
import type { World } from '../world/world.js';
import type { SubjectRequest } from '../core/subject.js';
import { checkOverrides } from './apply-overrides.js';
import { CatalogueCore, EXAMPLE_ORDER, EXAMPLE_SEED, sampleHappenings, type CatalogueState } from './catalogue-core.js';
export type { CatalogueState } from './catalogue-core.js';
import { PAYLOAD_VERSIONS, eventTypesFor, type EventType, type PayloadVersion } from '../core/event-types.js';
import { PAYLOAD_DEFINITIONS, builtInSpec } from './payload-definitions.js';
import type { VersionSpec } from './payload-definition.js';
import { loadTemplates, type RawTemplates } from './template-file.js';
import { templateSpec } from './template-spec.js';


/** One entry of `GET /_emulator/event-types`. */
export interface EventTypeInfo {
  type: EventType;
  description: string;
  payloadVersion: PayloadVersion;
  /** True when Solar Proof does not document this payload and the emulator designed it. */
  inferred: boolean;
  /** Fields added to a documented payload. */
  inferredFields?: readonly string[];
  /** True when a user template (world.templatesFile) replaces the built-in payload. */
  templated: boolean;
  shape: 'object' | 'array';
  /** JSON Schema (draft 2020-12) of the whole payload. */
  schema: unknown;
  example: unknown;
}

export interface Catalogue {
  /**
   * Makes one event happen in `apiKey`'s world and returns it (payload rendered for the current
   * payloadVersion). Trusts its request: the event trigger has checked type and key.
   */
  happen(req: HappenRequest): AccountEvent;
  /** Throws an OverrideError (with `field`) when `overrides` do not fit (type, version)'s payload. */
  checkOverrides(type: EventType, version: PayloadVersion, overrides: Record<string, unknown>): void;
  /** Per type known in `version`: its description, schema and an example. */
  describe(version: PayloadVersion): EventTypeInfo[];
  /** The zod schema of the whole payload of (type, version), or undefined when unknown. */
  schemaFor(type: EventType, version: PayloadVersion): z.ZodType | undefined;
  /** Fresh world from the same seed; event ids restart at evt_1. */
  reset(): void;
  /** The world events happen in now (reset replaces it): the data API reads and writes it. */
  world(): World;
  /** The world and the event counter, for a state document. */
  snapshot(): CatalogueState;
  /** Continues from a snapshot: no event or entity id is issued twice. */
  restore(state: CatalogueState): void;
}

/**
 * The event catalogue: the seeded world and a payload spec per (type, version).
 *
 * @example
 *   const event = catalogue.happen({ type: 'customer_created', apiKey: 'sp_test_key' });
 *   event.payload // { customer_id: 79460, customer_uid: '3fa2c1d9', ... }
 */
export interface CatalogueDeps {
  accounts: readonly Account[];
  /** The world settings in force (read again at reset: `world.startTime` may be "now"). */
  world(): WorldConfig;
  payloadVersion(): PayloadVersion;
  /** The catalogue's own random stream: it seeds the world's Faker. */
  random: Random;
  /** Wall clock, epoch ms (for `world.startTime: "now"`). */
  now(): number;
  /** `payloadStyle` in force (default json). */
  payloadStyle?(): 'json' | 'php';
}

export function createCatalogue(deps: CatalogueDeps): Catalogue {
  const { accounts } = deps;
  const world = deps.world();
  const startTime = (): number => worldStart(deps.world().startTime, deps.now);
  const templates: RawTemplates = world.templatesFile ? loadTemplates(world.templatesFile) : new Map();
  // Every (type, version) spec is settled once, here: a user template, or the built-in one.
  const specs = new Map<string, VersionSpec>();
  for (const version of PAYLOAD_VERSIONS) {
    const samples = templates.size > 0 ? sampleHappenings(accounts, startTime(), version) : undefined;
    for (const type of eventTypesFor(version)) {
      const key = `${type}:${version}` as const;
      const raw = templates.get(key);
      const builtIn = builtInSpec(type, version);
      const spec = raw && samples ? templateSpec(`${type}.${version}`, raw, builtIn, samples.get(type)!) : builtIn;
      if (spec) specs.set(key, spec);
    }
  }
  const cachedSpec = (type: EventType, version: PayloadVersion): VersionSpec | undefined => specs.get(`${type}:${version}`);
  const schemas = new Map<string, z.ZodType>();
  const schemaFor = (type: EventType, version: PayloadVersion): z.ZodType | undefined => {
    const spec = cachedSpec(type, version);
    if (!spec) return undefined;
    const key = `${type}:${version}`;
    if (!schemas.has(key)) schemas.set(key, spec.shape === 'array' ? z.array(spec.item).min(1) : spec.item);
    return schemas.get(key);
  };

  const seed = deps.random.int(0, 2_147_483_646);
  const seedCustomers = world.customersFile ? loadSeedCustomers(world.customersFile, accounts.map((a) => a.apiKey)) : [];
  const core = new CatalogueCore({
    accounts,
    seed,
    startTime,
    salesUsers: world.salesUsers,
    maxCustomers: world.maxCustomers,
    initialCustomers: world.initialCustomers,
    seedCustomers,
    proposalLinkBase: () => deps.world().proposalLinkBase,
    ...(deps.payloadStyle ? { payloadStyle: deps.payloadStyle } : {}),
    specFor: cachedSpec,
  });

  const described = new Map<PayloadVersion, EventTypeInfo[]>();
  const describe = (version: PayloadVersion): EventTypeInfo[] => {
    const hit = described.get(version);
    if (hit) return hit;
    const sandbox = new CatalogueCore({ accounts, seed: EXAMPLE_SEED, startTime, salesUsers: world.salesUsers, specFor: cachedSpec });
    const examples = new Map<EventType, unknown>();
    for (const type of EXAMPLE_ORDER.filter((t) => eventTypesFor(version).includes(t))) {
      examples.set(type, sandbox.happen({ type, version, apiKey: accounts[0]!.apiKey }).payload);
    }
    const infos = eventTypesFor(version).map((type): EventTypeInfo => {
      const spec = cachedSpec(type, version)!;
      return {
        type,
        description: PAYLOAD_DEFINITIONS[type].description,
        payloadVersion: version,
        inferred: spec.inferred,
        ...(spec.inferredFields ? { inferredFields: spec.inferredFields } : {}),
        templated: templates.has(`${type}:${version}` as const),
        shape: spec.shape,
        schema: z.toJSONSchema(schemaFor(type, version)!),
        example: examples.get(type),
      };
    });
    described.set(version, infos);
    return infos;
  };

  return {
    happen: (req) => core.happen({ ...req, version: deps.payloadVersion() }),
    checkOverrides(type, version, overrides) {
      const schema = schemaFor(type, version);
      if (schema === undefined) return;
      const item = schema instanceof z.ZodArray ? schema.element : schema;
      if (item instanceof z.ZodObject) checkOverrides(overrides, item, `${type} ${version}`);
    },
    describe,
    schemaFor,
    reset: () => core.reset(),
    world: () => core.currentWorld(),
    snapshot: () => core.snapshot(),
    restore: (state) => core.restore(state),
  };
}
