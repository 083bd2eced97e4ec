import type { CheckReport, CheckRequest } from '../contract/check-schemas.js';
import { routes } from '../contract/routes.js';
import { routeUrl, type RouteCaller } from './call-route.js';
import { EmulatorApiError } from './emulator-api-error.js';

/** The client's receiver-check calls (`POST/GET /_emulator/checks`, `/checks/:id/junit`). */
export function checkCalls(base: string, auth: Record<string, string>, call: RouteCaller) {
  return {
    /** Starts a receiver check (docs/check.md); answers `{ id, state: 'running' }` at once. */
    start: (request: CheckRequest) => call(routes.startCheck, { body: request }),
    /** A check's report so far. */
    get: (id: string) => call(routes.getCheck, { params: { id } }),
    /** A check's report as JUnit XML. */
    async junit(id: string): Promise<string> {
      const res = await fetch(routeUrl(base, routes.getCheckJunit, { params: { id } }), { headers: auth });
      const text = await res.text();
      if (!res.ok) throw EmulatorApiError.fromAnswer(res.status, text);
      return text;
    },
    /**
     * Runs a receiver check and resolves with its report once every case has a verdict;
     * `onProgress` hears the report each time it is read (every `pollMs`, default 200).
     *
     * @example const report = await sp.checks.run({ forwardTo: 'http://127.0.0.1:3000/webhooks/solarproof/{type}' }); report.state // 'passed'
     */
    async run(request: CheckRequest, opts: { pollMs?: number; onProgress?: (report: CheckReport) => void } = {}): Promise<CheckReport> {
      const { id } = await call(routes.startCheck, { body: request });
      for (;;) {
        const report = await call(routes.getCheck, { params: { id } });
        opts.onProgress?.(report);
        if (report.state !== 'running') return report;
        await new Promise((resolve) => setTimeout(resolve, opts.pollMs ?? 200));
      }
    },
  };
}
