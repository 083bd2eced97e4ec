/**
 * The story audit (issue 20): drives a seeded emulator through a random mix of triggers (named and
 * unnamed subjects, explicit statuses) and counts every way the story could contradict itself.
 * Shared by the property test (test/catalogue/story-model.test.ts) and `scripts/audit-story.ts`.
 */
import { configSchema } from '../../src/config/config-schema.js';
import { EVENT_TYPES, type EventType } from '../../src/core/event-types.js';
import type { AccountEvent } from '../../src/core/event.js';
import { createEmulator } from '../../src/emulator.js';
import { stcZone, type StateCode } from '../../src/world/au-places.js';
import { inSiteBusinessHours, STATE_TIME_ZONES } from '../../src/world/business-hours.js';
import type { Project } from '../../src/world/entities.js';
import { projectSite, projectStage, type ProjectStage } from '../../src/world/stage.js';
import { BATTERIES, COMMERCIAL_INVERTERS, RESIDENTIAL_INVERTERS, batteryFits } from '../../src/world/solar-products.js';

export interface StoryCounts {
  events: number;
  /** A message worded for another stage than its project's. */
  messageContradictsStage: number;
  /** A message that names an address other than its project's site. */
  messageWrongSite: number;
  /** A message with the relative proposal path instead of a clickable URL. */
  relativeLinkInMessage: number;
  /** A customer whose status moved without its customer_status_change. */
  unannouncedStatusChange: number;
  /** A contract_signed that moved a Mega Status customer back. */
  megaStatusLost: number;
  /** A Signed customer without a signed project. */
  signedWithoutSignedProject: number;
  /** A battery quoted with an inverter it cannot work with. */
  batteryInverterMismatch: number;
  /** Victorian sites in Sunraysia (3500-3509) rated as zone 4, or any site off its postcode's zone. */
  stcZoneWrong: number;
  /**
   * An event the world clock moved to a business morning (more than 25 minutes after the event
   * before it) that is outside weekdays 8:00-18:00 in its site's own zone, daylight saving included.
   */
  outsideSiteBusinessHours: number;
}

const SIGNED_TEXT = /thanks for signing|Thanks for choosing|book the installation|lodged the grid connection/;
const PUBLISHED_TEXT = /proposal is ready|Please find your proposal|following up on the/i;
const DRAFT_TEXT = /will send the full proposal|site assessor will visit|photo of your roof|Confirming our site visit|photo of your switchboard/;
const WORDING: Record<ProjectStage, RegExp> = { signed: SIGNED_TEXT, published: PUBLISHED_TEXT, draft: DRAFT_TEXT };

const item = (payload: unknown): Record<string, unknown> => (Array.isArray(payload) ? payload[0] : payload) as Record<string, unknown>;

