import { mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { Ajv2020 } from 'ajv/dist/2020.js';
import addFormatsModule from 'ajv-formats';
import { describe, expect, it } from 'vitest';
import { configJsonSchema } from '../../src/config/config-json-schema.js';
import { configSchema } from '../../src/config/config-schema.js';
import { loadConfig } from '../../src/config/load-config.js';

const addFormats = ((addFormatsModule as unknown as { default?: unknown }).default ?? addFormatsModule) as (ajv: Ajv2020) => Ajv2020;

function configFile(content: unknown): string {
  const dir = mkdtempSync(join(tmpdir(), 'spmock-schema-'));
  const file = join(dir, 'solarproof-mock.json');
  writeFileSync(file, JSON.stringify(content));
  return file;
}

const example = {
  $schema: './node_modules/solarproof-mock/schema/config.schema.json',
  port: 4478,
  payloadVersion: 'v1',
  delivery: { latency: { distribution: 'uniform', minMs: 10, maxMs: 50 }, retry: { schedule: [100, 200] } },
  subscriptions: [{ hookUrl: 'http://127.0.0.1:3000/hooks', types: ['customer_created'] }],
};

describe('the config file JSON Schema', () => {
  const validate = addFormats(new Ajv2020({ strict: false, allErrors: true })).compile(configJsonSchema());

  it('accepts a config file with $schema, and the loader ignores the key', () => {
    expect(validate(example), JSON.stringify(validate.errors)).toBe(true);
    const loaded = loadConfig({ file: configFile(example) });
    expect(loaded.ok ? loaded.config.port : loaded.problems).toBe(4478);
  });

  it('refuses what the emulator refuses: a wrong type, an unknown key, a bad enum', () => {
    for (const bad of [{ port: 'x' }, { colour: 'red' }, { payloadVersion: 'v3' }, { delivery: { latency: { distribution: 'fixed' } } }]) {
      expect(validate(bad), JSON.stringify(bad)).toBe(false);
      expect(loadConfig({ file: configFile(bad) }).ok, JSON.stringify(bad)).toBe(false);
    }
  });

  it('lists every top-level key of the config schema, with its default', () => {
    const schema = configJsonSchema() as { properties: Record<string, { default?: unknown }> };
    expect(Object.keys(schema.properties).sort()).toEqual(['$schema', ...Object.keys(configSchema.shape)].sort());
    expect(schema.properties.port!.default).toBe(4477);
  });
});
