import { mkdtempSync, readFileSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import type { PartState } from '../core/lifecycle.js';
import { readLog, replayLog } from './change-log.js';
import { LogPersister } from './log-persister.js';

/** A share whose state is a list of numbers; each change record holds the numbers added since the last one. */
function listShare(): PartState<number[]> & { add(n: number): void } {
  const list: number[] = [];
  let added: number[] = [];
  return {
    key: 'list',
    add(n) {
      list.push(n);
      added.push(n);
    },
    snapshot: () => [...list],
    restore: () => {},
    changes() {
      const out = added;
      added = [];
      return out;
    },
    replay: (state, records) => [...state, ...(records as number[][]).flat()],
  };
}

describe('LogPersister', () => {
  it('appends one line per flush, compacts into state.json once the log outgrows the snapshot, and snapshot + log is the state at every step', () => {
    const dir = mkdtempSync(join(tmpdir(), 'spmock-logp-'));
    const list = listShare();
    const settings = { note: 'a' };
    const shares = [list, { key: 'settings', snapshot: () => ({ ...settings }), restore: () => {} }] as PartState[];
    const capture = () => ({ list: list.snapshot(), settings: { ...settings } });
    const persister = new LogPersister(dir, { shares: () => shares, capture, onError: (err) => { throw err; } }, 0, 2_000);
    persister.compact();
    const recover = () => {
      const { logSeq, ...snapshot } = JSON.parse(readFileSync(join(dir, 'state.json'), 'utf8')) as { logSeq: number };
      return replayLog(snapshot, readLog(dir, logSeq).records, shares);
    };
    let compactions = 0;
    let last = readFileSync(join(dir, 'state.json'), 'utf8');
    for (let i = 0; i < 200; i++) {
      list.add(i);
      if (i === 50) settings.note = 'b';
      persister.touch();
      persister.flush();
      const now = readFileSync(join(dir, 'state.json'), 'utf8');
      if (now !== last) compactions++;
      last = now;
      expect(recover()).toEqual(capture());
    }
    expect(compactions).toBeGreaterThan(0);
    expect(compactions).toBeLessThan(20);
    // The small share is logged whole, and only when it changed.
    const lines = readFileSync(join(dir, 'state.log'), 'utf8').split('\n').filter(Boolean);
    expect(lines.filter((l) => l.includes('"whole"')).length).toBeLessThanOrEqual(1);
    persister.stop();
  });

  it('after a kill between the new snapshot and the emptied log, lines the snapshot holds are skipped', () => {
    const dir = mkdtempSync(join(tmpdir(), 'spmock-logp-'));
    const list = listShare();
    const capture = () => ({ list: list.snapshot() });
    const persister = new LogPersister(dir, { shares: () => [list], capture, onError: (err) => { throw err; } }, 0);
    persister.compact();
    for (const n of [1, 2, 3]) {
      list.add(n);
      persister.touch();
      persister.flush();
    }
    const oldLog = readFileSync(join(dir, 'state.log'), 'utf8');
    persister.compact(); // the snapshot now holds 1, 2, 3
    writeFileSync(join(dir, 'state.log'), oldLog); // as if the kill came before the log was emptied
    const { logSeq, ...snapshot } = JSON.parse(readFileSync(join(dir, 'state.json'), 'utf8')) as { logSeq: number };
    expect(replayLog(snapshot, readLog(dir, logSeq).records, [list])).toEqual({ list: [1, 2, 3] });
    persister.stop();
  });

  it('lets what waits for durability go after the write, in order', async () => {
    const dir = mkdtempSync(join(tmpdir(), 'spmock-logp-'));
    const list = listShare();
    const persister = new LogPersister(dir, { shares: () => [list], capture: () => ({ list: list.snapshot() }), onError: (err) => { throw err; } }, 0);
    persister.compact();
    const seen: string[] = [];
    list.add(7);
    persister.touch();
    persister.afterDurable(() => seen.push(`a:${readFileSync(join(dir, 'state.log'), 'utf8').includes('[7]')}`));
    persister.afterDurable(() => seen.push('b'));
    expect(seen).toEqual([]);
    await new Promise<void>((resolve) => persister.afterDurable(resolve));
    expect(seen).toEqual(['a:true', 'b']);
    persister.stop();
  });
});
