// Websocket delivery against a real relay on 127.0.0.1: authorisation before upgrade, resume with
// `since` (every missed event exactly once, in order, no gap or duplicate at the replay/live seam),
// filters, slow consumers, dead peers, token expiry and graceful shutdown.
import { mkdtempSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { SignJWT } from 'jose';
import { WebSocket } from 'ws';
import { afterEach, describe, expect, it, vi } from 'vitest';
import { startRelay, type Relay, type RelayOptions } from '../../../relay/src/index';
import { postEvent, TestSubscriber, upgradeStatus } from '../../support/relay-harness';
import { makeTelnyxSigningKey } from '../../support/telnyx-signing';
import { quietLogger } from '../../support/quiet-logger';

const key = makeTelnyxSigningKey();
const TOKEN = 'desk-token';
const JWT_SECRET = 'test-jwt-secret-with-enough-entropy-0123456789';
const relays: Relay[] = [];
const subscribers: TestSubscriber[] = [];

async function relayWith(options: Partial<RelayOptions> = {}): Promise<Relay> {
  const relay = await startRelay({
    telnyxPublicKeys: [key.publicKeyBase64],
    tokens: [TOKEN],
    jwtSecret: JWT_SECRET,
    store: `sqlite:${join(mkdtempSync(join(tmpdir(), 'relay-delivery-')), 'relay.db')}`,
    logger: quietLogger(),
    ...options,
  });
  relays.push(relay);
  return relay;
}

async function subscribe(relay: Relay, query = '', token = TOKEN): Promise<TestSubscriber> {
  const sub = new TestSubscriber(relay.url, token, query);
  subscribers.push(sub);
  await sub.opened;
  await sub.until(() => sub.frames.some((f) => f.type === 'live'));
  return sub;
}

function agentToken(claims: Record<string, unknown>, expiresIn: string | number = '1h'): Promise<string> {
  return new SignJWT(claims)
    .setProtectedHeader({ alg: 'HS256' })
    .setSubject('agent-7')
    .setIssuedAt()
    .setExpirationTime(expiresIn)
    .sign(new TextEncoder().encode(JWT_SECRET));
}

afterEach(async () => {
  await Promise.all(subscribers.splice(0).map((s) => s.close()));
  await Promise.all(relays.splice(0).map((r) => r.close()));
});

describe('authorisation', () => {
  it('refuses unknown, missing, malformed and expired tokens with 401 before the upgrade', async () => {
    const relay = await relayWith();
    const expired = await agentToken({}, Math.floor(Date.now() / 1000) - 10);
    const wrongSecret = await new SignJWT({}).setProtectedHeader({ alg: 'HS256' }).setSubject('x').setExpirationTime('1h').sign(new TextEncoder().encode('other'));
    expect(await upgradeStatus(relay.url, {})).toBe(401);
    expect(await upgradeStatus(relay.url, { authorization: 'Bearer nope' })).toBe(401);
    expect(await upgradeStatus(relay.url, { authorization: `Basic ${TOKEN}` })).toBe(401);
    expect(await upgradeStatus(relay.url, { authorization: `Bearer ${expired}` })).toBe(401);
    expect(await upgradeStatus(relay.url, { authorization: `Bearer ${wrongSecret}` })).toBe(401);
    expect(await upgradeStatus(relay.url, { authorization: `Bearer ${TOKEN}` })).toBe(101);
    expect(await upgradeStatus(relay.url, { authorization: `Bearer ${await agentToken({})}` })).toBe(101);
  });

  it('limits a JWT to its connection ids and refuses filters outside them (403)', async () => {
    const relay = await relayWith();
    const token = await agentToken({ connection_ids: ['conn-a'] });
    expect(await upgradeStatus(relay.url, { authorization: `Bearer ${token}` }, '?connection_ids=conn-b')).toBe(403);
    const sub = await subscribe(relay, '', token);
    const mine = await postEvent(relay.url, key, 'call.initiated', { connection_id: 'conn-a' });
    await postEvent(relay.url, key, 'call.initiated', { connection_id: 'conn-b' });
    const mineToo = await postEvent(relay.url, key, 'call.hangup', { connection_id: 'conn-a' });
    // Delivery is ordered: once an event posted last has arrived, an out-of-scope one would be here.
    const sentinel = await postEvent(relay.url, key, 'call.initiated', { connection_id: 'conn-a' });
    await sub.until(() => sub.telnyxIds().includes(sentinel.telnyxId));
    expect(sub.telnyxIds()).toEqual([mine.telnyxId, mineToo.telnyxId, sentinel.telnyxId]);
  });

  it('closes a session with 4401 when its JWT expires', async () => {
    const relay = await relayWith();
    // The test owns the relay's clock (Date and its expiry timer): the token stays valid through
    // upgrade, hello and live however slow the machine, and expires when the test moves time on.
    vi.useFakeTimers({ toFake: ['Date', 'setTimeout', 'clearTimeout'] });
    let sub: TestSubscriber;
    try {
      sub = await subscribe(relay, '', await agentToken({}, Math.floor(Date.now() / 1000) + 60));
      vi.advanceTimersByTime(60_000);
    } finally {
      vi.useRealTimers();
    }
    await sub.until(() => sub.closeCode !== undefined, 5000);
    expect(sub.closeCode).toBe(4401);
  });
});

describe('delivery and resume', () => {
  it('says hello (not recovered on first connect), then live events in order', async () => {
    const relay = await relayWith();
    const sub = await subscribe(relay);
    expect(sub.frames[0]).toMatchObject({ type: 'hello', recovered: false, last_id: null });
    expect(sub.frames[1]).toEqual({ type: 'live' });
    const posted = [];
    for (let i = 0; i < 20; i++) posted.push((await postEvent(relay.url, key)).telnyxId);
    await sub.until(() => sub.events.length === 20);
    expect(sub.telnyxIds()).toEqual(posted);
  });

  it('a desktop that reconnects with since receives every missed event exactly once, in order', async () => {
    const relay = await relayWith();
    const first = await subscribe(relay);
    const before = [];
    for (let i = 0; i < 5; i++) before.push((await postEvent(relay.url, key)).telnyxId);
    await first.until(() => first.events.length === 5);
    const lastSeen = first.events.at(-1)!.id!;
    await first.close();

    const missed = [];
    for (let i = 0; i < 1200; i++) missed.push((await postEvent(relay.url, key)).telnyxId); // more than one replay page
    const resumed = await subscribe(relay, `?since=${encodeURIComponent(lastSeen)}`);
    expect(resumed.hello).toMatchObject({ recovered: true });
    expect(resumed.telnyxIds()).toEqual(missed);
    const live = await postEvent(relay.url, key);
    await resumed.until(() => resumed.events.length === missed.length + 1);
    expect(resumed.telnyxIds().at(-1)).toBe(live.telnyxId);
  });

  it('has no gap and no duplicate at the replay/live seam while webhooks keep arriving', async () => {
    const relay = await relayWith();
    const watcher = await subscribe(relay);
    for (let i = 0; i < 300; i++) await postEvent(relay.url, key);
    await watcher.until(() => watcher.events.length === 300);
    const resumeFrom = watcher.events[99]!.id!;

    // Keep posting (concurrently) while a second desktop resumes from event 100.
    let posting = true;
    const poster = (async () => {
      let n = 0;
      while (posting && n < 3000) {
        const results = await Promise.all(Array.from({ length: 8 }, () => postEvent(relay.url, key)));
        n += results.filter((r) => r.status === 200).length;
      }
      return n;
    })();
    // Resume only once posting is under way, and stop only after more events landed since: the
    // seam is crossed while webhooks arrive, however fast or slow the machine is.
    await watcher.until(() => watcher.events.length >= 300 + 16, 20_000);
    const resumed = await subscribe(relay, `?since=${encodeURIComponent(resumeFrom)}`);
    const atResume = watcher.events.length;
    await watcher.until(() => watcher.events.length >= atResume + 64, 20_000);
    posting = false;
    const postedDuringResume = await poster;
    expect(postedDuringResume).toBeGreaterThan(0);
    const total = 300 + postedDuringResume;
    await watcher.until(() => watcher.events.length === total);
    await resumed.until(() => resumed.events.length === total - 100);
    // A duplicate would arrive before an event posted after everything else: wait for that one.
    const sentinel = await postEvent(relay.url, key);
    await watcher.until(() => watcher.telnyxIds().includes(sentinel.telnyxId));
    await resumed.until(() => resumed.telnyxIds().includes(sentinel.telnyxId));
    expect(resumed.events.map((f) => f.id)).toEqual(watcher.events.slice(100).map((f) => f.id));
    expect(resumed.frames.filter((f) => f.type === 'live')).toHaveLength(1);
  });

  it.each(['memory', 'sqlite', 'file'])('says recovered: false when since is older than retention, or from another epoch (%s)', async (kind) => {
    const store = { memory: 'memory', file: `file:${join(mkdtempSync(join(tmpdir(), 'relay-delivery-')), 'log')}` }[kind as 'memory' | 'file'];
    const relay = await relayWith({ ...(store ? { store } : {}), retention: { maxEvents: 10 } });
    const sub = await subscribe(relay);
    for (let i = 0; i < 15; i++) await postEvent(relay.url, key);
    await sub.until(() => sub.events.length === 15);
    const pruned = await subscribe(relay, `?since=${encodeURIComponent(sub.events[2]!.id!)}`);
    expect(pruned.hello).toMatchObject({ recovered: false, last_id: sub.events[14]!.id });
    expect(pruned.events).toHaveLength(0);
    const retained = await subscribe(relay, `?since=${encodeURIComponent(sub.events[5]!.id!)}`);
    expect(retained.hello).toMatchObject({ recovered: true });
    expect(retained.events.map((f) => f.id)).toEqual(sub.events.slice(6).map((f) => f.id));
    const foreign = await subscribe(relay, '?since=otherepoch.3');
    expect(foreign.hello).toMatchObject({ recovered: false });
  });

  it('filters by event type, connection id and queue', async () => {
    const relay = await relayWith();
    const byType = await subscribe(relay, '?types=call.hangup,call.answered');
    const byQueue = await subscribe(relay, '?queues=sales');
    const byConnection = await subscribe(relay, '?connection_ids=conn-9');
    const hangup = await postEvent(relay.url, key, 'call.hangup', { connection_id: 'conn-9' });
    const salesEnqueued = await postEvent(relay.url, key, 'call.enqueued', { queue: 'sales' });
    await postEvent(relay.url, key, 'call.enqueued', { queue: 'support' });
    const answered = await postEvent(relay.url, key, 'call.answered', { connection_id: 'conn-9' });
    await byType.until(() => byType.events.length === 2);
    await byConnection.until(() => byConnection.events.length === 2);
    await byQueue.until(() => byQueue.events.length === 1);
    expect(byType.telnyxIds()).toEqual([hangup.telnyxId, answered.telnyxId]);
    expect(byConnection.telnyxIds()).toEqual([hangup.telnyxId, answered.telnyxId]);
    // Queue filters pass only events of calls in the queue; events of calls in no known queue do not.
    // Ordered delivery: once a later sales event is in, nothing earlier can still come.
    const salesLater = await postEvent(relay.url, key, 'call.enqueued', { queue: 'sales' });
    await byQueue.until(() => byQueue.telnyxIds().includes(salesLater.telnyxId));
    expect(byQueue.telnyxIds()).toEqual([salesEnqueued.telnyxId, salesLater.telnyxId]);
  });
});

describe('flow control and liveness', () => {
  it('closes a subscriber that stops reading with 4008 instead of buffering without bound', async () => {
    const relay = await relayWith({ store: 'memory', slowConsumerBytes: 64 * 1024 });
    const slow = await subscribe(relay);
    const healthy = await subscribe(relay);
    slow.ws.pause(); // stop reading: the kernel buffers fill, then the relay's send buffer grows
    const payload = { padding: 'p'.repeat(64 * 1024) };
    const slowClosed = async () => /relay_slow_consumer_closes_total 1/.test(await (await fetch(`${relay.url}/metrics`)).text());
    let posted = 0;
    while (posted < 1000 && !(await slowClosed())) {
      await Promise.all(Array.from({ length: 20 }, () => postEvent(relay.url, key, 'call.initiated', payload)));
      posted += 20;
    }
    expect(await slowClosed()).toBe(true);
    slow.ws.resume(); // the close frame is queued behind what the relay had already buffered
    await slow.until(() => slow.closeCode !== undefined);
    await healthy.until(() => healthy.events.length === posted);
    expect(slow.closeCode).toBe(4008);
    expect(healthy.closeCode).toBeUndefined();
    // The slow desktop resumes from the last event it read and gets the rest exactly once.
    const seen = slow.events.map((e) => e.id);
    const resumed = await subscribe(relay, seen.length ? `?since=${encodeURIComponent(seen.at(-1)!)}` : '');
    await resumed.until(() => seen.length + resumed.events.length === posted);
    expect([...seen, ...resumed.events.map((e) => e.id)]).toEqual(healthy.events.map((e) => e.id));
  });

  it('terminates a peer that stops answering pings', async () => {
    const relay = await relayWith({ heartbeatMs: 100 });
    const sub = new TestSubscriber(relay.url, TOKEN, '', new WebSocket(`${relay.url.replace('http', 'ws')}/v1/events`, { headers: { authorization: `Bearer ${TOKEN}` }, autoPong: false }));
    subscribers.push(sub);
    await sub.opened;
    await sub.until(() => sub.closeCode !== undefined, 3000);
    expect(sub.closeCode).toBe(1006); // terminated, no close frame
    const metrics = await (await fetch(`${relay.url}/metrics`)).text();
    expect(metrics).toMatch(/relay_dead_peer_closes_total 1/);
  });

  it('shuts down gracefully: readiness fails, in-flight webhooks finish, sockets close with 1012', async () => {
    const relay = await relayWith();
    const sub = await subscribe(relay);
    const inFlight = Array.from({ length: 50 }, () => postEvent(relay.url, key));
    await new Promise((r) => setTimeout(r, 5));
    const closing = relay.close();
    const results = await Promise.allSettled(inFlight);
    await closing;
    await sub.until(() => sub.closeCode !== undefined);
    expect(sub.closeCode).toBe(1012);
    // Every webhook either finished (200) or was refused (503 / connection refused): none was half-done.
    for (const r of results) if (r.status === 'fulfilled') expect([200, 503]).toContain(r.value.status);
    const acked = results.filter((r) => r.status === 'fulfilled' && r.value.status === 200).length;
    expect(sub.events.length).toBe(acked);
    await expect(fetch(`${relay.url}/readyz`)).rejects.toThrow();
  });
});
