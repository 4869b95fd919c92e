import { OFFER_EVENT, QueueLog, type QueueLogConsumer, type QueueLogEvent } from './kpi-events';
import type { EventStore, StoredEvent } from './store';

const MAX_CALLS = 100_000;

export interface WaitingCaller {
  callControlId: string;
  queue: string;
  /** ms since epoch (occurred_at of call.enqueued). */
  since: number;
  from: string;
  to: string;
}

interface LoggedOffer {
  offerId: string;
  agentId: string;
  callControlId: string;
  expiresAt: number;
  /** null while open. */
  outcome: string | null;
}

/**
 * What the ordered log says about offers, the same on every relay following it and after a
 * restart: the callers waiting in each queue (in enqueue order), every offer made for each of
 * them and how it ended, and each agent's run of missed offers.
 */
export class OfferLog implements QueueLogConsumer {
  /** Insertion order = enqueue order: the longest-waiting caller is offered first. */
  readonly waiting = new Map<string, WaitingCaller>();
  private readonly parties = new Map<string, { from: string; to: string }>();
  private readonly offersByCall = new Map<string, LoggedOffer[]>();
  private readonly openByAgent = new Map<string, LoggedOffer>();
  private readonly missedInRow = new Map<string, number>();
  /** For an offer log used on its own; the relay feeds it from one QueueLog shared with the KPIs. */
  private readonly follower = new QueueLog([this]);
  /** Called after each applied offer event (the engine acts on a run of missed offers). */
  onOffer: (e: QueueLogEvent) => void = () => {};
  /** Called when a caller stops waiting (hangup, dequeue). */
  onCallerGone: (callControlId: string, reason: string) => void = () => {};

  rebuild(store: EventStore): Promise<void> {
    return this.follower.rebuild(store);
  }

  observe(events: readonly StoredEvent[]): void {
    this.follower.observe(events);
  }

  /** Agents already offered this caller whose offer ended without an accept (declined, timed out, expired). */
  tried(callControlId: string, now: number): Set<string> {
    const tried = new Set<string>();
    for (const offer of this.offersByCall.get(callControlId) ?? []) if (offer.outcome !== null || offer.expiresAt <= now) tried.add(offer.agentId);
    return tried;
  }

  /** The offer still open (and not expired) on a caller, if any. */
  openOffer(callControlId: string, now: number): LoggedOffer | undefined {
    return (this.offersByCall.get(callControlId) ?? []).find((o) => o.outcome === null && o.expiresAt > now);
  }

  /** Whether the agent has an open, unexpired offer (on any caller, made by any relay). */
  busy(agentId: string, now: number): boolean {
    const open = this.openByAgent.get(agentId);
    return open !== undefined && open.outcome === null && open.expiresAt > now;
  }

  /** The agent's open, unexpired offer (on any caller, made by any relay), if any. */
  openFor(agentId: string, now: number): LoggedOffer | undefined {
    return this.busy(agentId, now) ? this.openByAgent.get(agentId) : undefined;
  }

  missed(agentId: string): number {
    return this.missedInRow.get(agentId) ?? 0;
  }

  count(e: QueueLogEvent): void {
    const call = e.callControlId;
    if (!call) return;
    if (e.type === 'call.initiated') {
      this.parties.set(call, { from: e.from ?? '', to: e.to ?? '' });
      if (this.parties.size > MAX_CALLS) this.parties.delete(this.parties.keys().next().value as string);
    } else if (e.type === 'call.enqueued' && e.queue) {
      const parties = this.parties.get(call) ?? { from: e.from ?? '', to: e.to ?? '' };
      this.waiting.delete(call);
      this.waiting.set(call, { callControlId: call, queue: e.queue, since: e.at, ...parties });
    } else if (e.type === 'call.dequeued' || e.type === 'call.hangup') {
      const wasWaiting = this.waiting.delete(call);
      // A caller enqueued again later (a transfer) starts with a clean slate of offers; an offer
      // still open on it is over (its agent is free again even if no outcome is ever logged).
      for (const offer of this.offersByCall.get(call) ?? []) offer.outcome ??= 'caller_gone';
      this.offersByCall.delete(call);
      if (e.type === 'call.hangup') this.parties.delete(call);
      if (wasWaiting || e.type === 'call.hangup') this.onCallerGone(call, e.type === 'call.hangup' ? 'hangup' : (e.reason ?? 'dequeued'));
    } else if (e.type === OFFER_EVENT && e.offerId && e.agentId && e.outcome) {
      this.countOffer(e, call);
    }
  }

  private countOffer(e: QueueLogEvent, call: string): void {
    const offers = this.offersByCall.get(call) ?? [];
    if (e.outcome === 'offered') {
      const offer: LoggedOffer = { offerId: e.offerId!, agentId: e.agentId!, callControlId: call, expiresAt: e.expiresAt ?? 0, outcome: null };
      if (!offers.some((o) => o.offerId === offer.offerId)) offers.push(offer);
      this.offersByCall.set(call, offers);
      this.openByAgent.set(offer.agentId, offer);
    } else {
      const open = this.openByAgent.get(e.agentId!);
      const offer = offers.find((o) => o.offerId === e.offerId) ?? (open?.offerId === e.offerId ? open : undefined);
      if (offer) offer.outcome = e.outcome;
      const run = e.outcome === 'timeout' ? this.missed(e.agentId!) + 1 : e.outcome === 'accepted' || e.outcome === 'declined' ? 0 : this.missed(e.agentId!);
      this.missedInRow.set(e.agentId!, run);
    }
    this.onOffer(e);
  }
}
