// Offer mode across two relays on one real redis-server: both relays see every enqueue, and an
// agent connected to both is a local candidate on each, so both try to offer the same caller at the
// same moment. The claim store's NX offer lets exactly one of them: every caller has one offer
// (one offer id) open at a time, a decline through the other relay moves it to the next agent, and
// every agent's sockets agree on how each offer ended.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startRelay, type Relay } from '../../../relay/src/index';
import { ManualClock } from '../../support/manual-clock';
import { closeRelaySuite, postEvent, type TestSubscriber } from '../../support/relay-harness';
import { quietLogger } from '../../support/quiet-logger';
import { redisServerMissing, startRedisServer, type RedisServerHandle } from '../../support/redis-server';
import { makeTelnyxSigningKey } from '../../support/telnyx-signing';
import { live, presenceUpdate, TEAM_JWT_SECRET, teamToken } from './team-support';

const key = makeTelnyxSigningKey();

interface OfferLike {
  type: string;
  offer_id: string;
  call_control_id: string;
  outcome?: string;
}
const framesOf = (sub: TestSubscriber, type: string, call: string) =>
  (sub.frames as unknown as OfferLike[]).filter((f) => f.type === type && f.call_control_id === call);

if (redisServerMissing) console.warn(`SKIPPING redis offer tests: ${redisServerMissing}`);

describe.skipIf(redisServerMissing !== null)('relay offers across two relays on Redis', () => {
  let redis: RedisServerHandle;
  let relayA: Relay;
  let relayB: Relay;
  const subs: TestSubscriber[] = [];

  beforeAll(async () => {
    redis = await startRedisServer();
    const options = {
      telnyxPublicKeys: [key.publicKeyBase64],
      jwtSecret: TEAM_JWT_SECRET,
      store: redis.url,
      queues: { queues: { support: { mode: 'offer' as const, offerTimeoutMs: 60_000 } }, maxMissedOffers: 0 },
      logger: quietLogger(),
    };
    relayA = await startRelay({ ...options, clock: new ManualClock(Date.now()) });
    relayB = await startRelay({ ...options, clock: new ManualClock(Date.now()) });
  });
  afterAll(() => closeRelaySuite(subs, [relayA, relayB], redis));

  it('offers each caller to one agent at a time, though both relays hold both agents, 20 callers', async () => {
    const connect = async (relay: Relay, agent: string, since: string) => {
      const sub = await live(relay.url, await teamToken(agent, 'agent'));
      subs.push(sub);
      sub.ws.send(JSON.stringify(presenceUpdate('available', ['support'], { since })));
      return sub;
    };
    // Alice has been idle longest; each agent has a socket on each relay.
    const alice = [await connect(relayA, 'alice', '2026-01-01T09:00:00.000Z'), await connect(relayB, 'alice', '2026-01-01T09:00:00.000Z')];
    const bob = [await connect(relayA, 'bob', '2026-01-01T09:05:00.000Z'), await connect(relayB, 'bob', '2026-01-01T09:05:00.000Z')];
    const ids = (socks: TestSubscriber[], call: string) => new Set(socks.flatMap((s) => framesOf(s, 'offer', call).map((f) => f.offer_id)));

    for (let i = 0; i < 20; i++) {
      const call = `v3:redis-offer-${i}`;
      await postEvent((i % 2 ? relayA : relayB).url, key, 'call.enqueued', { call_control_id: call, queue: 'support' });
      // Alice first (longest idle): one offer, on whichever of her sockets; never two offer ids.
      await alice[0]!.until(() => ids(alice, call).size === 1 && alice.some((s) => framesOf(s, 'offer', call).length > 0));
      expect(ids(bob, call).size).toBe(0);
      const [offerId] = ids(alice, call);
      // She declines through the socket on relay B (whichever relay offered it).
      const holder = alice.find((s) => framesOf(s, 'offer', call).length > 0)!;
      holder.ws.send(JSON.stringify({ type: 'offer_reply', offer_id: offerId, accept: false }));
      await bob[0]!.until(() => ids(bob, call).size === 1);
      // Every socket of alice that got the offer was told it ended, as declined.
      for (const s of alice) if (framesOf(s, 'offer', call).length) await s.until(() => framesOf(s, 'offer_ended', call).length === 1);
      for (const s of alice) for (const f of framesOf(s, 'offer_ended', call)) expect(f.outcome).toBe('declined');
      expect(ids(alice, call).size).toBe(1);
      // The caller hangs up while bob is offered it: bob's offer ends `caller_gone`.
      await postEvent(relayA.url, key, 'call.hangup', { call_control_id: call });
      for (const s of bob) if (framesOf(s, 'offer', call).length) await s.until(() => framesOf(s, 'offer_ended', call).length === 1);
      for (const s of bob) for (const f of framesOf(s, 'offer_ended', call)) expect(f.outcome).toBe('caller_gone');
      expect(ids(bob, call).size).toBe(1);
    }
    // Between them the two relays made exactly 40 offers (20 callers × alice then bob): the loser of each race made none.
    const offered = async (relay: Relay) => Number(/^relay_offers_total\{outcome="offered"\} (\d+)/m.exec(await (await fetch(`${relay.url}/metrics`)).text())?.[1] ?? 0);
    expect((await offered(relayA)) + (await offered(relayB))).toBe(40);
  });
});
