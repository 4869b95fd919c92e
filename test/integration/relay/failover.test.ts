// Failover between two relay processes on one real redis-server. Agents on different relays form
// one team (a supervisor on either sees both). A caller offered to an agent on relay A while A is
// killed with SIGKILL is neither offered twice nor lost: the agent reconnects to relay B within 5 s,
// B delivers the same offer (same id, from the claim store), and the agent accepts it there. The
// desktop's own relay client (fallback URLs) moves to B within 5 s and resumes without a gap.
import type { ChildProcess } from 'node:child_process';
import { mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createRelayClient, type RelayClientStatus, type VerifiedTelnyxEvent } from '../../../electron/core/relay/relay-client';
import { postEvent, TestSubscriber } from '../../support/relay-harness';
import { redisServerMissing, startRedisServer, type RedisServerHandle } from '../../support/redis-server';
import { makeTelnyxSigningKey } from '../../support/telnyx-signing';
import { until } from '../../support/until';
import { spawnRelayProcess } from '../../support/relay-process';
import { latestPresence, presenceUpdate, TEAM_JWT_SECRET, teamToken } from './team-support';

const key = makeTelnyxSigningKey();
const children: ChildProcess[] = [];

async function startRelayProcess(redisUrl: string, queuesConfig: string): Promise<{ child: ChildProcess; url: string }> {
  const started = spawnRelayProcess(
    ['--telnyx-public-key', key.publicKeyBase64, '--store', redisUrl, '--queues-config', queuesConfig, '--verify-workers', '0'],
    { RELAY_JWT_SECRET: TEAM_JWT_SECRET, RELAY_TOKENS: 'desk-token' },
  );
  children.push((await started).child);
  return started;
}

interface OfferLike {
  type: string;
  offer_id: string;
  call_control_id: string;
  outcome?: string;
}

/**
 * An agent's team connection as the console keeps it: on any close it connects to the next relay
 * in its list and publishes its presence again (desktops publish after every hello).
 */
class ReconnectingAgent {
  readonly offers: OfferLike[] = [];
  readonly ended: OfferLike[] = [];
  sub!: TestSubscriber;
  reconnectedAt: number | undefined;
  private index = 0;
  private stopped = false;

  constructor(
    private readonly urls: string[],
    private readonly token: string,
    public presence: Record<string, unknown>,
  ) {}

  async connect(): Promise<void> {
    for (;;) {
      const sub = new TestSubscriber(this.urls[this.index]!, this.token);
      // Listening before the socket counts as open: a relay delivers an open offer in the same
      // packet as the upgrade's answer, and 'message' fires before `opened` resumes this function.
      sub.ws.on('message', (data) => {
        const frame = JSON.parse(data.toString()) as OfferLike;
        if (frame.type === 'offer') this.offers.push(frame);
        if (frame.type === 'offer_ended') this.ended.push(frame);
      });
      try {
        await sub.opened;
        this.sub = sub;
        break;
      } catch {
        this.index = (this.index + 1) % this.urls.length;
      }
    }
    this.sub.ws.once('close', () => {
      if (this.stopped) return;
      this.index = (this.index + 1) % this.urls.length;
      void this.connect().then(() => (this.reconnectedAt = Date.now()));
    });
    this.sub.ws.send(JSON.stringify(this.presence));
  }

  publish(presence: Record<string, unknown>): void {
    this.presence = presence;
    this.sub.ws.send(JSON.stringify(presence));
  }

  reply(offer: OfferLike, accept: boolean): void {
    this.sub.ws.send(JSON.stringify({ type: 'offer_reply', offer_id: offer.offer_id, accept }));
  }

  close(): Promise<void> {
    this.stopped = true;
    return this.sub?.close() ?? Promise.resolve();
  }
}

if (redisServerMissing) console.warn(`SKIPPING relay failover tests: ${redisServerMissing}`);

