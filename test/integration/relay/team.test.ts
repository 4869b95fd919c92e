// The team on one relay: presence published by agents reaches supervisors (snapshot, then changes)
// scoped by role, an agent whose sockets are gone is marked offline after the grace period (a
// driven clock, no waiting), and claims on a call are granted to exactly one agent.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startRelay, type Relay } from '../../../relay/src/index';
import { ManualClock } from '../../support/manual-clock';
import { closeRelaySuite, postEvent, type TestSubscriber } from '../../support/relay-harness';
import { quietLogger } from '../../support/quiet-logger';
import { makeTelnyxSigningKey } from '../../support/telnyx-signing';
import { until } from '../../support/until';
import { claim, release, latestPresence, live, presenceUpdate, TEAM_JWT_SECRET, teamFrames, teamToken } from './team-support';

const key = makeTelnyxSigningKey();
const STATIC = 'static-desk-token';
const GRACE_MS = 30_000;

describe('relay team: presence and claims (one relay)', () => {
  const clock = new ManualClock(Date.now()); // KPI windows end at the clock; the events carry real occurred_at times
  const subs: TestSubscriber[] = [];
  let relay: Relay;
  const open = async (token: string, query = '') => {
    const sub = await live(relay.url, token, query);
    subs.push(sub);
    return sub;
  };

  beforeAll(async () => {
    relay = await startRelay({
      telnyxPublicKeys: [key.publicKeyBase64],
      tokens: [STATIC],
      jwtSecret: TEAM_JWT_SECRET,
      store: 'memory',
      presenceGraceMs: GRACE_MS,
      clock,
      logger: quietLogger(),
    });
  });
  afterAll(() => closeRelaySuite(subs, [relay]));

  it('sends supervisors a snapshot, then the changes of agents in the queues they supervise', async () => {
    const alice = await open(await teamToken('alice', 'agent', ['support', 'sales']));
    alice.ws.send(JSON.stringify(presenceUpdate('available', ['support'])));
    const salesBoss = await open(await teamToken('boss-sales', 'supervisor', ['sales']));
    const supportBoss = await open(await teamToken('boss-support', 'supervisor', ['support']));
    await until(() => latestPresence(supportBoss).get('alice'), 'alice in the support snapshot');
    expect(teamFrames(supportBoss, 'presence')[0]!.snapshot).toBe(true);

    alice.ws.send(JSON.stringify(presenceUpdate('on_call', ['support'], { call_control_id: 'v3:c1', conference_id: 'conf-1', endpoint: 'sip:alice@example.com' })));
    await until(() => latestPresence(supportBoss).get('alice')?.state === 'on_call', 'alice on a call');
    expect(latestPresence(supportBoss).get('alice')).toMatchObject({
      agent_id: 'alice',
      call_control_id: 'v3:c1',
      conference_id: 'conf-1',
      queues: ['support'],
      softphone_registered: true,
      endpoint: 'sip:alice@example.com',
      connected: true,
    });
    expect(latestPresence(supportBoss).get('alice')).not.toHaveProperty('owner');
    // Alice serves support only: the sales supervisor never hears of her; the agent socket gets no presence.
    expect(latestPresence(salesBoss).has('alice')).toBe(false);
    expect(teamFrames(alice, 'presence')).toEqual([]);

    // A static token is account-wide: with presence=1 it sees everyone.
    const wallboard = await open(STATIC, '?presence=1');
    await until(() => latestPresence(wallboard).get('alice')?.state === 'on_call', 'alice on the wallboard');
  });

  it('refuses presence and claims from a static token, and malformed or out-of-scope frames', async () => {
    const desk = await open(STATIC);
    desk.ws.send(JSON.stringify(presenceUpdate('available', [])));
    await desk.until(() => teamFrames(desk, 'error').length === 1);
    expect(teamFrames(desk, 'error')[0]!.error).toContain('static token has no agent id');
    expect((await claim(desk, 'r1', 'v3:any')).outcome).toBe('refused');

    const bob = await open(await teamToken('bob', 'agent', ['sales']));
    for (const bad of [
      presenceUpdate('napping', ['sales']),
      presenceUpdate('available', ['sales'], { agent_id: 'alice' }), // no speaking for someone else
      presenceUpdate('available', ['sales'], { since: 'yesterday' }),
      presenceUpdate('available', ['sales'], { softphone_registered: 'yes' }),
      presenceUpdate('available', ['sales'], { endpoint: 'javascript:alert(1)' }),
      presenceUpdate('available', ['support']), // not one of bob's queues
      { type: 'claim', request_id: 'r2', call_control_id: 'v3:x', lease_ms: 10 },
      { type: 'hello' },
    ]) {
      bob.ws.send(JSON.stringify(bad));
    }
    bob.ws.send('not json');
    await bob.until(() => teamFrames(bob, 'error').length === 9);
    expect(teamFrames(bob, 'error').map((f) => f.error)).toEqual([
      'state must be one of available, on_call, wrap_up, away, offline',
      'unknown field: agent_id',
      'since must be an ISO-8601 time',
      'softphone_registered must be a boolean',
      'endpoint must be a SIP URI or +E.164 number (≤ 256), or null',
      'queues not allowed for this token: support',
      'lease_ms must be an integer from 1000 to 300000',
      'unknown frame type',
      'not JSON',
    ]);
  });

  it('marks an agent offline only after its sockets have been gone for the grace period', async () => {
    const boss = await open(await teamToken('boss', 'supervisor'));
    const carol = await open(await teamToken('carol', 'agent'));
    carol.ws.send(JSON.stringify(presenceUpdate('available', ['support'])));
    await until(() => latestPresence(boss).get('carol')?.state === 'available', 'carol available');

    // A blip: the socket drops and comes back within the grace period.
    const timersBefore = clock.pending();
    await carol.close();
    await until(() => clock.pending() > timersBefore, 'the grace timer');
    clock.advance(GRACE_MS - 1);
    const again = await open(await teamToken('carol', 'agent'));
    clock.advance(GRACE_MS * 2);
    const marker = await open(await teamToken('dave', 'agent'));
    marker.ws.send(JSON.stringify(presenceUpdate('away', ['support'])));
    await until(() => latestPresence(boss).get('dave'), 'dave reported');
    expect(latestPresence(boss).get('carol')?.state).toBe('available');

    // Gone for good: offline exactly when the grace period ends.
    await again.close();
    await until(() => clock.pending() > timersBefore, 'the grace timer');
    clock.advance(GRACE_MS - 1);
    expect(latestPresence(boss).get('carol')?.connected).toBe(true);
    clock.advance(1);
    await until(() => latestPresence(boss).get('carol')?.state === 'offline', 'carol offline');
    expect(latestPresence(boss).get('carol')).toMatchObject({ connected: false, reason: 'disconnected', softphone_registered: false });
  });

  it('grants a claim on a call to exactly one of two racing agents, 100 times', async () => {
    const erin = await open(await teamToken('erin', 'agent'));
    const frank = await open(await teamToken('frank', 'agent'));
    for (let i = 0; i < 100; i++) {
      const call = `v3:race-${i}`;
      const [a, b] = await Promise.all([claim(erin, `e${i}`, call), claim(frank, `f${i}`, call)]);
      const outcomes = [a.outcome, b.outcome].sort();
      expect(outcomes).toEqual(['granted', 'taken']);
      const winner = a.outcome === 'granted' ? 'erin' : 'frank';
      expect((a.outcome === 'taken' ? a : b).by).toBe(winner);
    }
    // The holder renews; the other is still told who holds it; a release frees it; a lease expires.
    const race0 = teamFrames(erin, 'claim_result').find((f) => f.request_id === 'e0')!;
    const [holder, other] = race0.outcome === 'granted' ? [erin, frank] : [frank, erin];
    expect((await claim(holder, 'renew', 'v3:race-0')).outcome).toBe('granted');
    expect((await claim(other, 'peek', 'v3:race-0')).outcome).toBe('taken');
    const held = await claim(erin, 'hold', 'v3:lease', 1000);
    expect(held.outcome).toBe('granted');
    expect((await claim(frank, 'early', 'v3:lease')).outcome).toBe('taken');
    clock.advance(1000);
    expect((await claim(frank, 'late', 'v3:lease')).outcome).toBe('granted');
    expect(await release(erin, 'rel1', 'v3:lease')).toMatchObject({ outcome: 'refused', reason: 'not held by you' });
    expect((await release(frank, 'rel2', 'v3:lease')).outcome).toBe('released');
    expect((await claim(erin, 'after', 'v3:lease')).outcome).toBe('granted');
  });

  it('lets a queue-scoped agent claim only calls the log shows in its queues', async () => {
    const grace = await open(await teamToken('grace', 'agent', ['sales']));
    const salesBoss = await open(await teamToken('kpi-boss', 'supervisor', ['sales']));
    const enqueued = await postEvent(relay.url, key, 'call.enqueued', { call_control_id: 'v3:sales-1', queue: 'sales' });
    await postEvent(relay.url, key, 'call.enqueued', { call_control_id: 'v3:support-1', queue: 'support' });
    await grace.until(() => grace.telnyxIds().includes(enqueued.telnyxId));
    // The sales supervisor's KPIs: the sales call offered and waiting; support is not its queue.
    await salesBoss.until(() => teamFrames(salesBoss, 'kpis').some((f) => f.queues?.some((k) => k.queue === 'sales' && k.offered === 1)));
    const kpis = teamFrames(salesBoss, 'kpis').at(-1)!;
    expect(kpis.queues!.map((k) => [k.queue, k.window, k.offered, k.waiting])).toEqual([
      ['sales', '15m', 1, 1],
      ['sales', 'today', 1, 1],
    ]);
    expect((await claim(grace, 's1', 'v3:sales-1')).outcome).toBe('granted');
    expect(await claim(grace, 's2', 'v3:support-1')).toMatchObject({ outcome: 'refused', reason: 'call not in your queues' });
    expect(await claim(grace, 's3', 'v3:never-queued')).toMatchObject({ outcome: 'refused', reason: 'call not in your queues' });
  });
});
