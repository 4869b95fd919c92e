// A transfer to a teammate is an offer (issue 13): the agent on a call sends `transfer_offer`; the
// relay checks the frame and who may ask (agent token, on that call per its presence, target
// connected and Available, in a queue-scoped sender's team), takes the caller's claim for the target
// (free or the sender's own — never anyone else's), rings the target with the transfer, and tells the
// sender how it ended: declined, timeout (a driven clock), accepted (with the target's leg), withdrawn.
// Then the same across two relays on one real redis-server: sender on one, target on the other.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startRelay, type Relay } from '../../../relay/src/index';
import { ManualClock } from '../../support/manual-clock';
import { closeRelaySuite, postEvent, type TestSubscriber } from '../../support/relay-harness';
import { quietLogger } from '../../support/quiet-logger';
import { redisServerMissing, startRedisServer, type RedisServerHandle } from '../../support/redis-server';
import { makeTelnyxSigningKey } from '../../support/telnyx-signing';
import { claim, live, presenceUpdate, release, TEAM_JWT_SECRET, teamToken } from './team-support';

const key = makeTelnyxSigningKey();
const TIMEOUT_MS = 20_000;

interface Frame {
  type: string;
  request_id?: string;
  offer_id?: string;
  call_control_id?: string;
  outcome?: string;
  reason?: string;
  error?: string;
  agent_leg?: string;
  to_agent?: string;
  transfer?: Record<string, unknown>;
  expires_in_ms?: number;
}
const frames = (sub: TestSubscriber, type: string) => (sub.frames as unknown as Frame[]).filter((f) => f.type === type);

let seq = 0;
/** Sends a transfer_offer and waits for its answer (the result frame, or an error naming the request). */
async function offerTransfer(sub: TestSubscriber, fields: Record<string, unknown>): Promise<Frame> {
  const request_id = `t-${++seq}`;
  sub.ws.send(JSON.stringify({ type: 'transfer_offer', request_id, kind: 'consult', from: '+15550001111', note: 'Alice: billing question', ...fields }));
  const answer = () => (sub.frames as unknown as Frame[]).find((f) => f.request_id === request_id && (f.type === 'transfer_offer_result' || f.type === 'error'));
  await sub.until(() => answer() !== undefined);
  return answer()!;
}

const onCall = (call: string, conference: string, queues = ['support']) =>
  presenceUpdate('on_call', queues, { call_control_id: call, conference_id: conference });

