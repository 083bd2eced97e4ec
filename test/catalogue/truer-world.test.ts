// The realism rules found by auditing captured deliveries against the docs (issue 10).
import { afterEach, describe, expect, it } from 'vitest';
import type { Emulator } from '../../src/emulator.js';
import { phpValues } from '../../src/catalogue/php-style.js';
import { AU_SURNAMES } from '../../src/world/au-names.js';
import { COMMERCIAL_INVERTERS, RESIDENTIAL_INVERTERS } from '../../src/world/solar-products.js';
import { inBusinessHours } from '../../src/world/world-clock.js';
import { API_KEY, catalogueEmulator } from './catalogue-harness.js';

const open: Emulator[] = [];
afterEach(async () => {
  await Promise.all(open.splice(0).map((e) => e.close()));
});
function make(seed: number, config: Parameters<typeof catalogueEmulator>[1] = {}): Emulator {
  const emu = catalogueEmulator(seed, config);
  open.push(emu);
  return emu;
}
const INVERTERS = new Map([...RESIDENTIAL_INVERTERS, ...COMMERCIAL_INVERTERS].map((i) => [i.name, i]));
type Item = Record<string, unknown>;
const item = (payload: unknown): Item => (Array.isArray(payload) ? payload[0] : payload) as Item;

