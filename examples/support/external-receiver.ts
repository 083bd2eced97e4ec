// What the PHP and Python receiver examples' tests share: running a receiver as a real process,
// and checking that every event type reached it with the shape Solar Proof sends.
import { spawn, spawnSync, type ChildProcess } from 'node:child_process';
import { existsSync, mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { createServer } from 'node:net';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { expect } from 'vitest';
import { exitCode } from '../../test/support/cli-process.js';
import { eventTypesFor, type EventType, type PayloadVersion, type RunningEmulator } from 'solarproof-mock';

/** True when `command --version` runs (the interpreter is installed). */
export function hasCommand(command: string): boolean {
  const result = spawnSync(command, ['--version'], { stdio: 'ignore' });
  return result.error === undefined && result.status === 0;
}

/** A port that was free a moment ago (for servers that cannot take port 0, such as `php -S`). */
export function freePort(): Promise<number> {
  return new Promise((resolve, reject) => {
    const server = createServer();
    server.once('error', reject);
    server.listen(0, '127.0.0.1', () => {
      const { port } = server.address() as { port: number };
      server.close(() => resolve(port));
    });
  });
}

export interface RunningProcess {
  child: ChildProcess;
  output: () => string;
  exited: Promise<number | null>;
}

const processes: ChildProcess[] = [];

/**
 * A test context's onTestFinished: what is started or made with it is stopped or removed when
 * that test ends, not by `stopAll` (for tests that run at the same time).
 */
export type OnTestFinished = (fn: () => Promise<void> | void) => void;

export function run(command: string, args: string[], options: { cwd: string; env?: Record<string, string>; onTestFinished?: OnTestFinished }): RunningProcess {
  const child = spawn(command, args, { cwd: options.cwd, env: { ...process.env, ...options.env }, stdio: ['ignore', 'pipe', 'pipe'] });
  if (options.onTestFinished) options.onTestFinished(() => stopProcess(child));
  else processes.push(child);
  let output = '';
  child.stdout!.on('data', (d) => (output += d));
  child.stderr!.on('data', (d) => (output += d));
  // Once its output has been read too: a process can exit before its last output arrives (an
  // empty output from a receiver that had exited 1, seen in CI).
  return { child, output: () => output, exited: exitCode(child) };
}

/** Folders `newEventsFile` made; `stopAll` removes them once the receivers that wrote there are gone. */
const folders: string[] = [];

/** A new events file in a folder of its own under the system's temp dir (`prefix` names it). */
export function newEventsFile(prefix: string, onTestFinished?: OnTestFinished): string {
  const dir = mkdtempSync(join(tmpdir(), prefix));
  // Registered before the receiver that writes there: a test's finish hooks run last first.
  if (onTestFinished) onTestFinished(() => rmSync(dir, { recursive: true, force: true }));
  else folders.push(dir);
  return join(dir, 'events.jsonl');
}

/** Stops every process `run` started (SIGTERM, then SIGKILL after 5 s), waits for them, then removes the events files' folders. */
export async function stopAll(): Promise<void> {
  await stopProcesses();
  for (const dir of folders.splice(0)) rmSync(dir, { recursive: true, force: true });
}

async function stopProcesses(): Promise<void> {
  await Promise.all(processes.splice(0).map(stopProcess));
}

/** SIGTERM, then SIGKILL after 5 s; resolves once the process is gone. */
async function stopProcess(child: ChildProcess): Promise<void> {
  if (child.exitCode !== null || child.signalCode !== null) return;
  const gone = new Promise((resolve) => child.once('exit', resolve));
  child.kill('SIGTERM');
  const timer = setTimeout(() => child.kill('SIGKILL'), 5000);
  await gone;
  clearTimeout(timer);
}

/** Polls `check` every 50 ms until it returns a value other than undefined, or fails after `timeoutMs`. */
export async function until<T>(what: string, check: () => T | undefined | Promise<T | undefined>, timeoutMs = 20_000): Promise<T> {
  const deadline = Date.now() + timeoutMs;
  for (;;) {
    const value = await check();
    if (value !== undefined) return value;
    if (Date.now() > deadline) throw new Error(`timed out after ${timeoutMs} ms waiting for ${what}`);
    await new Promise((r) => setTimeout(r, 50));
  }
}

/** One line of a receiver's events file (both examples write the same fields). */
export interface RecordedEvent {
  type: string;
  shape: 'array' | 'object';
  received_at: string;
  handled: Record<string, unknown>[];
  payload: unknown;
}

export function readRecorded(file: string): RecordedEvent[] {
  if (!existsSync(file)) return [];
  return readFileSync(file, 'utf8')
    .split('\n')
    .filter((line) => line.trim() !== '')
    .map((line) => JSON.parse(line) as RecordedEvent);
}

/**
 * Triggers one event of every type the payload version has, waits until the journal says each
 * was delivered and the receiver has recorded each, then checks what it recorded: the exact
 * payload, its shape (v1: an object; v2: an array, except customer_created), and the ids its
 * handler read out of it.
 */
export async function expectEveryTypeReceived(emu: RunningEmulator, version: PayloadVersion, eventsFile: string, hookBase: string): Promise<void> {
  const types = eventTypesFor(version);
  const subscribed = await emu.subscriptions.list();
  expect(subscribed.map((s) => [s.type, s.hookUrl]).sort()).toEqual(types.map((t) => [t, `${hookBase}/webhooks/solarproof/${t}`]).sort());

  // A trigger may also send what it caused (a signing's status change, docs/events.md), so each
  // type may have several events: a recorded payload must be one of its type's.
  const triggered = new Map<EventType, Array<{ id: string; payload: unknown }>>();
  let total = 0;
  for (const type of types) {
    const { events } = await emu.trigger(type);
    for (const e of events) triggered.set(e.type, [...(triggered.get(e.type) ?? []), e]);
    total += events.length;
  }
  const delivered = await emu.deliveries.waitFor({ state: 'delivered' }, { min: total, timeoutMs: 30_000 });
  expect(new Set(delivered.map((d) => d.type))).toEqual(new Set(types));
  for (const d of delivered) {
    expect(d.hookUrl).toBe(`${hookBase}/webhooks/solarproof/${d.type}`);
    expect(d.attempts.at(-1)).toMatchObject({ outcome: 'success', status: 200 });
  }

  const recorded = await until(`the receiver to record ${types.length} events in ${eventsFile}`, () => {
    const lines = readRecorded(eventsFile);
    return types.every((t) => lines.some((l) => l.type === t)) ? lines : undefined;
  });
  for (const type of types) {
    const line = recorded.find((l) => l.type === type)!;
    const event = triggered.get(type)!.find((e) => JSON.stringify(e.payload) === JSON.stringify(line.payload)) ?? triggered.get(type)![0]!;
    const expectedShape = version === 'v1' || type === 'customer_created' ? 'object' : 'array';
    expect(line.shape, `${type} ${version} shape`).toBe(expectedShape);
    expect(Array.isArray(line.payload), `${type} ${version} payload is a list`).toBe(expectedShape === 'array');
    expect(line.payload, `${type} ${version} payload as sent`).toEqual(event.payload);
    const items = (Array.isArray(event.payload) ? event.payload : [event.payload]) as Record<string, unknown>[];
    expect(line.handled).toHaveLength(items.length);
    const customerId = items[0]!.customer_id ?? items[0]!.pkcustomerid ?? items[0]!.fkcustomerid;
    expect(line.handled[0]!.customer_id, `${type} ${version} customer id read by the handler`).toBe(customerId);
    expect(customerId).toEqual(expect.any(Number));
  }
}

/**
 * A receiver's answers to what is not a webhook: 400 to a body that is not JSON, 404 (naming the
 * types it serves) off the webhook URLs, and nothing recorded.
 */
export async function expectRefusesNonWebhooks(url: string, eventsFile: string): Promise<void> {
  const bad = await fetch(`${url}/webhooks/solarproof/customer_created`, { method: 'POST', body: '{"customer_id": 1' });
  expect(bad.status).toBe(400);
  const unknown = await fetch(`${url}/webhooks/solarproof/customer_deleted`, { method: 'POST', body: '{}' });
  expect(unknown.status).toBe(404);
  expect(await unknown.text()).toContain('customer_created');
  expect(readRecorded(eventsFile)).toEqual([]);
}
