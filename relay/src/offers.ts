import { randomUUID } from 'node:crypto';
import type { Logger } from 'pino';
import { WebSocket } from 'ws';
import type { ClaimStore, OfferRecord } from './claims';
import type { Clock } from './clock';
import { OFFER_EVENT, type QueueLogEvent } from './kpi-events';
import { OfferLog } from './offer-log';
import { appendTeamEvent } from './team-events';
import type { RelayMetrics } from './metrics';
import type { PresenceRegistry } from './presence-registry';
import type { PresenceView } from './presence-view';
import type { AgentPresence, OfferEndedFrame, OfferFrame, OfferReplyFrame, TransferOfferCancelFrame, TransferOfferEndedFrame } from './protocol';
import { policyOf, type QueueConfig } from './queue-config';
import type { EventStore, StoredEvent } from './store';

/** An accepted offer leaves the agent this long a lease to renew with `claim`. */
export const ACCEPTED_LEASE_MS = 30_000;
/**
 * The claim store holds an offer this much longer than its timeout, so the relay's own timer always
 * closes it (and logs the timeout) first; if that relay died, the lease still lapses soon after.
 */
export const OFFER_LEASE_GRACE_MS = 5000;
/** Every waiting caller is looked at again this often (an agent on another relay timed out, a lease lapsed). */
export const OFFER_TICK_MS = 1000;

type Outcome = OfferEndedFrame['outcome'];

interface Delivered {
  record: OfferRecord;
  cancelTimer: () => void;
}

/**
 * Offer mode: each caller waiting in an offer-mode queue is offered to the longest-idle Available
 * agent serving that queue (idle since = the presence `since` of `available`), one offer at a time
 * per caller and per agent. The call's claim is taken for the agent before the offer is sent (the
 * claim store's `offer`: NX, never a renewal), so when two relays on one Redis see the same caller,
 * one offers and the other is told `claimed`. A relay offers only to agents whose socket it holds;
 * the log (`switchboard.offer` events) tells every relay who has been offered what, so declines and
 * timeouts move on to the next agent wherever that agent is connected.
 */
export class OfferEngine {
  /** What the log says about offers; the relay feeds it (with the KPIs) from one QueueLog. */
  readonly log = new OfferLog();
  private readonly sockets = new Map<string, Set<WebSocket>>();
  private readonly delivered = new Map<string, Delivered>();
  /** Timers of transfer offers this relay made for an agent connected elsewhere (see offerTransfer). */
  private readonly backstops = new Set<() => void>();
  private passing: Promise<void> | null = null;
  private again = false;
  private cancelTick: () => void = () => {};
  private closed = false;
  private readonly stopPresence: () => void;

  constructor(
    private readonly store: EventStore,
    private readonly claims: ClaimStore,
    private readonly presence: PresenceView,
    private readonly registry: PresenceRegistry,
    private readonly config: QueueConfig,
    private readonly clock: Clock,
    private readonly instanceId: string,
    private readonly metrics: Pick<RelayMetrics, 'offerPasses' | 'offers'>,
    private readonly logger: Logger,
  ) {
    this.log.onCallerGone = (call, reason) => this.callerGone(call, reason);
    this.log.onOffer = (e) => this.offerLogged(e);
    this.stopPresence = presence.onChange(() => this.schedule());
  }

  /** Starts the offer ticks; call once `log` has read the retained log. */
  start(): void {
    this.tick();
    this.schedule();
  }

  /** After `log` has seen a batch: a new caller or an offer's outcome may mean an offer to make. */
  observed(events: readonly StoredEvent[]): void {
    if (events.some((e) => e.eventType === 'call.enqueued' || e.eventType === OFFER_EVENT)) this.schedule();
  }

  /** An agent's socket on this relay: offers for the agent go to it. */
  attach(ws: WebSocket, agentId: string): void {
    let set = this.sockets.get(agentId);
    if (!set) this.sockets.set(agentId, (set = new Set()));
    set.add(ws);
    ws.once('close', () => {
      set.delete(ws);
      if (!set.size && this.sockets.get(agentId) === set) this.sockets.delete(agentId);
    });
    // Its open offer (made before it moved here, or before a restart) is delivered again.
    let here = false;
    for (const { record } of this.delivered.values()) {
      if (record.agent_id !== agentId) continue;
      here = true;
      send(ws, offerFrame(record, this.clock.now()));
    }
    if (!here) void this.deliverLoggedOffer(agentId);
    this.schedule();
  }