describe.skipIf(redisServerMissing !== null)('relay failover: two relay processes on one Redis, kill -9', () => {
  let redis: RedisServerHandle;
  let a: { child: ChildProcess; url: string };
  let b: { child: ChildProcess; url: string };
  const closers: Array<() => Promise<void>> = [];

  beforeAll(async () => {
    redis = await startRedisServer();
    const config = join(mkdtempSync(join(tmpdir(), 'relay-failover-')), 'queues.json');
    writeFileSync(config, JSON.stringify({ queues: { support: { mode: 'offer', offerTimeoutMs: 60_000 } } }));
    [a, b] = await Promise.all([startRelayProcess(redis.url, config), startRelayProcess(redis.url, config)]);
  }, 120_000); // two relay processes compiling their TypeScript on a busy machine
  afterAll(async () => {
    await Promise.allSettled(closers.map((close) => close()));
    for (const child of children) if (child.exitCode === null && child.signalCode === null) child.kill('SIGKILL');
    await redis?.stop();
  });

  it('moves agents and the desktop client to relay B within 5 s; the offered caller is offered once and answered', async () => {
    // The desktop's relay client, A first then B.
    const desk = createRelayClient({ url: a.url, fallbackUrls: [b.url], token: 'desk-token', telnyxPublicKey: key.publicKeyBase64, backoff: { initialMs: 50, maxMs: 500 } });
    closers.push(() => desk.stop());
    const deskEvents: VerifiedTelnyxEvent[] = [];
    const deskStatus: RelayClientStatus[] = [];
    const resyncs: string[] = [];
    desk.on('event', (e) => deskEvents.push(e));
    desk.on('status', (s) => deskStatus.push(s));
    desk.on('resync', (r) => resyncs.push(r));
    desk.start();
    await until(() => deskStatus.at(-1)?.state === 'live', 'desk live on A');

    const alice = new ReconnectingAgent([a.url, b.url], await teamToken('alice', 'agent'), presenceUpdate('available', ['support'], { since: '2026-01-01T09:00:00.000Z' }));
    const bob = new ReconnectingAgent([b.url, a.url], await teamToken('bob', 'agent'), presenceUpdate('available', ['support'], { since: '2026-01-01T09:05:00.000Z' }));
    await alice.connect();
    await bob.connect();
    closers.push(() => alice.close(), () => bob.close());
    // A supervisor on either relay sees both agents.
    for (const relay of [a, b]) {
      const boss = new TestSubscriber(relay.url, await teamToken(`boss-${relay === a ? 'a' : 'b'}`, 'supervisor'));
      closers.push(() => boss.close());
      await boss.opened;
      await until(() => latestPresence(boss).get('alice')?.state === 'available' && latestPresence(boss).get('bob')?.state === 'available', 'both agents seen');
    }

    // A caller: offered to alice (longest idle), by relay A where her socket is.
    const first = await postEvent(a.url, key, 'call.enqueued', { call_control_id: 'v3:failover-1', queue: 'support' });
    await until(() => alice.offers.length === 1, 'offer to alice');
    await until(() => deskEvents.some((e) => e.id === first.telnyxId), 'desk got the enqueue');
    const offerId = alice.offers[0]!.offer_id;

    const killedAt = Date.now();
    const exited = new Promise((resolve) => a.child.once('exit', resolve));
    a.child.kill('SIGKILL');
    await exited;

    // Alice reconnects to B and publishes again; B delivers the same offer (never a second one).
    await until(() => alice.reconnectedAt !== undefined, 'alice reconnected');
    expect(alice.reconnectedAt! - killedAt).toBeLessThan(5000);
    await until(() => alice.offers.length === 2, 'the offer delivered again by B');
    expect(alice.offers[1]!.offer_id).toBe(offerId);
    alice.reply(alice.offers[1]!, true);
    await until(() => alice.ended.length === 1, 'accept answered');
    expect(alice.ended[0]).toMatchObject({ offer_id: offerId, outcome: 'accepted' });
    expect(bob.offers).toEqual([]);
    alice.publish(presenceUpdate('on_call', ['support'], { since: new Date().toISOString(), call_control_id: 'v3:failover-1' }));

    // The desktop client moved to B within 5 s and resumed: nothing missed, no resync.
    await until(() => deskStatus.at(-1)?.state === 'live' && deskStatus.some((s) => s.state === 'disconnected'), 'desk live again');
    const deskLiveAgainAt = Date.now();
    expect(deskLiveAgainAt - killedAt).toBeLessThan(5000);
    const second = await postEvent(b.url, key, 'call.enqueued', { call_control_id: 'v3:failover-2', queue: 'support' });
    await until(() => deskEvents.some((e) => e.id === second.telnyxId), 'desk got the next event through B');
    expect(resyncs).toEqual(['first-connect']);

    // The next caller goes to bob; every caller was offered exactly once overall.
    await until(() => bob.offers.length === 1, 'offer to bob');
    expect(bob.offers[0]!.call_control_id).toBe('v3:failover-2');
    const offeredIds = new Map<string, Set<string>>();
    for (const o of [...alice.offers, ...bob.offers]) offeredIds.set(o.call_control_id, (offeredIds.get(o.call_control_id) ?? new Set()).add(o.offer_id));
    expect([...offeredIds.entries()].map(([call, ids]) => [call, ids.size])).toEqual([
      ['v3:failover-1', 1],
      ['v3:failover-2', 1],
    ]);
  });
});
