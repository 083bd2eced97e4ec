/**
 * Fails (exit 1) when src/ has an import cycle, between files or between folders, type-only
 * imports included; prints each cycle. Run by `npm test` (`npm run check:cycles`).
 *
 * Folders: `src/core` is the bottom (it imports no other folder); a feature folder may import
 * folders below it, never one that imports it back. Files at the top of src/ (the composition
 * root, the public index) are the only ones that may know every part.
 *
 * The graph is read from each file's syntax tree (`scripts/source-imports.ts`: TypeScript's parser,
 * no program), the same edges madge found before for ~1/5 of its CPU (decision 0036).
 */
import { readdirSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { ts } from './typescript-api.js';
import { moduleSpecifiers, resolveRelative } from './source-imports.js';

const ROOT = 'src';

/** The .ts files under `dir` of `root`, declaration files included, tests aside, as paths relative to `root`. */
function tsFiles(root: string, dir: string): string[] {
  return readdirSync(join(root, dir), { withFileTypes: true, recursive: true })
    .filter((e) => e.isFile() && e.name.endsWith('.ts') && !e.name.endsWith('.test.ts'))
    .map((e) => join(e.parentPath, e.name).slice(root.length + 1).replaceAll('\\', '/'))
    .sort();
}

/** src/'s import graph (tests aside, declaration files in), keyed by path under src/, and the relative imports no file answers. */
export function importGraph(root: string): { graph: Record<string, string[]>; unresolved: string[] } {
  const graph: Record<string, string[]> = {};
  const unresolved: string[] = [];
  for (const file of tsFiles(root, ROOT)) {
    const source = ts.createSourceFile(file, readFileSync(join(root, file), 'utf8'), ts.ScriptTarget.Latest, false);
    const deps = new Set<string>();
    for (const spec of moduleSpecifiers(source).filter((s) => s.startsWith('.'))) {
      const target = resolveRelative(root, file, spec);
      if (target === undefined || !target.startsWith(`${ROOT}/`)) unresolved.push(`${spec} (from ${file})`);
      else deps.add(target.slice(ROOT.length + 1));
    }
    graph[file.slice(ROOT.length + 1)] = [...deps];
  }
  return { graph, unresolved };
}

/** The cycles between files of `graph`, as its files in order: a depth-first search that reports each edge back to a file on its path, as madge did. */
export function fileCycles(graph: Record<string, string[]>): string[][] {
  const cycles: string[][] = [];
  const done = new Set<string>();
  const onPath = new Map<string, number>();
  const path: string[] = [];
  const visit = (file: string): void => {
    onPath.set(file, path.length);
    path.push(file);
    for (const dep of graph[file] ?? []) {
      const at = onPath.get(dep);
      if (at !== undefined) cycles.push(path.slice(at));
      else if (!done.has(dep)) visit(dep);
    }
    path.pop();
    onPath.delete(file);
    done.add(file);
  };
  for (const file of Object.keys(graph).sort()) if (!done.has(file)) visit(file);
  return cycles;
}

/** Every cycle and layering problem of src/ under `root`, one a line, and how many files and folders were read. */
export function cycleProblems(root: string): { problems: string[]; files: number; folders: number } {
  const { graph, unresolved } = importGraph(root);
  const problems: string[] = [];

  for (const cycle of fileCycles(graph)) problems.push(`file cycle: ${[...cycle, cycle[0]].map((f) => `${ROOT}/${f}`).join(' -> ')}`);
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

  for (const s of unresolved) problems.push(`could not resolve ${s}`);

  return { problems, files: Object.keys(graph).length, folders: folderEdges.size };
}

if (process.argv[1]?.endsWith('check-cycles.ts')) {
  const { problems, files, folders } = cycleProblems(process.cwd());
  if (problems.length > 0) {
    process.stderr.write(`Import cycles in ${ROOT}/ (${problems.length}):\n${problems.map((p) => `  - ${p}`).join('\n')}\n`);
    process.exit(1);
  }
  process.stdout.write(`no import cycles: ${files} files, ${folders} folders\n`);
}
