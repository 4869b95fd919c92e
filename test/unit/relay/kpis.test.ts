// Queue KPIs from a scripted log: exact offered / answered / abandoned, service level, waits and
// handle time, over the two rolling windows (15 min, today); the same numbers when rebuilt from the stored log.
import { describe, expect, it } from 'vitest';
import { QueueKpiTracker } from '../../../relay/src/kpis';
import type { IncomingEvent } from '../../../relay/src/store';
import { MemoryStore } from '../../../relay/src/store/memory';

const T0 = Date.UTC(2026, 0, 1, 9, 0, 0);
let n = 0;
/** An event `secs` after T0. */
function at(secs: number, eventType: string, payload: Record<string, unknown>): IncomingEvent {
  const id = `k-${++n}`;
  return {
    telnyxId: id,
    eventType,
    connectionId: null,
    queue: typeof payload.queue === 'string' ? payload.queue : null,
    raw: JSON.stringify({ data: { id, event_type: eventType, occurred_at: new Date(T0 + secs * 1000).toISOString(), payload } }),
    signature: 's',
    timestamp: '0',
    receivedAt: Date.now(), // KPIs use occurred_at; a recent receipt keeps the events inside retention
  };
}

// Sales: c1 answered after 10 s, c2 answered after 45 s, c3 hangs up after 30 s, c4 leaves and joins a
// conference after 5 s (answered), c5 leaves and hangs up (abandoned, 8 s), c6 times out (120 s) — long
// before the 15-minute window —, c7 still waiting. Support: s1 answered after 20 s (exactly the threshold).
const script: IncomingEvent[] = [
  at(-1800, 'call.enqueued', { call_control_id: 'c6', queue: 'sales' }),
  at(-1680, 'call.dequeued', { call_control_id: 'c6', queue: 'sales', reason: 'timeout', wait_time_secs: 120 }),
  at(0, 'call.enqueued', { call_control_id: 'c1', queue: 'sales' }),
  at(5, 'call.enqueued', { call_control_id: 'c2', queue: 'sales' }),
  at(6, 'call.enqueued', { call_control_id: 's1', queue: 'support' }),
  at(10, 'call.dequeued', { call_control_id: 'c1', queue: 'sales', reason: 'bridged', wait_time_secs: 10 }),
  at(11, 'conference.participant.joined', { call_control_id: 'c1', conference_id: 'conf-1' }),
  at(20, 'call.enqueued', { call_control_id: 'c3', queue: 'sales' }),
  at(26, 'call.dequeued', { call_control_id: 's1', queue: 'support', reason: 'bridged', wait_time_secs: 20 }),
  at(50, 'call.dequeued', { call_control_id: 'c2', queue: 'sales', reason: 'bridged', wait_time_secs: 45 }),
  at(50, 'call.dequeued', { call_control_id: 'c3', queue: 'sales', reason: 'hangup', wait_time_secs: 30 }),
  at(50, 'call.hangup', { call_control_id: 'c3' }),
  at(60, 'call.enqueued', { call_control_id: 'c4', queue: 'sales' }),
  at(65, 'call.dequeued', { call_control_id: 'c4', queue: 'sales', reason: 'leave', wait_time_secs: 5 }),
  at(66, 'conference.participant.joined', { call_control_id: 'c4', conference_id: 'conf-4' }),
  at(70, 'call.enqueued', { call_control_id: 'c5', queue: 'sales' }),
  at(78, 'call.dequeued', { call_control_id: 'c5', queue: 'sales', reason: 'leave', wait_time_secs: 8 }),
  at(80, 'call.hangup', { call_control_id: 'c5' }),
  at(90, 'call.enqueued', { call_control_id: 'c7', queue: 'sales' }),
  at(95, 'call.hangup', { call_control_id: 'c1' }), // a hangup after being answered changes nothing
];

