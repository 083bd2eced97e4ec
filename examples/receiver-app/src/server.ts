// `npx tsx examples/receiver-app/src/server.ts`: the app on :3000 against an emulator on :4477.
import { startReceiverApp } from './main.js';

const app = await startReceiverApp({
  solarproofUrl: process.env.SOLARPROOF_URL ?? 'http://127.0.0.1:4477',
  apiKey: process.env.SOLARPROOF_API_KEY ?? 'sp_test_key',
  token: process.env.HOOK_TOKEN ?? 'dev-token',
  port: Number(process.env.PORT ?? 3000),
});
console.log(`receiver-app on ${app.url}, subscribed ${app.hookUrl}`);
