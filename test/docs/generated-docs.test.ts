import { readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import { renderDocs } from '../../scripts/docs/render-docs.js';

const ROOT = new URL('../../', import.meta.url);

describe('generated references and schemas', () => {
  it('are committed up to date (run `npm run docs` after changing a schema, option, route or payload)', async () => {
    const files = await renderDocs();
    expect([...files.keys()].sort()).toEqual([
      'docs/reference/cli.md',
      'docs/reference/config.md',
      'docs/reference/control-api.md',
      'docs/reference/events.md',
      'schema/config.schema.json',
      'schema/openapi.json',
      'ui/js/contract.js',
    ]);
    for (const [path, content] of files) {
      let committed = '';
      try {
        committed = readFileSync(new URL(path, ROOT), 'utf8');
      } catch {
        // missing: reported below as stale
      }
      expect(committed === content, `${path} is stale: run npm run docs`).toBe(true);
    }
  });

  it('say what a reader needs: every flag, env var, route and event type', async () => {
    const files = await renderDocs();
    const config = files.get('docs/reference/config.md')!;
    expect(config).toContain('| `delivery.retry.schedule` | array of integer 0..86400000 (0..100 items) | `[1000,2000,4000]` | `--retry-schedule` | `SPMOCK_RETRY_SCHEDULE` |');
    expect(config).toContain('| `port` | integer 0..65535 | `4477` | `--port` | `SPMOCK_PORT` | start only;');
    const cli = files.get('docs/reference/cli.md')!;
    for (const word of ['## solarproof-mock listen (alias tail)', '--forward-to URL', '## solarproof-mock redeliver', '## solarproof-mock subscriptions', '--customer-id ID']) expect(cli).toContain(word);
    const api = files.get('docs/reference/control-api.md')!;
    for (const word of ['### GET /_emulator/deliveries', '### POST /apidata.php', '#### action=subscribe_customer', '"Invalid webhook type"', '### GET /_emulator/openapi.json']) expect(api).toContain(word);
    const events = files.get('docs/reference/events.md')!;
    for (const word of ['### customer_created (v2)', '### customer_created (v1)', '### contract_signed (v2)', '**Inferred**', '```json']) expect(events).toContain(word);
    expect(events).not.toContain('### contract_signed (v1)');
  });
});
