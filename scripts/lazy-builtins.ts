import { readFileSync } from 'node:fs';
import { dirname } from 'node:path';
import type { Plugin } from 'esbuild';

/**
 * Three of Node's own modules that dependencies require at their top level and use only later,
 * required on first use instead (decision 0051; ~1 ms of start-up each, and Node compiles each
 * from its own snapshot, which no code cache of ours holds):
 * - node:zlib in body-parser's read.js: only a compressed request body needs it;
 * - worker_threads in pino's tools.js: only an asynchronous destination asks isMainThread;
 * - assert in sonic-boom: one check of a file descriptor, in an error path.
 * Each rewrite is of exact text, on the same lines (source maps hold): the build fails if a
 * dependency's text changed, so that the rewrite is looked at again, never silently skipped.
 */
const REWRITES: { file: RegExp; edits: [from: string, to: string, count: number][] }[] = [
  {
    file: /[\\/]node_modules[\\/]body-parser[\\/]lib[\\/]read\.js$/,
    edits: [
      ["const zlib = require('node:zlib')", "let zlibModule; const lazyZlib = () => (zlibModule ??= require('node:zlib'))", 1],
      ["const hasZstandardSupport = 'createZstdDecompress' in zlib", "const hasZstandardSupport = () => 'createZstdDecompress' in lazyZlib()", 1],
      ['if (hasZstandardSupport) {', 'if (hasZstandardSupport()) {', 1],
      ['return zlib.create', 'return lazyZlib().create', 4],
    ],
  },
  {
    file: /[\\/]node_modules[\\/]pino[\\/]lib[\\/]tools\.js$/,
    edits: [
      ["const { isMainThread } = require('worker_threads')", "const isMainThread = () => require('worker_threads').isMainThread", 1],
      ['if (!opts.sync && isMainThread) {', 'if (!opts.sync && isMainThread()) {', 1],
    ],
  },
  {
    file: /[\\/]node_modules[\\/]sonic-boom[\\/]index\.js$/,
    edits: [["const assert = require('assert')", "const assert = (...args) => require('assert')(...args)", 1]],
  },
];

/** The esbuild plugin: the three files above, rewritten as they are bundled. */
export function lazyBuiltins(): Plugin {
  return {
    name: 'lazy-builtins',
    setup(b) {
      for (const { file, edits } of REWRITES) {
        b.onLoad({ filter: file }, (args) => {
          let text = readFileSync(args.path, 'utf8');
          for (const [from, to, count] of edits) {
            const found = text.split(from).length - 1;
            if (found !== count) throw new Error(`${args.path}: expected ${count} of "${from}", found ${found}; update scripts/lazy-builtins.ts`);
            text = text.replaceAll(from, to);
          }
          return { contents: text, loader: 'js', resolveDir: dirname(args.path) };
        });
      }
    },
  };
}
