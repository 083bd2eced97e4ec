import { request } from 'node:http';

/**
 * A stand-in for real Solar Proof sending webhooks: hand-written bodies with their own field
 * order and PHP's json_encode escaping (`\/` in URLs, `\u00e9` for non-ASCII), posted with
 * headers of its own. It only ever posts to the URL it is given (127.0.0.1 in tests).
 */
export const FAKE_SENDS: ReadonlyArray<{ path: string; body: string }> = [
  {
    path: '/hooks/customer_created?token=t0k',
    body: '{"customer_id":90001,"customer_uid":"a1b2c3d4","first_name":"Zo\\u00e9","surname":"Nguyen","customer_email":"zoe.nguyen@example.com.au","phone_primary":"0412 345 678","abn":"51 824 753 556","site_address":"12 Wattle St, Kirwan QLD 4817, Australia","customer_created_at":"2026-03-02T10:15:01Z","assigned_user_email":"sam.sales@sunco.com.au","lead_source":"Web form"}',
  },
  {
    path: '/hooks/project_email_sent',
    body: '[{"email_subject":"Your solar proposal","project_id":"849","customer_email":"zoe.nguyen@example.com.au","customer_name":"Zo\\u00e9 Nguyen","proposal_link":"https:\\/\\/solarproof.com.au\\/uploads\\/pdfs\\/849\\/proposal_849.pdf","sent_at":"2026-03-02 10:16:00"}]',
  },
  {
    path: '/hooks/customer_status_change',
    body: '[{"new_status":2,"old_status":1,"customer_id":90001,"customer_email":"zoe.nguyen@example.com.au","changed_by":"sam.sales@sunco.com.au"}]',
  },
];

/** The headers it sends with each body (Solar Proof's are not documented; these are ours). */
export const FAKE_HEADERS: Readonly<Record<string, string>> = { 'Content-Type': 'application/json; charset=utf-8', 'User-Agent': 'SolarProof-Webhooks/1.0 (fake)', 'X-Fake-Sender': 'yes' };

/** Posts each body to `base` + its path in order; resolves with each answer's status and body. */
export async function sendAsSolarProof(base: string, sends = FAKE_SENDS): Promise<Array<{ status: number; body: string }>> {
  const answers: Array<{ status: number; body: string }> = [];
  for (const { path, body } of sends) {
    answers.push(
      await new Promise((resolve, reject) => {
        const req = request(new URL(path, base), { method: 'POST', headers: { ...FAKE_HEADERS, 'Content-Length': String(Buffer.byteLength(body)) } }, (res) => {
          const chunks: Buffer[] = [];
          res.on('data', (c: Buffer) => chunks.push(c));
          res.on('end', () => resolve({ status: res.statusCode ?? 0, body: Buffer.concat(chunks).toString('utf8') }));
        });
        req.on('error', reject);
        req.end(body);
      }),
    );
  }
  return answers;
}