  /**
   * An agent who moved here with an offer another relay delivered (its relay died, or its socket
   * moved) gets it from the claim store. The pass does this for waiting queue callers; a transfer
   * offer's caller is in a conference, not waiting, so only this finds it.
   */
  private async deliverLoggedOffer(agentId: string): Promise<void> {
    const open = this.log.openFor(agentId, this.clock.now());
    if (!open) return;
    try {
      const record = await this.claims.openOffer(open.callControlId);
      if (record && record.offer_id === open.offerId && record.agent_id === agentId && !this.closed) this.deliver(record);
    } catch (error) {
      this.logger.error({ err: error, agent: agentId }, 'reading an open offer failed');
    }
  }

  /** The agent's answer; returns an error text when there is no such open offer of this agent. */
  async reply(agentId: string, frame: OfferReplyFrame): Promise<string | undefined> {
    const open = [...this.delivered.values()].find((d) => d.record.offer_id === frame.offer_id);
    if (!open || open.record.agent_id !== agentId) return 'no open offer with this id for you';
    await this.end(open.record, frame.accept ? 'accepted' : 'declined', undefined, frame.accept ? frame.agent_leg : undefined);
    return undefined;
  }

  /** The sender cancels its transfer offer; returns an error text when it has no such open offer. */
  async withdrawTransfer(fromAgent: string, frame: TransferOfferCancelFrame): Promise<string | undefined> {
    const record = this.delivered.get(frame.offer_id)?.record ?? (await this.claims.openOffer(frame.call_control_id));
    if (!record || record.offer_id !== frame.offer_id || record.transfer?.from_agent !== fromAgent) return 'no open transfer offer with this id from you';
    if (this.delivered.has(record.offer_id)) return void (await this.end(record, 'withdrawn'));
    // Delivered by another relay: closed in the store here, that relay stops the ringing when it reads the log.
    if (await this.claims.endOffer(record, false, ACCEPTED_LEASE_MS)) await this.append(record, 'withdrawn');
    return undefined;
  }

  /**
   * A teammate's transfer (transfer-offers.ts checked who may ask): the caller's claim is taken for
   * the target — free, or held by the sender, never anyone else's — with the target's one-open-offer
   * lock, then the offer goes to the target's socket here, or (logged) to the relay holding it.
   * Returns why it could not be made, or undefined.
   */
  async offerTransfer(record: OfferRecord): Promise<string | undefined> {
    const now = this.clock.now();
    if (this.log.busy(record.agent_id, now) || [...this.delivered.values()].some((d) => d.record.agent_id === record.agent_id)) {
      return `${record.agent_id} is being offered another call`;
    }
    const outcome = await this.claims.offer(record, record.expires_at - now + OFFER_LEASE_GRACE_MS, record.transfer?.from_agent);
    if (!outcome.offered) return outcome.why === 'busy' ? `${record.agent_id} is being offered another call` : `the caller is claimed by ${outcome.by ?? 'another agent'}`;
    if (this.sockets.has(record.agent_id)) this.deliver(record);
    else {
      // The relay holding the target's socket ends it on time; if none does, this one closes it as a timeout.
      const cancel = this.clock.setTimeout(() => {
        this.backstops.delete(cancel);
        void this.closeUndelivered(record);
      }, record.expires_at - now + OFFER_TICK_MS);
      this.backstops.add(cancel);
    }
    await this.append(record, 'offered');
    return undefined;
  }

  close(): void {
    this.closed = true;
    for (const cancel of this.backstops) cancel();
    this.backstops.clear();
    this.cancelTick();
    this.stopPresence();
    for (const { cancelTimer } of this.delivered.values()) cancelTimer();
    this.delivered.clear();
  }

  /** Runs a pass now, or once more after the running one. */
  schedule(): void {
    if (this.closed) return;
    if (this.passing) {
      this.again = true;
      return;
    }
    this.passing = this.pass()
      .catch((error: unknown) => this.logger.error({ err: error }, 'offer pass failed'))
      .finally(() => {
        this.metrics.offerPasses.inc();
        this.passing = null;
        if (this.again) {
          this.again = false;
          this.schedule();
        }
      });
  }

  /** Resolves when no pass is running (tests and benchmarks wait for quiet). */
  async settled(): Promise<void> {
    while (this.passing) await this.passing;
  }

  private tick(): void {
    if (this.closed) return;
    this.cancelTick = this.clock.setTimeout(() => {
      this.schedule();
      this.tick();
    }, OFFER_TICK_MS);
  }

