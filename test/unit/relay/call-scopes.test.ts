import { describe, expect, it } from 'vitest';
import { CallScopes } from '../../../relay/src/call-scopes';
import { MemoryStore } from '../../../relay/src/store/memory';
import type { IncomingEvent, StoredEvent } from '../../../relay/src/store';

let n = 0;
function event(eventType: string, payload: Record<string, unknown>, fromIntake = true): IncomingEvent {
  const id = `t-${++n}`;
  const text = (v: unknown) => (typeof v === 'string' ? v : null);
  return {
    telnyxId: id,
    eventType,
    connectionId: null,
    queue: text(payload.queue),
    ...(fromIntake ? { callControlId: text(payload.call_control_id), conferenceId: text(payload.conference_id) } : {}),
    raw: JSON.stringify({ data: { id, event_type: eventType, payload } }),
    signature: 's',
    timestamp: '0',
    receivedAt: Date.now(),
  };
}

async function follow(events: IncomingEvent[], capacity?: number): Promise<{ scopes: CallScopes; stored: StoredEvent[] }> {
  const store = new MemoryStore({ maxAgeSecs: 3600, maxEvents: 1000 });
  const scopes = new CallScopes((a, b) => store.compareIds(a, b), capacity);
  store.onAppended((batch) => scopes.observe(batch));
  for (const e of events) await store.append(e);
  return { scopes, stored: await store.readAfter('', 1000) };
}

describe('call scopes', () => {
  it('carries a call’s queue into its later events and the conference it joins', async () => {
    const { scopes, stored } = await follow([
      event('call.answered', { call_control_id: 'a' }),
      event('call.enqueued', { call_control_id: 'a', queue: 'sales' }),
      event('call.hangup', { call_control_id: 'a' }),
      event('conference.participant.joined', { call_control_id: 'a', conference_id: 'c' }),
      event('conference.speak.started', { conference_id: 'c' }),
      event('conference.participant.joined', { call_control_id: 'agent', conference_id: 'c' }),
      event('call.hangup', { call_control_id: 'agent' }),
    ]);
    expect(stored.map((e) => scopes.scopeOf(e))).toEqual([null, 'sales', 'sales', 'sales', 'sales', 'sales', null]);
  });

  it('gives no scope to an event that ties two queues together, and reads ids from the body when intake did not', async () => {
    const { scopes, stored } = await follow([
      event('call.enqueued', { call_control_id: 'a', queue: 'sales' }, false),
      event('call.enqueued', { call_control_id: 'b', queue: 'support' }, false),
      event('conference.participant.joined', { call_control_id: 'a', conference_id: 'c' }, false),
      event('conference.participant.joined', { call_control_id: 'b', conference_id: 'c' }, false),
    ]);
    expect(stored.map((e) => scopes.scopeOf(e))).toEqual(['sales', 'support', 'sales', null]);
  });

  it('rebuilds the same scopes from the log, and forgets the oldest past its capacity', async () => {
    const events = [event('call.enqueued', { call_control_id: 'a', queue: 'q' }), event('call.hangup', { call_control_id: 'a' })];
    const { stored } = await follow(events);
    const store = new MemoryStore({ maxAgeSecs: 3600, maxEvents: 1000 });
    for (const e of events) await store.append({ ...e, telnyxId: `${e.telnyxId}-again` });
    const rebuilt = new CallScopes((a, b) => store.compareIds(a, b), 1);
    await rebuilt.rebuild(store);
    const again = await store.readAfter('', 10);
    expect(again.map((e) => rebuilt.scopeOf(e))).toEqual([null, 'q']); // capacity 1: only the newest is remembered
    expect(rebuilt.hasObserved(again[1]!.id)).toBe(true);
    expect(stored).toHaveLength(2);
  });
});
