import { readdirSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { DASHBOARD_ASSETS_DIR, DASHBOARD_CSP } from '../../src/http/dashboard.js';
import { startEmulator, type RunningEmulator } from '../../src/start-emulator.js';

const uiDir = fileURLToPath(new URL('../../ui/', import.meta.url));

describe('dashboard files over HTTP', () => {
  let emu: RunningEmulator;
  beforeAll(async () => {
    emu = await startEmulator({ seed: 1 });
  });
  afterAll(async () => {
    await emu.close();
  });
  const get = (path: string, headers: Record<string, string> = {}) => fetch(`${emu.url}${path}`, { headers, redirect: 'manual' });

  it('redirects /_emulator/ui to /_emulator/ui/ so relative asset URLs resolve', async () => {
    const res = await get('/_emulator/ui?x=1');
    expect(res.status).toBe(302);
    expect(res.headers.get('location')).toBe('/_emulator/ui/?x=1');
  });

  it('serves index.html with the CSP, nosniff and no-cache', async () => {
    const res = await get('/_emulator/ui/');
    expect(res.status).toBe(200);
    expect(res.headers.get('content-type')).toMatch(/^text\/html; charset=utf-8/i);
    expect(res.headers.get('content-security-policy')).toBe(DASHBOARD_CSP);
    expect(DASHBOARD_CSP).not.toContain('unsafe-inline');
    expect(res.headers.get('x-content-type-options')).toBe('nosniff');
    expect(res.headers.get('cache-control')).toBe('no-cache');
    expect(await res.text()).toContain('<script type="module" src="js/main.js"></script>');
  });

  it('serves scripts and styles with their own content types', async () => {
    const js = await get('/_emulator/ui/js/main.js');
    expect(js.status).toBe(200);
    expect(js.headers.get('content-type')).toMatch(/^(text|application)\/javascript/);
    expect(js.headers.get('content-security-policy')).toBe(DASHBOARD_CSP);
    const css = await get('/_emulator/ui/dashboard.css');
    expect(css.headers.get('content-type')).toMatch(/^text\/css/);
  });

  it('answers an unknown file, a dotfile and a path out of ui/ with a problem+json 404', async () => {
    for (const path of ['/_emulator/ui/nope.js', '/_emulator/ui/js/.hidden', '/_emulator/ui/%2e%2e/package.json', '/_emulator/ui/..%2fpackage.json']) {
      const res = await get(path);
      expect(res.status, path).toBe(404);
      expect(res.headers.get('content-type'), path).toMatch(/^application\/problem\+json/);
      expect(await res.json(), path).toMatchObject({ code: 'NOT_FOUND', status: 404 });
    }
  });

  it('says when the emulator started, for the uptime in the header', async () => {
    const res = await get('/_emulator/ui/status.json');
    const { startedAt } = (await res.json()) as { startedAt: string };
    expect(Date.parse(startedAt)).toBeLessThanOrEqual(Date.now());
    expect(Date.now() - Date.parse(startedAt)).toBeLessThan(600_000);
  });

  it('refuses methods other than GET on its files', async () => {
    const res = await fetch(`${emu.url}/_emulator/ui/`, { method: 'POST', body: '{}' });
    expect(res.status).toBe(405);
    expect(res.headers.get('allow')).toBe('GET, HEAD');
  });

  it('sends a browser asking for / to the dashboard, and leaves other clients alone', async () => {
    const browser = await get('/', { accept: 'text/html,application/xhtml+xml,*/*;q=0.8' });
    expect(browser.status).toBe(302);
    expect(browser.headers.get('location')).toBe('/_emulator/ui/');
    const curl = await get('/', { accept: '*/*' });
    expect(curl.status).not.toBe(302);
  });

  it('still answers the control API beside it', async () => {
    expect((await get('/_emulator/health')).status).toBe(200);
    expect((await get('/_emulator/uix')).status).toBe(404);
  });
});

describe('dashboard sources', () => {
  const files = (dir: string): string[] =>
    readdirSync(dir, { withFileTypes: true }).flatMap((e) => (e.isDirectory() ? files(join(dir, e.name)) : [join(dir, e.name)]));

  it('finds ui/ beside src/ (and so beside dist/ in the package)', () => {
    expect(DASHBOARD_ASSETS_DIR).toBe(uiDir);
  });

  it('has no inline script, inline handler or inline style in index.html', () => {
    const html = readFileSync(join(uiDir, 'index.html'), 'utf8');
    const scripts = [...html.matchAll(/<script\b([^>]*)>([\s\S]*?)<\/script>/gi)];
    expect(scripts.length).toBeGreaterThan(0);
    for (const [, attrs, body] of scripts) {
      expect(attrs).toMatch(/\bsrc="/);
      expect(body?.trim()).toBe('');
    }
    expect(html).not.toMatch(/\son[a-z]+\s*=/i);
    expect(html).not.toMatch(/\sstyle\s*=/i);
    expect(html).not.toMatch(/<style\b/i);
    expect(html).not.toMatch(/(src|href)="(https?:)?\/\//i);
  });

  it('never turns strings into HTML in its scripts', () => {
    for (const file of files(join(uiDir, 'js'))) {
      const code = readFileSync(file, 'utf8');
      expect(code, file).not.toMatch(/innerHTML|outerHTML|insertAdjacentHTML|document\.write|\beval\(|new Function\(|createContextualFragment|DOMParser/);
      expect(code, file).not.toMatch(/https?:\/\/(?!127\.0\.0\.1)[a-z]/i);
    }
  });
});
