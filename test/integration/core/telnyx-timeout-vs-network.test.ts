// TIMEOUT vs NETWORK in the Telnyx gateway, over real loopback sockets and the real SDK, through
// core's dispatch: a server that accepts and never answers is TIMEOUT ("did not answer in time"),
// nothing listening or a connection cut mid-request is NETWORK ("could not reach").
import http from 'node:http';
import type { AddressInfo, Socket } from 'node:net';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createLogger } from '../../../electron/core/log';
import { createSwitchboardCore, type SwitchboardCore } from '../../../electron/core/switchboard-core';
import { createTelnyxGateway } from '../../../electron/core/telnyx-gateway';
import { CommandError } from '../../../electron/core/errors';
import { createAesVault, createMemoryStore } from '../../harness/host-adapters';
import { until } from '../../support/until';

const apiKey = 'KEY0190C6F5A1B2C3D4E5F60718293A4B5C_tout_1234';
const log = createLogger({ level: 'error', sink: () => {} });

/** A loopback server with a behaviour per test; counts the requests it saw. */
async function startServer(onRequest: (req: http.IncomingMessage, res: http.ServerResponse) => void) {
  const sockets = new Set<Socket>();
  const seen = { requests: 0 };
  const server = http.createServer((req, res) => {
    seen.requests++;
    onRequest(req, res);
  });
  server.on('connection', (s) => {
    sockets.add(s);
    s.on('close', () => sockets.delete(s));
  });
  await new Promise<void>((r) => server.listen(0, '127.0.0.1', r));
  const baseURL = `http://127.0.0.1:${(server.address() as AddressInfo).port}/v2`;
  return {
    baseURL,
    seen,
    close: () =>
      new Promise<void>((r) => {
        for (const s of sockets) s.destroy();
        server.close(() => r());
      }),
  };
}

function coreAt(baseURL: string, timeoutMs: number): SwitchboardCore {
  const core = createSwitchboardCore({
    store: createMemoryStore(),
    vault: createAesVault(),
    log,
    appVersion: '0.0.0-test',
    platform: process.platform,
    telnyx: { baseURL, maxRetries: 0, timeoutMs },
  });
  core.secrets.set('apiKey', apiKey);
  return core;
}

describe('Telnyx gateway error mapping', () => {
  const servers: Array<{ close(): Promise<void> }> = [];
  let silent: Awaited<ReturnType<typeof startServer>>;
  let cutting: Awaited<ReturnType<typeof startServer>>;
  let closedURL: string;

  beforeAll(async () => {
    silent = await startServer(() => {}); // accepts, reads, never answers
    cutting = await startServer((req) => req.socket.destroy()); // drops the connection
    const gone = await startServer(() => {});
    closedURL = gone.baseURL;
    await gone.close(); // nothing listens on its port any more
    servers.push(silent, cutting);
  });
  afterAll(async () => {
    await Promise.all(servers.map((s) => s.close()));
  });

  it('a server that never answers is TIMEOUT, with the SDK given the configured timeout', async () => {
    const core = coreAt(silent.baseURL, 300);
    const outcome = await core.dispatch('telnyx.testConnection', {});
    expect(outcome).toEqual({ ok: false, error: { code: 'TIMEOUT', message: 'Telnyx did not answer in time' } });
    // It did reach the server (on a loaded machine the server may see it after the client gave up).
    await until(() => silent.seen.requests > 0, 'the request at the silent server');
    await core.stop();
  });

  it('nothing listening is NETWORK', async () => {
    const core = coreAt(closedURL, 5000);
    const outcome = await core.dispatch('telnyx.testConnection', {});
    expect(outcome).toEqual({ ok: false, error: { code: 'NETWORK', message: 'Could not reach Telnyx' } });
    await core.stop();
  });

  it('a connection cut before the response is NETWORK, not TIMEOUT', async () => {
    const core = coreAt(cutting.baseURL, 5000);
    const outcome = await core.dispatch('telnyx.testConnection', {});
    expect(outcome).toMatchObject({ ok: false, error: { code: 'NETWORK' } });
    await core.stop();
  });

  it('SDK retries of a timeout still end as TIMEOUT (and each retry is a real request)', async () => {
    const before = silent.seen.requests;
    const gateway = createTelnyxGateway(() => ({ apiKey, baseURL: silent.baseURL, maxRetries: 1, timeoutMs: 200 }));
    const error = await gateway.call('list queues', (c) => c.queues.list()).catch((e: unknown) => e);
    expect(error).toBeInstanceOf(CommandError);
    expect((error as CommandError).error.code).toBe('TIMEOUT');
    // On a loaded machine the server may read an attempt after the client gave up on it: wait for both.
    await until(() => silent.seen.requests - before >= 2, 'both attempts at the server');
    expect(silent.seen.requests - before).toBe(2);
  });

  it('the engine shows the API as unreachable after a TIMEOUT', async () => {
    const core = coreAt(silent.baseURL, 200);
    const outcome = await core.dispatch('queue.remove', { callControlId: 'v3:unknown-leg' });
    expect(outcome).toMatchObject({ ok: false, error: { code: 'TIMEOUT' } });
    expect(core.engine.state().connection.api).toMatchObject({ state: 'error', error: 'Telnyx did not answer in time' });
    expect(core.engine.state().failures.at(-1)).toMatchObject({ method: 'queue.remove', error: { code: 'TIMEOUT' } });
    await core.stop();
  });
});