describe('transfer offers (one relay)', () => {
  const clock = new ManualClock(Date.now());
  const subs: TestSubscriber[] = [];
  let relay: Relay;
  const connect = async (agent: string, presence: Record<string, unknown>, role: 'agent' | 'supervisor' = 'agent', queues?: string[]) => {
    // presence=1: an agent token watches presence too, so the test sees its own come back.
    const sub = await live(relay.url, await teamToken(agent, role, queues), '?presence=1');
    subs.push(sub);
    sub.ws.send(JSON.stringify(presence));
    // The agent's own presence comes back: the relay has it.
    await sub.until(() => frames(sub, 'presence').some((f) => (f as unknown as { agents: Array<{ agent_id: string; state: string }> }).agents.some((a) => a.agent_id === agent && a.state === presence.state)));
    return sub;
  };

  beforeAll(async () => {
    relay = await startRelay({
      telnyxPublicKeys: [key.publicKeyBase64],
      jwtSecret: TEAM_JWT_SECRET,
      store: 'memory',
      clock,
      queues: { defaults: { offerTimeoutMs: TIMEOUT_MS }, maxMissedOffers: 0 },
      logger: quietLogger(),
    });
  });
  afterAll(() => closeRelaySuite(subs, [relay]));

  it('validates the frame and refuses whoever may not ask, or a target that cannot be offered', async () => {
    const alice = await connect('alice', onCall('v3:t1', 'conf-1'));
    await connect('bob', presenceUpdate('available', ['support']));
    await connect('erin', presenceUpdate('away', ['support'], { reason: 'lunch' }));
    await connect('sam', presenceUpdate('available', ['sales']));
    const scoped = await connect('zoe', onCall('v3:t9', 'conf-9'), 'agent', ['support']);

    expect(await offerTransfer(alice, { to_agent: 'bob', call_control_id: 'v3:t1', conference_id: 'conf-1', kind: 'cold' })).toMatchObject({ type: 'error', error: 'kind must be one of blind, consult' });
    expect(await offerTransfer(alice, { to_agent: 'bob', call_control_id: 'v3:t1', conference_id: 'conf-1', extra: 1 })).toMatchObject({ type: 'error', error: 'unknown field: extra' });
    expect(await offerTransfer(alice, { to_agent: 'bob', call_control_id: 'v3:t1', conference_id: 'conf-1', note: 'x'.repeat(1025) })).toMatchObject({ type: 'error', error: 'note must be a string (≤ 1024)' });

    const refused = async (sub: TestSubscriber, fields: Record<string, unknown>) => {
      const answer = await offerTransfer(sub, fields);
      expect(answer).toMatchObject({ type: 'transfer_offer_result', outcome: 'refused' });
      return answer.reason;
    };
    expect(await refused(alice, { to_agent: 'alice', call_control_id: 'v3:t1', conference_id: 'conf-1' })).toBe('you cannot transfer a call to yourself');
    expect(await refused(alice, { to_agent: 'bob', call_control_id: 'v3:other', conference_id: 'conf-1' })).toBe('your presence does not show you on that call');
    expect(await refused(alice, { to_agent: 'bob', call_control_id: 'v3:t1', conference_id: 'conf-2' })).toBe('your presence does not show you on that call');
    expect(await refused(alice, { to_agent: 'nobody', call_control_id: 'v3:t1', conference_id: 'conf-1' })).toBe('nobody is not a known teammate');
    expect(await refused(alice, { to_agent: 'erin', call_control_id: 'v3:t1', conference_id: 'conf-1' })).toBe('erin is not available (away)');
    // A teammate whose sockets are gone past the grace period is offline (a supervisor sees it marked so).
    const sue = await connect('sue', presenceUpdate('away', ['support']), 'supervisor');
    const olga = await connect('olga', presenceUpdate('available', ['support']));
    await olga.close();
    clock.advance(30_000);
    await sue.until(() => frames(sue, 'presence').some((f) => (f as unknown as { agents: Array<{ agent_id: string; connected: boolean }> }).agents.some((a) => a.agent_id === 'olga' && !a.connected)));
    expect(await refused(alice, { to_agent: 'olga', call_control_id: 'v3:t1', conference_id: 'conf-1' })).toBe('olga is offline');
    // A queue-scoped token offers only to agents serving one of its queues.
    expect(await refused(scoped, { to_agent: 'sam', call_control_id: 'v3:t9', conference_id: 'conf-9' })).toBe('sam is not in your team');
    // Nobody was offered anything, and nothing holds the callers' claims.
    for (const s of subs) if (s !== olga) expect(frames(s, 'offer')).toEqual([]);
    expect(await claim(alice, 'c-free', 'v3:t1')).toMatchObject({ outcome: 'granted' });
    // The sender's own claim passes to the target (it is not "someone else's").
    const offered = await offerTransfer(alice, { to_agent: 'sam', call_control_id: 'v3:t1', conference_id: 'conf-1' });
    expect(offered).toMatchObject({ outcome: 'offered', expires_in_ms: TIMEOUT_MS });
    const sam = subs[3]!;
    await sam.until(() => frames(sam, 'offer').length === 1);
    sam.ws.send(JSON.stringify({ type: 'offer_reply', offer_id: offered.offer_id, accept: false }));
    await alice.until(() => frames(alice, 'transfer_offer_ended').length === 1);
  });

  it('rings the target with the transfer and holds the claim; decline, timeout, accept and withdraw reach the sender', async () => {
    const alice = await connect('alice2', onCall('v3:t2', 'conf-2'));
    const bob = await connect('bob2', presenceUpdate('available', ['support']));
    const carol = await connect('carol2', onCall('v3:t3', 'conf-3'));
    const ended = () => frames(alice, 'transfer_offer_ended');

    // Decline.
    const first = await offerTransfer(alice, { to_agent: 'bob2', call_control_id: 'v3:t2', conference_id: 'conf-2', kind: 'blind' });
    expect(first).toMatchObject({ outcome: 'offered', to_agent: 'bob2', call_control_id: 'v3:t2' });
    await bob.until(() => frames(bob, 'offer').length === 1);
    expect(frames(bob, 'offer')[0]).toMatchObject({
      offer_id: first.offer_id, call_control_id: 'v3:t2', from: '+15550001111', expires_in_ms: TIMEOUT_MS,
      transfer: { from_agent: 'alice2', conference_id: 'conf-2', kind: 'blind', note: 'Alice: billing question' },
    });
    // While it rings the caller is bob's: a third agent cannot claim it, and bob cannot be offered another.
    expect(await claim(carol, 'c1', 'v3:t2')).toMatchObject({ outcome: 'taken', by: 'bob2' });
    expect(await offerTransfer(carol, { to_agent: 'bob2', call_control_id: 'v3:t3', conference_id: 'conf-3' })).toMatchObject({ outcome: 'refused', reason: 'bob2 is being offered another call' });
    bob.ws.send(JSON.stringify({ type: 'offer_reply', offer_id: first.offer_id, accept: false }));
    await alice.until(() => ended().length === 1);
    expect(ended()[0]).toMatchObject({ offer_id: first.offer_id, to_agent: 'bob2', call_control_id: 'v3:t2', outcome: 'declined' });
    // The claim was released: the caller is free again.
    expect(await claim(carol, 'c2', 'v3:t2')).toMatchObject({ outcome: 'granted' });
    expect(await release(carol, 'c3', 'v3:t2')).toMatchObject({ outcome: 'released' });

    // Timeout (the relay's clock).
    const second = await offerTransfer(alice, { to_agent: 'bob2', call_control_id: 'v3:t2', conference_id: 'conf-2' });
    await bob.until(() => frames(bob, 'offer').length === 2);
    clock.advance(TIMEOUT_MS);
    await alice.until(() => ended().length === 2);
    expect(ended()[1]).toMatchObject({ offer_id: second.offer_id, outcome: 'timeout' });
    await bob.until(() => frames(bob, 'offer_ended').some((f) => f.offer_id === second.offer_id && f.outcome === 'timeout'));

    // Withdrawn by the sender: bob stops ringing.
    const third = await offerTransfer(alice, { to_agent: 'bob2', call_control_id: 'v3:t2', conference_id: 'conf-2' });
    await bob.until(() => frames(bob, 'offer').length === 3);
    carol.ws.send(JSON.stringify({ type: 'transfer_offer_cancel', offer_id: third.offer_id, call_control_id: 'v3:t2' }));
    await carol.until(() => frames(carol, 'error').some((f) => f.error === 'no open transfer offer with this id from you'));
    alice.ws.send(JSON.stringify({ type: 'transfer_offer_cancel', offer_id: third.offer_id, call_control_id: 'v3:t2' }));
    await bob.until(() => frames(bob, 'offer_ended').some((f) => f.offer_id === third.offer_id && f.outcome === 'withdrawn'));
    await alice.until(() => ended().length === 3);
    expect(ended()[2]).toMatchObject({ offer_id: third.offer_id, outcome: 'withdrawn' });

    // Accepted: the sender learns the target's leg; the target now holds the claim.
    const fourth = await offerTransfer(alice, { to_agent: 'bob2', call_control_id: 'v3:t2', conference_id: 'conf-2' });
    await bob.until(() => frames(bob, 'offer').length === 4);
    bob.ws.send(JSON.stringify({ type: 'offer_reply', offer_id: fourth.offer_id, accept: true, agent_leg: 'v3:bob-leg' }));
    await alice.until(() => ended().length === 4);
    expect(ended()[3]).toMatchObject({ offer_id: fourth.offer_id, outcome: 'accepted', agent_leg: 'v3:bob-leg' });
    expect(await claim(carol, 'c4', 'v3:t2')).toMatchObject({ outcome: 'taken', by: 'bob2' });
    expect(await claim(bob, 'c5', 'v3:t2')).toMatchObject({ outcome: 'granted' });
  });

  it('a caller who hangs up while the teammate rings ends the offer for both (caller_gone)', async () => {
    const alice = await connect('alice3', onCall('v3:t4', 'conf-4'));
    const bob = await connect('bob3', presenceUpdate('available', ['support']));
    const offered = await offerTransfer(alice, { to_agent: 'bob3', call_control_id: 'v3:t4', conference_id: 'conf-4' });
    await bob.until(() => frames(bob, 'offer').length === 1);
    await postEvent(relay.url, key, 'call.hangup', { call_control_id: 'v3:t4' });
    await bob.until(() => frames(bob, 'offer_ended').some((f) => f.offer_id === offered.offer_id && f.outcome === 'caller_gone'));
    await alice.until(() => frames(alice, 'transfer_offer_ended').some((f) => f.offer_id === offered.offer_id && f.outcome === 'caller_gone'));
  });
});

