import type { CheckReport } from '../contract/check-schemas.js';

const COLOURS = { passed: '\u001b[32m', failed: '\u001b[31m', skipped: '\u001b[33m', running: '\u001b[36m' } as const;
const RESET = '\u001b[0m';
const LABEL = { passed: 'PASS', failed: 'FAIL', skipped: 'SKIP', running: '....' } as const;

/**
 * The report as the CLI prints it: one line per case (state, id, title), the reason or note
 * indented under it, and a summary line. Colour only on a terminal.
 */
export function checkTable(report: CheckReport, colour: boolean): string {
  const paint = (state: keyof typeof COLOURS, text: string): string => (colour ? `${COLOURS[state]}${text}${RESET}` : text);
  const width = Math.max(...report.cases.map((c) => c.id.length), 10);
  const lines = [`Receiver check ${report.id}: ${report.forwardTo} (types ${report.types.length}, versions ${report.versions.join(',')}, deadline ${report.timeoutMs} ms, seed ${report.seed})`, ''];
  for (const c of report.cases) {
    lines.push(`${paint(c.state, LABEL[c.state])}  ${c.id.padEnd(width)}  ${c.title}`);
    if (c.reason) lines.push(`      ${' '.repeat(width)}  ${paint(c.state, c.reason)}`);
    if (c.note) lines.push(`      ${' '.repeat(width)}  note: ${c.note}`);
    if (c.callbacks.length > 0) lines.push(`      ${' '.repeat(width)}  callbacks: ${c.callbacks.map((cb) => `${cb.action} ${cb.status}`).join(', ')}`);
  }
  const { passed, failed, skipped } = report.summary;
  lines.push('', `${paint(report.state === 'passed' ? 'passed' : 'failed', report.state.toUpperCase())}: ${passed} passed, ${failed} failed, ${skipped} skipped`);
  return `${lines.join('\n')}\n`;
}

/** One progress line: how many cases have a verdict, and the one running. */
export function progressLine(report: CheckReport): string {
  const done = report.cases.filter((c) => c.state !== 'running').length;
  const running = report.cases.find((c) => c.state === 'running');
  return `checking... ${done} done${running ? `, now ${running.id}` : ''}`;
}
