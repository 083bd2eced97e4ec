/**
 * Fails (exit 1) when the house loses its shape; run by `npm test` (`npm run check:limits`):
 * - a source file in `src/` or the dashboard's `ui/js/` over 300 lines (tests aside),
 * - a function (declaration, expression, arrow, method, accessor, constructor) over 120 lines,
 * - a file in `src/client/` importing anything but `src/contract/` and `src/core/` (the client
 *   is derived from the wire contract and carries no server code).
 * Prints the five largest files and functions either way, so a change that grows them shows.
 */
import { existsSync, readdirSync, readFileSync } from 'node:fs';
import { dirname, join, relative, resolve } from 'node:path';
import { moduleSpecifiers } from './source-imports.js';
import { ts, type TypeScript } from './typescript-api.js';

export const MAX_FILE_LINES = 300;
export const MAX_FUNCTION_LINES = 120;
const CLIENT_MAY_IMPORT = ['src/contract/', 'src/core/'];

export interface Sized {
  where: string;
  lines: number;
}

/** Every `ext` file under `dir` (tests and declaration files aside), as paths relative to `root`. */
export function sourceFiles(root: string, dir = 'src', ext = '.ts'): string[] {
  const out: string[] = [];
  if (!existsSync(join(root, dir))) return out;
  for (const entry of readdirSync(join(root, dir), { withFileTypes: true })) {
    const path = `${dir}/${entry.name}`;
    if (entry.isDirectory()) out.push(...sourceFiles(root, path, ext));
    else if (entry.name.endsWith(ext) && !entry.name.endsWith(`.test${ext}`) && !entry.name.endsWith('.d.ts')) out.push(path);
  }
  return out.sort();
}

/** The length of a text in lines (a last newline ends the last line, it does not start one). */
const lineCount = (text: string): number => text.split('\n').length - (text.endsWith('\n') ? 1 : 0);

/** One file's syntax tree (no program, no type-checking): the function sizes and the imports are read from it. */
const parse = (file: string, text: string): TypeScript.SourceFile => ts.createSourceFile(file, text, ts.ScriptTarget.Latest, true);

/** The functions of one source text with their line counts (first line to last, inclusive). */
export function functionSizes(file: string, text: string): Sized[] {
  return functionsIn(file, parse(file, text));
}

function functionsIn(file: string, source: TypeScript.SourceFile): Sized[] {
  const out: Sized[] = [];
  const lineOf = (pos: number) => source.getLineAndCharacterOfPosition(pos).line;
  const visit = (node: TypeScript.Node): void => {
    if (ts.isFunctionLike(node) && 'body' in node && node.body !== undefined) {
      const lines = lineOf(node.getEnd()) - lineOf(node.getStart(source)) + 1;
      out.push({ where: `${file}:${lineOf(node.getStart(source)) + 1} ${functionName(node)}`, lines });
    }
    ts.forEachChild(node, visit);
  };
  visit(source);
  return out;
}

function functionName(node: TypeScript.Node): string {
  const named = node as TypeScript.Node & { name?: TypeScript.Node };
  if (named.name !== undefined && ts.isIdentifier(named.name)) return named.name.text;
  const parent = node.parent;
  if (parent !== undefined && ts.isVariableDeclaration(parent) && ts.isIdentifier(parent.name)) return parent.name.text;
  if (parent !== undefined && ts.isPropertyAssignment(parent) && ts.isIdentifier(parent.name)) return parent.name.text;
  return ts.isConstructorDeclaration(node) ? 'constructor' : '(anonymous)';
}

/**
 * Relative module specifiers of `text` (static imports, re-exports, dynamic imports and import
 * types), type-only ones included: read from the syntax tree as the cycle check reads them
 * (`moduleSpecifiers`, scripts/source-imports.ts), so an import in a comment or a string is none.
 */
export function importsOf(text: string): string[] {
  return relativeImports(parse('imports.ts', text));
}

const relativeImports = (source: TypeScript.SourceFile): string[] => moduleSpecifiers(source).filter((spec) => /^\.{1,2}\//.test(spec));

/** Every problem with the tree at `root`, plus the largest files and functions. */
export function checkLimits(root: string): { problems: string[]; files: Sized[]; functions: Sized[] } {
  const problems: string[] = [];
  const files: Sized[] = [];
  const functions: Sized[] = [];
  for (const file of sourceFiles(root)) {
    const text = readFileSync(join(root, file), 'utf8');
    const lines = lineCount(text);
    files.push({ where: file, lines });
    if (lines > MAX_FILE_LINES) problems.push(`${file}: ${lines} lines (at most ${MAX_FILE_LINES}); split it by responsibility`);
    const source = parse(file, text);
    for (const fn of functionsIn(file, source)) {
      functions.push(fn);
      if (fn.lines > MAX_FUNCTION_LINES) problems.push(`${fn.where}: a function of ${fn.lines} lines (at most ${MAX_FUNCTION_LINES})`);
    }
    if (file.startsWith('src/client/')) {
      for (const spec of relativeImports(source)) {
        const target = relative(root, resolve(root, dirname(file), spec)).replaceAll('\\', '/');
        if (target.startsWith('src/client/') || CLIENT_MAY_IMPORT.some((p) => target.startsWith(p))) continue;
        problems.push(`${file} imports ${target}: the client may import only ${CLIENT_MAY_IMPORT.join(' and ')} (and itself)`);
      }
    }
  }
  // The dashboard's plain JS: files only (its view factories are long closures by design).
  for (const file of sourceFiles(root, 'ui/js', '.js')) {
    const lines = lineCount(readFileSync(join(root, file), 'utf8'));
    files.push({ where: file, lines });
    if (lines > MAX_FILE_LINES) problems.push(`${file}: ${lines} lines (at most ${MAX_FILE_LINES}); split it by responsibility`);
  }
  const largest = (list: Sized[]) => [...list].sort((a, b) => b.lines - a.lines).slice(0, 5);
  return { problems, files: largest(files), functions: largest(functions) };
}

if (import.meta.url === `file://${process.argv[1]}` || process.argv[1]?.endsWith('check-limits.ts')) {
  const { problems, files, functions } = checkLimits(process.cwd());
  console.log(`largest files: ${files.map((f) => `${f.where} (${f.lines})`).join(', ')}`);
  console.log(`largest functions: ${functions.map((f) => `${f.where} (${f.lines})`).join(', ')}`);
  if (problems.length > 0) {
    console.error(`The house lost its shape (${problems.length}):\n${problems.map((p) => `  - ${p}`).join('\n')}`);
    process.exit(1);
  }
  console.log(`Limits hold: files <= ${MAX_FILE_LINES} lines, functions <= ${MAX_FUNCTION_LINES} lines, the client imports only the contract and core.`);
}
