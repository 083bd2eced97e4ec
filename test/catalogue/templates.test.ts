import { mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterEach, describe, expect, it } from 'vitest';
import { EmulatorError, OverrideError } from '../../src/core/errors.js';
import type { Emulator } from '../../src/emulator.js';
import { catalogueEmulator } from './catalogue-harness.js';

const dir = mkdtempSync(join(tmpdir(), 'spmock-templates-'));
let n = 0;
function templatesFile(content: unknown): string {
  const file = join(dir, `t${n++}.json`);
  writeFileSync(file, typeof content === 'string' ? content : JSON.stringify(content));
  return file;
}

let emu: Emulator | undefined;
afterEach(async () => {
  await emu?.close();
  emu = undefined;
});

const NEW_CUSTOMER_CREATED = {
  customer_created: {
    v2: {
      fields: {
        customer_id: '{{payload.customer_id}}',
        full_name: '{{customer.name}}',
        state: '{{customer.address.state}}',
        greeting: 'Hi {{customer.firstName}} from {{account.companyName}}',
        lead_source: 'web',
        owner: { id: '{{user.id}}', email: '{{user.email}}' },
      },
    },
  },
  project_sms_sent: { v2: { shape: 'object', fields: { to: '{{customer.phonePrimary}}', text: '{{event.smsMessage}}', project: '{{project.nickname}}' } } },
};

function overrideField(fn: () => unknown): string {
  try {
    fn();
  } catch (err) {
    if (err instanceof OverrideError) return err.field;
    throw err;
  }
  throw new Error('expected an OverrideError');
}

describe('replacing a payload template (world.templatesFile)', () => {
  it('renders the new field set from the same world, typed as the placeholders say', () => {
    // An empty world (no seeded book), so the first customer gets the first id.
    emu = catalogueEmulator(1, { world: { templatesFile: templatesFile(NEW_CUSTOMER_CREATED), initialCustomers: 0 } });
    const e = emu.events.trigger({ type: 'customer_created' }).events[0]!;
    const p = e.payload as Record<string, unknown>;
    expect(Object.keys(p)).toEqual(['customer_id', 'full_name', 'state', 'greeting', 'lead_source', 'owner']);
    expect(p.customer_id).toBe(79_460);
    expect(p.greeting).toMatch(/^Hi \w+ from Sunrise Solar Pty Ltd$/);
    expect(p.owner).toEqual({ id: expect.any(Number), email: expect.stringMatching(/@sunrise-solar\.example\.com$/) });
    const sms = emu.events.trigger({ type: 'project_sms_sent', subject: { customerId: e.subject.customerId } }).events[0]!;
    expect(sms.payload).toEqual({ to: expect.stringMatching(/^04\d{2} ?\d{3} ?\d{3}$/), text: expect.stringMatching(/^Hi /), project: expect.stringMatching(/^Project #\d+$/) });
  });

  it('is marked templated in the catalogue, and overrides are checked against the new fields', () => {
    emu = catalogueEmulator(1, { world: { templatesFile: templatesFile(NEW_CUSTOMER_CREATED) } });
    const info = emu.catalogue.describe('v2').find((t) => t.type === 'customer_created')!;
    expect(info).toMatchObject({ templated: true, inferred: true, example: expect.objectContaining({ lead_source: 'web' }) });
    expect(emu.catalogue.describe('v2').find((t) => t.type === 'customer_status_change')!.templated).toBe(false);
    expect(() => emu!.events.trigger({ type: 'customer_created', overrides: { full_name: 3 } })).toThrow(OverrideError);
    // A nested unknown key or wrong type is refused before the world moves: the next event is the one it would have been.
    const twin = catalogueEmulator(1, { world: { templatesFile: templatesFile(NEW_CUSTOMER_CREATED) } });
    expect(overrideField(() => emu!.events.trigger({ type: 'customer_created', overrides: { owner: { nope: 1 } } }))).toBe('owner.nope');
    expect(overrideField(() => emu!.events.trigger({ type: 'customer_created', overrides: { owner: { id: 'x' } } }))).toBe('owner.id');
    expect(emu.events.trigger({ type: 'customer_created' }).events[0]!.payload).toEqual(twin.events.trigger({ type: 'customer_created' }).events[0]!.payload);
    twin.close();
    const p = emu.events.trigger({ type: 'customer_created', overrides: { owner: { id: 7 } } }).events[0]!.payload as { owner: { id: number; email: string } };
    expect(p.owner.id).toBe(7);
    expect(p.owner.email).toContain('@');
  });

  it.each([
    ['not JSON', '{', /cannot read it as JSON/],
    ['an unknown event type', { customer_deleted: { v2: { fields: { a: 1 } } } }, /customer_deleted/],
    ['a type the version does not have', { contract_signed: { v1: { fields: { a: 1 } } } }, /payload version v1 has no contract_signed/],
    ['a placeholder outside the known names', { customer_created: { v2: { fields: { a: '{{secret.x}}' } } } }, /must start with one of payload, customer/],
    ['a placeholder that names nothing', { customer_created: { v2: { fields: { a: '{{customer.nope}}' } } } }, /\{\{customer\.nope\}\} names nothing/],
    ['no fields', { customer_created: { v2: { fields: {} } } }, /at least one field/],
  ])('stops start-up on %s with INVALID_FILE, saying what is wrong', (_what, content, message) => {
    const file = templatesFile(content);
    expect(() => catalogueEmulator(1, { world: { templatesFile: file } })).toThrow(message);
    let caught: unknown;
    try {
      catalogueEmulator(1, { world: { templatesFile: file } });
    } catch (err) {
      caught = err;
    }
    expect(caught).toBeInstanceOf(EmulatorError);
    expect((caught as EmulatorError).code).toBe('INVALID_FILE');
  });
});