  private async pass(): Promise<void> {
    const now = this.clock.now();
    const offeredNow = new Set([...this.delivered.values()].map((d) => d.record.agent_id));
    for (const caller of [...this.log.waiting.values()]) {
      const policy = policyOf(this.config, caller.queue);
      if (policy.mode !== 'offer' || this.isDelivered(caller.callControlId)) continue;
      const open = this.log.openOffer(caller.callControlId, now);
      if (open) {
        // Offered by another relay, or by this one before a restart: deliver it again if the agent is here now.
        if (this.sockets.has(open.agentId)) {
          const record = await this.claims.openOffer(caller.callControlId);
          if (record && record.offer_id === open.offerId) this.deliver(record);
        }
        continue;
      }
      const next = this.longestIdle(caller.queue, this.log.tried(caller.callControlId, now), offeredNow, now);
      // Not connected here: the relay holding its socket offers (it sees the same log and presence).
      if (!next || !this.sockets.has(next.agent_id)) continue;
      const record: OfferRecord = {
        offer_id: randomUUID(),
        agent_id: next.agent_id,
        call_control_id: caller.callControlId,
        queue: caller.queue,
        from: caller.from,
        to: caller.to,
        enqueued_at: new Date(caller.since).toISOString(),
        expires_at: now + policy.offerTimeoutMs,
      };
      const outcome = await this.claims.offer(record, policy.offerTimeoutMs + OFFER_LEASE_GRACE_MS);
      if (!outcome.offered) {
        // Another relay offered it first, an agent claimed it, or the agent is busy. An offer to an
        // agent connected here whose relay died before logging it is delivered again from the store.
        if (outcome.why === 'claimed' && outcome.by && this.sockets.has(outcome.by)) {
          const open = await this.claims.openOffer(caller.callControlId);
          if (open && open.agent_id === outcome.by) this.deliver(open);
        }
        continue;
      }
      offeredNow.add(next.agent_id);
      this.deliver(record);
      await this.append(record, 'offered');
    }
  }

  /** The Available, connected agent of `queue` idle longest (earliest `since`; ties by id), not tried and not busy. One scan. */
  private longestIdle(queue: string, tried: Set<string>, offeredNow: Set<string>, now: number): AgentPresence | undefined {
    let best: AgentPresence | undefined;
    let bestSince = Infinity;
    for (const a of this.presence.agents.values()) {
      if (a.state !== 'available' || !a.connected || !a.queues.includes(queue)) continue;
      if (tried.has(a.agent_id) || offeredNow.has(a.agent_id) || this.log.busy(a.agent_id, now)) continue;
      const since = this.presence.sinceMs.get(a.agent_id) ?? Infinity;
      if (since < bestSince || (since === bestSince && best !== undefined && a.agent_id < best.agent_id)) {
        best = a;
        bestSince = since;
      }
    }
    return best;
  }

  private deliver(record: OfferRecord): void {
    if (this.delivered.has(record.offer_id)) return;
    const cancelTimer = this.clock.setTimeout(() => void this.end(record, 'timeout'), Math.max(0, record.expires_at - this.clock.now()));
    this.delivered.set(record.offer_id, { record, cancelTimer });
    for (const ws of this.sockets.get(record.agent_id) ?? []) send(ws, offerFrame(record, this.clock.now()));
  }

  private async end(record: OfferRecord, outcome: Outcome, by?: string, agentLeg?: string): Promise<void> {
    const delivered = this.delivered.get(record.offer_id);
    if (!delivered) return;
    this.delivered.delete(record.offer_id);
    delivered.cancelTimer();
    let ended = false;
    try {
      ended = await this.claims.endOffer(record, outcome === 'accepted', ACCEPTED_LEASE_MS);
    } catch (error) {
      this.logger.error({ err: error, agent: record.agent_id }, 'ending an offer failed');
    }
    // An accept that came after the lease lapsed is a timeout: the claim is no longer the agent's.
    const said: Outcome = outcome === 'accepted' && !ended ? 'timeout' : outcome;
    const frame: OfferEndedFrame = { type: 'offer_ended', offer_id: record.offer_id, call_control_id: record.call_control_id, outcome: said, ...(by ? { by } : {}) };
    for (const ws of this.sockets.get(record.agent_id) ?? []) send(ws, frame);
    // Only the relay that closed it in the claim store writes the outcome (once, whoever delivered it).
    if (ended) await this.append(record, said, said === 'accepted' ? agentLeg : undefined);
    this.schedule();
  }

  /** A transfer offer nobody delivered (the target's relay died or it never connected): still open past its time → a timeout. */
  private async closeUndelivered(record: OfferRecord): Promise<void> {
    if (this.closed || this.delivered.has(record.offer_id)) return;
    const ended = await this.claims.endOffer(record, false, ACCEPTED_LEASE_MS).catch(() => false);
    if (ended) await this.append(record, 'timeout');
  }

