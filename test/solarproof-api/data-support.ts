import type { RunningEmulator } from '../../src/start-emulator.js';

export interface Answer {
  status: number;
  json: unknown;
  text: string;
}

/** Calls `/apidata.php?action=...` the way curl does: query string, optional body and Content-Type. */
export async function apidata(
  emu: { url: string },
  action: string,
  opts: { method?: string; query?: Record<string, string>; apiKey?: string | null; body?: string | object; contentType?: string } = {},
): Promise<Answer> {
  const q = new URLSearchParams({ action, ...(opts.apiKey === null ? {} : { api_key: opts.apiKey ?? 'sp_test_key' }), ...(opts.query ?? {}) });
  const body = opts.body === undefined ? undefined : typeof opts.body === 'string' ? opts.body : JSON.stringify(opts.body);
  const headers: Record<string, string> = {};
  if (opts.contentType) headers['content-type'] = opts.contentType;
  else if (body !== undefined && typeof opts.body === 'object') headers['content-type'] = 'application/json';
  const res = await fetch(`${emu.url}/apidata.php?${q}`, { method: opts.method ?? (body === undefined ? 'GET' : 'POST'), headers, body });
  const text = await res.text();
  let json: unknown;
  try {
    json = JSON.parse(text);
  } catch {
    json = undefined;
  }
  return { status: res.status, json, text };
}

/** A form body `action=...&data=<JSON>` as the createproject docs show it. */
export function formBody(action: string, data: unknown): string {
  return new URLSearchParams({ action, data: JSON.stringify(data) }).toString();
}

export type Emu = RunningEmulator;
