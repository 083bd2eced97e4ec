import express from 'express';
import type { AddressInfo } from 'node:net';
import { describe, expect, it } from 'vitest';
import type { Logger } from '../../src/core/logger.js';
import { controlErrors } from '../../src/http/control/control-errors.js';

async function serve(err: unknown): Promise<{ status: number; body: Record<string, unknown>; logged: unknown[] }> {
  const logged: unknown[] = [];
  const logger = { error: (obj: unknown) => logged.push(obj) } as unknown as Logger;
  const app = express();
  app.get('/boom', () => {
    throw err;
  });
  app.use(controlErrors(logger));
  const server = app.listen(0, '127.0.0.1');
  await new Promise((resolve) => server.once('listening', resolve));
  try {
    const res = await fetch(`http://127.0.0.1:${(server.address() as AddressInfo).port}/boom`);
    return { status: res.status, body: (await res.json()) as Record<string, unknown>, logged };
  } finally {
    await new Promise((resolve) => server.close(resolve));
  }
}

describe('the control API error handler', () => {
  it('answers an unexpected error with a generic 500 and an id, never its message, and logs the detail under that id', async () => {
    const { status, body, logged } = await serve(new Error('ENOENT /home/secret/path'));
    expect(status).toBe(500);
    expect(body.code).toBe('INTERNAL_ERROR');
    expect(body.id).toMatch(/^err_[0-9a-f]+$/);
    expect(body.detail).toContain('the server log has the detail under this id');
    expect(JSON.stringify(body)).not.toContain('secret');
    expect(logged).toEqual([expect.objectContaining({ id: body.id, err: expect.any(Error) })]);
  });

  it("keeps a library's 4xx as a registered code", async () => {
    const fromBodyParser = Object.assign(new Error('unsupported charset "X"'), { status: 415, type: 'charset.unsupported' });
    expect((await serve(fromBodyParser)).body).toMatchObject({ status: 415, code: 'INVALID_BODY' });
    const other = Object.assign(new Error('bad'), { status: 400 });
    expect((await serve(other)).body).toMatchObject({ status: 400, code: 'BAD_REQUEST' });
  });
});
