// A relay whose store cannot append (disk full, database locked, Redis gone) must not acknowledge
// the webhook: 503, nothing stored, nothing fanned out, so Telnyx retries; the retry after the
// store recovers is stored and delivered exactly once. /readyz reports an unhealthy store.
// The relay and its memory store are real; the store is made to fail at its own boundary
// (MemoryStore.append / isHealthy), over real loopback sockets.
import { request } from 'node:http';
import { afterAll, afterEach, beforeAll, describe, expect, it, vi } from 'vitest';
import { startRelay, type Relay } from '../../../relay/src/index';
import { MemoryStore } from '../../../relay/src/store/memory';
import { postRaw, TestSubscriber } from '../../support/relay-harness';
import { makeTelnyxSigningKey, signWebhook, telnyxEvent } from '../../support/telnyx-signing';
import { quietLogger } from '../../support/quiet-logger';

const key = makeTelnyxSigningKey();
const TOKEN = 'desk-token';
let relay: Relay;

function get(url: string): Promise<{ status: number; body: string }> {
  return new Promise((resolve, reject) => {
    request(url, (res) => {
      const chunks: Buffer[] = [];
      res.on('data', (c: Buffer) => chunks.push(c));
      res.on('end', () => resolve({ status: res.statusCode ?? 0, body: Buffer.concat(chunks).toString() }));
    })
      .on('error', reject)
      .end();
  });
}

beforeAll(async () => {
  relay = await startRelay({ telnyxPublicKeys: [key.publicKeyBase64], tokens: [TOKEN], store: 'memory', logger: quietLogger() });
});
afterAll(() => relay.close());
afterEach(() => vi.restoreAllMocks());

describe('relay append failure', () => {
  it('answers 503 store_unavailable, stores and delivers nothing; the retry after recovery is delivered once', async () => {
    const subscriber = new TestSubscriber(relay.url, TOKEN);
    await subscriber.until(() => subscriber.hello !== undefined);
    const append = vi.spyOn(MemoryStore.prototype, 'append').mockRejectedValue(new Error('SQLITE_FULL: database or disk is full'));
    const event = telnyxEvent('call.initiated');

    const signed = signWebhook(key, event.body);
    const first = await postRaw(relay.url, signed.body, signed.headers);
    expect(first.status).toBe(503);
    expect(JSON.parse(first.body)).toEqual({ error: 'store_unavailable' });
    expect(append).toHaveBeenCalledTimes(1);

    // Telnyx retries the same event (same data.id), signed afresh, once the store is back.
    append.mockRestore();
    const resigned = signWebhook(key, event.body);
    const retry = await postRaw(relay.url, resigned.body, resigned.headers);
    expect(retry.status).toBe(200);
    expect(JSON.parse(retry.body)).toMatchObject({ duplicate: false });
    await subscriber.until(() => subscriber.events.length > 0);

    // Replaying the whole log shows the event once: the failed attempt left no trace.
    const all = new TestSubscriber(relay.url, TOKEN, `?since=${subscriber.hello!.epoch}.0`);
    await all.until(() => all.frames.some((f) => f.type === 'live'));
    expect(all.telnyxIds()).toEqual([event.id]);
    expect(subscriber.telnyxIds()).toEqual([event.id]);
    await all.close();
    await subscriber.close();
  });

  it('counts the refusal in /metrics', async () => {
    vi.spyOn(MemoryStore.prototype, 'append').mockRejectedValue(new Error('store down'));
    const event = telnyxEvent('call.hangup');
    const signed = signWebhook(key, event.body);
    expect((await postRaw(relay.url, signed.body, signed.headers)).status).toBe(503);
    const metrics = await get(`${relay.url}/metrics`);
    expect(metrics.body).toMatch(/outcome="store_unavailable"\} [1-9]/);
  });

  it('/readyz is 503 while the store reports itself unhealthy, and 200 again after; /healthz stays 200', async () => {
    expect((await get(`${relay.url}/readyz`)).status).toBe(200);
    const healthy = vi.spyOn(MemoryStore.prototype, 'isHealthy').mockReturnValue(false);
    const ready = await get(`${relay.url}/readyz`);
    expect(ready.status).toBe(503);
    expect(JSON.parse(ready.body)).toEqual({ status: 'not ready', store: 'memory' });
    expect((await get(`${relay.url}/healthz`)).status).toBe(200);
    healthy.mockRestore();
    expect((await get(`${relay.url}/readyz`)).status).toBe(200);
  });

  // /readyz while appends really fail (a database locked by another process, disk full) is tested
  // against a real SQLite file in store-faults.test.ts: each store tracks its own write health, and
  // the memory store here cannot fail a write except by the mock above, which bypasses that.
});
