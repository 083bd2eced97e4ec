import type { CheckReport, CheckRequest } from '../../contract/check-schemas.js';
import { routes } from '../../contract/routes.js';
import { EmulatorError } from '../../core/errors.js';
import { bind, type ControlRoute } from './route.js';

export interface CheckRouteDeps {
  checks: {
    run(request: CheckRequest): { id: string; done: Promise<CheckReport> };
    get(id: string): CheckReport | undefined;
    junit(id: string): string | undefined;
  };
}

const unknownCheck = (id: string): EmulatorError =>
  new EmulatorError('UNKNOWN_CHECK', `No receiver check "${id}". POST /_emulator/checks starts one; a reset forgets them.`);

/** Receiver checks: start one (202 at once), follow its report, fetch it as JUnit XML. */
export function checkRoutes(deps: CheckRouteDeps): ControlRoute[] {
  return [
    bind(routes.startCheck, ({ res, body }) => {
      const { id } = deps.checks.run(body);
      res.status(202).location(`/_emulator/checks/${id}`).json({ id, state: 'running' });
    }),
    bind(routes.getCheck, ({ res, params }) => {
      const report = deps.checks.get(params.id ?? '');
      if (!report) throw unknownCheck(String(params.id));
      res.json(report);
    }),
    bind(routes.getCheckJunit, ({ res, params }) => {
      const xml = deps.checks.junit(params.id ?? '');
      if (xml === undefined) throw unknownCheck(String(params.id));
      res.type('application/xml').send(xml);
    }),
  ];
}
