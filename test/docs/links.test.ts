import { existsSync, readFileSync, readdirSync, statSync } from 'node:fs';
import { dirname, join, relative, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';
import { describe, expect, it } from 'vitest';

const ROOT = fileURLToPath(new URL('../../', import.meta.url));

/**
 * Pages another change is adding in parallel: a link to one of them is allowed while it does not
 * exist yet (once it exists it is checked like any other). Remove an entry when its page lands.
 */
const PENDING = new Set<string>();

function markdownFiles(dir: string): string[] {
  return readdirSync(dir).flatMap((name) => {
    const path = join(dir, name);
    if (statSync(path).isDirectory()) return markdownFiles(path);
    return name.endsWith('.md') ? [path] : [];
  });
}

/** Text outside fenced code blocks and inline code, where a `[x](y)` is a real link. */
function prose(text: string): string {
  return text.replace(/^```[\s\S]*?^```/gm, '').replace(/`[^`\n]*`/g, '');
}

/** GitHub's heading anchors: lowercase, punctuation dropped, spaces to '-', repeats get -1, -2. */
function anchorsOf(text: string): Set<string> {
  const seen = new Map<string, number>();
  const anchors = new Set<string>();
  for (const line of text.replace(/^```[\s\S]*?^```/gm, '').split('\n')) {
    const heading = /^#{1,6} (.*)$/.exec(line);
    if (!heading) continue;
    const base = heading[1]!.trim().toLowerCase().replace(/[^\p{L}\p{N} _-]/gu, '').replace(/ /g, '-');
    const n = seen.get(base) ?? 0;
    seen.set(base, n + 1);
    anchors.add(n === 0 ? base : `${base}-${n}`);
  }
  return anchors;
}

const FILES = [join(ROOT, 'README.md'), ...markdownFiles(join(ROOT, 'docs'))];

function linksOf(file: string): { target: string; anchor: string | undefined }[] {
  const out: { target: string; anchor: string | undefined }[] = [];
  for (const m of prose(readFileSync(file, 'utf8')).matchAll(/!?\[[^\]]*\]\(([^)\s]+)(?:\s+"[^"]*")?\)/g)) {
    const href = m[1]!;
    if (/^[a-z][a-z0-9+.-]*:/i.test(href)) continue; // http:, https:, mailto:
    const [path, anchor] = href.split('#', 2) as [string, string | undefined];
    out.push({ target: path === '' ? file : resolve(dirname(file), decodeURIComponent(path)), anchor });
  }
  return out;
}

describe('relative links in README.md and docs/', () => {
  it('finds the pages and their links', () => {
    expect(FILES.length).toBeGreaterThan(10);
    expect(linksOf(join(ROOT, 'README.md')).length).toBeGreaterThan(10);
  });

  it.each(FILES.map((f) => [relative(ROOT, f), f]))('%s: every relative link points at an existing file', (_name, file) => {
    const broken: string[] = [];
    for (const { target, anchor } of linksOf(file)) {
      const rel = relative(ROOT, target);
      if (!existsSync(target)) {
        if (!PENDING.has(rel)) broken.push(`${rel} (missing)`);
        continue;
      }
      if (anchor && target.endsWith('.md') && !anchorsOf(readFileSync(target, 'utf8')).has(anchor)) {
        broken.push(`${rel}#${anchor} (no such heading)`);
      }
    }
    expect(broken).toEqual([]);
  });
});
