import { InvalidSubjectError } from '../core/errors.js';
import { mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { createAccountRegistry } from '../solarproof/account-registry.js';
import { configSchema, type ConfigInput } from '../config/config-schema.js';
import { ConfigStore } from '../config/config-store.js';
import { ManualClock, scaledClock } from '../core/clock.js';
import { createLogger } from '../core/logger.js';
import type { AccountEvent } from '../core/event.js';
import { loadScenarioLibrary } from './scenario-library.js';
import { ScenarioError, ScenarioRunner } from './scenario-runner.js';
import type { TriggerRequest } from '../events/trigger-request.js';

/** A stand-in world: numbers customers and projects and records what each step asked for. */
function setup(input: ConfigInput = {}, scenarioDirs: string[] = []) {
  const config = new ConfigStore(configSchema.parse({ seed: 1, ...input }));
  const wall = new ManualClock(0);
  const requests: Array<TriggerRequest & { at: number }> = [];
  let customers = 0;
  let projects = 0;
  let events = 0;
  const trigger = (request: TriggerRequest) => {
    requests.push({ ...request, at: wall.now() });
    const s = request.subject ?? {};
    if (request.overrides?.fail) throw new InvalidSubjectError('Project 9 is already signed');
    const customerId = s.newCustomer ? ++customers : s.customerId!;
    const isProject = request.type !== 'customer_created' && request.type !== 'customer_status_change';
    const projectId = isProject ? (s.newProject || s.projectId === undefined ? ++projects : s.projectId) : undefined;
    const event = { id: `evt_${++events}`, type: request.type, payload: { customerId, projectId }, subject: { customerId, ...(projectId ? { projectId } : {}) } };
    return { events: [event as unknown as AccountEvent], deliveries: [`dlv_${events}`] };
  };
  const runner = new ScenarioRunner(
    {
      clock: scaledClock(wall, () => config.get().timeScale),
      payloadVersion: () => config.get().payloadVersion,
      accounts: createAccountRegistry(config.get().accounts),
      logger: createLogger('silent'),
      events: { trigger },
    },
    loadScenarioLibrary(scenarioDirs),
  );
  return { wall, requests, runner };
}

describe('ScenarioRunner long delays', () => {
  it('waits a day-long delay at timeScale 1000 exactly, not early (long waits are the clock\'s to chain)', async () => {
    const dir = mkdtempSync(join(tmpdir(), 'spmock-scn-'));
    writeFileSync(join(dir, 'slow.json'), JSON.stringify({ description: 'slow', steps: [{ type: 'customer_created' }, { type: 'customer_created', delayMs: 86_400_000 }] }));
    const { wall, requests, runner } = setup({ timeScale: 1000 }, [dir]);
    const run = runner.start('slow');
    await wall.advance(86_400_000 * 1000 - 1);
    expect(requests).toHaveLength(1);
    await wall.advance(1);
    await run.done;
    expect(requests.map((r) => r.at)).toEqual([0, 86_400_000 * 1000]);
  });
});

describe('ScenarioRunner', () => {
  it('runs the residential journey under v2 about one customer and project, waiting each delay', async () => {
    const { wall, requests, runner } = setup();
    const run = runner.start('residential-journey');
    expect(run.view().events.map((e) => e.type)).toEqual(['customer_created']);
    await wall.advance(60_000);
    await run.done;
    const view = run.view();
    expect(view.state).toBe('completed');
    expect(view.events.map((e) => e.type)).toEqual([
      'customer_created',
      'recent_draft_project',
      'published_proposal_link',
      'project_email_sent',
      'project_sms_sent',
      'contract_signed',
    ]);
    expect(view.steps.at(-1)).toMatchObject({ type: 'customer_status_change', state: 'skipped' });
    expect(requests.map((r) => r.at)).toEqual([0, 1500, 3500, 4500, 6500, 9500]);
    expect(requests[0]!.subject).toEqual({ newCustomer: true, customerType: 'RESIDENTIAL' });
    expect(requests[1]!.subject).toEqual({ customerId: 1 });
    expect(requests.slice(2).map((r) => r.subject)).toEqual(Array(4).fill({ customerId: 1, projectId: 1 }));
    expect(view).toMatchObject({ customerId: 1, projectIds: [1], deliveries: ['dlv_1', 'dlv_2', 'dlv_3', 'dlv_4', 'dlv_5', 'dlv_6'] });
  });

  it('substitutes a status change to Signed under v1, where contract_signed does not exist', async () => {
    const { wall, requests, runner } = setup({ payloadVersion: 'v1' });
    const run = runner.start('residential-journey');
    await wall.advance(60_000);
    await run.done;
    expect(run.view().events.at(-1)!.type).toBe('customer_status_change');
    expect(requests.at(-1)!.subject).toEqual({ customerId: 1, projectId: 1, status: 2 });
    expect(requests.at(-1)!.overrides).toBeUndefined();
    expect(run.view().steps.find((s) => s.type === 'contract_signed')!.state).toBe('skipped');
  });

  it('goes back to labelled projects in the commercial deal', async () => {
    const { wall, requests, runner } = setup();
    const run = runner.start('commercial-multi-project');
    await wall.advance(60_000);
    await run.done;
    const projectOf = (i: number) => run.view().events[i]!.payload as { projectId: number };
    expect(run.view().projectIds).toEqual([1, 2]);
    expect(requests[2]!.subject).toEqual({ customerId: 1, newProject: true });
    expect(requests[3]!.subject).toEqual({ customerId: 1, projectId: 1 });
    expect(requests[4]!.subject).toEqual({ customerId: 1, projectId: 2 });
    expect(projectOf(10).projectId).toBe(1);
    expect(requests.every((r, i) => i === 0 || r.subject?.customerId === 1)).toBe(true);
  });

  it('compresses delays by timeScale', async () => {
    const { wall, runner } = setup({ timeScale: 0.01 });
    const run = runner.start('cold-lead');
    await wall.advance(100);
    await run.done;
    expect(run.view()).toMatchObject({ state: 'completed', endedAt: new Date(100).toISOString() });
  });

  it('stops with the failing step named when a step cannot be emitted', async () => {
    const { runner } = setup();
    (runner.library as { get: unknown }).get = () => ({
      name: 'fails',
      source: 'test',
      description: 'x',
      steps: [{ type: 'customer_created', delayMs: 0 }, { type: 'project_sms_sent', delayMs: 0, overrides: { fail: true } }, { type: 'project_sms_sent', delayMs: 0 }],
    });
    const run = runner.start('fails');
    await run.done;
    expect(run.view()).toMatchObject({
      state: 'failed',
      error: { step: 1, code: 'INVALID_SUBJECT', detail: 'Project 9 is already signed' },
      steps: [{ state: 'done' }, { state: 'failed' }, { state: 'pending' }],
    });
  });

  it('cancels running runs on reset, emitting nothing more', async () => {
    const { wall, requests, runner } = setup();
    const run = runner.start('cold-lead');
    runner.reset();
    await run.done;
    await wall.advance(60_000);
    expect(run.state).toBe('cancelled');
    expect(requests).toHaveLength(1);
    expect(runner.list()).toEqual([]);
  });

  it.each([
    ['nope', {}, 404, 'UNKNOWN_SCENARIO', /Unknown scenario "nope". Known scenarios: cold-lead, commercial-multi-project, residential-journey/],
    ['cold-lead', { apiKey: 'k9' }, 400, 'UNKNOWN_API_KEY', /Unknown apiKey "k9"/],
  ])('refuses %s %j with %i %s', (name, options, status, code, message) => {
    const { runner } = setup();
    const err = (() => {
      try {
        runner.start(name, options);
      } catch (e) {
        return e as ScenarioError;
      }
      throw new Error('expected a ScenarioError');
    })();
    expect(err).toMatchObject({ status, code });
    expect(err.message).toMatch(message);
  });

  it('refuses up front a v2-only step without payloadVersions under v1', () => {
    const { runner } = setup({ payloadVersion: 'v1' });
    (runner.library as { get: unknown }).get = () => ({ name: 'sign', source: 'test', description: 'x', steps: [{ type: 'contract_signed', delayMs: 0 }] });
    expect(() => runner.start('sign')).toThrow(/steps\[0\] is contract_signed, which does not exist in payload version v1/);
  });
});
