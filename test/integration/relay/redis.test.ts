// Two relays sharing one real redis-server (Redis Streams): an event posted to either reaches
// subscribers of both, once and in the same order, and a desktop can resume on the other instance.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startRelay, type Relay } from '../../../relay/src/index';
import { postEvent, TestSubscriber } from '../../support/relay-harness';
import { redisServerMissing, startRedisServer, type RedisServerHandle } from '../../support/redis-server';
import { makeTelnyxSigningKey, signWebhook, telnyxEvent } from '../../support/telnyx-signing';
import { postRaw } from '../../support/relay-harness';
import { quietLogger } from '../../support/quiet-logger';
import { SCOPE_JWT_SECRET, salesSentinel, scopedToken, subscribed, twoQueuedCalls } from './queue-calls';

const key = makeTelnyxSigningKey();
const TOKEN = 'desk-token';

if (redisServerMissing) console.warn(`SKIPPING redis relay tests: ${redisServerMissing}`);

describe.skipIf(redisServerMissing !== null)('relay on Redis Streams', () => {
  let redis: RedisServerHandle;
  let relayA: Relay;
  let relayB: Relay;

  beforeAll(async () => {
    redis = await startRedisServer();
    const options = { telnyxPublicKeys: [key.publicKeyBase64], tokens: [TOKEN], jwtSecret: SCOPE_JWT_SECRET, store: redis.url, logger: quietLogger() };
    relayA = await startRelay(options);
    relayB = await startRelay(options);
  });
  afterAll(async () => {
    try {
      await Promise.allSettled([relayA?.close(), relayB?.close()]);
    } finally {
      await redis?.stop();
    }
  });

  it('delivers an event posted to one relay to a subscriber of the other, once, in order', async () => {
    const onA = new TestSubscriber(relayA.url, TOKEN);
    const onB = new TestSubscriber(relayB.url, TOKEN);
    await onA.until(() => onA.frames.some((f) => f.type === 'live'));
    await onB.until(() => onB.frames.some((f) => f.type === 'live'));
    expect(onA.hello!.epoch).toBe(onB.hello!.epoch);

    const posted: string[] = [];
    for (let i = 0; i < 50; i++) {
      const target = i % 2 === 0 ? relayA : relayB; // like a load balancer
      const result = await postEvent(target.url, key);
      expect(result.status).toBe(200);
      posted.push(result.telnyxId);
    }
    await onA.until(() => onA.events.length === 50);
    await onB.until(() => onB.events.length === 50);
    expect(onA.telnyxIds()).toEqual(posted);
    expect(onB.telnyxIds()).toEqual(posted);
    expect(onB.events.map((f) => f.id)).toEqual(onA.events.map((f) => f.id));
    await onA.close();
    await onB.close();
  });

  it('dedupes a redelivery that reaches the other instance', async () => {
    const watcher = new TestSubscriber(relayB.url, TOKEN);
    await watcher.until(() => watcher.frames.some((f) => f.type === 'live'));
    const signed = signWebhook(key, telnyxEvent().body);
    const [first, second] = await Promise.all([postRaw(relayA.url, signed.body, signed.headers), postRaw(relayB.url, signed.body, signed.headers)]);
    expect([first.status, second.status]).toEqual([200, 200]);
    expect([JSON.parse(first.body).duplicate, JSON.parse(second.body).duplicate].sort()).toEqual([false, true]);
    const marker = await postEvent(relayA.url, key);
    await watcher.until(() => watcher.telnyxIds().includes(marker.telnyxId));
    expect(watcher.events).toHaveLength(2);
    await watcher.close();
  });

  it('resumes on relay B from an id a desktop last saw on relay A', async () => {
    const onA = new TestSubscriber(relayA.url, TOKEN);
    await onA.until(() => onA.frames.some((f) => f.type === 'live'));
    await postEvent(relayA.url, key);
    await onA.until(() => onA.events.length === 1);
    const lastSeen = onA.events[0]!.id!;
    await onA.close();
    const missed = [];
    for (let i = 0; i < 10; i++) missed.push((await postEvent(i % 2 ? relayA.url : relayB.url, key)).telnyxId);
    const onB = new TestSubscriber(relayB.url, TOKEN, `?since=${encodeURIComponent(lastSeen)}`);
    await onB.until(() => onB.frames.some((f) => f.type === 'live'));
    expect(onB.hello!.recovered).toBe(true);
    expect(onB.telnyxIds()).toEqual(missed);
    await onB.close();
  });

  it('keeps a queue-scoped token to its queue when a call’s webhooks land on both relays', async () => {
    const subscribers: TestSubscriber[] = [];
    const token = await scopedToken(['sales']);
    const onA = await subscribed(subscribers, relayA.url, token);
    const onB = await subscribed(subscribers, relayB.url, token);
    const from = onA.hello!.last_id;
    // Alternate relays, so the enqueue and the rest of each call are seen first by different instances.
    const expected = await twoQueuedCalls((i) => (i % 2 ? relayA.url : relayB.url), key);
    const sentinel = await salesSentinel(relayA.url, key);
    await onA.until(() => onA.telnyxIds().includes(sentinel));
    await onB.until(() => onB.telnyxIds().includes(sentinel));
    const resumed = await subscribed(subscribers, relayB.url, token, from ? `?since=${encodeURIComponent(from)}` : '');
    expect(onA.telnyxIds()).toEqual([...expected.sales, sentinel]);
    expect(onB.telnyxIds()).toEqual([...expected.sales, sentinel]);
    if (from) expect(resumed.telnyxIds()).toEqual([...expected.sales, sentinel]);
    await Promise.all(subscribers.map((s) => s.close()));
  });

  it('treats only a missing stream as "no history": other Redis errors are errors', async () => {
    const { Redis } = await import('ioredis');
    const { RedisStore } = await import('../../../relay/src/store/redis');
    const store = await RedisStore.open({ url: redis.url, retention: { maxAgeSecs: 60, maxEvents: 100 }, keyPrefix: 'faults' });
    const admin = new Redis(redis.url);
    try {
      expect(await store.canResumeAfter(`${store.epoch}.1-0`)).toBe(false); // no stream yet: nothing to resume
      expect(await store.lastId()).toBeNull();
      await admin.set('faults:events', 'not a stream'); // WRONGTYPE from XINFO
      await expect(store.canResumeAfter(`${store.epoch}.1-0`)).rejects.toThrow(/WRONGTYPE/);
      await expect(store.lastId()).rejects.toThrow(/WRONGTYPE/);
    } finally {
      admin.disconnect();
      await store.close();
    }
  });
});
