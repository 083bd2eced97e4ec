import { afterAll, describe, expect, it } from 'vitest';
import { isValidAbn } from '../../src/world/abn.js';
import { SIZING } from '../../src/world/solar-products.js';
import { CUSTOMER_TYPES } from '../../src/core/customer-types.js';
import { API_KEY, catalogueEmulator } from './catalogue-harness.js';

type Item = Record<string, unknown>;
const emu = catalogueEmulator(11);
afterAll(() => emu.close());

const first = (payload: unknown): Item => (Array.isArray(payload) ? payload[0] : payload) as Item;

describe('Australian realism', () => {
  it('sizes systems by customer type and gives only business customers a company and a valid ABN', () => {
    for (const customerType of CUSTOMER_TYPES) {
      for (let i = 0; i < 30; i++) {
        const c = first(emu.catalogue.happen({ type: 'customer_created', apiKey: API_KEY, subject: { customerType } }).payload);
        const business = customerType !== 'RESIDENTIAL';
        expect(c.customer_type_id).toBe(CUSTOMER_TYPES.indexOf(customerType) + 1);
        expect(isValidAbn(c.abn as string)).toBe(business);
        expect((c.company_name as string).length > 0).toBe(business);
        const p = first(emu.catalogue.happen({ type: 'recent_draft_project', apiKey: API_KEY, subject: { customerId: c.customer_id as number, newProject: true } }).payload);
        const { minKw, maxKw } = SIZING[customerType];
        expect(p.system_size).toBeGreaterThanOrEqual(minKw);
        expect(p.system_size).toBeLessThanOrEqual(maxKw);
        expect(p.site_address).toBe(c.site_address);
      }
    }
  });

  it('quotes real panel, inverter and battery makes', () => {
    const makes = /^(Jinko|Trina|LONGi|REC|Aiko|JA Solar|Canadian Solar|Qcells|Maxeon|Fronius|SMA|Sungrow|GoodWe|SolarEdge|Huawei|Tesla|BYD|Alpha ESS|Enphase|sonnenBatterie) /;
    for (let i = 0; i < 50; i++) {
      const p = first(emu.catalogue.happen({ type: 'recent_draft_project', apiKey: API_KEY, subject: { newProject: true } }).payload);
      expect(p.paneltype).toMatch(makes);
      expect(p.invertertype).toMatch(makes);
      expect(p.paneltype).toContain(`${p.panelwattage as number}W`);
    }
  });

  it('writes email subjects and SMS texts an installer would send, addressed to the customer', () => {
    for (let i = 0; i < 20; i++) {
      const mail = first(emu.catalogue.happen({ type: 'project_email_sent', apiKey: API_KEY }).payload);
      const name = (mail.customer_name as string).split(' ')[0]!;
      expect(mail.email_subject).toMatch(/solar|proposal|quote|installation|roof|site inspection|STC/i);
      expect(mail.email_body).toMatch(new RegExp(`^Hi ${name},`));
      expect(mail.email_body).toContain('Sunrise Solar Pty Ltd');
      const sms = first(emu.catalogue.happen({ type: 'project_sms_sent', apiKey: API_KEY }).payload);
      expect(sms.sms_message).toMatch(new RegExp(`^Hi ${(sms.customer_name as string).split(' ')[0]!},`));
      expect((sms.sms_message as string).length).toBeLessThanOrEqual(320);
    }
  });
});
