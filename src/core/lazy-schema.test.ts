import { describe, expect, it } from 'vitest';
import { z } from 'zod';
import { lazySchema } from './lazy-schema.js';

describe('lazySchema', () => {
  it('builds nothing until the schema is used, then builds it once', () => {
    let builds = 0;
    const s = lazySchema(() => {
      builds++;
      return z.object({ n: z.number() });
    });
    const holder = z.object({ inner: s });
    expect(builds).toBe(0);
    expect(holder.parse({ inner: { n: 1 } })).toEqual({ inner: { n: 1 } });
    expect(builds).toBe(1);
    expect(s.parse({ n: 2 })).toEqual({ n: 2 });
    expect(builds).toBe(1);
  });

  it('is not built by being referenced, stored or tested for presence', () => {
    let builds = 0;
    const s = lazySchema(() => {
      builds++;
      return z.string();
    });
    const table = { body: s };
    expect(table.body ? 'has body' : 'none').toBe('has body');
    expect(builds).toBe(0);
  });

  it('answers bad input with the same errors as the schema it stands for', () => {
    const make = () => z.strictObject({ n: z.int().min(1, 'n must be at least 1') });
    const lazy = lazySchema(make).safeParse({ n: 0, x: 1 });
    const eager = make().safeParse({ n: 0, x: 1 });
    expect(lazy.success).toBe(false);
    expect(lazy.error?.issues).toEqual(eager.error?.issues);
  });

  it('is seen as the schema by zod: instanceof, "in", shape, extend', () => {
    const s = lazySchema(() => z.object({ a: z.string() }));
    expect(s instanceof z.ZodObject).toBe(true);
    expect('safeParse' in s).toBe(true);
    expect(Object.keys(s.shape)).toEqual(['a']);
    expect(s.extend({ b: z.number() }).parse({ a: 'x', b: 1 })).toEqual({ a: 'x', b: 1 });
  });

  it("keeps the built schema's metadata: .meta() and the JSON Schema read it through the handle", () => {
    const s = lazySchema(() => z.object({ id: z.string().meta({ examples: ['sub_1'] }) }).meta({ description: 'A subscription' }));
    const json = z.toJSONSchema(z.object({ sub: s })) as unknown as { properties: { sub: { description?: string; properties: { id: { examples?: string[] } } } } };
    expect(json.properties.sub.description).toBe('A subscription');
    expect(json.properties.sub.properties.id.examples).toEqual(['sub_1']);
    expect(s.meta()).toEqual({ description: 'A subscription' });
  });
});
