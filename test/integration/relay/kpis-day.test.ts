// KPIs over a scripted day, through real relays: 96 callers from 09:00 every 5 minutes into two
// queues, every fifth one abandoning, the rest answered after known waits and talking for known
// times, two still waiting at 17:00. The signed webhooks go alternately to two relays on one
// redis-server; a supervisor on each gets exactly the numbers the script implies (computed here
// from the script, independently of the relay's code), and so does a third relay started afterwards
// (rebuilt from the log). Per-queue service-level thresholds come from the relay's queue config.
//
// The same kind of day driven through the simulator itself — on its manual clock, callers taken
// through the SDK as the console takes them, its own signed webhooks into one relay — is
// kpis-sim-day.test.ts; this test keeps what that one does not: two relays on one Redis, and a
// relay rebuilt from the log, fed with the exact events a day produces.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { QueueKpis, Relay } from '../../../relay/src/index';
import { closeRelaySuite, postEvent, startScriptedRelay, TestSubscriber } from '../../support/relay-harness';
import { redisServerMissing, startRedisServer, type RedisServerHandle } from '../../support/redis-server';
import { makeTelnyxSigningKey } from '../../support/telnyx-signing';
import { TEAM_JWT_SECRET, teamToken } from './team-support';

const key = makeTelnyxSigningKey();
const MIDNIGHT = Date.UTC(2026, 5, 1);
const NOW = MIDNIGHT + 17 * 3600_000; // 17:00 UTC
const THRESHOLD: Record<string, number> = { support: 30, sales: 20 };

interface ScriptedCall {
  id: string;
  queue: string;
  arrive: number;
  /** When it left the queue (answered or abandoned); null = still waiting at NOW. */
  leftQueue: number | null;
  waitSecs: number;
  answered: boolean;
  talkSecs: number;
}

function scriptedDay(): ScriptedCall[] {
  const calls: ScriptedCall[] = [];
  for (let i = 0; i < 96; i++) {
    const arrive = MIDNIGHT + 9 * 3600_000 + 10_000 + i * 300_000;
    const answered = i % 5 !== 4;
    const waitSecs = answered ? (i * 7) % 50 : 30 + (i % 20);
    calls.push({ id: `v3:day-${i}`, queue: i % 3 === 0 ? 'support' : 'sales', arrive, leftQueue: arrive + waitSecs * 1000, waitSecs, answered, talkSecs: 120 + ((i * 13) % 180) });
  }
  for (const [i, arrive] of [NOW - 120_000, NOW - 30_000].entries()) calls.push({ id: `v3:late-${i}`, queue: 'sales', arrive, leftQueue: null, waitSecs: 0, answered: false, talkSecs: 0 });
  return calls;
}

/** The script's webhooks, in time order, up to NOW. */
function events(calls: ScriptedCall[]): Array<{ at: number; type: string; payload: Record<string, unknown> }> {
  const all: Array<{ at: number; type: string; payload: Record<string, unknown> }> = [];
  for (const c of calls) {
    const call = { call_control_id: c.id };
    all.push({ at: c.arrive - 2000, type: 'call.initiated', payload: { ...call, from: '+15550001234', to: '+15550100000' } });
    all.push({ at: c.arrive, type: 'call.enqueued', payload: { ...call, queue: c.queue } });
    if (c.leftQueue === null) continue;
    all.push({ at: c.leftQueue, type: 'call.dequeued', payload: { ...call, queue: c.queue, reason: c.answered ? 'bridged' : 'hangup', wait_time_secs: c.waitSecs } });
    if (!c.answered) {
      all.push({ at: c.leftQueue, type: 'call.hangup', payload: call });
      continue;
    }
    const joined = c.leftQueue + 1000;
    all.push({ at: joined, type: 'conference.participant.joined', payload: { ...call, conference_id: `conf-${c.id}` } });
    all.push({ at: joined + c.talkSecs * 1000, type: 'conference.participant.left', payload: { ...call, conference_id: `conf-${c.id}` } });
    all.push({ at: joined + c.talkSecs * 1000 + 500, type: 'call.hangup', payload: call });
  }
  return all.filter((e) => e.at <= NOW).sort((x, y) => x.at - y.at);
}

