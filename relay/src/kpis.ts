import type { EventStore, StoredEvent } from './store';

const REBUILD_PAGE = 1000;
const ANSWERED_REASONS = new Set(['bridged', 'bridging-in-process']);
const ABANDONED_REASONS = new Set(['hangup', 'timeout']);

/** One queue's numbers over one rolling window ending now. */
export interface QueueKpis {
  queue: string;
  window_secs: number;
  /** Calls enqueued in the window. */
  offered: number;
  /** Calls taken by an agent (dequeued `bridged`, or `leave` then joined to a conference). */
  answered: number;
  /** Calls that left the queue by hanging up or timing out (or `leave` then hangup without a conference). */
  abandoned: number;
  /** answered within `service_level_secs` / (answered + abandoned); null when neither happened. */
  service_level: number | null;
  service_level_secs: number;
  /** Mean wait of the answered calls; null when none. */
  average_wait_secs: number | null;
  /** Longest wait of any call that left the queue in the window (answered or abandoned); null when none. */
  longest_wait_secs: number | null;
  /** Calls in the queue now, and when the oldest of them was enqueued (ms since epoch). */
  waiting: number;
  oldest_waiting_since: number | null;
}

interface Outcome {
  at: number;
  kind: 'offered' | 'answered' | 'abandoned';
  waitSecs: number;
}

interface Envelope {
  type: string;
  at: number;
  callControlId: string | null;
  queue: string | null;
  reason: string | null;
  waitSecs: number | null;
}

/**
 * Per-queue KPIs, kept incrementally from the ordered log: `call.enqueued` offers a call,
 * `call.dequeued` ends its wait (its `reason` and `wait_time_secs` say how), and a call that left
 * with `leave` counts as answered once it joins a conference, abandoned if it hangs up first.
 * Times are the events' `occurred_at`. Outcomes older than the longest window are dropped, so
 * memory is bounded by the traffic of one window. Derived from the log alone: rebuilt at start.
 */
export class QueueKpiTracker {
  private readonly outcomes = new Map<string, Outcome[]>();
  private readonly waiting = new Map<string, { queue: string; since: number }>();
  /** Calls that left with `leave`: answered if they join a conference, abandoned if they hang up. */
  private readonly leaving = new Map<string, { queue: string; at: number; waitSecs: number }>();
  private readonly longestWindowMs: number;
  /** Batches appended while the retained log is read at start; observed after it, minus overlap. */
  private held: StoredEvent[][] | null = null;

  constructor(
    private readonly windowsSecs: readonly number[] = [900, 3600],
    private readonly serviceLevelSecs = 20,
  ) {
    this.longestWindowMs = Math.max(...windowsSecs) * 1000;
  }

  /** Reads the retained log from its start (`since` outside the epoch = the oldest retained event). */
  async rebuild(store: EventStore): Promise<void> {
    this.held = [];
    let last: string | null = null;
    try {
      for (let after = ''; ; ) {
        const page = await store.readAfter(after, REBUILD_PAGE);
        this.apply(page);
        if (page.length) last = page[page.length - 1]!.id;
        if (page.length < REBUILD_PAGE) break;
        after = last!;
      }
    } finally {
      const held = this.held;
      this.held = null;
      for (const batch of held) this.apply(last === null ? batch : batch.filter((e) => store.compareIds(e.id, last!) > 0));
    }
  }

  /** Follows newly appended events; call with every batch, in log order. */
  observe(events: readonly StoredEvent[]): void {
    if (this.held) this.held.push([...events]);
    else this.apply(events);
  }

  private apply(events: readonly StoredEvent[]): void {
    for (const event of events) {
      const e = envelope(event);
      if (e) this.count(e);
    }
  }

  /** Every queue seen, for every window, as of `now` (ms since epoch). */
  snapshot(now: number): QueueKpis[] {
    const queues = new Set([...this.outcomes.keys(), ...[...this.waiting.values()].map((w) => w.queue)]);
    const result: QueueKpis[] = [];
    for (const queue of [...queues].sort()) for (const windowSecs of this.windowsSecs) result.push(this.kpis(queue, windowSecs, now));
    return result;
  }

