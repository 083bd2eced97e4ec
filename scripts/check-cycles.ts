/**
 * Fails (exit 1) when src/ has an import cycle, between files or between folders, type-only
 * imports included; prints each cycle. Run by `npm test` (`npm run check:cycles`).
 *
 * Folders: `src/core` is the bottom (it imports no other folder); a feature folder may import
 * folders below it, never one that imports it back. Files at the top of src/ (the composition
 * root, the public index) are the only ones that may know every part.
 */
import madge from 'madge';

const ROOT = 'src';

const result = await madge(ROOT, {
  fileExtensions: ['ts'],
  tsConfig: 'tsconfig.json',
  excludeRegExp: [/\.test\.ts$/],
  detectiveOptions: { ts: { skipTypeImports: false }, es6: { skipTypeImports: false } },
});

const graph = result.obj();
const problems: string[] = [];

for (const cycle of result.circular()) problems.push(`file cycle: ${[...cycle, cycle[0]].map((f) => `${ROOT}/${f}`).join(' -> ')}`);

const folderOf = (file: string): string | undefined => (file.includes('/') ? file.split('/')[0] : undefined);
const folderEdges = new Map<string, Map<string, string>>();
for (const [file, deps] of Object.entries(graph)) {
  const from = folderOf(file);
  if (from === undefined) continue;
  for (const dep of deps) {
    const to = folderOf(dep);
    if (to === undefined) {
      // The CLI is the outermost shell: `serve` builds the emulator through the root.
      if (from === 'cli') continue;
      problems.push(`${ROOT}/${file} imports ${ROOT}/${dep}: only the top-level files may import the composition root or the index`);
      continue;
    }
    if (to === from) continue;
    const out = folderEdges.get(from) ?? new Map<string, string>();
    if (!out.has(to)) out.set(to, `${file} -> ${dep}`);
    folderEdges.set(from, out);
  }
}
if (folderEdges.has('core')) {
  for (const [to, example] of folderEdges.get('core')!) problems.push(`src/core must import no other folder, but imports ${to} (${example})`);
}

// Folder cycles: a depth-first search that reports each cycle once, with one import per hop.
const seen = new Set<string>();
const reported = new Set<string>();
const visit = (folder: string, path: string[]): void => {
  const at = path.indexOf(folder);
  if (at >= 0) {
    const cycle = path.slice(at);
    const key = [...cycle].sort().join(',');
    if (!reported.has(key)) {
      reported.add(key);
      const hops = cycle.map((f, i) => folderEdges.get(f)!.get(cycle[(i + 1) % cycle.length]!)!);
      problems.push(`folder cycle: ${[...cycle, folder].join(' -> ')} (${hops.join('; ')})`);
    }
    return;
  }
  if (seen.has(folder)) return;
  for (const next of folderEdges.get(folder)?.keys() ?? []) visit(next, [...path, folder]);
  seen.add(folder);
};
for (const folder of folderEdges.keys()) visit(folder, []);

const skipped = result.warnings().skipped.filter((s) => s.startsWith('.'));
for (const s of skipped) problems.push(`could not resolve ${s}`);

if (problems.length > 0) {
  process.stderr.write(`Import cycles in ${ROOT}/ (${problems.length}):\n${problems.map((p) => `  - ${p}`).join('\n')}\n`);
  process.exit(1);
}
process.stdout.write(`no import cycles: ${Object.keys(graph).length} files, ${folderEdges.size} folders\n`);
