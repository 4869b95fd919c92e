import { CLAIM_EVENT, OFFER_EVENT, QueueLog, isQueueLogEvent, type QueueLogConsumer, type QueueLogEvent } from './kpi-events';
import { KPI_WINDOWS, type AgentKpis, type AgentPresence, type KpiWindow, type QueueKpis } from './protocol';
import type { EventStore, StoredEvent } from './store';

const ANSWERED_REASONS = new Set(['bridged', 'bridging-in-process']);
const ABANDONED_REASONS = new Set(['hangup', 'timeout']);
/** Outcomes are kept this long: the "today" window is at most a day. */
const KEEP_MS = 25 * 3600_000;
const MAX_CALLS = 200_000;

interface Timed {
  at: number;
}
interface QueueOutcome extends Timed {
  kind: 'offered' | 'answered' | 'abandoned';
  waitSecs: number;
}
interface AgentOutcome extends Timed {
  /** `taken`: a caller the agent claimed (pull mode) was answered. */
  kind: 'offered' | 'accepted' | 'declined' | 'timeout' | 'taken';
}
interface Handle extends Timed {
  secs: number;
}

/**
 * Queue and agent KPIs, kept incrementally from the ordered log (Telnyx's events and the relay's
 * own `switchboard.offer` events): `call.enqueued` offers a call, `call.dequeued` ends its wait
 * (its `reason` and `wait_time_secs` say how), a call that left with `leave` counts as answered
 * once it joins a conference and abandoned if it hangs up first; a queued caller's conference
 * join → leave is its handle time, credited to its queue and to the agent who answered it: who
 * accepted its offer, or (pull mode) who held its claim (`switchboard.claim`) when it was answered.
 * Times are the events' `occurred_at`. Derived from the log alone, so a restart (rebuild) and every
 * relay on one Redis stream compute the same numbers; memory is bounded by a day of outcomes.
 */
export class QueueKpiTracker implements QueueLogConsumer {
  private readonly queueOutcomes = new Map<string, QueueOutcome[]>();
  private readonly queueHandles = new Map<string, Handle[]>();
  private readonly agentOutcomes = new Map<string, AgentOutcome[]>();
  private readonly agentHandles = new Map<string, Handle[]>();
  private readonly waiting = new Map<string, { queue: string; since: number }>();
  /** Calls that left with `leave`: answered if they join a conference, abandoned if they hang up. */
  private readonly leaving = new Map<string, { queue: string; at: number; waitSecs: number }>();
  /** Queue of every call enqueued, agent of every accepted offer, conference join time of queued callers. */
  private readonly queueOfCall = new Map<string, string>();
  private readonly agentOfCall = new Map<string, string>();
  /** The agent holding each caller's claim (pull-mode takes; an accepted offer's claim is not logged again). */
  private readonly claimantOfCall = new Map<string, string>();
  private readonly joinedAt = new Map<string, number>();
  /** For a tracker used on its own; the relay feeds it from one QueueLog shared with the offer log. */
  private readonly follower = new QueueLog([this]);

  constructor(private readonly serviceLevelSecs: (queue: string) => number = () => 20) {}

  /** Reads the retained log from its start (call before observing). */
  rebuild(store: EventStore): Promise<void> {
    return this.follower.rebuild(store);
  }

  /** Follows newly appended events; call with every batch, in log order. */
  observe(events: readonly StoredEvent[]): void {
    this.follower.observe(events);
  }

