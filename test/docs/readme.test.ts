import { readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';

const README = readFileSync(new URL('../../README.md', import.meta.url), 'utf8');

describe('README is a landing page', () => {
  it('opens with the two commands', () => {
    const head = README.split('\n').slice(0, 20).join('\n');
    expect(head).toContain('npm ci && npm start');
    expect(head).toContain('npm ci && npm test');
  });

  it('is at most ~250 lines; the manual lives in docs/', () => {
    expect(README.split('\n').length).toBeLessThanOrEqual(260);
    expect(README).toContain('](docs/README.md)');
  });

  it("calls out the express.json() fix for Solar Proof's own example receiver", () => {
    expect(README).toContain("app.post('/webhooks/solarproof'");
    expect(README).toContain('express.json(');
    expect(README).toContain('`undefined`');
  });

  it('keeps the dashboard screenshot and leaves bench results to docs/performance.md', () => {
    expect(README).toContain('](docs/dashboard.png)');
    expect(README).toContain('](docs/performance.md)');
    expect(README).not.toMatch(/deliveries\/s|p99 lateness/);
  });
});
