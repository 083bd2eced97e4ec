/**
 * Limits on JSON that arrives from outside (control API bodies, config patches, overrides,
 * `/apidata.php` bodies). Checked right after parsing, before anything merges, validates or
 * formats the value, so no recursive walk can ever meet a value deep enough to overflow the stack.
 */

/** The deepest nesting of objects and arrays accepted, as PHP's json_decode default depth. */
export const MAX_JSON_DEPTH = 512;

/** Keys refused in config patches and overrides: they name JavaScript's object machinery. */
export const FORBIDDEN_KEYS: readonly string[] = ['__proto__', 'constructor', 'prototype'];

/** True when `value` nests objects/arrays more than `limit` levels deep (`{}` is 1). Iterative. */
export function nestsDeeperThan(value: unknown, limit: number = MAX_JSON_DEPTH): boolean {
  if (typeof value !== 'object' || value === null) return false;
  const stack: Array<{ v: object; depth: number }> = [{ v: value, depth: 1 }];
  while (stack.length > 0) {
    const { v, depth } = stack.pop()!;
    if (depth > limit) return true;
    for (const child of Object.values(v)) {
      if (typeof child === 'object' && child !== null) stack.push({ v: child as object, depth: depth + 1 });
    }
  }
  return false;
}

/**
 * The dotted path of the first `__proto__`, `constructor` or `prototype` key in `value` (own keys,
 * at any depth), or undefined. Iterative; call after `nestsDeeperThan`.
 */
export function forbiddenKeyPath(value: unknown): string | undefined {
  if (typeof value !== 'object' || value === null) return undefined;
  const stack: Array<{ v: object; path: string }> = [{ v: value, path: '' }];
  while (stack.length > 0) {
    const { v, path } = stack.pop()!;
    for (const key of Object.keys(v)) {
      const here = path === '' ? key : `${path}.${key}`;
      if (FORBIDDEN_KEYS.includes(key)) return here;
      const child = (v as Record<string, unknown>)[key];
      if (typeof child === 'object' && child !== null) stack.push({ v: child, path: here });
    }
  }
  return undefined;
}

/** `JSON.stringify(value)` for a message: never throws, at most `max` characters. */
export function preview(value: unknown, max = 200): string {
  let text: string;
  try {
    text = JSON.stringify(value) ?? String(value);
  } catch {
    text = Array.isArray(value) ? '[...]' : typeof value === 'object' ? '{...}' : String(value);
  }
  return text.length > max ? `${text.slice(0, max)}...` : text;
}
