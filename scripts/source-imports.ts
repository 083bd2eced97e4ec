/**
 * The relative imports of a TypeScript source, read from its syntax tree (`ts.createSourceFile`,
 * no program, no type-checking): the cycle check reads them here, and the limits check's client
 * rule reads them with `moduleSpecifiers` from the tree it already builds for the function sizes,
 * so both checks agree on what an import is. What counts as an import is what madge counted
 * before (detective-typescript with type imports kept): `import` and `import type`,
 * `export ... from`, `import('...')` as a call and as a type (`typeof import('...')`), and
 * `import x = require('...')`. Package imports are not edges: the graph is of src/'s own files.
 */
import { existsSync } from 'node:fs';
import { dirname, join, relative } from 'node:path';
import { ts, type TypeScript } from './typescript-api.js';

/** The module specifiers a source file names, in source order, relative and package ones alike. */
export function moduleSpecifiers(source: TypeScript.SourceFile): string[] {
  const out: string[] = [];
  const literal = (node: TypeScript.Node | undefined): void => {
    if (node !== undefined && ts.isStringLiteralLike(node)) out.push(node.text);
  };
  const visit = (node: TypeScript.Node): void => {
    if (ts.isImportDeclaration(node) || ts.isExportDeclaration(node)) literal(node.moduleSpecifier);
    else if (ts.isImportEqualsDeclaration(node) && ts.isExternalModuleReference(node.moduleReference)) literal(node.moduleReference.expression);
    else if (ts.isCallExpression(node) && node.expression.kind === ts.SyntaxKind.ImportKeyword) literal(node.arguments[0]);
    else if (ts.isImportTypeNode(node) && ts.isLiteralTypeNode(node.argument)) literal(node.argument.literal);
    ts.forEachChild(node, visit);
  };
  visit(source);
  return out;
}

/**
 * The file a relative specifier of `from` (a path under `root`) names, relative to `root`, as
 * TypeScript's NodeNext resolution finds it: `./x.js` is `./x.ts` (or `./x.d.ts`), a folder is its `index.ts`;
 * undefined when no such file exists.
 */
export function resolveRelative(root: string, from: string, spec: string): string | undefined {
  const base = join(dirname(join(root, from)), spec);
  const candidates = [base.replace(/\.(m|c)?js$/, '.$1ts'), base.replace(/\.(m|c)?js$/, '.d.$1ts'), base, `${base}.ts`, join(base, 'index.ts')];
  const found = candidates.find((c) => c.endsWith('.ts') && existsSync(c));
  return found === undefined ? undefined : relative(root, found).replaceAll('\\', '/');
}
