/**
 * `npm run bench [-- NAME...]`: runs every bench (or those whose name contains NAME) and prints
 * one table each. Each bench module exports a function returning rows; register it below.
 */
import { benchScheduler } from './scheduler.js';

interface Bench {
  name: string;
  run(): Promise<object[]>;
}

const BENCHES: Bench[] = [{ name: 'scheduler: lateness of schedule emissions at 100 events/s', run: () => benchScheduler() }];

const filters = process.argv.slice(2);
const chosen = BENCHES.filter((b) => filters.length === 0 || filters.some((f) => b.name.includes(f)));
if (chosen.length === 0) {
  console.error(`No bench matches ${filters.join(', ')}. Benches: ${BENCHES.map((b) => b.name).join('; ')}`);
  process.exit(2);
}
console.log(`node ${process.version}, ${(await import('node:os')).cpus().length} cores`);
for (const bench of chosen) {
  console.log(`\n## ${bench.name}`);
  console.table(await bench.run());
}