  /** Applies one parsed event (the hot path; the benchmark measures it). */
  count(e: QueueLogEvent): void {
    const call = e.callControlId;
    if (e.type === OFFER_EVENT) return this.countOffer(e);
    if (e.type === CLAIM_EVENT) return this.countClaim(e);
    if (!call) return;
    if (e.type === 'call.enqueued' && e.queue) {
      this.waiting.set(call, { queue: e.queue, since: e.at });
      remember(this.queueOfCall, call, e.queue);
      this.record(this.queueOutcomes, e.queue, { at: e.at, kind: 'offered', waitSecs: 0 });
    } else if (e.type === 'call.dequeued' && e.queue) {
      const since = this.waiting.get(call)?.since;
      this.waiting.delete(call);
      const waitSecs = e.waitSecs ?? (since !== undefined ? Math.round((e.at - since) / 1000) : 0);
      if (e.reason && ANSWERED_REASONS.has(e.reason)) this.answered(call, e.queue, e.at, waitSecs);
      else if (e.reason && ABANDONED_REASONS.has(e.reason)) this.record(this.queueOutcomes, e.queue, { at: e.at, kind: 'abandoned', waitSecs });
      else if (e.reason === 'leave') this.leaving.set(call, { queue: e.queue, at: e.at, waitSecs });
    } else if (e.type === 'conference.participant.joined') {
      const left = this.leaving.get(call);
      this.leaving.delete(call);
      if (left) this.answered(call, left.queue, left.at, left.waitSecs);
      if (this.queueOfCall.has(call) && !this.joinedAt.has(call)) this.joinedAt.set(call, e.at);
    } else if (e.type === 'conference.participant.left') {
      this.handled(call, e.at);
    } else if (e.type === 'call.hangup') {
      this.handled(call, e.at);
      const left = this.leaving.get(call);
      this.leaving.delete(call);
      if (left) this.record(this.queueOutcomes, left.queue, { at: left.at, kind: 'abandoned', waitSecs: left.waitSecs });
      // A queued call whose hangup came without a dequeue (keep_after_hangup) is no longer waiting.
      const waited = this.waiting.get(call);
      if (waited) {
        this.waiting.delete(call);
        this.record(this.queueOutcomes, waited.queue, { at: e.at, kind: 'abandoned', waitSecs: Math.round((e.at - waited.since) / 1000) });
      }
      this.queueOfCall.delete(call);
      this.agentOfCall.delete(call);
      this.claimantOfCall.delete(call);
    }
  }

  /** Every queue seen (and every queue an agent serves), for both windows, as of `now`. */
  snapshot(now: number, presence: readonly AgentPresence[] = []): QueueKpis[] {
    const queues = new Set([...this.queueOutcomes.keys(), ...[...this.waiting.values()].map((w) => w.queue), ...presence.flatMap((a) => a.queues)]);
    const result: QueueKpis[] = [];
    for (const queue of [...queues].sort()) for (const window of KPI_WINDOWS) result.push(this.queueKpis(queue, window, now, presence));
    return result;
  }

  agentSnapshot(now: number): AgentKpis[] {
    const agents = new Set([...this.agentOutcomes.keys(), ...this.agentHandles.keys()]);
    const result: AgentKpis[] = [];
    for (const agent of [...agents].sort()) {
      for (const window of KPI_WINDOWS) {
        const from = windowStart(window, now);
        const outcomes = since(this.agentOutcomes.get(agent), from);
        const count = (kind: AgentOutcome['kind']) => outcomes.filter((o) => o.kind === kind).length;
        result.push({
          agent_id: agent,
          window,
          window_secs: Math.round((now - from) / 1000),
          offered: count('offered'),
          answered: count('accepted') + count('taken'),
          declined: count('declined'),
          missed: count('timeout'),
          average_handle_secs: mean(since(this.agentHandles.get(agent), from).map((h) => h.secs)),
        });
      }
    }
    return result;
  }

  private queueKpis(queue: string, window: KpiWindow, now: number, presence: readonly AgentPresence[]): QueueKpis {
    const from = windowStart(window, now);
    const inWindow = since(this.queueOutcomes.get(queue), from);
    let offered = 0;
    let withinThreshold = 0;
    let waitSum = 0;
    let longest: number | null = null;
    const answered: QueueOutcome[] = [];
    let abandoned = 0;
    const threshold = this.serviceLevelSecs(queue);
    for (const o of inWindow) {
      if (o.kind === 'offered') {
        offered++;
        continue;
      }
      longest = Math.max(longest ?? 0, o.waitSecs);
      if (o.kind === 'abandoned') abandoned++;
      else {
        answered.push(o);
        waitSum += o.waitSecs;
        if (o.waitSecs <= threshold) withinThreshold++;
      }
    }
    const ended = answered.length + abandoned;
    let waiting = 0;
    let oldest: number | null = null;
    for (const w of this.waiting.values()) {
      if (w.queue !== queue) continue;
      waiting++;
      oldest = oldest === null ? w.since : Math.min(oldest, w.since);
    }
    const agents = { available: 0, on_call: 0, wrap_up: 0, away: 0, offline: 0 };
    for (const a of presence) if (a.connected && a.queues.includes(queue)) agents[a.state]++;
    return {
      queue,
      window,
      window_secs: Math.round((now - from) / 1000),
      offered,
      answered: answered.length,
      abandoned,
      service_level: ended ? withinThreshold / ended : null,
      service_level_secs: threshold,
      average_wait_secs: answered.length ? waitSum / answered.length : null,
      longest_wait_secs: longest,
      average_handle_secs: mean(since(this.queueHandles.get(queue), from).map((h) => h.secs)),
      waiting,
      oldest_waiting_since: oldest,
      agents_available: agents.available,
      agents_on_call: agents.on_call,
      agents_wrap_up: agents.wrap_up,
      agents_away: agents.away,
    };
  }

