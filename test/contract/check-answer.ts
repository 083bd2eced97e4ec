import { problemSchema } from '../../src/contract/answer-schemas.js';
import { responseSchema, type RouteSpec } from '../../src/contract/route.js';

/**
 * Checks one real answer against the contract: a success status the route declares (its schema
 * must accept the body), or a problem+json error the problem schema accepts. Answers the list of
 * what is wrong (empty when the answer conforms).
 */
export function answerProblems(route: RouteSpec, status: number, body: unknown): string[] {
  const declared = route.responses[status];
  if (declared === undefined) {
    if (status < 400) return [`${route.method.toUpperCase()} ${route.path} answered ${status}, which the contract does not declare`];
    const parsed = problemSchema.safeParse(body);
    return parsed.success ? [] : parsed.error.issues.map((i) => `problem ${i.path.join('.')}: ${i.message}`);
  }
  const schema = responseSchema(declared);
  if (!schema) return [];
  const parsed = schema.safeParse(body);
  return parsed.success ? [] : parsed.error.issues.map((i) => `${route.method.toUpperCase()} ${route.path} ${status} ${i.path.join('.')}: ${i.message}`);
}
