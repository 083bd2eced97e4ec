import type { AccountEvent } from '../core/event.js';
import { isoSeconds } from '../world/world-clock.js';
import type { World } from '../world/world.js';
import { happeningProject, type Happening } from '../world/happening.js';
import type { WorldState } from '../world/world-state.js';
import { type SubjectRequest } from '../core/subject.js';
import { checkOverrides, deepMerge, validateMerged } from './apply-overrides.js';
import { eventTypesFor, type EventType, type PayloadVersion } from '../core/event-types.js';
import type { VersionSpec } from './payload-definition.js';
import { phpJsonEncode, phpKeepsIntegers, phpValues } from './php-style.js';

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

export interface CoreOptions {
  /** The world events happen in (the real one, or a sandbox for examples). */
  world(): World;
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

/** The catalogue's part of a state document. */
export interface CatalogueState {
  /** The next event is `evt_<nextEventId>`. */
  nextEventId: number;
  world: WorldState;
}

/**
 * Turns world happenings into events: the payload spec's render, overrides, payload style and
 * the event counter. Independent of the catalogue's deps, so `describe` can render examples from
 * a sandbox world without moving the real world on.
 */
export class CatalogueCore {
  private nextEventId = 1;

  constructor(private readonly opts: CoreOptions) {}

  /** The next event is `evt_<nextId>`. */
  get nextId(): number {
    return this.nextEventId;
  }

  /** Event ids go on from `nextEventId` (a restored state). */
  continueFrom(nextEventId: number): void {
    this.nextEventId = nextEventId;
  }

  /** Event ids restart at evt_1. */
  reset(): void {
    this.nextEventId = 1;
  }

  /** An event around an exact body: the next id, the world clock's time, no world entity (customerId 0). */
  exact(req: { type: EventType; apiKey: string; version: PayloadVersion; body: string; contentType?: string }): AccountEvent {
    let payload: unknown;
    try {
      payload = JSON.parse(req.body) as unknown;
    } catch {
      payload = req.body;
    }
    const event: AccountEvent = {
      id: `evt_${this.nextEventId++}`,
      type: req.type,
      apiKey: req.apiKey,
      payloadVersion: req.version,
      payload,
      body: req.body,
      occurredAt: isoSeconds(this.opts.world().clock.now()),
      subject: { customerId: 0 },
      source: 'raw',
    };
    if (req.contentType !== undefined) event.contentType = req.contentType;
    return event;
  }

  happen(req: CoreRequest): AccountEvent {
    return this.happenAll(req)[0]!;
  }

  /**
   * The requested event first, then one event per happening it caused (stage model: a signing's
   * status change, a change to Signed's signing) that the payload version knows; overrides apply
   * to the requested event only.
   */
  happenAll(req: CoreRequest): AccountEvent[] {
    const { type, version } = req;
    const spec = this.specOf(type, version);
    const overrides = req.overrides === undefined ? undefined : checkOverrides(req.overrides, spec.item, `${type} ${version}`);
    const [main, ...caused] = this.opts.world().happenAll(type, req.apiKey, req.subject ?? {}, version);
    const events = [this.render(main!, req.apiKey, version, overrides)];
    for (const h of caused) if (eventTypesFor(version).includes(h.type)) events.push(this.render(h, req.apiKey, version, undefined));
    return events;
  }

  private specOf(type: EventType, version: PayloadVersion): VersionSpec {
    const spec = this.opts.specFor(type, version);
    // The event trigger checked the type against the payload version; no spec is a wiring bug.
    if (!spec) throw new Error(`no payload spec for ${type} ${version}`);
    return spec;
  }

  private render(h: Happening, apiKey: string, version: PayloadVersion, overrides: Record<string, unknown> | undefined): AccountEvent {
    const spec = this.specOf(h.type, version);
    let item = spec.render(h);
    if (overrides && Object.keys(overrides).length > 0) {
      item = deepMerge(item, overrides);
      validateMerged(item, spec.item, `${h.type} ${version}`);
    }
    const plain = spec.shape === 'array' ? [item] : item;
    const php = this.opts.payloadStyle?.() === 'php';
    const payload = php ? phpValues(plain, phpKeepsIntegers(h.type)) : plain;
    const project = happeningProject(h);
    return {
      id: `evt_${this.nextEventId++}`,
      type: h.type,
      apiKey,
      payloadVersion: version,
      payload,
      body: php ? phpJsonEncode(payload) : JSON.stringify(payload),
      occurredAt: isoSeconds(h.occurredAt),
      subject: project ? { customerId: h.customer.id, projectId: project.id } : { customerId: h.customer.id },
    };
  }
}