  private countOffer(e: QueueLogEvent): void {
    if (!e.agentId || !e.outcome) return;
    const kind = e.outcome === 'offered' || e.outcome === 'accepted' || e.outcome === 'declined' || e.outcome === 'timeout' ? e.outcome : null;
    if (kind) this.record(this.agentOutcomes, e.agentId, { at: e.at, kind });
    if (kind === 'accepted' && e.callControlId) remember(this.agentOfCall, e.callControlId, e.agentId);
  }

  /** A claim granted or given back (pull mode): whoever holds it when the caller is answered took it. */
  private countClaim(e: QueueLogEvent): void {
    const call = e.callControlId;
    if (!call || !e.agentId) return;
    if (e.outcome === 'claimed') remember(this.claimantOfCall, call, e.agentId);
    else if (e.outcome === 'released' && this.claimantOfCall.get(call) === e.agentId) this.claimantOfCall.delete(call);
  }

  /**
   * A queued caller was answered: the queue counts it, and so does the agent holding its claim,
   * unless an accepted offer already credited the call to an agent.
   */
  private answered(call: string, queue: string, at: number, waitSecs: number): void {
    this.record(this.queueOutcomes, queue, { at, kind: 'answered', waitSecs });
    const claimant = this.claimantOfCall.get(call);
    this.claimantOfCall.delete(call);
    if (!claimant || this.agentOfCall.has(call)) return;
    remember(this.agentOfCall, call, claimant);
    this.record(this.agentOutcomes, claimant, { at, kind: 'taken' });
  }

  /** A queued caller left its conference (or hung up): its time in it is the call's handle time. */
  private handled(call: string, at: number): void {
    const joined = this.joinedAt.get(call);
    if (joined === undefined) return;
    this.joinedAt.delete(call);
    const handle = { at, secs: Math.max(0, (at - joined) / 1000) };
    const queue = this.queueOfCall.get(call);
    if (queue) this.record(this.queueHandles, queue, handle);
    const agent = this.agentOfCall.get(call);
    if (agent) this.record(this.agentHandles, agent, handle);
  }

  private record<T extends Timed>(lists: Map<string, T[]>, key: string, item: T): void {
    let list = lists.get(key);
    if (!list) lists.set(key, (list = []));
    list.push(item);
    // The log is ordered, so the oldest items are at the front; drop them in chunks.
    if (list.length > 64 && list[0]!.at <= item.at - KEEP_MS) {
      let drop = 0;
      while (drop < list.length && list[drop]!.at <= item.at - KEEP_MS) drop++;
      list.splice(0, drop);
    }
  }
}

/** Whether an event can change the KPIs (the rest of the log is skipped without parsing). */
export function movesKpis(event: StoredEvent): boolean {
  return isQueueLogEvent(event) && event.eventType !== 'call.initiated';
}

export function windowStart(window: KpiWindow, now: number): number {
  if (window === '15m') return now - 900_000;
  const day = new Date(now);
  return Date.UTC(day.getUTCFullYear(), day.getUTCMonth(), day.getUTCDate());
}

/** Items after `from` (lists are in log order, so scan back from the newest). */
function since<T extends Timed>(list: T[] | undefined, from: number): T[] {
  if (!list) return [];
  let start = list.length;
  while (start > 0 && list[start - 1]!.at > from) start--;
  return start === 0 ? list : list.slice(start);
}

function mean(values: number[]): number | null {
  return values.length ? values.reduce((a, b) => a + b, 0) / values.length : null;
}

/** A bounded map insert: the oldest entry goes past MAX_CALLS. */
function remember(map: Map<string, string>, key: string, value: string): void {
  map.set(key, value);
  if (map.size > MAX_CALLS) map.delete(map.keys().next().value as string);
}
