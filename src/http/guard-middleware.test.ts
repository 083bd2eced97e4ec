import express from 'express';
import request from 'supertest';
import { describe, expect, it } from 'vitest';
import { createGuard, normaliseOrigin, type GuardSettings } from './guard-middleware.js';

function appWith(settings: Partial<GuardSettings>, boundHost: string | undefined = '127.0.0.1') {
  const full: GuardSettings = { allowedHosts: [], allowedOrigins: [], ...settings };
  const app = express();
  app.use(createGuard({ settings: () => full, boundHost: () => boundHost }));
  app.all('/{*rest}', (_req, res) => {
    res.json({ reached: true });
  });
  return app;
}

describe('createGuard', () => {
  it('applies changed settings to the next request (new allowedHosts / allowedOrigins)', async () => {
    let settings: GuardSettings = { allowedHosts: [], allowedOrigins: [] };
    const app = express();
    app.use(createGuard({ settings: () => settings, boundHost: () => '127.0.0.1' }));
    app.all('/{*rest}', (_req, res) => {
      res.json({ reached: true });
    });
    const evil = () => request(app).post('/x').set('Host', 'evil.example:4477').send('x');
    const fromUi = () => request(app).post('/x').set('Host', 'localhost:4477').set('Origin', 'http://localhost:3000').send('x');
    expect((await evil()).status).toBe(421);
    expect((await evil()).status).toBe(421); // the remembered verdict
    expect((await fromUi()).status).toBe(403);
    settings = { allowedHosts: ['evil.example'], allowedOrigins: ['http://localhost:3000'] };
    expect((await evil()).status).toBe(200);
    const ui = await fromUi();
    expect(ui.status).toBe(200);
    expect(ui.headers['access-control-allow-origin']).toBe('http://localhost:3000');
    settings = { allowedHosts: [], allowedOrigins: [] };
    expect((await evil()).status).toBe(421);
    expect((await fromUi()).status).toBe(403);
  });

  it('answers a foreign Host with 421 FOREIGN_HOST naming the three ways to allow it', async () => {
    const res = await request(appWith({})).get('/apidata.php').set('Host', 'evil.example:4477');
    expect(res.status).toBe(421);
    expect(res.type).toBe('application/problem+json');
    expect(res.body).toMatchObject({ code: 'FOREIGN_HOST', host: 'evil.example:4477' });
    for (const way of ['allowedHosts', '--allowed-host evil.example', 'SPMOCK_ALLOWED_HOSTS=evil.example']) expect(res.body.detail).toContain(way);
  });

  it('answers a foreign Origin with 403 FOREIGN_ORIGIN naming allowedOrigins, and sends no CORS headers', async () => {
    const res = await request(appWith({})).post('/apidata.php').set('Origin', 'https://evil.example').send('x');
    expect(res.status).toBe(403);
    expect(res.body).toMatchObject({ code: 'FOREIGN_ORIGIN', origin: 'https://evil.example' });
    expect(res.body.detail).toContain('allowedOrigins');
    expect(res.headers['access-control-allow-origin']).toBeUndefined();
  });

  it('treats Origin: null as foreign', async () => {
    const res = await request(appWith({ allowedOrigins: ['null'] })).post('/x').set('Origin', 'null');
    expect(res.status).toBe(403);
  });

  it('accepts the emulator own origin (http + accepted Host), with no CORS headers', async () => {
    const res = await request(appWith({})).post('/x').set('Host', 'localhost:4477').set('Origin', 'http://localhost:4477');
    expect(res.status).toBe(200);
    expect(res.headers['access-control-allow-origin']).toBeUndefined();
    expect(res.headers.vary).toBeUndefined();
  });

  it('refuses https:// of the own host and a different port as foreign', async () => {
    const app = appWith({});
    expect((await request(app).post('/x').set('Host', 'localhost:4477').set('Origin', 'https://localhost:4477')).status).toBe(403);
    expect((await request(app).post('/x').set('Host', 'localhost:4477').set('Origin', 'http://localhost:3000')).status).toBe(403);
  });

  it('sends CORS headers to exactly the allowed origins', async () => {
    const app = appWith({ allowedOrigins: ['http://localhost:3000/'] });
    const res = await request(app).get('/_emulator/deliveries').set('Origin', 'http://LOCALHOST:3000');
    expect(res.status).toBe(200);
    expect(res.headers['access-control-allow-origin']).toBe('http://LOCALHOST:3000');
    expect(res.headers.vary).toContain('Origin');
    const plain = await request(app).get('/x');
    expect(plain.headers.vary).toContain('Origin');
    expect(plain.headers['access-control-allow-origin']).toBeUndefined();
  });

  it('answers a preflight from an allowed origin itself, even when a token is set', async () => {
    const res = await request(appWith({ allowedOrigins: ['http://localhost:3000'], adminToken: 't' }))
      .options('/_emulator/config')
      .set('Origin', 'http://localhost:3000')
      .set('Access-Control-Request-Method', 'PATCH')
      .set('Access-Control-Request-Headers', 'authorization, content-type');
    expect(res.status).toBe(204);
    expect(res.headers['access-control-allow-origin']).toBe('http://localhost:3000');
    expect(res.headers['access-control-allow-methods']).toContain('PATCH');
    expect(res.headers['access-control-allow-headers']).toMatch(/Authorization.*Content-Type/);
    expect(res.headers['access-control-max-age']).toBe('600');
    expect(res.headers.vary).toMatch(/Origin.*Access-Control-Request-Method/);
  });

  it('needs the admin token under /_emulator (any case, encoded, trailing slash) but not for GET/HEAD health or apidata.php', async () => {
    const app = appWith({ adminToken: 's3cret' });
    for (const path of ['/_emulator/config', '/_EMULATOR/config', '/%5Femulator/config', '/_emulator', '/_emulator/', '//_emulator/config']) {
      const res = await request(app).get(path);
      expect(res.status, path).toBe(401);
      expect(res.headers['www-authenticate'], path).toMatch(/^Bearer/);
      expect(res.body, path).toMatchObject({ code: 'UNAUTHORIZED' });
    }
    expect((await request(app).post('/_emulator/health')).status).toBe(401);
    expect((await request(app).get('/_emulator/health')).status).toBe(200);
    expect((await request(app).get('/_emulator/health/')).status).toBe(200);
    expect((await request(app).head('/_emulator/health')).status).toBe(200);
    expect((await request(app).post('/apidata.php?action=subscribe_customer')).status).toBe(200);
    expect((await request(app).get('/_emulator/config').set('Authorization', 'Bearer s3cret')).status).toBe(200);
  });

  it('says which settings set the token, and marks a wrong one invalid_token', async () => {
    const res = await request(appWith({ adminToken: 's3cret' })).get('/_emulator/config').set('Authorization', 'Bearer nope');
    expect(res.status).toBe(401);
    expect(res.headers['www-authenticate']).toContain('error="invalid_token"');
    for (const way of ['--admin-token', 'SPMOCK_ADMIN_TOKEN', 'adminToken']) expect(res.body.detail).toContain(way);
  });

  it('checks Host before Origin before the token', async () => {
    const app = appWith({ adminToken: 't' });
    expect((await request(app).get('/_emulator/config').set('Host', 'evil.example').set('Origin', 'http://evil.example')).status).toBe(421);
    expect((await request(app).get('/_emulator/config').set('Origin', 'http://evil.example')).status).toBe(403);
  });

  it('reads the settings on every request', async () => {
    const settings: GuardSettings = { allowedHosts: [], allowedOrigins: [] };
    const app = express();
    app.use(createGuard({ settings: () => settings, boundHost: () => '127.0.0.1' }));
    app.get('/x', (_req, res) => void res.send('ok'));
    expect((await request(app).get('/x').set('Host', 'emulator:4477')).status).toBe(421);
    settings.allowedHosts = ['emulator'];
    expect((await request(app).get('/x').set('Host', 'emulator:4477')).status).toBe(200);
  });
});

describe('normaliseOrigin', () => {
  it('normalises case, default ports and a trailing slash', () => {
    expect(normaliseOrigin('HTTPS://App.Example:443/')).toBe('https://app.example');
    expect(normaliseOrigin('http://localhost:3000')).toBe('http://localhost:3000');
  });

  it.each(['null', 'file://', 'http://x.example/path', 'chrome-extension://abc', 'not an origin', 'http://u@x.example'])('refuses %j', (text) => {
    expect(normaliseOrigin(text)).toBeUndefined();
  });
});
