import type { AccountWorld } from './account-world.js';
import type { Customer } from './entities.js';
import type { EntityMaker } from './entity-maker.js';
import type { SeedCustomer } from './seed-customers.js';
import { inBusinessHours, nextBusinessWindow } from './world-clock.js';

/** How far back the seeded book of existing customers reaches. */
const BOOK_DAYS = 120;
const DAY_MS = 86_400_000;
type Stage = 'lead' | 'draft' | 'published' | 'signed';

export interface BookOptions {
  /** The world's start (its clock's time): every seeded date is before it. */
  start: number;
  /** A user's own existing customers (`world.customersFile`), seeded before the generated ones. */
  seedCustomers: readonly SeedCustomer[];
  /** Generated existing customers per account (`world.initialCustomers`). */
  initialCustomers: number;
}

/**
 * The book of existing customers a fresh world starts with: the file's customers, then
 * `initialCustomers` generated ones per account, created on business days over the
 * ${BOOK_DAYS} days before the world's start, with projects in several stages (leads without
 * a project, drafts, published proposals, signed contracts). Statuses agree with the stage.
 */
export function seedBook(m: EntityMaker, accounts: readonly AccountWorld[], opts: BookOptions): void {
  const { start, seedCustomers: own, initialCustomers: generated } = opts;
  const firstKey = accounts[0]?.account.apiKey;
  for (const w of accounts) {
    const mine = own.filter((c) => (c.apiKey ?? firstKey) === w.account.apiKey);
    const total = mine.length + generated;
    if (total === 0) continue;
    const step = Math.floor((BOOK_DAYS * DAY_MS) / total);
    let at = start - BOOK_DAYS * DAY_MS;
    const nextTime = (): number => {
      at += m.faker.number.int({ min: Math.floor(step / 2), max: step });
      if (!inBusinessHours(at)) {
        const { open, close } = nextBusinessWindow(at);
        at = open + m.faker.number.int({ min: 0, max: Math.floor((close - open) / 1000) - 1 }) * 1000;
      }
      at = Math.floor(at / 1000) * 1000;
      return Math.min(at, start - 3 * DAY_MS);
    };
    for (const c of mine) {
      const createdAt = c.createdAt !== undefined ? Math.floor(Date.parse(c.createdAt) / 1000) * 1000 : nextTime();
      const customer = seedOwnCustomer(m, w, c, createdAt);
      for (const p of c.projects) seedProject(m, w, customer, p.stage, start, p.nickname);
    }
    for (let i = 0; i < generated; i++) {
      const stage = m.faker.helpers.weightedArrayElement<Stage>([
        { value: 'lead', weight: 20 },
        { value: 'draft', weight: 35 },
        { value: 'published', weight: 25 },
        { value: 'signed', weight: 20 },
      ]);
      const customer = m.newCustomer(w, { customerFields: { status: stage === 'signed' ? 2 : 1 } }, nextTime(), 'v2');
      if (stage !== 'lead') seedProject(m, w, customer, stage, start);
    }
  }
}

/** A customer of the customers file, its given fields written over a generated one. */
function seedOwnCustomer(m: EntityMaker, w: AccountWorld, c: SeedCustomer, createdAt: number): Customer {
  const signed = c.projects.some((p) => p.stage === 'signed');
  return m.newCustomer(w, {
    customerType: c.type,
    customerFields: {
      firstName: c.firstName,
      surname: c.surname,
      email: c.email,
      type: c.type,
      status: c.status ?? (signed ? 2 : 1),
      ...(c.phone1 !== undefined ? { phonePrimary: c.phone1 } : {}),
      ...(c.phone2 !== undefined ? { phoneSecondary: c.phone2 } : {}),
      ...(c.companyName !== undefined ? { companyName: c.companyName } : {}),
      ...(c.companyPhone !== undefined ? { companyPhone: c.companyPhone } : {}),
      ...(c.gstRegistered !== undefined ? { gstRegistered: c.gstRegistered } : {}),
      ...(c.notes !== undefined ? { notes: c.notes } : {}),
      ...(c.address !== undefined ? { address: c.address } : {}),
    },
  }, createdAt, 'v2');
}

/** A project of a seeded customer at `stage`, its dates between the customer's creation and the world's start. */
function seedProject(m: EntityMaker, w: AccountWorld, customer: Customer, stage: Exclude<Stage, 'lead'>, start: number, nickname?: string): void {
  const room = Math.max(3_600_000, start - customer.createdAt - 3_600_000);
  // Whole seconds, like every world time.
  const later = (from: number, share: number): number => Math.floor(Math.min(start - 60_000, from + room * share * m.faker.number.float({ min: 0.3, max: 1 })) / 1000) * 1000;
  const created = later(customer.createdAt, 0.3);
  const project = m.newProject(w, customer, created, nickname !== undefined ? { nickname } : {});
  if (stage === 'draft') return;
  const published = later(created, 0.3);
  m.publish(w, project, published);
  if (stage === 'signed') {
    m.sign(w, project, later(published, 0.3));
    if (customer.status < 2) customer.status = 2;
  } else if (m.faker.datatype.boolean()) {
    project.proposalStatus = 'viewed';
  }
}
