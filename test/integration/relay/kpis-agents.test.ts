// Per-agent KPIs credit every answered caller to the agent who answered it, in both queue modes:
// an accepted offer (offer mode) or a claim held when the caller was answered (pull mode, "Take
// call"). Through a real relay with signed webhooks and real agent sockets: alice and bob claim and
// take pull-mode callers (one claim lost to a race, one given back after a failed take, one renewed
// on a caller who hung up), alice accepts one offer; a supervisor gets exactly the numbers the
// script implies, and so does the relay restarted on the same log (SQLite, and Redis where claims
// are a Lua script that tells a renewal from a new holder).
import { mkdtempSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { AgentKpis, Relay } from '../../../relay/src/index';
import { closeRelaySuite, postEvent, startScriptedRelay, type TestSubscriber } from '../../support/relay-harness';
import { redisServerMissing, startRedisServer, type RedisServerHandle } from '../../support/redis-server';
import { makeTelnyxSigningKey } from '../../support/telnyx-signing';
import { claim, live, presenceUpdate, release, TEAM_JWT_SECRET, teamFrames, teamToken } from './team-support';

const key = makeTelnyxSigningKey();
const NOW = Date.UTC(2026, 5, 1, 12, 0, 0);
/** The script starts ten minutes before NOW: every call is inside both windows (15 min, today). */
const T = NOW - 600_000;

if (redisServerMissing) console.warn(`SKIPPING the Redis run of the per-agent KPI test: ${redisServerMissing}`);
const stores = ['sqlite', ...(redisServerMissing ? [] : ['redis'])] as const;

describe.each(stores)('per-agent KPIs: offers accepted and pull-mode takes (%s)', (kind) => {
  let store = `sqlite:${join(mkdtempSync(join(tmpdir(), 'relay-agent-kpis-')), 'relay.db')}`;
  let redis: RedisServerHandle | undefined;
  const relays: Relay[] = [];
  const subs: TestSubscriber[] = [];
  const start = () =>
    startScriptedRelay(relays, {
      key,
      jwtSecret: TEAM_JWT_SECRET,
      store,
      now: NOW,
      queues: { queues: { support: { mode: 'pull' }, sales: { mode: 'offer', offerTimeoutMs: 60_000 } } },
    });
  const connect = async (relay: Relay, agent: string, role: 'agent' | 'supervisor' = 'agent') => {
    const sub = await live(relay.url, await teamToken(agent, role));
    subs.push(sub);
    return sub;
  };
  /** The newest per-agent KPIs a supervisor was sent, once they equal `want` (or the newest, for the diff). */
  const agentKpis = async (boss: TestSubscriber, want: AgentKpis[]): Promise<AgentKpis[]> => {
    const latest = () => (boss.frames as unknown as Array<{ type: string; agents: AgentKpis[] }>).filter((f) => f.type === 'kpis').at(-1)?.agents;
    await boss.until(() => JSON.stringify(latest()) === JSON.stringify(want), 15_000).catch(() => undefined);
    return latest() ?? [];
  };
  const at = (secs: number) => new Date(T + secs * 1000).toISOString();
  const post = async (type: string, payload: Record<string, unknown>, secs: number) => {
    expect((await postEvent(relays[0]!.url, key, type, payload, at(secs))).status).toBe(200);
  };
  const arrive = async (call: string, queue: string, secs: number) => {
    await post('call.initiated', { call_control_id: call, from: '+15550001111', to: '+15550100000', direction: 'incoming' }, secs - 1);
    await post('call.enqueued', { call_control_id: call, queue }, secs);
  };
  /** Taken: dequeued (`leave`, as a conference made from the caller's leg does, or `bridged`), then in a conference for `talkSecs`. */
  const answered = async (call: string, queue: string, secs: number, waitSecs: number, talkSecs: number, reason = 'leave') => {
    await post('call.dequeued', { call_control_id: call, queue, reason, wait_time_secs: waitSecs }, secs);
    await post('conference.participant.joined', { call_control_id: call, conference_id: `conf-${call}` }, secs + 1);
    await post('conference.participant.left', { call_control_id: call, conference_id: `conf-${call}` }, secs + 1 + talkSecs);
    await post('call.hangup', { call_control_id: call }, secs + 2 + talkSecs);
  };

  beforeAll(async () => {
    if (kind === 'redis') {
      redis = await startRedisServer();
      store = redis.url;
    }
    await start();
  });
  afterAll(() => closeRelaySuite(subs, relays, redis));

  it('credits accepted offers and claimed takes to their agent, with handle times, exactly once', async () => {
    const relay = relays[0]!;
    const [alice, bob] = [await connect(relay, 'alice'), await connect(relay, 'bob')];

    // c1: alice claims and takes it; 120 s in conference.
    await arrive('v3:c1', 'support', 1);
    expect(await claim(alice, 'a1', 'v3:c1')).toMatchObject({ outcome: 'granted' });
    await answered('v3:c1', 'support', 11, 10, 120);

    // c2: bob claims first; alice's claim loses the race (no credit for a refused claim); 60 s.
    await arrive('v3:c2', 'support', 21);
    expect(await claim(bob, 'b1', 'v3:c2')).toMatchObject({ outcome: 'granted' });
    expect(await claim(alice, 'a2', 'v3:c2')).toMatchObject({ outcome: 'taken', by: 'bob' });
    await answered('v3:c2', 'support', 26, 5, 60, 'bridged');

    // c3: alice claims, her take fails and she gives it back; bob claims and takes it; 150 s.
    await arrive('v3:c3', 'support', 40);
    expect(await claim(alice, 'a3', 'v3:c3')).toMatchObject({ outcome: 'granted' });
    expect(await release(alice, 'a4', 'v3:c3')).toMatchObject({ outcome: 'released' });
    expect(await claim(bob, 'b2', 'v3:c3')).toMatchObject({ outcome: 'granted' });
    await answered('v3:c3', 'support', 60, 20, 150);

    // c4: alice claims and renews, but the caller hangs up in the queue: abandoned, nobody's answer.
    await arrive('v3:c4', 'support', 100);
    expect(await claim(alice, 'a5', 'v3:c4')).toMatchObject({ outcome: 'granted' });
    expect(await claim(alice, 'a6', 'v3:c4')).toMatchObject({ outcome: 'granted' });
    await post('call.dequeued', { call_control_id: 'v3:c4', queue: 'support', reason: 'hangup', wait_time_secs: 30 }, 130);
    await post('call.hangup', { call_control_id: 'v3:c4' }, 130);

    // c5 (offer mode): offered to alice, accepted; her console then claims it (a renewal of the
    // lease the accept gave her, not a second credit); 30 s.
    alice.ws.send(JSON.stringify(presenceUpdate('available', ['support', 'sales'])));
    await arrive('v3:c5', 'sales', 200);
    await alice.until(() => teamFrames(alice, 'offer').length === 1);
    const offerId = (teamFrames(alice, 'offer')[0] as unknown as { offer_id: string }).offer_id;
    alice.ws.send(JSON.stringify({ type: 'offer_reply', offer_id: offerId, accept: true }));
    await alice.until(() => teamFrames(alice, 'offer_ended').length === 1);
    expect(await claim(alice, 'a7', 'v3:c5')).toMatchObject({ outcome: 'granted' });
    await answered('v3:c5', 'sales', 210, 10, 30);

    // Written out by hand from the script above: alice took c1 (120 s) and accepted c5 (30 s); bob took c2 (60 s) and c3 (150 s).
    const want: AgentKpis[] = [];
    for (const [agent, offered, answeredCalls, handle] of [['alice', 1, 2, 75], ['bob', 0, 2, 105]] as const) {
      for (const window of ['15m', 'today'] as const) {
        want.push({ agent_id: agent, window, window_secs: window === '15m' ? 900 : 12 * 3600, offered, answered: answeredCalls, declined: 0, missed: 0, average_handle_secs: handle });
      }
    }
    const boss = await connect(relay, 'sue', 'supervisor');
    expect(await agentKpis(boss, want)).toEqual(want);

    // A relay started on the same log rebuilds the same numbers (the claims are in the log).
    await relay.close();
    const restarted = await start();
    expect(await agentKpis(await connect(restarted, 'sue', 'supervisor'), want)).toEqual(want);
  });
});
