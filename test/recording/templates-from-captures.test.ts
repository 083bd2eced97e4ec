import { mkdtempSync, readFileSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { runTemplates } from '../../src/cli/templates.js';
import { formatCapture, type Capture } from '../../src/recording/capture-file.js';
import { FAKE_HEADERS, FAKE_SENDS } from '../support/fake-solarproof.js';
import { startForTest } from '../support/start.js';

function text(): { write(s: string): boolean; value: () => string } {
  let all = '';
  return { write: (s: string) => ((all += s), true), value: () => all };
}

/** The fake Solar Proof's sends as a capture file, as `record` writes it. */
function captureFile(lines?: (text: string) => string): string {
  const dir = mkdtempSync(join(tmpdir(), 'spmock-tpl-'));
  const captures: Capture[] = FAKE_SENDS.map((s, i) => {
    const [path, query = ''] = s.path.split('?') as [string, string?];
    return { v: 1, at: new Date(Date.UTC(2026, 2, 2, 10, 15, i)).toISOString(), type: path.split('/').at(-1)!, method: 'POST', path, query, headers: Object.entries(FAKE_HEADERS), body: s.body };
  });
  const file = join(dir, 'captures.jsonl');
  const content = captures.map(formatCapture).join('');
  writeFileSync(file, lines ? lines(content) : content);
  return file;
}

describe('templates from captures (solarproof-mock templates --from)', () => {
  it('makes generated events take the captured field names and order, with the world values', async () => {
    const from = captureFile();
    const out = join(from, '..', 'templates.json');
    const err = text();
    expect(await runTemplates(['--from', from, '--out', out], {}, text(), err), err.value()).toBe(0);
    expect(err.value()).toContain('customer_created v2: 11 fields,');
    expect(err.value()).toContain('  customer_email <- {{payload.customer_email}}');
    expect(err.value()).toContain('  lead_source = kept as captured (text)');
    const templates = JSON.parse(readFileSync(out, 'utf8')) as Record<string, Record<string, { fields: Record<string, unknown> }>>;
    expect(Object.keys(templates).sort()).toEqual(['customer_created', 'customer_status_change', 'project_email_sent']);

    const templated = await startForTest({ seed: 5, world: { templatesFile: out } });
    const plain = await startForTest({ seed: 5 });
    const [a] = (await templated.trigger('customer_created')).events;
    const [b] = (await plain.trigger('customer_created')).events;
    const captured = JSON.parse(FAKE_SENDS[0]!.body) as Record<string, unknown>;
    const got = a!.payload as Record<string, unknown>;
    const world = b!.payload as Record<string, unknown>;
    expect(Object.keys(got)).toEqual(Object.keys(captured));
    // The world's values (the same seed's customer), not the captured ones; numbers stay numbers.
    for (const f of ['customer_id', 'customer_uid', 'first_name', 'surname', 'customer_email', 'phone_primary', 'site_address', 'customer_created_at', 'assigned_user_email'] as const) expect(got[f], f).toEqual(world[f]);
    expect(typeof got.customer_id).toBe('number');
    expect(got.customer_email).not.toBe(captured.customer_email);
    expect(got.lead_source).toBe('Web form');
    const status = (await templated.trigger('customer_status_change')).events[0]!.payload as Array<Record<string, unknown>>;
    expect(Object.keys(status[0]!)).toEqual(Object.keys((JSON.parse(FAKE_SENDS[2]!.body) as object[])[0]!));
  });

  it('stops at a truncated line and names its number', async () => {
    const from = captureFile((c) => c.split('\n').map((l, i) => (i === 1 ? l.slice(0, 30) : l)).join('\n'));
    const err = text();
    expect(await runTemplates(['--from', from], {}, text(), err)).toBe(2);
    expect(err.value()).toContain(`${from}:2: not JSON`);
  });
});
