import { readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import { configSchema } from '../../src/config/config-schema.js';
import { START_OPTIONS } from '../../src/config/options.js';

const README = readFileSync(new URL('../../README.md', import.meta.url), 'utf8');

/** The first ```json block after `heading`. */
function jsonAfter(heading: string): unknown {
  const at = README.indexOf(heading);
  expect(at, `README has "${heading}"`).toBeGreaterThan(-1);
  const block = /```json\n([\s\S]*?)```/.exec(README.slice(at));
  return JSON.parse(block![1]!);
}

describe('README stays true', () => {
  it('opens with the two commands', () => {
    const head = README.split('\n').slice(0, 20).join('\n');
    expect(head).toContain('npm ci && npm start');
    expect(head).toContain('npm ci && npm test');
  });

  it('shows a config file example that is exactly the defaults', () => {
    const example = jsonAfter('### Config file');
    expect(configSchema.parse(example)).toEqual(configSchema.parse({ seed: 1 }));
  });

  it('lists every flag and env var in the configuration table', () => {
    for (const o of START_OPTIONS) {
      expect(README, `--${o.flag}`).toContain(`\`--${o.flag}`);
      if (o.env) expect(README, o.env).toContain(`\`${o.env}\``);
    }
  });
});
