#!/usr/bin/env bash
# Packs the package as npm would publish it, installs the tarball in an empty project, and checks
# what a user does first: `npx solarproof-mock` starts, prints its URL first and answers health;
# `import` and `require` both start an emulator that delivers a webhook; the types load from an
# ES module and from a CommonJS file; the tarball carries LICENSE and the sources its maps name.
# Installed as the docs say (`npm install --save-dev ./solarproof-mock-<version>.tgz`); the git-URL
# line of the docs runs too (SPMOCK_PACK_SMOKE_GIT=0 skips it); `npm publish --dry-run` is clean;
# a SIGTERM to `npx solarproof-mock` leaves nothing running; strict tsc needs no @types/express.
set -euo pipefail
root="$(cd "$(dirname "$0")/.." && pwd)"
work="$(mktemp -d)"
trap 'rm -rf "$work"' EXIT

cd "$root"
tgz="$(npm pack --silent --pack-destination "$work" | tail -n 1)"
echo "packed $tgz ($(du -h "$work/$tgz" | cut -f1))"

listing="$(tar -tzf "$work/$tgz")"
for f in package/LICENSE package/dist/index.js package/dist/cjs/index.js package/dist/cjs/index.d.ts \
  package/dist/cjs/package.json package/src/index.ts package/fixtures/scenarios/residential-journey.json \
  package/dist/testcontainers/index.js package/dist/testcontainers/index.d.ts \
  package/dist/cjs/testcontainers/index.js package/dist/cjs/testcontainers/index.d.ts; do
  grep -qx "$f" <<<"$listing" || { echo "the tarball has no $f"; exit 1; }
done
if grep -q '\.test\.ts$' <<<"$listing"; then echo "the tarball ships test files"; exit 1; fi
echo "the tarball has LICENSE, dist/ (ESM and CommonJS, and the testcontainers entry), src/ (no tests) and fixtures/"

# npm publish --dry-run: nothing to warn about but the login a dry run cannot have.
publish_out="$(npm publish --dry-run --ignore-scripts 2>&1)"
if grep 'npm warn' <<<"$publish_out" | grep -v 'requires you to be logged in'; then
  echo "npm publish --dry-run warns (above)"; exit 1
fi
echo "npm publish --dry-run: clean ($(grep -c 'npm notice [0-9.]*[kMG]\?B ' <<<"$publish_out") files)"

# In this clone, after the build npm pack just ran: npx finds the package's own bin.
npx --no-install solarproof-mock --help | head -n 1 | sed 's/^/in the clone: /'

cd "$work"
npm init -y >/dev/null
# The docs' line, as a user types it (the tarball beside the project).
npm install --save-dev "./$tgz" --no-audit --no-fund >/dev/null
npx --no-install solarproof-mock --help | head -n 1

# docs/pytest.md's fixture runs `npx --no-install solarproof-mock` and ends it with SIGTERM: npm,
# its sh and the server must all be gone (the server stops itself once its sh is).
node --input-type=module -e '
import { spawn } from "node:child_process";
import { createInterface } from "node:readline";
const npx = spawn("npx", ["--no-install", "solarproof-mock", "--port", "0", "--log-level", "silent"], { stdio: ["ignore", "pipe", "inherit"] });
const line = await new Promise((resolve) => createInterface({ input: npx.stdout }).once("line", resolve));
const url = line.split(" ").pop();
npx.kill("SIGTERM");
await new Promise((resolve) => npx.on("exit", resolve));
const deadline = Date.now() + 10000;
for (;;) {
  const up = await fetch(`${url}/_emulator/health`).then(() => true, () => false);
  if (!up) break;
  if (Date.now() > deadline) throw new Error(`SIGTERM to npx left the server at ${url} running`);
  await new Promise((r) => setTimeout(r, 100));
}
console.log("SIGTERM to npx solarproof-mock: npm exited and the server stopped");
'

# solarproof-mock/testcontainers from both module systems (testcontainers is an optional peer
# dependency: without it installed, the entry says so when loaded).
npm install --no-audit --no-fund --save-dev testcontainers@11 >/dev/null
node --input-type=module -e 'const m = await import("solarproof-mock/testcontainers"); if (typeof m.SolarProofMockContainer !== "function") throw new Error("no SolarProofMockContainer"); console.log("import solarproof-mock/testcontainers: SolarProofMockContainer")'
node -e 'const m = require("solarproof-mock/testcontainers"); if (typeof m.SolarProofMockContainer !== "function") throw new Error("no SolarProofMockContainer"); console.log("require solarproof-mock/testcontainers: SolarProofMockContainer")'

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

# Types, as a TypeScript user of either module system reads them: strict, no skipLibCheck, and no
# @types/express (decision 0013): only @types/node.
npm install --no-audit --no-fund --no-save @types/node@20 >/dev/null
if [ -d node_modules/@types/express ]; then echo "@types/express got installed; the check below would not mean anything"; exit 1; fi
cat >types-check.cts <<'EOF'
import { startEmulator, type EventPayload, type Emulator } from 'solarproof-mock';
import { SolarProofMockContainer } from 'solarproof-mock/testcontainers';
import { createServer } from 'node:http';
export const a: (body: EventPayload<'customer_created', 'v1'>) => number = (body) => body.pkcustomerid;
export const b = startEmulator;
export const c = (emu: Emulator) => createServer(emu.app);
export const d = () => new SolarProofMockContainer('solarproof-mock:ci').withSeed(7).withAdminToken('t').start().then((sp) => sp.getClient().health());
EOF
sed 's/types-check.cts/x/' types-check.cts >types-check.mts
cat >tsconfig.json <<'EOF'
{ "compilerOptions": { "module": "node16", "moduleResolution": "node16", "target": "ES2022", "strict": true, "noEmit": true, "types": ["node"] }, "files": ["types-check.cts", "types-check.mts"] }
EOF
node "$root/node_modules/typescript/bin/tsc" -p tsconfig.json
echo "types check from a .cts and a .mts file (strict, no skipLibCheck, no @types/express)"

# The docs' git-URL line: npm clones the repository, installs its dev dependencies and builds it
# (`prepare`). Here the URL is this clone's committed HEAD (git+file://), as a user's would be.
if [ "${SPMOCK_PACK_SMOKE_GIT:-1}" != "0" ]; then
  mkdir "$work/from-git" && cd "$work/from-git" && npm init -y >/dev/null
  started=$(date +%s)
  npm install --save-dev "git+file://$root" --no-audit --no-fund >/dev/null
  npx --no-install solarproof-mock --help | head -n 1 | sed 's/^/from git: /'
  node --input-type=module -e 'const m = await import("solarproof-mock"); if (typeof m.startEmulator !== "function") throw new Error("no startEmulator"); console.log("from git: import works")'
  echo "npm install --save-dev git+file://... took $(( $(date +%s) - started )) s"
fi
echo "pack smoke: passed"
