import { queryString } from './call-route.js';
import { EmulatorApiError } from './emulator-api-error.js';

/**
 * Calls the emulated `apidata.php` (subscribe/unsubscribe) as an app would, with the key given;
 * a `success: false` answer throws an EmulatorApiError (`SOLARPROOF_ERROR`) carrying the message.
 */
export function solarproofCaller(base: string) {
  return async (action: string, method: string, body: unknown, key: string): Promise<{ success: boolean; message: string }> => {
    const res = await fetch(`${base}/apidata.php${queryString({ action, api_key: key })}`, {
      method,
      headers: { 'content-type': 'application/json' },
      body: JSON.stringify(body),
    });
    const answer = (await res.json()) as { success: boolean; message: string };
    if (!answer.success) throw new EmulatorApiError(res.status, 'SOLARPROOF_ERROR', answer.message, answer);
    return answer;
  };
}
