import type { Response } from 'express';

/**
 * Control API errors, one format everywhere (RFC 9457 problem+json) with a stable `code`:
 * `{"type","title","status","code","detail", ...extra}`. `detail` says what went wrong and what to do.
 */
export function sendProblem(
  res: Response,
  status: number,
  code: string,
  detail: string,
  extra: Record<string, unknown> = {},
): void {
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
