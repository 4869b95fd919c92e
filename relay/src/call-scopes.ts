import type { EventStore, StoredEvent } from './store';

/** Cap on remembered calls, conferences and scoped events: bounded memory whatever Telnyx sends. */
const DEFAULT_CAPACITY = 200_000;
const REBUILD_PAGE = 1000;

/**
 * Which queue each event belongs to, for queue-scoped tokens and `queues=` filters.
 *
 * Only call.enqueued / call.dequeued name a queue; the rest of a queued call's life (answered,
 * conference, recording, hangup) does not. So the relay follows the log in order: a call enqueued
 * in Q belongs to Q from then on, a conference that call joins belongs to Q, and every later event
 * of that call or conference is in Q's scope. An event whose scope cannot be known (no queued call
 * or conference in it, or two different queues) has none and goes to account-wide tokens only.
 *
 * The mapping is derived from the log alone, in log order, so it is the same after a restart
 * (rebuilt from the retained log), for a replay (each event keeps the scope it had when observed)
 * and on every relay sharing a Redis stream (each one follows the same stream).
 */
export class CallScopes {
  private readonly queueOfCall: BoundedMap<string, string>;
  private readonly queueOfConference: BoundedMap<string, string>;
  /** Scope of every observed event that has one; an observed event absent from it has none. */
  private readonly scopeOfEvent: BoundedMap<string, string>;
  /** Id of the newest observed event (null before the first). */
  private through: string | null = null;
  /** Events that arrived while the retained log was being read at start. */
  private held: StoredEvent[][] | null = null;

  constructor(
    private readonly compareIds: (a: string, b: string) => number,
    capacity = DEFAULT_CAPACITY,
  ) {
    this.queueOfCall = new BoundedMap(capacity);
    this.queueOfConference = new BoundedMap(capacity);
    this.scopeOfEvent = new BoundedMap(capacity);
  }

  /** Reads the retained log from its start; events that arrive meanwhile are observed after it. */
  async rebuild(store: EventStore): Promise<void> {
    this.held = [];
    try {
      // `since` outside this epoch reads from the oldest retained event, on every store.
      let cursor = '';
      for (;;) {
        const page = await store.readAfter(cursor, REBUILD_PAGE);
        this.observeInOrder(page);
        if (page.length < REBUILD_PAGE) break;
        cursor = page[page.length - 1]!.id;
      }
    } finally {
      const held = this.held;
      this.held = null;
      for (const events of held) this.observeInOrder(events);
    }
  }

  /** Follows newly appended events; call with every batch, in log order. */
  observe(events: StoredEvent[]): void {
    if (this.held) this.held.push(events);
    else this.observeInOrder(events);
  }

  /** True once `id` has been observed (its scope is known). */
  hasObserved(id: string): boolean {
    return this.through !== null && this.compareIds(id, this.through) <= 0;
  }

  /** The queue an observed event belongs to, or null when it belongs to none that can be known. */
  scopeOf(event: StoredEvent): string | null {
    return this.scopeOfEvent.get(event.id) ?? null;
  }

  private observeInOrder(events: StoredEvent[]): void {
    for (const event of events) {
      if (this.hasObserved(event.id)) continue;
      this.through = event.id;
      const scope = this.assign(event);
      if (scope !== null) this.scopeOfEvent.set(event.id, scope);
    }
  }

  private assign(event: StoredEvent): string | null {
    const { callControlId, conferenceId } = scopeKeys(event);
    if (event.queue !== null) {
      if (callControlId) this.queueOfCall.set(callControlId, event.queue);
      return event.queue;
    }
    const byCall = callControlId ? this.queueOfCall.get(callControlId) : undefined;
    const byConference = conferenceId ? this.queueOfConference.get(conferenceId) : undefined;
    if (byCall && byConference && byCall !== byConference) return null; // two queues' calls: account-wide only
    if (byCall && conferenceId && !byConference) this.queueOfConference.set(conferenceId, byCall);
    return byCall ?? byConference ?? null;
  }
}

/** The ids that tie an event to a call or conference: from intake, or parsed from the stored body. */
function scopeKeys(event: StoredEvent): { callControlId: string | null; conferenceId: string | null } {
  if (event.callControlId !== undefined && event.conferenceId !== undefined) {
    return { callControlId: event.callControlId, conferenceId: event.conferenceId };
  }
  try {
    const payload = (JSON.parse(event.raw) as { data?: { payload?: Record<string, unknown> } }).data?.payload ?? {};
    return {
      callControlId: typeof payload.call_control_id === 'string' ? payload.call_control_id : null,
      conferenceId: typeof payload.conference_id === 'string' ? payload.conference_id : null,
    };
  } catch {
    return { callControlId: null, conferenceId: null };
  }
}

/** A Map that forgets its oldest entries past `capacity`. */
class BoundedMap<K, V> extends Map<K, V> {
  constructor(private readonly capacity: number) {
    super();
  }

  override set(key: K, value: V): this {
    this.delete(key); // re-inserting moves the key to the newest end
    super.set(key, value);
    if (this.size > this.capacity) this.delete(this.keys().next().value as K);
    return this;
  }
}