/** Runs `steps` triggers in a fresh world of `seed` and counts the defects. */
export function auditStory(seed: number, steps: number): StoryCounts {
  const emu = createEmulator({ ...configSchema.parse({ logLevel: 'silent', world: { initialCustomers: 30 } }), seed });
  const apiKey = 'sp_test_key';
  const w = emu.catalogue.world().account(apiKey);
  const counts: StoryCounts = { events: 0, messageContradictsStage: 0, messageWrongSite: 0, relativeLinkInMessage: 0, unannouncedStatusChange: 0, megaStatusLost: 0, signedWithoutSignedProject: 0, batteryInverterMismatch: 0, stcZoneWrong: 0, outsideSiteBusinessHours: 0 };
  let lastAt = Number.NaN;
  // What a receiver of every webhook believes each customer's status is (the book starts as the world has it).
  const announced = new Map<number, number>([...w.customers.values()].map((c) => [c.id, c.status]));
  let r = seed >>> 0;
  const rand = (n: number): number => {
    r = (Math.imul(r ^ (r >>> 15), 2_246_822_519) + 0x9e3779b9) >>> 0;
    return r % n;
  };
  for (let i = 0; i < steps; i++) {
    const type: EventType = EVENT_TYPES[rand(EVENT_TYPES.length)]!;
    const ids = [...w.customers.keys()];
    const subject: Record<string, unknown> = {};
    const roll = rand(4);
    if (type !== 'customer_created' && roll === 0 && ids.length > 0) subject.customerId = ids[rand(ids.length)];
    if (type === 'customer_status_change' && rand(3) === 0) subject.status = rand(4);
    const statusBefore = new Map([...w.customers.values()].map((c) => [c.id, c.status]));
    let events: AccountEvent[];
    try {
      events = emu.events.trigger({ type, subject }).events;
    } catch {
      continue; // a refused subject (e.g. the status it already has): nothing happened
    }
    for (const e of events) {
      counts.events++;
      const p = item(e.payload);
      if (e.type === 'customer_created') announced.set(e.subject.customerId, p.customer_status_id as number);
      if (e.type === 'customer_status_change') announced.set(e.subject.customerId, p.new_status_id as number);
      if (type === 'contract_signed' && e.type === 'contract_signed' && statusBefore.get(e.subject.customerId) === 3 && w.customers.get(e.subject.customerId)?.status !== 3) counts.megaStatusLost++;
      const at = Date.parse(e.occurredAt);
      const customer = w.customers.get(e.subject.customerId);
      const project = e.subject.projectId === undefined ? undefined : w.projects.get(e.subject.projectId);
      const place = customer && (project ? projectSite(project, customer) : customer.address);
      const zone = place && STATE_TIME_ZONES[place.state as StateCode];
      if (zone && at - lastAt > 25 * 60_000 && !inSiteBusinessHours(at, zone)) counts.outsideSiteBusinessHours++;
      lastAt = at;
      if (e.type === 'project_email_sent' || e.type === 'project_sms_sent') checkMessage(e, p, w.projects.get(e.subject.projectId!)!, w.customers.get(e.subject.customerId)!, counts);
    }
    for (const c of w.customers.values()) {
      if (announced.has(c.id) && announced.get(c.id) !== c.status) {
        counts.unannouncedStatusChange++;
        announced.set(c.id, c.status);
      }
    }
  }
  for (const c of w.customers.values()) {
    if (c.status === 2 && !c.projectIds.some((id) => w.projects.get(id)?.signedAt != null)) counts.signedWithoutSignedProject++;
  }
  const inverters = [...RESIDENTIAL_INVERTERS, ...COMMERCIAL_INVERTERS];
  for (const p of w.projects.values()) {
    const battery = BATTERIES.find((b) => b.id === p.design.batteryId);
    const inverter = inverters.find((x) => x.name === p.design.inverterType);
    if (battery && inverter && !batteryFits(battery, inverter)) counts.batteryInverterMismatch++;
    const site = projectSite(p, w.customers.get(p.customerId)!);
    const n = Number(site.postcode);
    if (n >= 3500 && n <= 3509 && stcZone(site.postcode) !== 3) counts.stcZoneWrong++;
  }
  void emu.close();
  return counts;
}

function checkMessage(e: AccountEvent, p: Record<string, unknown>, project: Project, customer: Parameters<typeof projectSite>[1], counts: StoryCounts): void {
  const text = e.type === 'project_email_sent' ? `${String(p.email_subject)}\n${String(p.email_body)}` : String(p.sms_message);
  const stage = projectStage(project);
  for (const other of ['draft', 'published', 'signed'] as const) {
    if (other !== stage && WORDING[other].test(text)) counts.messageContradictsStage++;
  }
  if (/(^|[\s(:])\/uploads\/pdfs\//.test(text)) counts.relativeLinkInMessage++;
  const site = projectSite(project, customer);
  const own = customer.address;
  const mentionsOwn = own !== site && own.street !== site.street && text.includes(`${own.streetNum} ${own.street}`);
  if (mentionsOwn) counts.messageWrongSite++;
}
