#!/usr/bin/env bash
# Packs the package as npm would publish it, installs the tarball in an empty project, and checks
# what a user does first: `npx solarproof-mock` starts, prints its URL first and answers health;
# `import` and `require` both start an emulator that delivers a webhook; the types load from an
# ES module and from a CommonJS file; the tarball carries LICENSE and the sources its maps name.
set -euo pipefail
root="$(cd "$(dirname "$0")/.." && pwd)"
work="$(mktemp -d)"
trap 'rm -rf "$work"' EXIT

cd "$root"
tgz="$(npm pack --silent --pack-destination "$work" | tail -n 1)"
echo "packed $tgz ($(du -h "$work/$tgz" | cut -f1))"

listing="$(tar -tzf "$work/$tgz")"
for f in package/LICENSE package/dist/index.js package/dist/cjs/index.js package/dist/cjs/index.d.ts \
  package/dist/cjs/package.json package/src/index.ts package/fixtures/scenarios/residential-journey.json; do
  grep -qx "$f" <<<"$listing" || { echo "the tarball has no $f"; exit 1; }
done
if grep -q '\.test\.ts$' <<<"$listing"; then echo "the tarball ships test files"; exit 1; fi
echo "the tarball has LICENSE, dist/ (ESM and CommonJS), src/ (no tests) and fixtures/"

# In this clone, after the build npm pack just ran: npx finds the package's own bin.
npx --no-install solarproof-mock --help | head -n 1 | sed 's/^/in the clone: /'

cd "$work"
npm init -y >/dev/null
npm install --no-audit --no-fund --omit=dev "./$tgz" >/dev/null
npx --no-install solarproof-mock --help | head -n 1

node --input-type=module -e '
import { spawn } from "node:child_process";
import { createInterface } from "node:readline";
// The installed bin itself (npx does not pass SIGTERM on to it).
const child = spawn("node_modules/.bin/solarproof-mock", ["--port", "0", "--log-level", "silent"], { stdio: ["ignore", "pipe", "inherit"] });
const line = await new Promise((resolve) => createInterface({ input: child.stdout }).once("line", resolve));
if (!/^solarproof-mock listening on http:\/\/127\.0\.0\.1:\d+$/.test(line)) throw new Error(`unexpected first line: ${line}`);
const url = line.split(" ").pop();
const health = await (await fetch(`${url}/_emulator/health`)).json();
if (health.status !== "ok") throw new Error("health is not ok");
child.kill("SIGTERM");
const code = await new Promise((resolve) => child.on("exit", resolve));
if (code !== 0) throw new Error(`solarproof-mock exited ${code} on SIGTERM`);
console.log(`the installed bin served ${url} (version ${health.version}) and stopped on SIGTERM`);
'

# The same check from both module systems: start, health, one webhook delivered (got, bundled
# into the CommonJS entry), a built-in scenario found (fixtures/ located from dist/cjs), close.
check='
const server = http.createServer((req, res) => { req.resume(); req.on("end", () => res.end("ok")); });
await new Promise((resolve) => server.listen(0, "127.0.0.1", resolve));
const sp = await startEmulator({ seed: 3 });
const health = await (await fetch(`${sp.url}/_emulator/health`)).json();
if (health.status !== "ok" || health.version !== VERSION) throw new Error(`health: ${JSON.stringify(health)}`);
await sp.subscribe(`http://127.0.0.1:${server.address().port}/webhooks/solarproof/customer_created`, "customer_created");
const { events } = await sp.trigger("customer_created");
const [delivery] = await sp.deliveries.waitFor({ eventId: events[0].id, state: "delivered" }, { timeoutMs: 15000 });
const scenarios = await sp.scenarios.list();
if (!scenarios.some((s) => s.name === "residential-journey")) throw new Error("no built-in scenarios");
if (!(new ManualClock(0) instanceof ManualClock) || !EVENT_TYPES.includes("contract_signed")) throw new Error("exports");
await sp.close();
await new Promise((resolve) => server.close(resolve));
console.log(`${MODE}: started ${sp.url}, health ok, ${delivery.id} ${delivery.state}, ${scenarios.length} scenarios, closed`);
'
cat >esm.mjs <<EOF
import http from "node:http";
import { startEmulator, ManualClock, EVENT_TYPES, VERSION } from "solarproof-mock";
const MODE = "import";
$check
EOF
cat >cjs.cjs <<EOF
const http = require("node:http");
const { startEmulator, ManualClock, EVENT_TYPES, VERSION } = require("solarproof-mock");
const MODE = process.argv[2] ?? "require";
(async () => {
$check
})().catch((err) => { console.error(err); process.exit(1); });
EOF
node esm.mjs
node cjs.cjs
# What jest and other loaders that cannot require() an ES module see: nothing ESM-only may be required.
node --no-experimental-require-module cjs.cjs "require without require(esm)"
node -e '
const esm = import("solarproof-mock");
const cjs = require("solarproof-mock");
esm.then((m) => {
  const a = Object.keys(m).filter((k) => k !== "default").sort().join(" ");
  const b = Object.keys(cjs).sort().join(" ");
  if (a !== b) throw new Error(`import and require differ:\n  import:  ${a}\n  require: ${b}`);
  console.log(`import and require give the same ${Object.keys(cjs).length} exports`);
});
'

# Every source map names files that are in the installed package (or carries their text).
node -e '
const fs = require("node:fs"), path = require("node:path");
const dist = path.join("node_modules", "solarproof-mock", "dist");
let maps = 0, sources = 0;
for (const file of fs.readdirSync(dist, { recursive: true })) {
  if (!file.endsWith(".js.map")) continue;
  const mapPath = path.join(dist, file);
  const map = JSON.parse(fs.readFileSync(mapPath, "utf8"));
  map.sources.forEach((source, i) => {
    const target = path.resolve(path.dirname(mapPath), map.sourceRoot ?? "", source);
    if (!fs.existsSync(target) && !map.sourcesContent?.[i]) throw new Error(`${mapPath}: ${source} is not in the package`);
    sources++;
  });
  maps++;
}
console.log(`${maps} source maps, ${sources} sources, all resolve`);
'

# Types, as a TypeScript user of either module system reads them (no skipLibCheck).
npm install --no-audit --no-fund --no-save @types/node@20 @types/express@5 >/dev/null
cat >types-check.cts <<'EOF'
import { startEmulator, type EventPayload } from 'solarproof-mock';
export const a: (body: EventPayload<'customer_created', 'v1'>) => number = (body) => body.pkcustomerid;
export const b = startEmulator;
EOF
sed 's/types-check.cts/x/' types-check.cts >types-check.mts
cat >tsconfig.json <<'EOF'
{ "compilerOptions": { "module": "node16", "moduleResolution": "node16", "target": "ES2022", "strict": true, "noEmit": true, "types": ["node"] }, "files": ["types-check.cts", "types-check.mts"] }
EOF
node "$root/node_modules/typescript/bin/tsc" -p tsconfig.json
echo "types check from a .cts and a .mts file"
echo "pack smoke: passed"
