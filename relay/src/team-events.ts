import type { EventStore } from './store';

/**
 * The relay's own entries in the ordered log, beside Telnyx's events: what the KPIs and the offer
 * engine must rebuild after a restart and share across relays on one Redis, but no desktop is sent
 * (fanout.ts filters them). Shaped like a webhook body so one reader (kpi-events.ts) reads both.
 */
export async function appendTeamEvent(store: EventStore, eventType: string, id: string, payload: Record<string, unknown>, at: number): Promise<void> {
  await store.append({
    telnyxId: id,
    eventType,
    connectionId: null,
    queue: null,
    callControlId: null,
    conferenceId: null,
    raw: JSON.stringify({ data: { id, event_type: eventType, occurred_at: new Date(at).toISOString(), payload } }),
    parsed: { occurredAt: new Date(at).toISOString(), payload },
    signature: '',
    timestamp: '',
    receivedAt: Date.now(), // retention is by wall-clock receipt, like Telnyx's events
  });
}
