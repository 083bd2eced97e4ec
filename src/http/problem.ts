import type { Response } from 'express';

/**
 * Control API errors, one format everywhere (RFC 9457 problem+json) with a stable `code`:
 * `{"type","title","status","code","detail", ...extra}`. `detail` says what went wrong and what to do.
 * A 429 or 503 also carries `Retry-After: 1`.
 */
export function sendProblem(
  res: Response,
  status: number,
  code: string,
  detail: string,
  extra: Record<string, unknown> = {},
): void {
  // Back-pressure answers say when to come back (load generators honour it), as 503s do.
  if ((status === 429 || status === 503) && !res.hasHeader('retry-after')) res.setHeader('Retry-After', '1');
  res
    .status(status)
    .type('application/problem+json')
    .send(
      JSON.stringify({
        type: `urn:solarproof-mock:problem:${code}`,
        title: code,
        status,
        code,
        detail,
        ...extra,
      }),
    );
}
