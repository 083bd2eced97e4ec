import { readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import { allApiActions } from '../../src/http/openapi/data-action-descriptors.js';

const DOC = readFileSync(new URL('../../docs/control-api.md', import.meta.url), 'utf8');

describe('docs/control-api.md stays true', () => {
  it('names every /apidata.php action under each method the OpenAPI document gives it', () => {
    const section = DOC.slice(DOC.indexOf('## Why `/apidata.php` is one operation per method'));
    const methods = new Map<string, string[]>();
    for (const a of allApiActions()) for (const m of a.methods) methods.set(m, [...(methods.get(m) ?? []), a.action]);
    for (const a of allApiActions()) expect(section, a.action).toContain(`\`${a.action}\``);
    for (const m of methods.keys()) expect(section, m).toContain(`\`${m}\``);
  });

  it('names no file or function that is gone', () => {
    for (const gone of ['defineRoute', 'response-schemas.ts', 'controlRoutes`)', 'passes\n`SOLARPROOF_WEBHOOK_ACTIONS` today']) expect(DOC).not.toContain(gone);
  });
});