describe('a truer world', () => {
  it('inverters suit the site: never three-phase on a Single site, AC between 0.75 and 1.0 of the array', () => {
    for (const seed of [1, 2, 3]) {
      const emu = make(seed, { world: { initialCustomers: 40 } });
      emu.events.trigger({ type: 'recent_draft_project', count: 150 });
      emu.events.trigger({ type: 'recent_draft_project', count: 20, subject: { newCustomer: true, customerType: 'COMMERCIAL' } });
      emu.events.trigger({ type: 'recent_draft_project', count: 10, subject: { newCustomer: true, customerType: 'LARGE-SCALE' } });
      const projects = [...emu.catalogue.world().account(API_KEY).projects.values()];
      expect(projects.length).toBeGreaterThan(100);
      for (const p of projects) {
        const inverter = INVERTERS.get(p.design.inverterType);
        expect(inverter, p.design.inverterType).toBeDefined();
        if (p.site.phaseSupply === 'Single') expect(inverter!.phase, `${p.id} ${inverter!.name}`).toBe('Single');
        const ac = inverter!.kw * p.design.inverterQty;
        expect(ac / p.design.systemSize, `${p.id}: ${ac} kW AC on ${p.design.systemSize} kW DC`).toBeGreaterThanOrEqual(0.75 - 1e-9);
        expect(ac / p.design.systemSize, `${p.id}: ${ac} kW AC on ${p.design.systemSize} kW DC`).toBeLessThanOrEqual(1.0 + 1e-9);
      }
      expect(projects.some((p) => p.site.phaseSupply === 'Single')).toBe(true);
      expect(projects.some((p) => p.site.phaseSupply === 'Three')).toBe(true);
    }
  });

  it('statuses only move forward unless a trigger asks otherwise', () => {
    const emu = make(4);
    const events = emu.events.trigger({ type: 'customer_status_change', count: 200 }).events;
    for (const e of events.filter((x) => x.type === 'customer_status_change')) {
      const p = item(e.payload);
      expect(p.new_status_id as number, JSON.stringify(p)).toBeGreaterThan(p.old_status_id as number);
    }
    // A trigger may still ask for a move back.
    const signedId = emu.events.trigger({ type: 'contract_signed', subject: { newCustomer: true } }).events[0]!.subject.customerId;
    const signed = emu.catalogue.world().account(API_KEY).customers.get(signedId)!;
    const back = item(emu.events.trigger({ type: 'customer_status_change', subject: { customerId: signed.id, status: 1 } }).events[0]!.payload);
    expect(back).toMatchObject({ old_status_id: 2, new_status_id: 1 });
  });

  it("message subjects match their bodies, and text fits its project's stage: a signed project is never asked to view and sign", () => {
    const emu = make(5, { world: { initialCustomers: 40 } });
    const pairs: Array<[RegExp, RegExp]> = [
      [/quote from .* is on its way/, /will send the full proposal/],
      [/^Site inspection booked/, /site assessor will visit/],
      [/^Quick question about your roof/, /photo of your roof/],
      [/solar proposal is ready$/, /ready to view and sign/],
      [/^Your solar proposal from/, /Please find your proposal/],
      [/^Following up on your/, /following up on the/i],
      [/^Welcome to/, /Thanks for choosing/],
      [/^Installation date/, /book the installation/],
      [/^Grid connection and STC paperwork/, /lodged the grid connection application/],
    ];
    const w = emu.catalogue.world().account(API_KEY);
    let signedSeen = 0;
    for (let i = 0; i < 300; i++) {
      const type = (['project_email_sent', 'published_proposal_link', 'customer_status_change', 'contract_signed', 'project_sms_sent'] as const)[i % 5]!;
      const e = emu.events.trigger({ type }).events[0]!;
      if (type !== 'project_email_sent' && type !== 'project_sms_sent') continue;
      const p = item(e.payload);
      const customer = w.customers.get(e.subject.customerId)!;
      const project = w.projects.get(e.subject.projectId!)!;
      const text = type === 'project_email_sent' ? `${String(p.email_subject)}\n${String(p.email_body)}` : String(p.sms_message);
      // The project's own stage decides (a Signed customer may still have another proposal to sign).
      if (project.signedAt !== null) {
        signedSeen++;
        expect(text, text).not.toMatch(/ready to view and sign|proposal is ready/);
      }
      if (project.isDraft === 1 && project.signedAt === null) expect(text).not.toContain('/uploads/pdfs/');
      if (type === 'project_email_sent') {
        const pair = pairs.find(([subject]) => subject.test(String(p.email_subject)));
        expect(pair, String(p.email_subject)).toBeDefined();
        expect(String(p.email_body)).toMatch(pair![1]);
      }
    }
    expect(signedSeen).toBeGreaterThan(0);
  });

  it('proposal_link is the documented relative form by default; world.proposalLinkBase makes it absolute', () => {
    const rel = item(make(6).events.trigger({ type: 'published_proposal_link' }).events[0]!.payload);
    expect(rel.proposal_link).toBe(`/uploads/pdfs/${String(rel.project_id)}/proposal_${String(rel.project_id)}.pdf`);
    const abs = item(make(6, { world: { proposalLinkBase: 'https://solarproof.com.au' } }).events.trigger({ type: 'published_proposal_link' }).events[0]!.payload);
    expect(abs.proposal_link).toBe(`https://solarproof.com.au/uploads/pdfs/${String(abs.project_id)}/proposal_${String(abs.project_id)}.pdf`);
    // A runtime change applies to the next publish.
    const emu = make(6);
    expect(emu.config.update({ world: { proposalLinkBase: 'http://127.0.0.1:8080/' } }).ok).toBe(true);
    const live = item(emu.events.trigger({ type: 'published_proposal_link' }).events[0]!.payload);
    expect(live.proposal_link).toBe(`http://127.0.0.1:8080/uploads/pdfs/${String(live.project_id)}/proposal_${String(live.project_id)}.pdf`);
  });

  it('people read as Australian: common Australian surnames, spaced and unspaced mobiles, landlines for companies', () => {
    const emu = make(7, { world: { initialCustomers: 0 } });
    const people = emu.events.trigger({ type: 'customer_created', count: 300 }).events.map((e) => item(e.payload));
    for (const p of people) expect(AU_SURNAMES).toContain(p.surname);
    expect(people.some((p) => / /.test(String(p.phone_primary)))).toBe(true);
    expect(people.some((p) => /^04\d{8}$/.test(String(p.phone_primary)))).toBe(true);
    const companies = people.filter((p) => p.customer_type_id !== 1);
    expect(companies.length).toBeGreaterThan(0);
    for (const c of companies) expect(String(c.company_phone)).toMatch(/^(0[2378] ?\d{4} ?\d{4}|1300 \d{3} \d{3})$/);
    const staff = emu.catalogue.world().account(API_KEY).users.slice(1);
    for (const u of staff) expect(AU_SURNAMES).toContain(u.name.split(' ').slice(1).join(' '));
  });

  it('2026 quotes sometimes include a battery discounted by the Cheaper Home Batteries Program', () => {
    const emu = make(8, { world: { initialCustomers: 0 } });
    emu.events.trigger({ type: 'recent_draft_project', count: 200, subject: { newProject: true } });
    const projects = [...emu.catalogue.world().account(API_KEY).projects.values()];
    const withBattery = projects.filter((p) => p.design.batteryQty > 0);
    expect(withBattery.length).toBeGreaterThan(projects.length * 0.2);
    expect(withBattery.length).toBeLessThan(projects.length * 0.9);
    for (const p of withBattery) {
      expect(p.design.batteryStcValue).toBeGreaterThan(0);
      expect(p.design.afterRebateCost).toBe(p.design.totalPrice - p.design.stcValue);
    }
    for (const p of projects.filter((x) => x.design.batteryQty === 0)) expect(p.design.batteryStcValue).toBe(0);
  });

  it('events happen mostly in business hours, Australian time, and the seeded book too', () => {
    const emu = make(9);
    const times = emu.events.trigger({ type: 'project_email_sent', count: 300 }).events.map((e) => Date.parse(e.occurredAt));
    expect(times.filter(inBusinessHours).length).toBeGreaterThan(times.length * 0.8);
    const created = [...emu.catalogue.world().account(API_KEY).customers.values()].slice(0, 25).map((c) => c.createdAt);
    expect(created.every(inBusinessHours)).toBe(true);
  });

  it('payloadStyle php renders numbers as strings and escapes slashes, the same event otherwise', () => {
    const json = make(10).events.trigger({ type: 'published_proposal_link' }).events[0]!;
    const php = make(10, { payloadStyle: 'php' }).events.trigger({ type: 'published_proposal_link' }).events[0]!;
    expect(php.payload).toEqual(phpValues(json.payload));
    const p = item(php.payload);
    expect(typeof p.project_id).toBe('string');
    expect(p.project_id).toBe(String(item(json.payload).project_id));
    expect(php.body).toContain('"proposal_link":"\\/uploads\\/pdfs\\/');
    expect(JSON.parse(php.body)).toEqual(php.payload);
    expect(json.body).toContain('"proposal_link":"/uploads/pdfs/');
  });
});
