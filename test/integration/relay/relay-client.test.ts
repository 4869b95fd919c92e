// The desktop's relay client against a real relay on 127.0.0.1: verified events, rejected
// forgeries, resume across a relay restart, resync when the relay cannot fill the gap.
import { mkdtempSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterEach, describe, expect, it } from 'vitest';
import { startRelay, type Relay, type RelayOptions } from '../../../relay/src/index';
import { createRelayClient, type RelayClient, type RelayClientStatus, type VerifiedTelnyxEvent } from '../../../electron/core/relay/relay-client';
import { postEvent, postRaw } from '../../support/relay-harness';
import { makeTelnyxSigningKey, signWebhook, telnyxEvent } from '../../support/telnyx-signing';
import { quietLogger } from '../../support/quiet-logger';
import { until } from '../../support/until';

const accountKey = makeTelnyxSigningKey();
const otherKey = makeTelnyxSigningKey(); // the relay accepts it (rotation), the desktop does not trust it
const TOKEN = 'desk-token';
const relays: Relay[] = [];
const clients: RelayClient[] = [];

async function relayWith(options: Partial<RelayOptions> = {}): Promise<Relay> {
  const relay = await startRelay({
    telnyxPublicKeys: [accountKey.publicKeyBase64, otherKey.publicKeyBase64],
    tokens: [TOKEN],
    store: 'memory',
    logger: quietLogger(),
    ...options,
  });
  relays.push(relay);
  return relay;
}

function clientFor(relay: Relay, extra: { filter?: { types?: string[] }; token?: string } = {}) {
  const client = createRelayClient({
    url: relay.url,
    token: extra.token ?? TOKEN,
    telnyxPublicKey: accountKey.publicKeyBase64,
    backoff: { initialMs: 20, maxMs: 200 },
    ...(extra.filter ? { filter: extra.filter } : {}),
  });
  clients.push(client);
  const events: VerifiedTelnyxEvent[] = [];
  const statuses: RelayClientStatus[] = [];
  const resyncs: string[] = [];
  const rejected: Array<{ relayId: string; kind: string; reason: string }> = [];
  client.on('event', (e) => events.push(e));
  client.on('status', (s) => statuses.push(s));
  client.on('resync', (r) => resyncs.push(r));
  client.on('rejected', (r) => rejected.push(r));
  return { client, events, statuses, resyncs, rejected };
}


afterEach(async () => {
  await Promise.all(clients.splice(0).map((c) => c.stop()));
  await Promise.all(relays.splice(0).map((r) => r.close()));
});

