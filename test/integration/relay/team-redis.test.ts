// Two relays on one real redis-server form one team: presence published through one relay reaches
// a supervisor on the other, only the relay holding an agent's socket marks it offline, and two
// agents racing for a call through different relays get exactly one grant, 100 times.
import { Writable } from 'node:stream';
import { pino } from 'pino';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startRelay, type Relay } from '../../../relay/src/index';
import { ManualClock } from '../../support/manual-clock';
import { closeRelaySuite, type TestSubscriber } from '../../support/relay-harness';
import { quietLogger } from '../../support/quiet-logger';
import { redisServerMissing, startRedisServer, type RedisServerHandle } from '../../support/redis-server';
import { makeTelnyxSigningKey } from '../../support/telnyx-signing';
import { until } from '../../support/until';
import { claim, latestPresence, live, presenceUpdate, TEAM_JWT_SECRET, teamFrames, teamToken } from './team-support';

function logSink(lines: Array<Record<string, unknown>>): Writable {
  return new Writable({
    write(chunk: Buffer, _enc, done) {
      for (const line of chunk.toString().split('\n').filter(Boolean)) lines.push(JSON.parse(line) as Record<string, unknown>);
      done();
    },
  });
}

/** Every state an agent was reported in, in order (a snapshot may repeat the last one). */
function statesOf(sub: TestSubscriber, agentId: string): string[] {
  const states: string[] = [];
  for (const frame of teamFrames(sub, 'presence')) {
    for (const agent of frame.agents ?? []) if (agent.agent_id === agentId && states.at(-1) !== agent.state) states.push(agent.state as string);
  }
  return states;
}

const key = makeTelnyxSigningKey();
const GRACE_MS = 10_000;

if (redisServerMissing) console.warn(`SKIPPING redis team tests: ${redisServerMissing}`);

describe.skipIf(redisServerMissing !== null)('relay team across relays on Redis', () => {
  let redis: RedisServerHandle;
  let relayA: Relay;
  let relayB: Relay;
  const clockA = new ManualClock();
  const clockB = new ManualClock();
  const subs: TestSubscriber[] = [];
  const linesA: Array<Record<string, unknown>> = [];
  const open = async (relay: Relay, token: string) => {
    const sub = await live(relay.url, token);
    subs.push(sub);
    return sub;
  };

  beforeAll(async () => {
    redis = await startRedisServer();
    const options = { telnyxPublicKeys: [key.publicKeyBase64], jwtSecret: TEAM_JWT_SECRET, store: redis.url, presenceGraceMs: GRACE_MS, logger: quietLogger() };
    relayA = await startRelay({ ...options, clock: clockA, logger: pino({ level: 'info' }, logSink(linesA)) });
    relayB = await startRelay({ ...options, clock: clockB });
  });
  afterAll(() => closeRelaySuite(subs, [relayA, relayB], redis));

  it('shows a supervisor on relay B the agents connected to relay A, snapshot and changes', async () => {
    const alice = await open(relayA, await teamToken('alice', 'agent', ['support']));
    alice.ws.send(JSON.stringify(presenceUpdate('available', ['support'])));
    const bossOnA = await open(relayA, await teamToken('boss-a', 'supervisor', ['support']));
    await until(() => latestPresence(bossOnA).get('alice'), 'alice on relay A');
    const bossOnB = await open(relayB, await teamToken('boss-b', 'supervisor', ['support']));
    await until(() => latestPresence(bossOnB).get('alice')?.state === 'available', 'alice in the snapshot on relay B');
    alice.ws.send(JSON.stringify(presenceUpdate('wrap_up', ['support'], { reason: 'notes' })));
    await until(() => latestPresence(bossOnB).get('alice')?.state === 'wrap_up', 'alice wrapping up, seen on relay B');
    expect(latestPresence(bossOnB).get('alice')).toMatchObject({ reason: 'notes', connected: true });
  });

  it('moving to another relay within the grace period never shows the agent offline', async () => {
    const boss = await open(relayB, await teamToken('boss', 'supervisor'));
    const bob = await open(relayA, await teamToken('bob', 'agent'));
    bob.ws.send(JSON.stringify(presenceUpdate('available', ['sales'])));
    await until(() => latestPresence(boss).get('bob')?.state === 'available', 'bob available');
    const timers = clockA.pending();
    await bob.close();
    await until(() => clockA.pending() > timers, 'relay A grace timer');
    // Bob reconnects through relay B and publishes again (desktops publish after every hello).
    const bobOnB = await open(relayB, await teamToken('bob', 'agent'));
    bobOnB.ws.send(JSON.stringify(presenceUpdate('on_call', ['sales'])));
    await until(() => latestPresence(boss).get('bob')?.state === 'on_call', 'bob on a call through relay B');
    clockA.advance(GRACE_MS);
    const verdict = await until(() => linesA.find((l) => l.agent === 'bob' && /marked offline|grace period over/.test(String(l.msg))), 'relay A done with bob');
    expect(verdict.msg).toBe('grace period over: agent active elsewhere');
    // Relay A no longer owns bob's record: its timer changes nothing. A later change still arrives in order.
    bobOnB.ws.send(JSON.stringify(presenceUpdate('away', ['sales'], { reason: 'lunch' })));
    await until(() => latestPresence(boss).get('bob')?.state === 'away', 'bob away');
    expect(latestPresence(boss).get('bob')?.connected).toBe(true);
    expect(statesOf(boss, 'bob')).toEqual(['available', 'on_call', 'away']);

    // Gone from relay B too: relay B marks him offline when its grace period ends.
    const timersB = clockB.pending();
    await bobOnB.close();
    await until(() => clockB.pending() > timersB, 'relay B grace timer');
    clockB.advance(GRACE_MS);
    await until(() => latestPresence(boss).get('bob')?.state === 'offline', 'bob offline');
  });

  it('grants a claim to exactly one of two agents racing through different relays, 100 times', async () => {
    const erin = await open(relayA, await teamToken('erin', 'agent'));
    const frank = await open(relayB, await teamToken('frank', 'agent'));
    const wins = { erin: 0, frank: 0 };
    for (let i = 0; i < 100; i++) {
      const call = `v3:redis-race-${i}`;
      const [a, b] = await Promise.all([claim(erin, `e${i}`, call), claim(frank, `f${i}`, call)]);
      expect([a.outcome, b.outcome].sort()).toEqual(['granted', 'taken']);
      const winner = a.outcome === 'granted' ? 'erin' : 'frank';
      expect((a.outcome === 'taken' ? a : b).by).toBe(winner);
      wins[winner]++;
    }
    expect(wins.erin + wins.frank).toBe(100);
  });
});
