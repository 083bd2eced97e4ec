import { readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import { configSchema } from '../../src/config/config-schema.js';
import { START_OPTIONS } from '../../src/config/options.js';

const PAGE = readFileSync(new URL('../../docs/configuration.md', import.meta.url), 'utf8');
/** The rows of the page's Markdown tables (the flag / env var / config key table among them). */
const TABLE_ROWS = PAGE.split('\n').filter((line) => line.startsWith('|')).join('\n');

/** The first ```json block after `heading`. */
function jsonAfter(heading: string): unknown {
  const at = PAGE.indexOf(heading);
  expect(at, `docs/configuration.md has "${heading}"`).toBeGreaterThan(-1);
  const block = /```json\n([\s\S]*?)```/.exec(PAGE.slice(at));
  return JSON.parse(block![1]!);
}

describe('docs/configuration.md stays true', () => {
  it('shows a config file example that is exactly the defaults', () => {
    const example = jsonAfter('## Config file');
    expect(configSchema.parse(example)).toEqual(configSchema.parse({ seed: 1 }));
  });

  it('lists every flag and env var in the configuration table', () => {
    for (const o of START_OPTIONS) {
      expect(TABLE_ROWS, `--${o.flag}`).toContain(`\`--${o.flag}`);
      if (o.env) expect(TABLE_ROWS, o.env).toContain(`\`${o.env}\``);
    }
  });

  it('states the precedence of the sources', () => {
    expect(PAGE).toContain('**defaults < config file < `SPMOCK_*` env vars < flags < in-process options**');
  });
});
