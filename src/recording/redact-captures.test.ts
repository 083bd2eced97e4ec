import { describe, expect, it } from 'vitest';
import { isValidAbn } from '../world/abn.js';
import { fakeFor } from './fake-values.js';
import { personalKind, redactText } from './redact-captures.js';
import { nameTokens, pathFor, versionOf } from './infer-templates.js';

describe('redaction', () => {
  it('gives the same fake for the same original and seed, another for another seed, keeping length and format', () => {
    const a = fakeFor('email', 'ana.smith@gmail.com', 3);
    expect(fakeFor('email', 'ana.smith@gmail.com', 3)).toBe(a);
    expect(fakeFor('email', 'ana.smith@gmail.com', 4)).not.toBe(a);
    expect(a).toMatch(/^[a-z]{3}\.[a-z]{5}@[a-z]{5}\.com$/);
    expect(fakeFor('phone', '+61 412 345 678', 3)).toMatch(/^\+61 \d{3} \d{3} \d{3}$/);
    expect(isValidAbn(fakeFor('abn', '51824753556', 3))).toBe(true);
    expect(fakeFor('name', "Mary-Jane O'Brien", 3)).toMatch(/^[A-Z][a-z]{3}-[A-Z][a-z]{3} [A-Z]'[A-Z][a-z]{4}$/);
  });

  it('finds personal data by key and format, and not in ids, links or products', () => {
    expect(['customer_email', 'x'].map((k) => personalKind(k, 'a@b.com'))).toEqual(['email', 'email']);
    expect(personalKind('phone_secondary', '0412345678')).toBe('phone');
    expect(personalKind('abn', '51 824 753 556')).toBe('abn');
    expect(personalKind('assigned_user_name', 'Sam Lee')).toBe('name');
    expect(['panel_name', 'quotenickname', 'customer_id', 'proposal_link'].map((k) => personalKind(k, 'Trina 440W'))).toEqual([undefined, undefined, undefined, undefined]);
  });

  it('replaces JSON string values in their own escaping, and the same words anywhere else (free text, keys)', () => {
    const fakes = new Map([['Zoé Ng', 'Abé Ko']]);
    expect(redactText('{"name":"Zo\\u00e9 Ng","note":"Hi Zo\\u00e9 Ng \\/ bye","Zoé Ng":1}', fakes)).toBe('{"name":"Ab\\u00e9 Ko","note":"Hi Ab\\u00e9 Ko \\/ bye","Abé Ko":1}');
  });
});

describe('template inference', () => {
  it('splits run-together names and maps by the kind of value and the closest name', () => {
    expect(nameTokens('pkcustomerid')).toEqual(['customer', 'id']);
    expect(nameTokens('assignedUserEmail')).toEqual(['assigned', 'user', 'email']);
    const leaves = [
      { path: 'customer.email', value: 'a@b.com' },
      { path: 'user.email', value: 'u@b.com' },
      { path: 'customer.id', value: 7 },
      { path: 'customer.typeId', value: 1 },
    ];
    expect(pathFor('sales_user_email', 'x@y.com.au', leaves)).toBe('user.email');
    expect(pathFor('pkcustomerid', 90001, leaves)).toBe('customer.id');
    expect(pathFor('customer_id', '90001', leaves)).toBeUndefined();
    expect([versionOf('customer_created', { customer_id: 1 }), versionOf('customer_created', { pkcustomerid: 1 }), versionOf('project_sms_sent', [{}])]).toEqual(['v2', 'v1', 'v2']);
  });
});
