import { writeFileSync } from 'node:fs';

/**
 * `npm run bench`: runs every registered benchmark in turn and prints their Markdown (also written
 * to bench/results.md, from which the README's numbers are copied). Register a benchmark by adding
 * it here; each default-exports `(log) => Promise<markdown>`. `npm run bench -- delivery` runs one.
 */
const BENCHES: Record<string, () => Promise<{ default: (log: (line: string) => void) => Promise<string> }>> = {
  delivery: () => import('./delivery.js'),
};

const only = process.argv.slice(2);
const sections: string[] = [];
for (const [name, load] of Object.entries(BENCHES)) {
  if (only.length > 0 && !only.includes(name)) continue;
  process.stderr.write(`bench: ${name} ...\n`);
  const run = (await load()).default;
  const markdown = await run((line) => process.stderr.write(`  ${line}\n`));
  sections.push(`## ${name}\n\n${markdown}\n`);
}
const out = `# Benchmark results (${new Date().toISOString()})\n\n${sections.join('\n')}`;
writeFileSync(new URL('./results.md', import.meta.url), out);
process.stdout.write(out);
