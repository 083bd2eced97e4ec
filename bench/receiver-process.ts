import { spawn, type ChildProcess } from 'node:child_process';

/**
 * A bare node:http receiver in its own process (as in perf-notes.md), so the sender's numbers are
 * not eaten by the receiver's work in the same event loop. Answers every POST 200 {"ok":true}.
 */
const SOURCE = `
const http = require('node:http');
let count = 0;
const server = http.createServer({ keepAliveTimeout: 10000 }, (req, res) => {
  req.on('data', () => {});
  req.on('end', () => { count++; res.writeHead(200, { 'content-type': 'application/json' }); res.end('{"ok":true}'); });
});
server.listen(0, '127.0.0.1', () => process.stdout.write(String(server.address().port) + '\\n'));
process.on('message', (m) => { if (m === 'count') process.send(count); });
`;

export interface ReceiverProcess {
  url: string;
  count(): Promise<number>;
  close(): void;
}

export async function startReceiverProcess(): Promise<ReceiverProcess> {
  const child: ChildProcess = spawn(process.execPath, ['-e', SOURCE], { stdio: ['ignore', 'pipe', 'inherit', 'ipc'] });
  const port = await new Promise<number>((resolve, reject) => {
    child.stdout!.once('data', (d: Buffer) => resolve(Number(d.toString().trim())));
    child.once('error', reject);
  });
  return {
    url: `http://127.0.0.1:${port}`,
    count: () =>
      new Promise((resolve) => {
        child.once('message', (m) => resolve(m as number));
        child.send('count');
      }),
    close: () => child.kill(),
  };
}
