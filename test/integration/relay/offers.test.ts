// Offer mode on one relay: a waiting caller is offered to the longest-idle Available agent of its
// queue, with the call's claim held for that agent; decline → the next agent, timeout (a driven
// clock) → the next, no Available agent → the caller waits until one is; a hangup ends the offer
// (caller_gone); accepting turns the offer into the agent's claim; pull-mode queues get no offers.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startRelay, type Relay } from '../../../relay/src/index';
import { ManualClock } from '../../support/manual-clock';
import { closeRelaySuite, postEvent, type TestSubscriber } from '../../support/relay-harness';
import { quietLogger } from '../../support/quiet-logger';
import { makeTelnyxSigningKey } from '../../support/telnyx-signing';
import { untilAsync as until } from '../../support/until';
import { claim, live, presenceUpdate, TEAM_JWT_SECRET, teamFrames, teamToken } from './team-support';

const key = makeTelnyxSigningKey();
const TIMEOUT_MS = 10_000;

interface OfferLike {
  type: string;
  offer_id: string;
  call_control_id: string;
  queue?: string;
  from?: string;
  to?: string;
  outcome?: string;
  expires_at?: number;
}

/** Completed offer passes, from the relay's /metrics. */
async function passes(url: string): Promise<number> {
  const text = await (await fetch(`${url}/metrics`)).text();
  return Number(/^relay_offer_passes_total (\d+)/m.exec(text)?.[1] ?? 0);
}

/**
 * Moves the clock `ms` (≥ 2 s: at least two offer ticks) and waits for a pass that started after
 * it: ticks that come while a pass runs are coalesced into one more pass, so two completed passes
 * after `before` include one that began once the clock had moved.
 */
async function advanceAndSettle(relay: Relay, clock: ManualClock, ms: number): Promise<void> {
  const before = await passes(relay.url);
  clock.advance(ms);
  const target = before + 2;
  await until(async () => (await passes(relay.url)) >= target, 'offer passes');
}

const offers = (sub: TestSubscriber) => (sub.frames as unknown as OfferLike[]).filter((f) => f.type === 'offer');
const ended = (sub: TestSubscriber) => (sub.frames as unknown as OfferLike[]).filter((f) => f.type === 'offer_ended');

