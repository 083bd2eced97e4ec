/**
 * Prints the slowest test files of a vitest run from its JSON report, and the run's wall time:
 *   npx vitest run --reporter=default --reporter=json --outputFile.json=/tmp/report.json
 *   npx tsx scripts/slowest-tests.ts /tmp/report.json [N=10]
 * A file's time is from its first test's start to its last test's end (imports not included);
 * with several workers, files that run side by side slow each other, so compare runs made alike.
 */
import { readFileSync } from 'node:fs';
import { relative } from 'node:path';

interface Report {
  startTime: number;
  numTotalTests: number;
  numFailedTests: number;
  testResults: { name: string; startTime: number; endTime: number; assertionResults: { status: string }[] }[];
}

const [file, n = '10'] = process.argv.slice(2);
if (file === undefined) {
  console.error('usage: tsx scripts/slowest-tests.ts REPORT.json [N]');
  process.exit(2);
}
const report = JSON.parse(readFileSync(file, 'utf8')) as Report;
const rows = report.testResults
  .map((r) => ({ file: relative(process.cwd(), r.name), ms: r.endTime - r.startTime, tests: r.assertionResults.length }))
  .sort((a, b) => b.ms - a.ms);
for (const r of rows.slice(0, Number(n))) console.log(`${(r.ms / 1000).toFixed(1).padStart(6)} s ${String(r.tests).padStart(4)} tests  ${r.file}`);
const end = Math.max(...report.testResults.map((r) => r.endTime));
console.log(`${rows.length} files, ${report.numTotalTests} tests (${report.numFailedTests} failed); wall ${((end - report.startTime) / 1000).toFixed(1)} s from the run's start to its last test`);
