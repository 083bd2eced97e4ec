import { readdirSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { validateWorkflow } from '@action-validator/core';
import { describe, expect, it } from 'vitest';

/**
 * GitHub workflow files, checked against the workflow schema by action-validator (a WebAssembly
 * build of it: no network, no binary download): the project's own CI and the examples that
 * docs/docker-ci.md shows users.
 */
const ROOT = new URL('../../', import.meta.url).pathname;
const EXAMPLES = join(ROOT, 'examples', 'github-actions');

function errorsOf(file: string): unknown[] {
  return validateWorkflow(readFileSync(file, 'utf8')).errors;
}

describe('GitHub workflows', () => {
  it('the validator rejects a broken workflow (so a pass below means something)', () => {
    expect(validateWorkflow('on: push\njobs:\n  x:\n    runs-on: ubuntu-24.04\n    stepz: []\n').errors.length).toBeGreaterThan(0);
  });

  it('.github/workflows/ci.yml is a valid workflow that runs .ci/run on the oldest supported Node', () => {
    const file = join(ROOT, '.github', 'workflows', 'ci.yml');
    expect(errorsOf(file)).toEqual([]);
    const text = readFileSync(file, 'utf8');
    expect(text).toContain('run: bash .ci/run');
    const { engines } = JSON.parse(readFileSync(join(ROOT, 'package.json'), 'utf8')) as { engines: { node: string } };
    expect(text).toContain(`node-version: '${engines.node.replace('>=', '')}'`);
  });

  it("the users' examples (examples/github-actions) are valid workflows, shown verbatim in docs/docker-ci.md", () => {
    const files = readdirSync(EXAMPLES).filter((f) => f.endsWith('.yml'));
    expect(files.sort()).toEqual(['container.yml', 'in-process.yml']);
    const doc = readFileSync(join(ROOT, 'docs', 'docker-ci.md'), 'utf8');
    for (const f of files) {
      expect(errorsOf(join(EXAMPLES, f)), f).toEqual([]);
      expect(doc, `docs/docker-ci.md shows examples/github-actions/${f}`).toContain(readFileSync(join(EXAMPLES, f), 'utf8').trim());
    }
  });
});