const NOW = T0 + 100_000;
const TODAY_SECS = 9 * 3600 + 100;
const none = { agents_available: 0, agents_on_call: 0, agents_wrap_up: 0, agents_away: 0 };
const expected = [
  // c1 joined its conference at 11 s and hung up at 95 s: 84 s of handle time.
  { queue: 'sales', window: '15m', window_secs: 900, offered: 6, answered: 3, abandoned: 2, service_level: 2 / 5, average_wait_secs: 20, longest_wait_secs: 45, average_handle_secs: 84, waiting: 1, oldest_waiting_since: T0 + 90_000 },
  { queue: 'sales', window: 'today', window_secs: TODAY_SECS, offered: 7, answered: 3, abandoned: 3, service_level: 2 / 6, average_wait_secs: 20, longest_wait_secs: 120, average_handle_secs: 84, waiting: 1, oldest_waiting_since: T0 + 90_000 },
  { queue: 'support', window: '15m', window_secs: 900, offered: 1, answered: 1, abandoned: 0, service_level: 1, average_wait_secs: 20, longest_wait_secs: 20, average_handle_secs: null, waiting: 0, oldest_waiting_since: null },
  { queue: 'support', window: 'today', window_secs: TODAY_SECS, offered: 1, answered: 1, abandoned: 0, service_level: 1, average_wait_secs: 20, longest_wait_secs: 20, average_handle_secs: null, waiting: 0, oldest_waiting_since: null },
].map((k) => ({ ...k, service_level_secs: 20, ...none }));

describe('queue KPIs', () => {
  it('counts a scripted log exactly, over the last 15 minutes and today', async () => {
    const store = new MemoryStore({ maxAgeSecs: 86400, maxEvents: 1000 });
    const live = new QueueKpiTracker(() => 20);
    store.onAppended((events) => live.observe(events));
    for (const event of script) await store.append(event);
    expect(live.snapshot(NOW)).toEqual(expected);

    // Rebuilt at start from the stored log: the same numbers.
    const rebuilt = new QueueKpiTracker(() => 20);
    await rebuilt.rebuild(store);
    expect(rebuilt.snapshot(NOW)).toEqual(expected);

    // The windows roll: 15 minutes later only the still-waiting call is left in the recent window.
    expect(live.snapshot(NOW + 900_000).find((k) => k.queue === 'sales' && k.window === '15m')).toMatchObject({
      offered: 0,
      answered: 0,
      abandoned: 0,
      service_level: null,
      average_wait_secs: null,
      longest_wait_secs: null,
      waiting: 1,
    });
  });
});

describe('agent KPIs', () => {
  const offer = (secs: number, agent: string, call: string, outcome: string) =>
    at(secs, 'switchboard.offer', { offer_id: `${call}-${agent}`, agent_id: agent, call_control_id: call, queue: 'sales', outcome, expires_at: 0 });

  it('counts offers by outcome and the handle time of the calls each agent accepted', async () => {
    const store = new MemoryStore({ maxAgeSecs: 86400, maxEvents: 1000 });
    const tracker = new QueueKpiTracker(() => 20);
    store.onAppended((events) => tracker.observe(events));
    for (const event of [
      at(0, 'call.enqueued', { call_control_id: 'a1', queue: 'sales' }),
      offer(1, 'ann', 'a1', 'offered'),
      offer(3, 'ann', 'a1', 'declined'),
      offer(4, 'ben', 'a1', 'offered'),
      offer(19, 'ben', 'a1', 'timeout'),
      offer(20, 'ann', 'a1', 'offered'),
      offer(22, 'ann', 'a1', 'accepted'),
      at(23, 'call.dequeued', { call_control_id: 'a1', queue: 'sales', reason: 'leave', wait_time_secs: 23 }),
      at(24, 'conference.participant.joined', { call_control_id: 'a1', conference_id: 'conf-a1' }),
      at(204, 'conference.participant.left', { call_control_id: 'a1', conference_id: 'conf-a1' }),
      at(205, 'call.hangup', { call_control_id: 'a1' }),
    ]) {
      await store.append(event);
    }
    const now = T0 + 300_000;
    const base = { window: '15m', window_secs: 900 };
    expect(tracker.agentSnapshot(now).filter((k) => k.window === '15m')).toEqual([
      { agent_id: 'ann', ...base, offered: 2, answered: 1, declined: 1, missed: 0, average_handle_secs: 180 },
      { agent_id: 'ben', ...base, offered: 1, answered: 0, declined: 0, missed: 1, average_handle_secs: null },
    ]);
    expect(tracker.snapshot(now).find((k) => k.window === '15m')).toMatchObject({ queue: 'sales', answered: 1, average_wait_secs: 23, average_handle_secs: 180 });
    const rebuilt = new QueueKpiTracker(() => 20);
    await rebuilt.rebuild(store);
    expect(rebuilt.agentSnapshot(now)).toEqual(tracker.agentSnapshot(now));
  });
});
