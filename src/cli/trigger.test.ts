import { describe, expect, it } from 'vitest';
import { parseOverrides } from './trigger.js';

describe('parseOverrides', () => {
  it('reads JSON values where they parse, text otherwise, and nests dotted keys', () => {
    expect(parseOverrides(['customer_id=42', 'customer_name=Ana Smith', 'gst_registered=true', 'site.state="QLD"', 'site.postcode=4817'])).toEqual({
      ok: true,
      overrides: { customer_id: 42, customer_name: 'Ana Smith', gst_registered: true, site: { state: 'QLD', postcode: 4817 } },
    });
  });

  it('says what a pair must look like', () => {
    expect(parseOverrides(['customer_id'])).toEqual({ ok: false, problem: expect.stringContaining('expected key=value') });
  });
});