describe('relay client', () => {
  it('connects, asks for a first-connect resync, and delivers verified events in order', async () => {
    const relay = await relayWith();
    const { client, events, statuses, resyncs } = clientFor(relay);
    client.start();
    await until(() => statuses.at(-1)?.state === 'live');
    expect(resyncs).toEqual(['first-connect']);
    expect(statuses.map((s) => s.state)).toEqual(['connecting', 'replaying', 'live']);
    const posted = [];
    for (let i = 0; i < 10; i++) posted.push(await postEvent(relay.url, accountKey, 'call.answered', { queue: 'sales' }));
    await until(() => events.length === 10);
    expect(events.map((e) => e.id)).toEqual(posted.map((p) => p.telnyxId));
    expect(events.map((e) => e.relayId)).toEqual(posted.map((p) => p.relayId));
    expect(events[0]).toMatchObject({ eventType: 'call.answered', payload: { queue: 'sales', connection_id: '1111111111' } });
    expect(events[0]!.occurredAt).toMatch(/^\d{4}-\d\d-\d\dT/);
    expect(JSON.parse(events[0]!.raw).data.id).toBe(events[0]!.id);
  });

  it('rejects events whose Telnyx signature does not verify with the account key, and goes on', async () => {
    const relay = await relayWith();
    const { client, events, statuses, rejected } = clientFor(relay);
    client.start();
    await until(() => statuses.at(-1)?.state === 'live');
    const forged = await postEvent(relay.url, otherKey, 'call.hangup');
    const genuine = await postEvent(relay.url, accountKey, 'call.hangup');
    await until(() => events.length === 1);
    expect(events[0]!.id).toBe(genuine.telnyxId);
    expect(rejected).toEqual([{ relayId: forged.relayId, kind: 'signature', reason: 'Telnyx signature does not verify' }]);
  });

  it('rejects a live event whose Telnyx timestamp is far outside ±300 s, but accepts the same event when replayed', async () => {
    // A relay that stopped checking freshness (or a token holder re-feeding it) passes an old,
    // genuinely signed event; the desktop refuses it live, yet replays before `live` stay valid.
    const relay = await relayWith({ toleranceSecs: 30 * 24 * 3600 });
    const { client, events, statuses, rejected } = clientFor(relay);
    client.start();
    await until(() => statuses.at(-1)?.state === 'live');
    const first = await postEvent(relay.url, accountKey);
    await until(() => events.length === 1);
    const old = telnyxEvent('call.hangup');
    const signed = signWebhook(accountKey, old.body, Math.floor(Date.now() / 1000) - 3600);
    const res = await postRaw(relay.url, signed.body, signed.headers);
    expect(res.status).toBe(200);
    const oldRelayId = (JSON.parse(res.body) as { id: string }).id;
    const fresh = await postEvent(relay.url, accountKey);
    await until(() => events.length === 2);
    expect(events.map((e) => e.id)).toEqual([first.telnyxId, fresh.telnyxId]);
    expect(rejected).toEqual([{ relayId: oldRelayId, kind: 'stale', reason: 'Telnyx timestamp is outside ±300 s of now on a live event' }]);

    // A later start resuming from the first event: the old one arrives as a replay, before `live`.
    const replayer = createRelayClient({ url: relay.url, token: TOKEN, telnyxPublicKey: accountKey.publicKeyBase64, since: first.relayId! });
    clients.push(replayer);
    const replayed: string[] = [];
    const replayerStates: string[] = [];
    replayer.on('event', (e) => replayed.push(e.id));
    replayer.on('status', (s) => replayerStates.push(s.state));
    replayer.start();
    await until(() => replayerStates.at(-1) === 'live' && replayed.length === 2);
    expect(replayed).toEqual([old.id, fresh.telnyxId]);
  });

  it('resumes with since after the relay restarts, without losing or repeating an event', async () => {
    const dbPath = join(mkdtempSync(join(tmpdir(), 'relay-client-')), 'relay.db');
    const first = await relayWith({ store: `sqlite:${dbPath}` });
    const { client, events, statuses, resyncs } = clientFor(first);
    client.start();
    await until(() => statuses.at(-1)?.state === 'live');
    const before = await postEvent(first.url, accountKey);
    await until(() => events.length === 1);
    await first.close(); // sockets close with 1012
    relays.splice(relays.indexOf(first), 1);
    await until(() => statuses.at(-1)?.state !== 'live');

    const second = await relayWith({ store: `sqlite:${dbPath}`, port: first.port });
    const during = [];
    for (let i = 0; i < 5; i++) during.push((await postEvent(second.url, accountKey)).telnyxId);
    await until(() => events.length === 6);
    await until(() => statuses.at(-1)?.state === 'live');
    expect(events.map((e) => e.id)).toEqual([before.telnyxId, ...during]);
    expect(resyncs).toEqual(['first-connect']); // the restart was recovered, no REST reload needed
    // A duplicate would arrive before an event posted now: wait for that one, then count.
    const later = await postEvent(second.url, accountKey);
    await until(() => events.some((e) => e.id === later.telnyxId));
    expect(events.map((e) => e.id)).toEqual([before.telnyxId, ...during, later.telnyxId]);
  });

  it('asks for a resync when the relay lost its log (new epoch)', async () => {
    const first = await relayWith();
    const { client, events, statuses, resyncs } = clientFor(first);
    client.start();
    await until(() => statuses.at(-1)?.state === 'live');
    await postEvent(first.url, accountKey);
    await until(() => events.length === 1);
    await first.close();
    relays.splice(relays.indexOf(first), 1);
    const second = await relayWith({ port: first.port }); // memory store: a fresh log
    await until(() => resyncs.length === 2);
    expect(resyncs).toEqual(['first-connect', 'not-recovered']);
    const next = await postEvent(second.url, accountKey);
    await until(() => events.length === 2);
    expect(events[1]!.id).toBe(next.telnyxId);
  });

  it('forceReconnect resumes from the last event, and events posted meanwhile arrive once', async () => {
    const relay = await relayWith();
    const { client, events, statuses } = clientFor(relay);
    client.start();
    await until(() => statuses.at(-1)?.state === 'live');
    const posted: string[] = [];
    const poster = (async () => {
      for (let i = 0; i < 60; i++) posted.push((await postEvent(relay.url, accountKey)).telnyxId);
    })();
    await until(() => events.length >= 10);
    client.forceReconnect();
    await until(() => events.length >= 30);
    client.forceReconnect();
    await poster;
    const later = await postEvent(relay.url, accountKey);
    await until(() => events.some((e) => e.id === later.telnyxId));
    expect(events.map((e) => e.id)).toEqual([...posted, later.telnyxId]);
    expect(statuses.filter((s) => s.state === 'connecting').length).toBeGreaterThanOrEqual(3);
  });

  it('backs off while the relay refuses its token, reporting the error and attempt count', async () => {
    const relay = await relayWith();
    const { client, statuses } = clientFor(relay, { token: 'wrong' });
    client.start();
    await until(() => statuses.some((s) => s.state === 'disconnected' && s.attempt >= 4));
    const failed = statuses.filter((s) => s.state === 'disconnected');
    expect(failed[0]!.error).toContain('401');
    expect(failed.map((s) => s.attempt).slice(0, 4)).toEqual([1, 2, 3, 4]);
    await client.stop();
    expect(statuses.at(-1)!.state).toBe('disconnected');
  });
});
