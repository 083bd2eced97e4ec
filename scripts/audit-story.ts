/**
 * Counts the story defects of issue 20 over seeded runs (`npx tsx scripts/audit-story.ts [steps] [seeds...]`):
 * each event of the run is one delivery per subscription of its type. Every count should be 0.
 */
import { auditStory, type StoryCounts } from '../test/support/story-audit.js';

const [stepsArg, ...seedArgs] = process.argv.slice(2);
const steps = Number(stepsArg ?? 1500);
const seeds = seedArgs.length > 0 ? seedArgs.map(Number) : [1, 2];
const total: Partial<StoryCounts> = {};
for (const seed of seeds) {
  const counts = auditStory(seed, steps);
  console.log(`seed ${seed}: ${JSON.stringify(counts)}`);
  for (const [k, v] of Object.entries(counts) as Array<[keyof StoryCounts, number]>) total[k] = (total[k] ?? 0) + v;
}
console.log(`total over seeds ${seeds.join(', ')} (${steps} triggers each): ${JSON.stringify(total)}`);
