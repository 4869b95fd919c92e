/**
 * The API key's whole life in core, through the same dispatch the IPC binding uses: it is
 * stored, used by the real SDK against the simulator, and never comes back in a result, an
 * event or a log line. Telnyx errors reach the caller with Telnyx's own title.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startSimulator, type Simulator } from '@switchboard/sim';
import { createLogger } from '../../../electron/core/log';
import { createSwitchboardCore, type SwitchboardCore } from '../../../electron/core/switchboard-core';
import { createAesVault, createMemoryStore } from '../../harness/host-adapters';

const apiKey = 'KEY0190C6F5A1B2C3D4E5F60718293A4B5C_live_wxyz';
const wrongKey = 'KEY0190C6F5FFFFFFFFFFFFFFFFFFFFFFFF_nope_0000';

describe('API key and Telnyx errors through core', () => {
  let sim: Simulator;
  let core: SwitchboardCore;
  const logLines: string[] = [];
  const answers: string[] = [];
  const events: string[] = [];

  const call = async (method: string, params: unknown = {}) => {
    const outcome = await core.dispatch(method, params);
    answers.push(JSON.stringify(outcome));
    return outcome;
  };

  beforeAll(async () => {
    sim = await startSimulator({ apiKeys: [apiKey], scenario: 'none' });
    core = createSwitchboardCore({
      store: createMemoryStore(),
      vault: createAesVault(),
      log: createLogger({ level: 'debug', sink: (l) => logLines.push(l), secrets: () => core.secretValues() }),
      appVersion: '0.0.0-test',
      platform: process.platform,
      telnyx: { baseURL: sim.baseUrl, maxRetries: 0 },
    });
    core.onEvent((_event, payload) => events.push(JSON.stringify(payload)));
    await core.start();
  });
  afterAll(async () => {
    await core.stop();
    await sim.close();
  });

  it('reports NOT_CONFIGURED before a key is set', async () => {
    expect(await call('telnyx.testConnection')).toMatchObject({ ok: false, error: { code: 'NOT_CONFIGURED' } });
    expect(await call('conference.list')).toMatchObject({ ok: false, error: { code: 'NOT_CONFIGURED' } });
  });

  it('surfaces Telnyx 401 with its own title for a wrong key', async () => {
    await call('secrets.set', { name: 'apiKey', value: wrongKey });
    const outcome = await call('telnyx.testConnection');
    expect(outcome).toMatchObject({
      ok: false,
      error: { code: 'TELNYX', telnyx: { status: 401, code: '10009', title: 'Authentication failed' } },
    });
  });

  it('connects with the right key and only ever reports configured + last4', async () => {
    const status = await call('secrets.set', { name: 'apiKey', value: apiKey });
    expect(status).toMatchObject({ ok: true, value: { apiKey: { configured: true, last4: 'wxyz' } } });
    expect(await call('telnyx.testConnection')).toMatchObject({ ok: true });
    expect(await call('app.getInfo')).toMatchObject({ ok: true, value: { mode: 'live' } });
  });

  it('maps a Telnyx business error (injected fault) verbatim', async () => {
    sim.injectFault({ path: /\/queues$/, status: 422, code: '90036', title: 'Queue full', detail: 'The queue is full', times: 1 });
    const outcome = await call('telnyx.testConnection');
    expect(outcome).toMatchObject({
      ok: false,
      error: { code: 'TELNYX', message: 'Queue full', telnyx: { status: 422, code: '90036', title: 'Queue full', detail: 'The queue is full' } },
    });
  });

  it('a Refresh of the conference list whose read Telnyx refuses shows Telnyx\'s title (the reconcile behind it does not swallow it)', async () => {
    sim.injectFault({ path: /\/conferences$/, status: 503, code: '10011', title: 'Service unavailable', detail: 'Try again later', times: 1 });
    expect(await call('conference.list')).toMatchObject({ ok: false, error: { code: 'TELNYX', telnyx: { status: 503, title: 'Service unavailable' } } });
    expect(await call('conference.list')).toMatchObject({ ok: true });
  });

  it('never lets the key out: not in answers, events or logs', () => {
    expect(logLines.length).toBeGreaterThan(0);
    for (const secret of [apiKey, wrongKey]) {
      for (const [where, texts] of [['answers', answers], ['events', events], ['logs', logLines]] as const) {
        expect(texts.filter((t) => t.includes(secret) || t.includes(secret.slice(0, 20))), where).toEqual([]);
      }
    }
  });
});
