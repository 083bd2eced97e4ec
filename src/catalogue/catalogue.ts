import { z } from 'zod';
import type { Account } from '../core/account.js';
import type { ExactRequest, HappenRequest } from '../events/event-trigger.js';
import type { AccountEvent } from '../core/event.js';
import type { Happening, World } from '../world/world.js';
import { replayWorld, type WorldChanges, type WorldState } from '../world/world-state.js';
import { checkOverrides } from './apply-overrides.js';
import { CatalogueCore, EXAMPLE_ORDER, type CatalogueState } from './catalogue-core.js';
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
  /** The same, with the events the requested one caused after it (docs/events.md, the stage model). */
  happenAll(req: HappenRequest): AccountEvent[];
  /** An event around an exact body (next event id, payload version in force); the world does not move. */
  exact(req: ExactRequest): AccountEvent;
  /** Throws an OverrideError (with `field`) when `overrides` do not fit (type, version)'s payload. */
  checkOverrides(type: EventType, version: PayloadVersion, overrides: Record<string, unknown>): void;
  /** Per type known in `version`: its description, schema and an example. */
  describe(version: PayloadVersion): EventTypeInfo[];
  /** The zod schema of the whole payload of (type, version), or undefined when unknown. */
  schemaFor(type: EventType, version: PayloadVersion): z.ZodType | undefined;
  /** Event ids restart at evt_1. (The world is its own part: the root resets it alongside.) */
  reset(): void;
  /** The world events happen in now (the world part's current one): the data API reads and writes it. */
  world(): World;
  /** The world and the event counter, for a state document. */
  snapshot(): CatalogueState;
  /** Continues from a snapshot: no event or entity id is issued twice. */
  restore(state: CatalogueState): void;
  /** The event counter and the world's changes since the last call (the data dir's log). */
  changes(): { nextEventId: number; world: WorldChanges };
  /** A snapshot with the log's records applied, oldest first. */
  replay(state: CatalogueState, records: readonly unknown[]): CatalogueState;
}

/** What the catalogue needs of the world part (see createWorldPart): it moves the world, never builds or resets it. */
export interface CatalogueWorld {
  current(): World;
  snapshot(): WorldState;
  restore(state: WorldState, streamKey: number): void;
  /** A throwaway world for examples and template checks. */
  sandbox(salesUsers?: number): World;
}

export interface CatalogueDeps {
  accounts: readonly Account[];
  /** The world events happen in, built and reset by the composition root. */
  world: CatalogueWorld;
  /** `world.templatesFile`: user templates replacing built-in payloads (read once, at start). */
  templatesFile?: string | null | undefined;
  payloadVersion(): PayloadVersion;
  /** `payloadStyle` in force (default json). */
  payloadStyle?(): 'json' | 'php';
}

/** One happening per type `version` knows, from a sandbox world (for checking user templates). */
function sampleHappenings(world: World, apiKey: string, version: PayloadVersion): Map<EventType, Happening> {
  const out = new Map<EventType, Happening>();
  for (const type of EXAMPLE_ORDER) {
    if (eventTypesFor(version).includes(type)) out.set(type, world.happen(type, apiKey, {}, version));
  }
  return out;
}

/**
 * The event catalogue: a payload spec per (type, version), rendered from the world's happenings.
 *
 * @example
 *   const event = catalogue.happen({ type: 'customer_created', apiKey: 'sp_test_key' });
 *   event.payload // { customer_id: 79460, customer_uid: '3fa2c1d9', ... }
 */
export function createCatalogue(deps: CatalogueDeps): Catalogue {
  const { accounts } = deps;
  const templates: RawTemplates = deps.templatesFile ? loadTemplates(deps.templatesFile) : new Map();
  // Every (type, version) spec is settled once, here: a user template, or the built-in one.
  const specs = new Map<string, VersionSpec>();
  for (const version of PAYLOAD_VERSIONS) {
    const samples = templates.size > 0 ? sampleHappenings(deps.world.sandbox(2), accounts[0]!.apiKey, version) : undefined;
    for (const type of eventTypesFor(version)) {
      const key = `${type}:${version}` as const;
      const raw = templates.get(key);
      const builtIn = builtInSpec(type, version);
      const sample = samples?.get(type);
      const spec = raw && sample ? templateSpec(`${type}.${version}`, raw, builtIn, sample) : builtIn;
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

  const core = new CatalogueCore({
    world: () => deps.world.current(),
    ...(deps.payloadStyle ? { payloadStyle: deps.payloadStyle } : {}),
    specFor: cachedSpec,
  });

  const described = new Map<PayloadVersion, EventTypeInfo[]>();
  const describe = (version: PayloadVersion): EventTypeInfo[] => {
    const hit = described.get(version);
    if (hit) return hit;
    const sandboxWorld = deps.world.sandbox();
    const sandbox = new CatalogueCore({ world: () => sandboxWorld, specFor: cachedSpec });
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
    happen: (req) => core.happen({ ...req, version: req.version ?? deps.payloadVersion() }),
    happenAll: (req) => core.happenAll({ ...req, version: deps.payloadVersion() }),
    exact: (req) => core.exact({ ...req, version: deps.payloadVersion() }),
    checkOverrides(type, version, overrides) {
      const schema = schemaFor(type, version);
      if (schema === undefined) return;
      const item = schema instanceof z.ZodArray ? schema.element : schema;
      if (item instanceof z.ZodObject) checkOverrides(overrides, item, `${type} ${version}`);
    },
    describe,
    schemaFor,
    reset: () => core.reset(),
    world: () => deps.world.current(),
    snapshot: (): CatalogueState => ({ nextEventId: core.nextId, world: deps.world.snapshot() }),
    restore(state) {
      // The world first: it throws, changing nothing, for a state that does not fit.
      deps.world.restore(state.world, state.nextEventId);
      core.continueFrom(state.nextEventId);
    },
    changes: () => ({ nextEventId: core.nextId, world: deps.world.current().changes() }),
    replay(state, records) {
      const rs = records as Array<ReturnType<Catalogue['changes']>>;
      if (rs.length === 0) return state;
      return { nextEventId: rs[rs.length - 1]!.nextEventId, world: replayWorld(state.world, rs.map((r) => r.world)) };
    },
  };
}
