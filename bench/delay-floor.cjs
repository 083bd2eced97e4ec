'use strict';
/**
 * The delay phase's floor on this machine (`npm run bench -- runtime`): a server that does only
 * what the phase needs, so that its error is the machine's and the procedure's, not an emulator's
 * (decision 0053). It keeps the hook URL of a `subscribe_customer` and the ms of a `PATCH
 * /_emulator/config` latency, answers each `POST /_emulator/events` at once, and POSTs a ~640 B
 * body to the hook `latency - 1` ms after the trigger's request arrived, aimed as the emulator aimed
 * before decision 0054 (a Node timer to 1.5 ms before, then the clock checked on every turn: the
 * most precise aim, whatever its CPU, which a floor may spend). Prints `listening on URL`
 * as the bin does; `node bench/delay-floor.cjs --port 0`.
 */
const http = require('node:http');

const agent = new http.Agent({ keepAlive: true });
const body = Buffer.from(JSON.stringify({ type_request: 'customer_created', payload: 'x'.repeat(580) }));
let hook;
let latency = 0;

function send() {
  const req = http.request(hook, { method: 'POST', agent, headers: { 'content-type': 'application/json', 'content-length': body.length } }, (res) => res.resume());
  req.on('error', () => undefined);
  req.end(body);
}

function aimAt(moment) {
  const poll = () => (performance.now() >= moment ? send() : setImmediate(poll));
  setTimeout(poll, Math.max(0, Math.floor(moment - performance.now() - 1.5)));
}

const server = http.createServer((req, res) => {
  const arrived = performance.now();
  let text = '';
  req.setEncoding('utf8');
  req.on('data', (d) => (text += d));
  req.on('end', () => {
    if (req.url.includes('action=subscribe_customer')) hook = JSON.parse(text).hookUrl;
    else if (req.url.startsWith('/_emulator/config')) latency = JSON.parse(text).delivery.latency.ms;
    else if (req.url.startsWith('/_emulator/events') && hook) aimAt(arrived + latency - 1);
    res.writeHead(200, { 'content-type': 'application/json' });
    res.end('{"ok":true}');
  });
});
const at = process.argv.indexOf('--port');
server.listen(at > 0 ? Number(process.argv[at + 1]) : 0, '127.0.0.1', () => console.log(`listening on http://127.0.0.1:${server.address().port}`));
