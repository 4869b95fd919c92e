import type { StoredEvent } from './store';

/** The fields of a log event the KPIs and the offer engine read (parsed once, only for these types). */
export interface QueueLogEvent {
  type: string;
  /** occurred_at (ms), or when the relay received it. */
  at: number;
  callControlId: string | null;
  queue: string | null;
  reason: string | null;
  waitSecs: number | null;
  from: string | null;
  to: string | null;
  /** Team events (switchboard.offer, switchboard.claim): the offer, its agent and what became of it (or the claim's outcome). */
  offerId: string | null;
  agentId: string | null;
  outcome: string | null;
  expiresAt: number | null;
  /** A transfer offer (switchboard.offer): the agent sending its caller to `agentId`. */
  fromAgent: string | null;
  /** An accepted transfer offer: the target's leg joining the sender's conference. */
  agentLeg: string | null;
}

/** The relay's own event type: an offer's life, appended to the ordered log beside Telnyx's events. */
export const OFFER_EVENT = 'switchboard.offer';
/**
 * The relay's own event type: a claim granted to an agent (`claimed`, not its renewals) or given
 * back (`released`), so a caller taken in pull mode is credited to the agent who took it.
 */
export const CLAIM_EVENT = 'switchboard.claim';

const QUEUE_LOG_EVENTS = new Set([
  'call.initiated',
  'call.enqueued',
  'call.dequeued',
  'call.hangup',
  'conference.participant.joined',
  'conference.participant.left',
  OFFER_EVENT,
  CLAIM_EVENT,
]);

/** Whether an event can change the KPIs or the waiting callers (the rest is skipped without parsing). */
export function isQueueLogEvent(event: StoredEvent): boolean {
  return QUEUE_LOG_EVENTS.has(event.eventType);
}

/** Events the relay wrote itself: kept in the log for KPIs and restarts, never sent to desktops. */
export function isTeamEvent(event: StoredEvent): boolean {
  return event.eventType === OFFER_EVENT || event.eventType === CLAIM_EVENT;
}

export function readQueueLogEvent(event: StoredEvent): QueueLogEvent | null {
  if (!isQueueLogEvent(event)) return null;
  let body = event.parsed;
  if (!body) {
    // Read back from a store (rebuild, or another relay's append through Redis): parse the raw body.
    try {
      const data = (JSON.parse(event.raw) as { data?: { occurred_at?: unknown; payload?: Record<string, unknown> } }).data ?? {};
      body = { occurredAt: typeof data.occurred_at === 'string' ? data.occurred_at : undefined, payload: data.payload ?? {} };
    } catch {
      return null;
    }
  }
  const p = body.payload;
  const occurred = body.occurredAt === undefined ? Number.NaN : Date.parse(body.occurredAt);
  const text = (v: unknown) => (typeof v === 'string' ? v : null);
  return {
    type: event.eventType,
    at: Number.isNaN(occurred) ? event.receivedAt : occurred,
    callControlId: text(p.call_control_id),
    queue: text(p.queue),
    reason: text(p.reason),
    waitSecs: typeof p.wait_time_secs === 'number' && p.wait_time_secs >= 0 ? p.wait_time_secs : null,
    from: text(p.from),
    to: text(p.to),
    offerId: text(p.offer_id),
    agentId: text(p.agent_id),
    outcome: text(p.outcome),
    expiresAt: typeof p.expires_at === 'number' ? p.expires_at : null,
    fromAgent: text(p.from_agent),
    agentLeg: text(p.agent_leg),
  };
}

/** Something that follows parsed queue-log events in log order (the KPI tracker, the offer log). */
export interface QueueLogConsumer {
  count(e: QueueLogEvent): void;
}

/**
 * Follows the ordered log for its consumers, parsing each queue event once for all of them: reads
 * the retained log from its start (`rebuild`, at relay start), then newly appended batches
 * (`observe`); batches appended during the rebuild are applied after it, minus the overlap.
 */
export class QueueLog {
  private held: StoredEvent[][] | null = null;
  private last: string | null = null;

  constructor(private readonly consumers: readonly QueueLogConsumer[]) {}

  async rebuild(store: { readAfter(since: string, limit: number): Promise<StoredEvent[]>; compareIds(a: string, b: string): number }, page = 1000): Promise<void> {
    this.held = [];
    try {
      for (let after = ''; ; ) {
        const events = await store.readAfter(after, page);
        this.apply(events);
        if (events.length) this.last = events[events.length - 1]!.id;
        if (events.length < page) break;
        after = this.last!;
      }
    } finally {
      const held = this.held;
      this.held = null;
      const last = this.last;
      for (const batch of held) this.apply(last === null ? batch : batch.filter((e) => store.compareIds(e.id, last) > 0));
    }
  }

  observe(events: readonly StoredEvent[]): void {
    if (this.held) this.held.push([...events]);
    else this.apply(events);
  }

  private apply(events: readonly StoredEvent[]): void {
    for (const event of events) {
      if (!isQueueLogEvent(event)) continue;
      const e = readQueueLogEvent(event);
      if (!e) continue;
      for (const consumer of this.consumers) consumer.count(e);
    }
  }
}
