import type { z } from 'zod';
import { preview } from './json-limits.js';

/**
 * Turns zod issues into one line per problem, named by its path:
 * `delivery.timeoutMs: expected a number, got "x"`.
 */
export function formatIssues(issues: readonly z.core.$ZodIssue[], input?: unknown): string[] {
  return issues.map((issue) => {
    const path = issue.path.map(String).join('.') || '(root)';
    return `${path}: ${describeIssue(issue, valueAt(input, issue.path))}`;
  });
}

function valueAt(input: unknown, path: readonly PropertyKey[]): unknown {
  let cur = input;
  for (const key of path) {
    if (typeof cur !== 'object' || cur === null) return undefined;
    cur = (cur as Record<PropertyKey, unknown>)[key];
  }
  return cur;
}

function describeIssue(issue: z.core.$ZodIssue, value: unknown): string {
  switch (issue.code) {
    case 'invalid_type':
      return value === undefined
        ? `required (expected ${article(issue.expected)})`
        : `expected ${article(issue.expected)}, got ${preview(value)}`;
    case 'unrecognized_keys':
      return `unknown key${issue.keys.length > 1 ? 's' : ''} ${issue.keys.map((k) => `"${k}"`).join(', ')}`;
    case 'invalid_value':
      if (value === undefined) return `required (one of ${issue.values.map((v) => JSON.stringify(v)).join(', ')})`;
      return `expected one of ${issue.values.map((v) => JSON.stringify(v)).join(', ')}, got ${preview(value)}`;
    case 'invalid_union':
      if (issue.discriminator && 'options' in issue && issue.options) {
        if (value === undefined) return `required (one of ${issue.options.map((o) => JSON.stringify(o)).join(', ')})`;
        return `expected one of ${issue.options.map((o) => JSON.stringify(o)).join(', ')}, got ${preview(value)}`;
      }
      return issue.message;
    default:
      return issue.message.replace(/^Invalid input: /, '');
  }
}

function article(type: string): string {
  return /^[aeiou]/.test(type) ? `an ${type}` : `a ${type}`;
}
