#!/usr/bin/env node
import { stopWithParent } from './stop-with-parent.js';
import { startLean } from './lean-start.js';
import { loadServe } from './serve-loader.js';

/** Serving: lean before the server's modules load (decision 0043), from its fastest build (0046). */
async function serveLean(argv: string[]): Promise<number> {
  const { serve, started } = await loadServe(startLean(), process.env);
  return serve(argv, process.env, started);
}

/**
 * `solarproof-mock [serve] [flags]`, or a subcommand: trigger, scenario, listen (tail), redeliver,
 * subscriptions, record, replay, templates, check. Each subcommand loads when it is named (its own
 * chunk of the bundle), so serving, the bin's common case, compiles none of them (decision 0035);
 * so does serving, so a client subcommand does not load the server (0.61x the CPU per start).
 */
async function main(argv: string[]): Promise<number> {
  const [command, ...rest] = argv;
  switch (command) {
    case 'serve':
      return serveLean(rest);
    case 'scenario':
      return (await import('./scenario.js')).runScenario(rest);
    case 'trigger':
      return (await import('./trigger.js')).runTrigger(rest);
    case 'listen':
      return (await import('./listen.js')).runListen(rest);
    case 'tail':
      return (await import('./listen.js')).runTail(rest);
    case 'redeliver':
      return (await import('./redeliver.js')).runRedeliver(rest);
    case 'subscriptions':
      return (await import('./subscriptions.js')).runSubscriptions(rest);
    case 'record':
      return (await import('./record.js')).runRecord(rest);
    case 'replay':
      return (await import('./replay.js')).runReplay(rest);
    case 'templates':
      return (await import('./templates.js')).runTemplates(rest);
    case 'check':
      return (await import('./check.js')).runCheck(rest);
    default:
      return serveLean(argv);
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
