import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterEach, describe, expect, it } from 'vitest';
import { scenarioLibraryOf } from './root-wiring.js';
import { ScenarioFileError } from './scenarios/scenario-library.js';

describe('scenarioLibraryOf', () => {
  const dirs: string[] = [];
  afterEach(() => dirs.splice(0).forEach((d) => rmSync(d, { recursive: true, force: true })));

  it('checks a user scenario folder when it is made: a bad file stops start-up', () => {
    const dir = mkdtempSync(join(tmpdir(), 'spmock-scenarios-'));
    dirs.push(dir);
    writeFileSync(join(dir, 'broken.json'), JSON.stringify({ description: 'no steps' }));
    expect(() => scenarioLibraryOf([dir])).toThrow(ScenarioFileError);
  });

  it('without user folders, reads the built-in scenarios on first use', () => {
    const library = scenarioLibraryOf([]);
    expect(library.get('residential-journey')?.source).toBe('built-in');
    expect(library.all().map((s) => s.name)).toContain('cold-lead');
  });
});
