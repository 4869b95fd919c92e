// The browser console (`npm start` without Electron) serves the real core on loopback. A web page
// the agent visits, or a DNS-rebound hostname, must not be able to drive it: every route and the
// websocket need this run's key and a loopback Host (and Origin for the websocket), and the test
// controls exist only when the harness was started for tests.
import { existsSync } from 'node:fs';
import http from 'node:http';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import WebSocket from 'ws';
import { startHarness, type Harness } from '../../harness/server';
import { createLogger } from '../../../electron/core/log';

const rendererBuilt = existsSync(path.resolve(import.meta.dirname, '../../../out/renderer/index.html'));
const quiet = createLogger({ level: 'error', sink: () => {} });

/** A raw request, so Host and Origin are exactly what a hostile page or rebinding would send. */
function request(port: number, pathname: string, headers: Record<string, string>): Promise<{ status: number; headers: http.IncomingHttpHeaders }> {
  return new Promise((resolve, reject) => {
    const req = http.request({ host: '127.0.0.1', port, path: pathname, headers, setHost: false }, (res) => {
      res.resume();
      resolve({ status: res.statusCode ?? 0, headers: res.headers });
    });
    req.on('error', reject);
    req.end();
  });
}

/** Resolves the upgrade's HTTP status (101 when accepted). */
function upgrade(port: number, headers: Record<string, string>): Promise<number> {
  return new Promise((resolve) => {
    const socket = new WebSocket(`ws://127.0.0.1:${port}/harness/ws`, { headers });
    socket.once('open', () => {
      socket.close();
      resolve(101);
    });
    socket.once('unexpected-response', (_req, res) => resolve(res.statusCode ?? 0));
    socket.once('error', () => resolve(0));
  });
}

describe.runIf(rendererBuilt)('browser console access', () => {
  let production: Harness;
  let forTests: Harness;
  let host: string;

  beforeAll(async () => {
    production = await startHarness({ demo: false, log: quiet });
    forTests = await startHarness({ demo: false, log: quiet, testControls: true });
    host = `127.0.0.1:${production.port}`;
  });
  afterAll(async () => {
    await production?.close();
    await forTests?.close();
  });

  it('prints a URL that carries a long random key, different per run', () => {
    expect(production.url).toMatch(/^http:\/\/127\.0\.0\.1:\d+\/\?key=[\w-]{32}$/);
    expect(production.key).not.toBe(forTests.key);
  });

  it('serves the console only with the key, and sets a strict cookie for the page', async () => {
    expect((await request(production.port, '/', { host })).status).toBe(403);
    expect((await request(production.port, '/?key=wrong', { host })).status).toBe(403);
    const opened = await request(production.port, `/?key=${production.key}`, { host });
    expect(opened.status).toBe(200);
    const cookie = String(opened.headers['set-cookie']);
    expect(cookie).toContain('HttpOnly');
    expect(cookie).toContain('SameSite=Strict');
    const cookiePair = cookie.split(';')[0]!;
    expect((await request(production.port, '/harness/bridge.js', { host, cookie: cookiePair })).status).toBe(200);
    expect((await request(production.port, '/harness/bridge.js', { host })).status).toBe(403);
  });

  it('refuses a rebound Host even with the key', async () => {
    expect((await request(production.port, `/?key=${production.key}`, { host: `evil.example:${production.port}` })).status).toBe(403);
    expect((await request(production.port, '/', { host: 'localhost', 'x-harness-key': production.key })).status).toBe(403);
  });

  it('accepts the websocket only from its own origin, with the key', async () => {
    const cookie = `switchboard_harness_${production.port}=${production.key}`;
    const origin = `http://${host}`;
    expect(await upgrade(production.port, { origin, cookie })).toBe(101);
    expect(await upgrade(production.port, { origin: 'https://evil.example', cookie })).toBe(403);
    expect(await upgrade(production.port, { origin })).toBe(403);
    expect(await upgrade(production.port, { cookie })).toBe(403);
  });

  it('serves the test controls only when started for tests, and only with the key', async () => {
    const headers = (h: Harness) => ({ host: `127.0.0.1:${h.port}`, 'x-harness-key': h.key });
    expect((await request(production.port, '/harness/control/state', headers(production))).status).toBe(404);
    expect((await request(forTests.port, '/harness/control/state', headers(forTests))).status).toBe(200);
    expect((await request(forTests.port, '/harness/control/state', { host: `127.0.0.1:${forTests.port}` })).status).toBe(403);
  });
});