describe('relay offer mode (one relay)', () => {
  const clock = new ManualClock(Date.now());
  const subs: TestSubscriber[] = [];
  let relay: Relay;
  const agent = async (id: string, since: string, queues = ['support']) => {
    const sub = await live(relay.url, await teamToken(id, 'agent'));
    subs.push(sub);
    sub.ws.send(JSON.stringify(presenceUpdate('available', queues, { since })));
    return sub;
  };
  const enqueue = async (call: string, queue = 'support') => {
    await postEvent(relay.url, key, 'call.initiated', { call_control_id: call, from: '+15550001111', to: '+15550100000', direction: 'incoming' });
    await postEvent(relay.url, key, 'call.enqueued', { call_control_id: call, queue });
  };

  beforeAll(async () => {
    relay = await startRelay({
      telnyxPublicKeys: [key.publicKeyBase64],
      jwtSecret: TEAM_JWT_SECRET,
      store: 'memory',
      clock,
      queues: { queues: { support: { mode: 'offer', offerTimeoutMs: TIMEOUT_MS } }, maxMissedOffers: 0 },
      logger: quietLogger(),
    });
  });
  afterAll(() => closeRelaySuite(subs, [relay]));

  it('offers the longest-idle agent first; decline → next, timeout → next; accept → the agent holds the claim', async () => {
    // Idle since: bob 09:05, alice 09:00 (longest), dave 09:10; carol serves sales only.
    const bob = await agent('bob', '2026-01-01T09:05:00.000Z');
    const alice = await agent('alice', '2026-01-01T09:00:00.000Z');
    const dave = await agent('dave', '2026-01-01T09:10:00.000Z');
    const carol = await agent('carol', '2026-01-01T08:00:00.000Z', ['sales']);
    await enqueue('v3:c1');

    await alice.until(() => offers(alice).length === 1);
    expect(offers(alice)[0]).toMatchObject({ call_control_id: 'v3:c1', queue: 'support', from: '+15550001111', to: '+15550100000', expires_at: clock.now() + TIMEOUT_MS });
    expect(offers(bob).length + offers(dave).length + offers(carol).length).toBe(0);
    // While offered, the call is alice's: nobody else can claim it.
    expect(await claim(carol, 'carol-1', 'v3:c1')).toMatchObject({ outcome: 'taken', by: 'alice' });

    alice.ws.send(JSON.stringify({ type: 'offer_reply', offer_id: offers(alice)[0]!.offer_id, accept: false }));
    await alice.until(() => ended(alice).length === 1);
    expect(ended(alice)[0]).toMatchObject({ outcome: 'declined', call_control_id: 'v3:c1' });
    await bob.until(() => offers(bob).length === 1);
    expect(offers(dave)).toEqual([]);

    clock.advance(TIMEOUT_MS);
    await bob.until(() => ended(bob).length === 1);
    expect(ended(bob)[0]).toMatchObject({ outcome: 'timeout' });
    await dave.until(() => offers(dave).length === 1);

    dave.ws.send(JSON.stringify({ type: 'offer_reply', offer_id: offers(dave)[0]!.offer_id, accept: true }));
    await dave.until(() => ended(dave).length === 1);
    expect(ended(dave)[0]).toMatchObject({ outcome: 'accepted' });
    // The console renews the lease it now holds; everyone else is told dave has it.
    expect(await claim(dave, 'dave-1', 'v3:c1')).toMatchObject({ outcome: 'granted' });
    expect(await claim(alice, 'alice-1', 'v3:c1')).toMatchObject({ outcome: 'taken', by: 'dave' });
    // Nobody was offered the caller twice.
    expect([alice, bob, dave, carol].map((s) => offers(s).length)).toEqual([1, 1, 1, 0]);
    for (const s of [alice, bob, dave]) s.ws.send(JSON.stringify(presenceUpdate('away', ['support'], { since: '2026-01-01T09:30:00.000Z' })));
  });

  it('keeps a caller waiting while nobody is Available, then offers it to the agent who becomes Available; a hangup ends the offer', async () => {
    const erin = await live(relay.url, await teamToken('erin', 'agent'));
    subs.push(erin);
    erin.ws.send(JSON.stringify(presenceUpdate('away', ['support'], { reason: 'lunch' })));
    await enqueue('v3:c2');
    await advanceAndSettle(relay, clock, 3000); // a few offer passes: nobody to offer to
    expect(offers(erin)).toEqual([]);

    erin.ws.send(JSON.stringify(presenceUpdate('available', ['support'], { since: new Date(clock.now()).toISOString() })));
    await erin.until(() => offers(erin).length === 1);
    expect(offers(erin)[0]).toMatchObject({ call_control_id: 'v3:c2' });

    await postEvent(relay.url, key, 'call.hangup', { call_control_id: 'v3:c2' });
    await erin.until(() => ended(erin).length === 1);
    expect(ended(erin)[0]).toMatchObject({ call_control_id: 'v3:c2', outcome: 'caller_gone' });
  });

  it('offers nothing in a pull-mode queue, and refuses a reply to an offer the agent does not hold', async () => {
    const frank = await agent('frank', '2026-01-01T08:00:00.000Z', ['sales']);
    await enqueue('v3:c3', 'sales');
    await advanceAndSettle(relay, clock, 2000);
    expect(offers(frank)).toEqual([]);
    frank.ws.send(JSON.stringify({ type: 'offer_reply', offer_id: 'nope', accept: true }));
    await frank.until(() => teamFrames(frank, 'error').length === 1);
    expect(teamFrames(frank, 'error')[0]!.error).toBe('no open offer with this id for you');
  });
});

describe('relay offer mode: missed offers', () => {
  const clock = new ManualClock(Date.now());
  const subs: TestSubscriber[] = [];
  let relay: Relay;

  beforeAll(async () => {
    relay = await startRelay({
      telnyxPublicKeys: [key.publicKeyBase64],
      jwtSecret: TEAM_JWT_SECRET,
      store: 'memory',
      clock,
      queues: { defaults: { mode: 'offer', offerTimeoutMs: TIMEOUT_MS }, maxMissedOffers: 2 },
      logger: quietLogger(),
    });
  });
  afterAll(() => closeRelaySuite(subs, [relay]));

  it('sets an agent who lets two offers in a row time out Away, "missed offers", and offers it nothing more', async () => {
    const gina = await live(relay.url, await teamToken('gina', 'agent'));
    const boss = await live(relay.url, await teamToken('boss', 'supervisor'));
    subs.push(gina, boss);
    gina.ws.send(JSON.stringify(presenceUpdate('available', ['billing'])));
    await postEvent(relay.url, key, 'call.enqueued', { call_control_id: 'v3:m1', queue: 'billing' });
    await gina.until(() => offers(gina).length === 1);
    clock.advance(TIMEOUT_MS);
    await gina.until(() => ended(gina).length === 1);
    // The same caller is not offered to her again; a new caller is.
    await postEvent(relay.url, key, 'call.enqueued', { call_control_id: 'v3:m2', queue: 'billing' });
    await gina.until(() => offers(gina).length === 2);
    expect(offers(gina)[1]!.call_control_id).toBe('v3:m2');
    clock.advance(TIMEOUT_MS);
    await gina.until(() => ended(gina).length === 2);
    await boss.until(() => teamFrames(boss, 'presence').some((f) => f.agents?.some((a) => a.agent_id === 'gina' && a.state === 'away' && a.reason === 'missed offers')));
    await advanceAndSettle(relay, clock, 2000);
    expect(offers(gina)).toHaveLength(2);
  });
});