/** What the script implies for one queue and window: plain arithmetic over the script. */
function expected(calls: ScriptedCall[], queue: string, window: '15m' | 'today'): QueueKpis {
  const from = window === '15m' ? NOW - 900_000 : MIDNIGHT;
  const inQueue = calls.filter((c) => c.queue === queue);
  const ended = inQueue.filter((c) => c.leftQueue !== null && c.leftQueue > from && c.leftQueue <= NOW);
  const answered = ended.filter((c) => c.answered);
  const handled = inQueue.filter((c) => c.answered && c.leftQueue! + 1000 + c.talkSecs * 1000 > from && c.leftQueue! + 1000 + c.talkSecs * 1000 <= NOW);
  const waiting = inQueue.filter((c) => c.arrive <= NOW && (c.leftQueue === null || c.leftQueue > NOW));
  const mean = (xs: number[]) => (xs.length ? xs.reduce((s, x) => s + x, 0) / xs.length : null);
  return {
    queue,
    window,
    window_secs: (NOW - from) / 1000,
    offered: inQueue.filter((c) => c.arrive > from && c.arrive <= NOW).length,
    answered: answered.length,
    abandoned: ended.length - answered.length,
    service_level: ended.length ? answered.filter((c) => c.waitSecs <= THRESHOLD[queue]!).length / ended.length : null,
    service_level_secs: THRESHOLD[queue]!,
    average_wait_secs: mean(answered.map((c) => c.waitSecs)),
    longest_wait_secs: ended.length ? Math.max(...ended.map((c) => c.waitSecs)) : null,
    average_handle_secs: mean(handled.map((c) => c.talkSecs)),
    waiting: waiting.length,
    oldest_waiting_since: waiting.length ? Math.min(...waiting.map((c) => c.arrive)) : null,
    agents_available: 0,
    agents_on_call: 0,
    agents_wrap_up: 0,
    agents_away: 0,
  };
}

if (redisServerMissing) console.warn(`SKIPPING scripted-day KPI tests: ${redisServerMissing}`);

describe.skipIf(redisServerMissing !== null)('KPIs over a scripted day (two relays on one Redis, then a restart)', () => {
  let redis: RedisServerHandle;
  const relays: Relay[] = [];
  const subs: TestSubscriber[] = [];
  const start = () =>
    startScriptedRelay(relays, {
      key,
      jwtSecret: TEAM_JWT_SECRET,
      store: redis.url,
      now: NOW,
      queues: { queues: { support: { mode: 'pull', serviceLevelSecs: THRESHOLD.support }, sales: { mode: 'pull', serviceLevelSecs: THRESHOLD.sales } } },
    });
  const kpisOn = async (relay: Relay, target: QueueKpis[]): Promise<QueueKpis[]> => {
    const sub = new TestSubscriber(relay.url, await teamToken(`boss-${relays.indexOf(relay)}`, 'supervisor'));
    subs.push(sub);
    await sub.opened;
    const latest = () => (sub.frames as unknown as Array<{ type: string; queues: QueueKpis[] }>).filter((f) => f.type === 'kpis').at(-1)?.queues;
    // Frames follow the log as the relay tails it: wait for one equal to the target; if none comes,
    // the newest is returned and the caller's toEqual shows the difference.
    await sub.until(() => JSON.stringify(latest()) === JSON.stringify(target), 20_000).catch(() => undefined);
    return latest() ?? [];
  };

  beforeAll(async () => {
    redis = await startRedisServer();
  });
  afterAll(() => closeRelaySuite(subs, relays, redis));

  it('reports exactly the numbers the script implies, on both relays and after a restart', async () => {
    const calls = scriptedDay();
    const want = ['sales', 'support'].flatMap((q) => (['15m', 'today'] as const).map((w) => expected(calls, q, w)));
    // Sanity of the script itself: both windows have answers, abandons and handle times to check.
    expect(want.find((k) => k.queue === 'sales' && k.window === 'today')).toMatchObject({ offered: 66, waiting: 2 });
    expect(want.filter((k) => k.window === '15m').map((k) => k.offered)).toEqual([4, 1]);

    const [a, b] = [await start(), await start()];
    for (const [i, e] of events(calls).entries()) {
      const posted = await postEvent((i % 2 ? a : b).url, key, e.type, e.payload, new Date(e.at).toISOString());
      expect(posted.status).toBe(200);
    }
    expect(await kpisOn(a, want)).toEqual(want);
    expect(await kpisOn(b, want)).toEqual(want);

    const restarted = await start();
    expect(await kpisOn(restarted, want)).toEqual(want);
  });
});
