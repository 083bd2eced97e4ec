import type { Emulator } from '../../emulator.js';
import { VERSION } from '../../version.js';
import { sendProblem } from '../problem.js';
import type { ControlRoute } from './route.js';

/** Health, subscriptions, config and reset. */
export function coreRoutes(emu: Emulator): ControlRoute[] {
  return [
    {
      method: 'get',
      path: '/health',
      summary: 'Liveness: {"status":"ok","version"}',
      handler: (_req, res) => {
        res.json({ status: 'ok', version: VERSION });
      },
    },
    {
      method: 'get',
      path: '/subscriptions',
      summary: 'Every subscription: filters apiKey, hookUrl, type',
      handler: (req, res) => {
        const q = req.query;
        const str = (v: unknown): string | undefined => (typeof v === 'string' ? v : undefined);
        const subscriptions = emu.subscriptions
          .list({ apiKey: str(q.apiKey), hookUrl: str(q.hookUrl) })
          .filter((s) => str(q.type) === undefined || s.type === q.type);
        res.json({ subscriptions });
      },
    },
    {
      method: 'get',
      path: '/config',
      summary: 'The runtime configuration',
      handler: (_req, res) => {
        res.json(emu.config.get());
      },
    },
    {
      method: 'patch',
      path: '/config',
      summary: 'Change the runtime configuration (JSON merge patch)',
      handler: (req, res) => {
        const result = emu.config.update(req.body ?? {});
        if (!result.ok) {
          return sendProblem(
            res,
            400,
            'INVALID_CONFIG',
            `The patch was not applied; fix these and send it again: ${result.problems.join('; ')}`,
            { problems: result.problems },
          );
        }
        res.json(result.config);
      },
    },
    {
      method: 'post',
      path: '/reset',
      summary: 'Back to the start state (same seed)',
      handler: async (_req, res) => {
        await emu.reset();
        res.json({ status: 'reset' });
      },
    },
  ];
}
