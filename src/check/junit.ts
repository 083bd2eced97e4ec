import type { CheckReport } from '../contract/check-schemas.js';

/** Escapes text for an XML attribute or element (and drops characters XML 1.0 cannot hold). */
function xml(text: string): string {
  return text
    // eslint-disable-next-line no-control-regex
    .replace(/[\u0000-\u0008\u000B\u000C\u000E-\u001F\uFFFE\uFFFF]/g, '')
    .replace(/&/g, '&amp;')
    .replace(/</g, '&lt;')
    .replace(/>/g, '&gt;')
    .replace(/"/g, '&quot;')
    .replace(/'/g, '&apos;');
}

const secs = (ms: number): string => (ms / 1000).toFixed(3);

/**
 * The report as JUnit XML, the format every CI reads: one `<testsuite>`, one `<testcase>` per
 * case (classname = the case id's group), `<failure message>` with the reason, `<skipped
 * message>` with why, and a note as `<system-out>`. A small writer of our own: the format needs
 * five elements, and no JUnit package fits one that is not a test runner's.
 *
 * @example toJunit(report) // '<?xml version="1.0" encoding="UTF-8"?>\n<testsuites name="solarproof-mock check" tests="24" ...'
 */
export function toJunit(report: CheckReport): string {
  const { passed, failed, skipped } = report.summary;
  const tests = report.cases.length;
  const total = report.cases.reduce((n, c) => n + c.durationMs, 0);
  const counts = `tests="${tests}" failures="${failed}" errors="0" skipped="${skipped}" time="${secs(total)}"`;
  const lines = [
    '<?xml version="1.0" encoding="UTF-8"?>',
    `<testsuites name="solarproof-mock check" ${counts}>`,
    `  <testsuite name="${xml(`receiver check ${report.id}: ${report.forwardTo}`)}" ${counts} timestamp="${xml(report.startedAt)}">`,
    `    <properties><property name="seed" value="${report.seed}"/><property name="timeoutMs" value="${report.timeoutMs}"/><property name="passed" value="${passed}"/></properties>`,
  ];
  for (const c of report.cases) {
    const group = c.id.includes('/') ? c.id.slice(0, c.id.indexOf('/')) : c.id;
    const open = `    <testcase classname="solarproof-mock.check.${xml(group)}" name="${xml(`${c.id}: ${c.title}`)}" time="${secs(c.durationMs)}"`;
    const inner: string[] = [];
    if (c.state === 'failed') inner.push(`      <failure message="${xml(c.reason ?? 'failed')}" type="ReceiverCheckFailure">${xml(`${c.reason ?? ''}\nSource: ${c.source}\nDeliveries: ${c.deliveries.join(', ')}`)}</failure>`);
    if (c.state === 'skipped') inner.push(`      <skipped message="${xml(c.reason ?? 'skipped')}"/>`);
    if (c.note) inner.push(`      <system-out>${xml(`note: ${c.note}`)}</system-out>`);
    lines.push(inner.length === 0 ? `${open}/>` : `${open}>\n${inner.join('\n')}\n    </testcase>`);
  }
  lines.push('  </testsuite>', '</testsuites>', '');
  return lines.join('\n');
}
