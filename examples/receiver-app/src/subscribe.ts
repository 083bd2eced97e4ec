/**
 * Subscribes `hookUrl` to `type` through Solar Proof's apidata.php, retrying on 5xx and network
 * errors (Solar Proof can be briefly unavailable), but not on 400s, which will not get better.
 */
export async function subscribeWithRetry(options: {
  solarproofUrl: string;
  apiKey: string;
  hookUrl: string;
  type: string;
  attempts?: number;
  baseDelayMs?: number;
}): Promise<{ attempts: number }> {
  const attempts = options.attempts ?? 6;
  const endpoint = `${options.solarproofUrl}/apidata.php?action=subscribe_customer&api_key=${encodeURIComponent(options.apiKey)}`;
  let lastError = '';
  for (let attempt = 1; attempt <= attempts; attempt++) {
    try {
      const res = await fetch(endpoint, {
        method: 'POST',
        headers: { 'content-type': 'application/json' },
        body: JSON.stringify({ hookUrl: options.hookUrl, type_request: options.type }),
        signal: AbortSignal.timeout(5000),
      });
      const body = (await res.json().catch(() => ({}))) as { success?: boolean; message?: string };
      if (res.status === 200 && body.success) return { attempts: attempt };
      if (res.status < 500) throw new Error(`Solar Proof refused the subscription: ${body.message ?? res.status}`);
      lastError = `HTTP ${res.status}`;
    } catch (err) {
      if (err instanceof Error && err.message.startsWith('Solar Proof refused')) throw err;
      lastError = err instanceof Error ? err.message : String(err);
    }
    await new Promise((r) => setTimeout(r, (options.baseDelayMs ?? 200) * 2 ** (attempt - 1)));
  }
  throw new Error(`Could not subscribe after ${attempts} attempts: ${lastError}`);
}