  private kpis(queue: string, windowSecs: number, now: number): QueueKpis {
    const from = now - windowSecs * 1000;
    // No upper bound: an event stamped a little ahead of this relay's clock (skew) still counts.
    const inWindow = (this.outcomes.get(queue) ?? []).filter((o) => o.at > from);
    const answered = inWindow.filter((o) => o.kind === 'answered');
    const abandoned = inWindow.filter((o) => o.kind === 'abandoned');
    const ended = [...answered, ...abandoned];
    const waiting = [...this.waiting.values()].filter((w) => w.queue === queue);
    return {
      queue,
      window_secs: windowSecs,
      offered: inWindow.filter((o) => o.kind === 'offered').length,
      answered: answered.length,
      abandoned: abandoned.length,
      service_level: ended.length ? answered.filter((o) => o.waitSecs <= this.serviceLevelSecs).length / ended.length : null,
      service_level_secs: this.serviceLevelSecs,
      average_wait_secs: answered.length ? answered.reduce((sum, o) => sum + o.waitSecs, 0) / answered.length : null,
      longest_wait_secs: ended.length ? Math.max(...ended.map((o) => o.waitSecs)) : null,
      waiting: waiting.length,
      oldest_waiting_since: waiting.length ? Math.min(...waiting.map((w) => w.since)) : null,
    };
  }

  private count(e: Envelope): void {
    const call = e.callControlId;
    if (e.type === 'call.enqueued' && e.queue && call) {
      this.waiting.set(call, { queue: e.queue, since: e.at });
      this.record(e.queue, { at: e.at, kind: 'offered', waitSecs: 0 });
    } else if (e.type === 'call.dequeued' && e.queue && call) {
      const since = this.waiting.get(call)?.since;
      this.waiting.delete(call);
      const waitSecs = e.waitSecs ?? (since !== undefined ? Math.round((e.at - since) / 1000) : 0);
      if (e.reason && ANSWERED_REASONS.has(e.reason)) this.record(e.queue, { at: e.at, kind: 'answered', waitSecs });
      else if (e.reason && ABANDONED_REASONS.has(e.reason)) this.record(e.queue, { at: e.at, kind: 'abandoned', waitSecs });
      else if (e.reason === 'leave') this.leaving.set(call, { queue: e.queue, at: e.at, waitSecs });
    } else if (e.type === 'conference.participant.joined' && call) {
      const left = this.leaving.get(call);
      this.leaving.delete(call);
      if (left) this.record(left.queue, { at: left.at, kind: 'answered', waitSecs: left.waitSecs });
    } else if (e.type === 'call.hangup' && call) {
      const left = this.leaving.get(call);
      this.leaving.delete(call);
      if (left) this.record(left.queue, { at: left.at, kind: 'abandoned', waitSecs: left.waitSecs });
      // A queued call whose hangup came without a dequeue (keep_after_hangup) is no longer waiting.
      const waited = this.waiting.get(call);
      if (waited) {
        this.waiting.delete(call);
        this.record(waited.queue, { at: e.at, kind: 'abandoned', waitSecs: Math.round((e.at - waited.since) / 1000) });
      }
    }
  }

  private record(queue: string, outcome: Outcome): void {
    let list = this.outcomes.get(queue);
    if (!list) this.outcomes.set(queue, (list = []));
    list.push(outcome);
    // The log is ordered, so the oldest outcomes are at the front.
    const horizon = outcome.at - this.longestWindowMs;
    let drop = 0;
    while (drop < list.length && list[drop]!.at <= horizon) drop++;
    if (drop) list.splice(0, drop);
  }
}

/** Whether an event can change the KPIs (the rest of the log is skipped without parsing). */
export function movesKpis(event: StoredEvent): boolean {
  return KPI_EVENTS.has(event.eventType);
}

const KPI_EVENTS = new Set(['call.enqueued', 'call.dequeued', 'conference.participant.joined', 'call.hangup']);

function envelope(event: StoredEvent): Envelope | null {
  if (!movesKpis(event)) return null;
  try {
    const data = (JSON.parse(event.raw) as { data?: { occurred_at?: unknown; payload?: Record<string, unknown> } }).data ?? {};
    const payload = data.payload ?? {};
    const occurred = typeof data.occurred_at === 'string' ? Date.parse(data.occurred_at) : Number.NaN;
    return {
      type: event.eventType,
      at: Number.isNaN(occurred) ? event.receivedAt : occurred,
      callControlId: typeof payload.call_control_id === 'string' ? payload.call_control_id : null,
      queue: typeof payload.queue === 'string' ? payload.queue : null,
      reason: typeof payload.reason === 'string' ? payload.reason : null,
      waitSecs: typeof payload.wait_time_secs === 'number' && payload.wait_time_secs >= 0 ? payload.wait_time_secs : null,
    };
  } catch {
    return null;
  }
}