  private callerGone(call: string, reason: string): void {
    for (const { record } of this.delivered.values()) {
      if (record.call_control_id !== call) continue;
      const gone = reason === 'hangup' || reason === 'timeout';
      void this.end(record, gone ? 'caller_gone' : 'taken');
    }
  }

  /** An offer's outcome came through the log: a copy this relay delivered too (the agent is on two relays) ends here as well. */
  private offerLogged(e: QueueLogEvent): void {
    if (e.fromAgent) this.transferLogged(e);
    const copy = e.offerId ? this.delivered.get(e.offerId) : undefined;
    if (copy && e.outcome && e.outcome !== 'offered') {
      this.delivered.delete(e.offerId!);
      copy.cancelTimer();
      const frame: OfferEndedFrame = { type: 'offer_ended', offer_id: e.offerId!, call_control_id: copy.record.call_control_id, outcome: e.outcome as Outcome };
      for (const ws of this.sockets.get(copy.record.agent_id) ?? []) send(ws, frame);
    }
    this.awayAfterMissedOffers(e);
  }

  /**
   * A transfer offer made by another relay for an agent connected here is delivered from the claim
   * store; the outcome of any transfer offer goes to the sender's sockets held here.
   */
  private transferLogged(e: QueueLogEvent): void {
    const { offerId, agentId, callControlId, fromAgent, outcome } = e;
    if (!offerId || !agentId || !callControlId || !fromAgent || !outcome) return;
    if (outcome === 'offered') {
      if (this.delivered.has(offerId) || !this.sockets.has(agentId)) return;
      void this.claims.openOffer(callControlId).then(
        (record) => {
          if (record && record.offer_id === offerId && !this.closed) this.deliver(record);
        },
        (error: unknown) => this.logger.error({ err: error, agent: agentId }, 'reading a transfer offer failed'),
      );
      return;
    }
    const frame: TransferOfferEndedFrame = {
      type: 'transfer_offer_ended', offer_id: offerId, to_agent: agentId, call_control_id: callControlId, outcome: outcome as Outcome,
      ...(e.agentLeg ? { agent_leg: e.agentLeg } : {}),
    };
    for (const ws of this.sockets.get(fromAgent) ?? []) send(ws, frame);
  }

  /** A run of missed offers sets the agent Away (by the relay holding its socket, once). */
  private awayAfterMissedOffers(e: QueueLogEvent): void {
    const max = this.config.maxMissedOffers;
    if (e.outcome !== 'timeout' || !max || !e.agentId || this.log.missed(e.agentId) < max || !this.sockets.has(e.agentId)) return;
    const agent = this.presence.agents.get(e.agentId);
    if (!agent || agent.state !== 'available') return;
    const now = this.clock.now();
    const away = { ...agent, state: 'away' as const, reason: 'missed offers', since: new Date(now).toISOString(), updated_at: now, owner: this.instanceId };
    this.registry.put(away).catch((error: unknown) => this.logger.error({ err: error, agent: e.agentId }, 'setting an agent away failed'));
  }

  private isDelivered(call: string): boolean {
    for (const { record } of this.delivered.values()) if (record.call_control_id === call) return true;
    return false;
  }

  /** The offer's life goes into the ordered log (KPIs, restarts, the other relays); desktops never get it. */
  private async append(record: OfferRecord, outcome: 'offered' | Outcome, agentLeg?: string): Promise<void> {
    this.metrics.offers.inc({ outcome });
    const at = this.clock.now();
    const id = `${OFFER_EVENT}:${record.offer_id}:${outcome}`;
    const payload = {
      offer_id: record.offer_id, agent_id: record.agent_id, call_control_id: record.call_control_id, queue: record.queue, outcome, expires_at: record.expires_at,
      ...(record.transfer ? { from_agent: record.transfer.from_agent } : {}),
      ...(agentLeg ? { agent_leg: agentLeg } : {}),
    };
    try {
      await appendTeamEvent(this.store, OFFER_EVENT, id, payload, at);
    } catch (error) {
      this.logger.error({ err: error, agent: record.agent_id }, 'logging an offer failed');
    }
  }
}

function offerFrame(r: OfferRecord, now: number): OfferFrame {
  return {
    type: 'offer', offer_id: r.offer_id, call_control_id: r.call_control_id, queue: r.queue, from: r.from, to: r.to,
    enqueued_at: r.enqueued_at, expires_at: r.expires_at, expires_in_ms: Math.max(0, r.expires_at - now),
    ...(r.transfer ? { transfer: r.transfer } : {}),
  };
}

function send(ws: WebSocket, frame: OfferFrame | OfferEndedFrame | TransferOfferEndedFrame): void {
  if (ws.readyState === WebSocket.OPEN) ws.send(JSON.stringify(frame));
}