if (redisServerMissing) console.warn(`SKIPPING redis transfer-offer tests: ${redisServerMissing}`);

describe.skipIf(redisServerMissing !== null)('transfer offers across two relays on Redis', () => {
  let redis: RedisServerHandle;
  let relayA: Relay;
  let relayB: Relay;
  const clockA = new ManualClock(Date.now());
  const clockB = new ManualClock(Date.now());
  const subs: TestSubscriber[] = [];

  beforeAll(async () => {
    redis = await startRedisServer();
    const options = { telnyxPublicKeys: [key.publicKeyBase64], jwtSecret: TEAM_JWT_SECRET, store: redis.url, queues: { defaults: { offerTimeoutMs: TIMEOUT_MS }, maxMissedOffers: 0 }, logger: quietLogger() };
    relayA = await startRelay({ ...options, clock: clockA });
    relayB = await startRelay({ ...options, clock: clockB });
  });
  /** A team socket on `relay` that published `presence` (a supervisor token: it watches the whole team). */
  const connect = async (relay: Relay, agent: string, presence: Record<string, unknown>) => {
    const sub = await live(relay.url, await teamToken(agent, 'supervisor'));
    subs.push(sub);
    sub.ws.send(JSON.stringify(presence));
    return sub;
  };
  afterAll(() => closeRelaySuite(subs, [relayA, relayB], redis));

  it('sender on relay A, target on relay B: offered by A, rung by B, claim held in Redis, decline and accept reach A', async () => {
    const alice = await connect(relayA, 'alice', onCall('v3:r1', 'conf-r1'));
    const bob = await connect(relayB, 'bob', presenceUpdate('available', ['support']));
    const carol = await connect(relayB, 'carol', presenceUpdate('away', ['support']));
    // Relay A sees both (a supervisor token watches the team): presence crossed through Redis.
    const seen = (sub: TestSubscriber, agent: string, state: string) =>
      frames(sub, 'presence').some((f) => (f as unknown as { agents: Array<{ agent_id: string; state: string }> }).agents.some((a) => a.agent_id === agent && a.state === state));
    await alice.until(() => seen(alice, 'bob', 'available') && seen(alice, 'alice', 'on_call'));

    const first = await offerTransfer(alice, { to_agent: 'bob', call_control_id: 'v3:r1', conference_id: 'conf-r1' });
    expect(first).toMatchObject({ outcome: 'offered' });
    await bob.until(() => frames(bob, 'offer').length === 1);
    expect(frames(bob, 'offer')[0]).toMatchObject({ offer_id: first.offer_id, transfer: { from_agent: 'alice', conference_id: 'conf-r1' } });
    // The claim is in Redis: a claim through relay B is refused.
    expect(await claim(carol, 'rc1', 'v3:r1')).toMatchObject({ outcome: 'taken', by: 'bob' });
    bob.ws.send(JSON.stringify({ type: 'offer_reply', offer_id: first.offer_id, accept: false }));
    await alice.until(() => frames(alice, 'transfer_offer_ended').length === 1);
    expect(frames(alice, 'transfer_offer_ended')[0]).toMatchObject({ offer_id: first.offer_id, outcome: 'declined' });

    const second = await offerTransfer(alice, { to_agent: 'bob', call_control_id: 'v3:r1', conference_id: 'conf-r1', kind: 'blind' });
    await bob.until(() => frames(bob, 'offer').length === 2);
    bob.ws.send(JSON.stringify({ type: 'offer_reply', offer_id: second.offer_id, accept: true, agent_leg: 'v3:bob-leg' }));
    await alice.until(() => frames(alice, 'transfer_offer_ended').length === 2);
    expect(frames(alice, 'transfer_offer_ended')[1]).toMatchObject({ offer_id: second.offer_id, outcome: 'accepted', agent_leg: 'v3:bob-leg' });
    expect(await claim(alice, 'rc2', 'v3:r1')).toMatchObject({ outcome: 'taken', by: 'bob' });
    // Exactly one offer frame per offer id reached bob (never delivered twice).
    expect(frames(bob, 'offer').map((f) => f.offer_id)).toEqual([first.offer_id, second.offer_id]);
  });

  it('a target whose socket moves to the other relay while it rings gets the same offer there and answers it', async () => {
    const dave = await connect(relayA, 'dave', onCall('v3:r2', 'conf-r2'));
    const erin = await connect(relayB, 'erin', presenceUpdate('available', ['support']));
    await dave.until(() => frames(dave, 'presence').some((f) => (f as unknown as { agents: Array<{ agent_id: string; state: string }> }).agents.some((a) => a.agent_id === 'erin' && a.state === 'available')));
    const offered = await offerTransfer(dave, { to_agent: 'erin', call_control_id: 'v3:r2', conference_id: 'conf-r2' });
    await erin.until(() => frames(erin, 'offer').length === 1);

    // Erin's console loses relay B and reconnects to A (its fallback) within the grace period.
    await erin.close();
    const moved = await connect(relayA, 'erin', presenceUpdate('available', ['support']));
    await moved.until(() => frames(moved, 'offer').length === 1);
    expect(frames(moved, 'offer')[0]).toMatchObject({ offer_id: offered.offer_id, transfer: { from_agent: 'dave', conference_id: 'conf-r2' } });
    moved.ws.send(JSON.stringify({ type: 'offer_reply', offer_id: offered.offer_id, accept: true, agent_leg: 'v3:erin-leg' }));
    await dave.until(() => frames(dave, 'transfer_offer_ended').some((f) => f.offer_id === offered.offer_id));
    expect(frames(dave, 'transfer_offer_ended').find((f) => f.offer_id === offered.offer_id)).toMatchObject({ outcome: 'accepted', agent_leg: 'v3:erin-leg' });
  });
});
