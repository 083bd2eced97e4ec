import { readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import { ERROR_STATUS } from '../../src/core/errors.js';
import { sourceFiles } from '../../scripts/check-limits.js';

/**
 * Every problem code the server can put on the wire, read from the source: the codes given to
 * `sendProblem(res, status, 'CODE', ...)` and to the EmulatorError tree's constructors.
 */
function codesInSource(): Array<{ file: string; code: string; status?: number }> {
  const out: Array<{ file: string; code: string; status?: number }> = [];
  const patterns = [
    /sendProblem\(\s*\w+,\s*(\d{3}),\s*'([A-Z_]+)'/g,
    /new (?:EmulatorError|ScheduleError)\(\s*'([A-Z_]+)'/g,
    /new ScenarioError\(\s*(\d{3}),\s*'([A-Z_]+)'/g,
    /super\(\s*'([A-Z_]+)'/g,
  ];
  for (const file of sourceFiles(process.cwd())) {
    if (file.startsWith('src/client/')) continue; // the client's copies of answers, not answers
    const text = readFileSync(file, 'utf8');
    for (const re of patterns) {
      for (const m of text.matchAll(re)) {
        if (m.length === 3) out.push({ file, code: m[2]!, status: Number(m[1]) });
        else out.push({ file, code: m[1]! });
      }
    }
  }
  return out;
}

describe('the error registry (src/core/errors.ts)', () => {
  const found = codesInSource();

  it('finds the codes the server sends (the scan itself works)', () => {
    const codes = new Set(found.map((f) => f.code));
    for (const code of ['FOREIGN_HOST', 'UNAUTHORIZED', 'METHOD_NOT_ALLOWED', 'INVALID_SCHEDULE', 'INVALID_DATA_DIR', 'UNKNOWN_SCENARIO']) expect(codes).toContain(code);
  });

  it('registers every code a route or error can send, with the status it is sent with', () => {
    const unregistered = found.filter((f) => !(f.code in ERROR_STATUS)).map((f) => `${f.file}: ${f.code}`);
    expect(unregistered).toEqual([]);
    const wrongStatus = found
      .filter((f) => f.status !== undefined && f.code in ERROR_STATUS && ERROR_STATUS[f.code as keyof typeof ERROR_STATUS] !== f.status)
      // Scenario and state errors may answer another status for the same code (e.g. 409 for a run already over).
      .filter((f) => !f.file.startsWith('src/scenarios/'))
      .map((f) => `${f.file}: ${f.code} sent as ${f.status}, registered as ${ERROR_STATUS[f.code as keyof typeof ERROR_STATUS]}`);
    expect(wrongStatus).toEqual([]);
  });
});
