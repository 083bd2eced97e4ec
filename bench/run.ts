import { writeFileSync } from 'node:fs';
import { cpus } from 'node:os';

/**
 * `npm run bench [-- NAME...]`: runs every registered benchmark (or those whose name contains a
 * NAME) in turn, prints their results as Markdown and writes them to bench/results.md, from which
 * the README's numbers are copied. Register a benchmark below: `run` returns Markdown, or rows
 * (printed as a table).
 */
interface Bench {
  name: string;
  run(log: (line: string) => void): Promise<string | object[]>;
}

const BENCHES: Bench[] = [
  {
    name: 'delivery: deliveries/s against a bare got loop, injected-latency accuracy',
    run: async (log) => (await import('./delivery.js')).default(log),
  },
  {
    name: 'peers: start-up, batch triggers, closed loop (issue 15 goals)',
    run: async (log) => (await import('./peers-cases.js')).benchPeerCases(log),
  },
  {
    name: 'startup: import + startEmulator, and the CLI from spawn to its first health answer (built package; STARTUP_RUNS rounds, default 10)',
    run: async () => (await import('./startup.js')).startupReport([new URL('..', import.meta.url).pathname.replace(/\/$/, '')], Number(process.env.STARTUP_RUNS ?? 10)),
  },
  {
    name: 'runtime: issue 24 goals (first deliveries on time, RSS after a storm, delay error, start-up, trigger -> waitFor), each with its goal',
    run: async (log) => (await import('./runtime-goals.js')).benchRuntimeGoals(log),
  },
  {
    name: 'memory: heap bytes per journal record, journal cap',
    run: async () => (await import('./memory.js')).benchMemory(),
  },
  {
    name: 'sse: delivery throughput with 0 and 100 stream clients',
    run: async (log) => (await import('./sse.js')).benchSse(log),
  },
  {
    name: 'soak chaos: 100 000 deliveries with random faults and a flaky receiver, reconciled',
    run: async (log) => (await import('./soak.js')).benchChaos(log),
  },
  {
    name: 'soak schedule: a 100 events/s schedule with RSS sampled (SOAK_SECONDS, default 60)',
    run: async (log) => (await import('./soak.js')).benchScheduleSoak(log),
  },
  {
    name: 'soak kill9: kill -9 in a loop with a data dir',
    run: async (log) => (await import('./soak.js')).benchKill9(log),
  },
  {
    name: 'persistence: trigger and health latency with and without --data-dir at journals of 1k, 10k, 100k deliveries (PERSIST_SIZES, PERSIST_TRIGGERS)',
    run: async (log) => (await import('./persistence.js')).benchPersistence(log),
  },
  {
    name: 'scheduler: lateness of schedule emissions at 100 events/s',
    run: async () => (await import('./scheduler.js')).benchScheduler(),
  },
];

function table(rows: object[]): string {
  if (rows.length === 0) return '(no rows)';
  const keys = Object.keys(rows[0]!);
  const cell = (v: unknown) => (typeof v === 'number' ? String(Math.round(v * 100) / 100) : String(v));
  return [
    `| ${keys.join(' | ')} |`,
    `|${keys.map(() => '---').join('|')}|`,
    ...rows.map((r) => `| ${keys.map((k) => cell((r as Record<string, unknown>)[k])).join(' | ')} |`),
  ].join('\n');
}

const filters = process.argv.slice(2);
const chosen = BENCHES.filter((b) => filters.length === 0 || filters.some((f) => b.name.includes(f)));
if (chosen.length === 0) {
  console.error(`No bench matches ${filters.join(', ')}. Benches: ${BENCHES.map((b) => b.name).join('; ')}`);
  process.exit(2);
}
const sections: string[] = [];
for (const bench of chosen) {
  process.stderr.write(`bench: ${bench.name} ...\n`);
  const result = await bench.run((line) => process.stderr.write(`  ${line}\n`));
  sections.push(`## ${bench.name}\n\n${typeof result === 'string' ? result : table(result)}\n`);
}
const cpu = cpus();
const out = `# Benchmark results (${new Date().toISOString()}, node ${process.version}, ${cpu.length} x ${cpu[0]?.model ?? 'CPU'})\n\n${sections.join('\n')}`;
if (filters.length === 0) writeFileSync(new URL('./results.md', import.meta.url), out);
process.stdout.write(out);
