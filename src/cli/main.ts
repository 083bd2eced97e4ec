#!/usr/bin/env node
import { runCheck } from './check.js';
import { runListen, runTail } from './listen.js';
import { runRecord } from './record.js';
import { runRedeliver } from './redeliver.js';
import { runReplay } from './replay.js';
import { runScenario } from './scenario.js';
import { serve } from './serve.js';
import { stopWithParent } from './stop-with-parent.js';
import { runSubscriptions } from './subscriptions.js';
import { runTemplates } from './templates.js';
import { runTrigger } from './trigger.js';

/** `solarproof-mock [serve] [flags]`, or a subcommand: trigger, scenario, listen (tail), redeliver, subscriptions, record, replay, templates, check. */
async function main(argv: string[]): Promise<number> {
  const [command, ...rest] = argv;
  switch (command) {
    case 'serve':
      return serve(rest, process.env);
    case 'scenario':
      return runScenario(rest);
    case 'trigger':
      return runTrigger(rest);
    case 'listen':
      return runListen(rest);
    case 'tail':
      return runTail(rest);
    case 'redeliver':
      return runRedeliver(rest);
    case 'subscriptions':
      return runSubscriptions(rest);
    case 'record':
      return runRecord(rest);
    case 'replay':
      return runReplay(rest);
    case 'templates':
      return runTemplates(rest);
    case 'check':
      return runCheck(rest);
    default:
      return serve(argv, process.env);
  }
}

// Under npx / npm exec / npm start, a SIGTERM to npm must not leave this process behind.
stopWithParent();
main(process.argv.slice(2)).then(
  (code) => process.exit(code),
  (err: unknown) => {
    process.stderr.write(`solarproof-mock: ${err instanceof Error ? (err.stack ?? err.message) : String(err)}\n`);
    process.exit(1);
  },
);
