import { globalRegistry, type z } from 'zod';

/**
 * A schema built on first use: `lazySchema(() => z.object({...}))` has the built schema's exact
 * type, and nothing is built until a property of it is read (`.parse`, `._zod`, `.shape`...).
 *
 * Why: the contract declares ~400 schemas at module top level, and building them was a quarter of
 * `import('solarproof-mock')` (zod's constructors and the garbage they leave); the client and the
 * routes need only method and path at run time, so most of them are never built in a process
 * that only triggers events and reads deliveries (docs/decisions/0035-schemas-built-on-first-use.md).
 *
 * The handle is a Proxy in front of the schema; zod reads it as the schema (its `instanceof`
 * checks read `_zod.traits`). The one place identity matters is zod's metadata registry (a
 * WeakMap keyed by schema, read by `.meta()` and `z.toJSONSchema`): the built schema's metadata
 * is registered under the handle too, so descriptions and examples reach the OpenAPI document.
 *
 * @example
 *   export const healthSchema = lazySchema(() => z.object({ status: z.literal('ok') }));
 *   healthSchema.parse({ status: 'ok' }); // built here, once
 */
export function lazySchema<T extends z.ZodType>(build: () => T): T {
  let built: T | undefined;
  const real = (): T => {
    if (built === undefined) {
      built = build();
      const meta = globalRegistry.get(built);
      if (meta !== undefined) globalRegistry.add(handle, meta);
    }
    return built;
  };
  const handle = new Proxy({} as T, {
    get: (_t, key) => Reflect.get(real(), key),
    has: (_t, key) => Reflect.has(real(), key),
    set: (_t, key, value) => Reflect.set(real(), key, value),
    getPrototypeOf: () => Reflect.getPrototypeOf(real()),
    ownKeys: () => Reflect.ownKeys(real()),
    getOwnPropertyDescriptor: (_t, key) => {
      const d = Reflect.getOwnPropertyDescriptor(real(), key);
      // A Proxy may not report a property its (empty) target lacks as non-configurable.
      return d === undefined ? undefined : { ...d, configurable: true };
    },
  });
  return handle;
}
