import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { setImmediate as nextTurn } from 'node:timers/promises';
import { afterEach, describe, expect, it } from 'vitest';
import { scenarioLibraryOf, warmAfterStart } from './root-wiring.js';
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

describe('warmAfterStart', () => {
  /** A server's afterFirstAnswer, answered by hand. */
  function firstAnswer(): { on: (listener: () => void) => void; answer: () => void } {
    let listener: (() => void) | undefined;
    return { on: (l) => (listener = l), answer: () => listener?.() };
  }
  const until = async (ok: () => boolean): Promise<void> => {
    while (!ok()) await nextTurn();
  };

  it('runs its steps in order after the first answer, each on a turn of its own', async () => {
    const ran: string[] = [];
    const server = firstAnswer();
    warmAfterStart([() => ran.push('transport'), () => ran.push('world'), () => ran.push('examples')], server.on, 60_000);
    await nextTurn();
    expect(ran).toEqual([]); // nothing before the first answer (or the fallback)
    server.answer();
    expect(ran).toEqual(['transport']); // the first step at once, the next ones on later turns
    server.answer(); // a second answer starts nothing again
    await nextTurn();
    expect(ran).toEqual(['transport', 'world']);
    await until(() => ran.length === 3);
    await nextTurn();
    expect(ran).toEqual(['transport', 'world', 'examples']);
  });

  it('stops the steps left when cancelled between two of them', async () => {
    const ran: number[] = [];
    const server = firstAnswer();
    const warming = warmAfterStart([() => ran.push(1), () => ran.push(2), () => ran.push(3)], server.on, 60_000);
    server.answer();
    warming.stop();
    for (let i = 0; i < 5; i++) await nextTurn();
    expect(ran).toEqual([1]);
  });

  it('runs the steps left at once on finish(), started or not, and none of them again after', async () => {
    const ran: number[] = [];
    const server = firstAnswer();
    const warming = warmAfterStart([() => ran.push(1), () => ran.push(2), () => ran.push(3)], server.on, 60_000);
    server.answer();
    expect(ran).toEqual([1]);
    warming.finish(); // a new schedule: its first tick must not come due behind a step
    expect(ran).toEqual([1, 2, 3]);
    for (let i = 0; i < 5; i++) await nextTurn();
    server.answer();
    warming.finish();
    expect(ran).toEqual([1, 2, 3]);
    const early: number[] = [];
    warmAfterStart([() => early.push(1), () => early.push(2)], firstAnswer().on, 60_000).finish();
    expect(early).toEqual([1, 2]); // before any answer too
  });

  it('starts after fallbackMs when nothing was asked, and not again on a later answer', async () => {
    const ran: number[] = [];
    const server = firstAnswer();
    warmAfterStart([() => ran.push(1), () => ran.push(2)], server.on, 1);
    await until(() => ran.length === 2);
    server.answer();
    for (let i = 0; i < 5; i++) await nextTurn();
    expect(ran).toEqual([1, 2]);
  });
});
