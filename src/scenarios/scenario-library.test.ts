import { mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { loadScenarioLibrary, ScenarioFileError } from './scenario-library.js';

function dirWith(files: Record<string, unknown>): string {
  const dir = mkdtempSync(join(tmpdir(), 'spmock-scenarios-'));
  for (const [name, content] of Object.entries(files)) {
    writeFileSync(join(dir, name), typeof content === 'string' ? content : JSON.stringify(content));
  }
  return dir;
}

function problemsOf(fn: () => unknown): string[] {
  try {
    fn();
  } catch (err) {
    if (err instanceof ScenarioFileError) return err.problems;
    throw err;
  }
  throw new Error('expected a ScenarioFileError');
}

describe('loadScenarioLibrary', () => {
  it('loads the built-in scenarios, sorted by name', () => {
    const names = loadScenarioLibrary([]).all().map((s) => s.name);
    expect(names).toEqual(['cold-lead', 'commercial-multi-project', 'residential-journey']);
    expect(loadScenarioLibrary([]).get('cold-lead')).toMatchObject({ source: 'built-in', customerType: 'RESIDENTIAL' });
  });

  it('adds user files, and a user file replaces the built-in of the same name', () => {
    const dir = dirWith({
      'quick.json': { description: 'Two events', steps: [{ type: 'customer_created' }, { type: 'customer_status_change', delayMs: 10 }] },
      'cold-lead.json': { description: 'My own cold lead', steps: [{ type: 'customer_created' }] },
      'notes.txt': 'not a scenario',
    });
    const library = loadScenarioLibrary([dir]);
    expect(library.get('quick')!.steps).toHaveLength(2);
    expect(library.get('quick')!.source).toBe(join(dir, 'quick.json'));
    expect(library.get('cold-lead')!.description).toBe('My own cold lead');
  });

  it('names the file, the step index and the field of every problem at once', () => {
    const dir = dirWith({
      'bad-steps.json': {
        description: 'broken',
        steps: [
          { type: 'customer_created' },
          { type: 'customer_deleted' },
          { type: 'project_sms_sent', delayMs: -5 },
          { type: 'project_sms_sent', newProject: true, project: 'a' },
          { type: 'project_sms_sent', colour: 'red' },
          { type: 'customer_status_change', project: 'main' },
          { type: 'project_sms_sent', status: 2 },
          { type: 'customer_status_change', status: 5 },
        ],
      },
      'no-steps.json': { description: 'empty', steps: [] },
      'broken.json': '{ "description": ',
      'Bad Name.json': { description: 'x', steps: [{ type: 'customer_created' }] },
    });
    const problems = problemsOf(() => loadScenarioLibrary([dir]));
    const file = (n: string) => join(dir, n);
    expect(problems).toEqual(
      expect.arrayContaining([
        expect.stringMatching(new RegExp(`^${escape(file('bad-steps.json'))}: steps\\[1\\]\\.type: expected one of "customer_created"`)),
        expect.stringMatching(new RegExp(`^${escape(file('bad-steps.json'))}: steps\\[2\\]\\.delayMs: `)),
        `${file('bad-steps.json')}: steps[3].project: give "newProject" or a "project" label, not both (a new label already makes a new project)`,
        `${file('bad-steps.json')}: steps[4]: unknown key "colour"`,
        `${file('bad-steps.json')}: steps[5].type: customer_status_change is about a customer only; move "newProject"/"project" to a project step`,
        `${file('bad-steps.json')}: steps[6].status: "status" is the status a customer_status_change moves the customer to; project_sms_sent changes no status`,
        expect.stringMatching(new RegExp(`^${escape(file('bad-steps.json'))}: steps\\[7\\]\\.status: .*0`)),
        `${file('no-steps.json')}: steps: a scenario needs at least one step`,
        expect.stringMatching(new RegExp(`^${escape(file('broken.json'))}: not valid JSON`)),
        expect.stringContaining('the file name "Bad Name" is the scenario\'s name'),
      ]),
    );
    expect(problems).toHaveLength(10);
  });

  it('refuses a missing folder', () => {
    expect(problemsOf(() => loadScenarioLibrary(['/nonexistent/spmock-scenarios']))).toEqual([
      'scenarios.dirs: "/nonexistent/spmock-scenarios" is not a folder (resolved to /nonexistent/spmock-scenarios)',
    ]);
  });

  it('refuses the same name in two user folders', () => {
    const a = dirWith({ 'dup.json': { description: 'a', steps: [{ type: 'customer_created' }] } });
    const b = dirWith({ 'dup.json': { description: 'b', steps: [{ type: 'customer_created' }] } });
    expect(problemsOf(() => loadScenarioLibrary([a, b]))).toEqual([
      `${join(b, 'dup.json')}: scenario "dup" is also defined in ${join(a, 'dup.json')}; names must be unique`,
    ]);
  });
});

function escape(text: string): string {
  return text.replace(/[.*+?^${}()|[\]\\]/g, '\\$&');
}
