#!/usr/bin/env bash
# Packs the package as npm would publish it, installs the tarball in an empty project, and checks
# that `npx solarproof-mock` starts, prints its URL first and answers health.
set -euo pipefail
root="$(cd "$(dirname "$0")/.." && pwd)"
work="$(mktemp -d)"
trap 'rm -rf "$work"' EXIT

cd "$root"
tgz="$(npm pack --silent --pack-destination "$work" | tail -n 1)"
echo "packed $tgz ($(du -h "$work/$tgz" | cut -f1))"

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
const { startEmulator } = await import("solarproof-mock");
const emu = await startEmulator({ seed: 3 });
const h2 = await emu.health();
await emu.close();
child.kill("SIGTERM");
const code = await new Promise((resolve) => child.on("exit", resolve));
if (code !== 0) throw new Error(`solarproof-mock exited ${code} on SIGTERM`);
console.log(`the installed solarproof-mock served ${url} (version ${health.version}); import { startEmulator } works (${h2.status})`);
'
echo "pack smoke: passed"
