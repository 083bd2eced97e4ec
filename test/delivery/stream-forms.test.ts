import { afterEach, describe, expect, it } from 'vitest';
import { startDeliveryHarness, type DeliveryHarness } from './delivery-harness.js';

let h: DeliveryHarness | undefined;
afterEach(async () => h?.close());

describe('GET /_emulator/stream lighter forms, through a real emulator', () => {
  it('change= and fields= thin the stream; the default stream beside them is unchanged; unknown names are a 400', async () => {
    h = await startDeliveryHarness();
    const base = `${await h.emu.listen()}/_emulator`;
    h.subscribe('/hook');
    const light = await fetch(`${base}/stream?change=settled&fields=id,state`);
    const full = await fetch(`${base}/stream`);
    const read = async (res: Response, until: string) => {
      const reader = res.body!.getReader();
      let text = '';
      while (!text.includes(until)) text += new TextDecoder().decode((await reader.read()).value);
      await reader.cancel();
      return text;
    };
    h.send();
    const [lightText, fullText] = await Promise.all([read(light, '"settled"'), read(full, '"settled"')]);
    expect(lightText).toContain('event: delivery\nid: 1\ndata: {"change":"settled","delivery":{"id":"dlv_1","state":"delivered"}}\n\n');
    expect(lightText).not.toContain('"created"');
    expect(fullText).toMatch(/event: delivery\nid: 1\ndata: \{"change":"created","delivery":\{"id":"dlv_1","eventId":"evt_t1","type":"customer_created",/);
    expect(fullText).toMatch(/id: 3\ndata: \{"change":"settled","delivery":\{"id":"dlv_1",.*"hookUrl":.*"attempts":\[\{"number":1,/);

    const bad = await fetch(`${base}/stream?fields=id,stat`);
    expect(bad.status).toBe(400);
    const problem = (await bad.json()) as { code: string; detail: string };
    expect(problem.code).toBe('INVALID_QUERY');
    expect(problem.detail).toContain('Unknown field "stat". Known fields: id, eventId,');
  });
});
