import type { Logger } from 'pino';
import { WebSocket, type RawData } from 'ws';
import type { CallScopes } from './call-scopes';
import type { ClaimStore } from './claims';
import type { Clock } from './clock';
import { movesKpis, type QueueKpiTracker } from './kpis';
import type { OfferEngine } from './offers';
import type { PresenceView } from './presence-view';
import { parseClientFrame } from './client-frames';
import type { PresenceRegistry } from './presence-registry';
import { randomUUID } from 'node:crypto';
import { CLAIM_EVENT } from './kpi-events';
import type { EventStore, StoredEvent } from './store';
import { appendTeamEvent } from './team-events';
import type { AgentPresence, ClaimFrame, ClaimResultFrame, PresenceUpdateFrame, ReleaseFrame, TeamServerFrame, TransferOfferFrame, TransferOfferResultFrame } from './protocol';
import type { QueueConfig } from './queue-config';
import { transferOfferRecord, transferOfferRefusal } from './transfer-offers';
import type { Principal } from './token-claims';

export interface TeamConfig {
  /** This relay instance: the owner of the presence of agents connected to it. */
  instanceId: string;
  /** Per-queue policy: a transfer offer's timeout is its caller's queue's offer timeout. */
  queueConfig: QueueConfig;
  /** How long an agent's sockets may be gone before the relay marks it offline. */
  graceMs: number;
  clock: Clock;
}

interface Watcher {
  ws: WebSocket;
  principal: Principal;
  /** Changes that arrived while the snapshot was being read; sent after it. */
  held: AgentPresence[] | null;
}

/**
 * The team side of a subscriber socket: the client frames it sends (presence, claim, release) and
 * the presence it watches. Presence is keyed by the token's agent id (never by anything the
 * client says), an agent whose sockets are all gone is marked offline after the grace period, and
 * changes reach every watcher allowed to see them, on this relay and (through the registry) others.
 */
export class Team {
  private readonly watchers = new Set<Watcher>();
  private readonly openSockets = new Map<string, number>();
  private readonly graceTimers = new Map<string, () => void>();
  private readonly stopListening: () => void;
  private closed = false;
  private kpisQueued = false;

  constructor(
    private readonly presence: PresenceRegistry,
    private readonly claims: ClaimStore,
    private readonly scopes: CallScopes,
    private readonly kpis: QueueKpiTracker,
    private readonly offers: OfferEngine,
    private readonly view: PresenceView,
    private readonly config: TeamConfig,
    private readonly log: Logger,
    /** The ordered log: who claimed (or gave back) a caller goes into it, for the per-agent KPIs. */
    private readonly store: EventStore,
  ) {
    this.stopListening = presence.onChange((agent) => this.broadcast(agent));
  }

  /** Called for every admitted socket, before the fan-out's hello. */
  attach(ws: WebSocket, principal: Principal): void {
    const agentId = principal.role === 'account' ? undefined : principal.agentId;
    if (agentId) {
      this.openSockets.set(agentId, (this.openSockets.get(agentId) ?? 0) + 1);
      this.graceTimers.get(agentId)?.();
      this.graceTimers.delete(agentId);
      this.offers.attach(ws, agentId);
    }
    ws.on('message', (data, isBinary) => void this.receive(ws, principal, data, isBinary));
    ws.once('close', () => {
      for (const watcher of this.watchers) if (watcher.ws === ws) this.watchers.delete(watcher);
      if (agentId) this.socketGone(agentId);
    });
  }

  /** Starts sending presence to a socket (after its `live`): a snapshot, then every visible change. */
  async watch(ws: WebSocket, principal: Principal): Promise<void> {
    if (ws.readyState !== WebSocket.OPEN) return;
    const watcher: Watcher = { ws, principal, held: [] };
    this.watchers.add(watcher);
    try {
      const agents = (await this.presence.snapshot()).filter((agent) => canSee(principal, agent));
      send(ws, { type: 'presence', snapshot: true, agents });
    } catch (error) {
      this.log.error({ err: error }, 'presence snapshot failed');
      send(ws, { type: 'error', error: 'presence_unavailable' });
    }
    const held = watcher.held ?? [];
    watcher.held = null;
    if (held.length) send(ws, { type: 'presence', snapshot: false, agents: held });
    this.sendKpis([watcher]);
  }

  /** After the tracker has seen a batch: watchers get fresh KPIs when a queue event was in it. */
  eventsAppended(events: readonly StoredEvent[]): void {
    if (events.some(movesKpis)) this.requestKpis();
  }

  /** One KPI push for everything that happened in this turn of the event loop (a burst costs one snapshot). */
  private requestKpis(): void {
    if (this.kpisQueued || this.closed) return;
    this.kpisQueued = true;
    setImmediate(() => {
      this.kpisQueued = false;
      if (!this.closed) this.sendKpis([...this.watchers].filter((w) => w.held === null));
    });
  }

  private sendKpis(watchers: Watcher[]): void {
    if (!watchers.length) return;
    const at = this.config.clock.now();
    const presence = this.view.list();
    const all = this.kpis.snapshot(at, presence);
    const agents = this.kpis.agentSnapshot(at);
    for (const { ws, principal } of watchers) {
      if (principal.role === 'agent') continue; // KPIs are for supervisors and account-wide wallboards
      const visible = new Set(presence.filter((a) => canSee(principal, a)).map((a) => a.agent_id));
      send(ws, {
        type: 'kpis',
        at,
        queues: all.filter((k) => !principal.queues || principal.queues.has(k.queue)),
        agents: agents.filter((k) => principal.role === 'account' || !principal.queues || visible.has(k.agent_id)),
      });
    }
  }

  close(): void {
    this.closed = true;
    this.stopListening();
    for (const cancel of this.graceTimers.values()) cancel();
    this.graceTimers.clear();
    this.watchers.clear();
  }

  private broadcast(agent: AgentPresence): void {
    // Agents available / on call / away per queue are part of the KPIs.
    if (this.watchers.size) this.requestKpis();
    for (const watcher of this.watchers) {
      if (!canSee(watcher.principal, agent)) continue;
      if (watcher.held) watcher.held.push(agent);
      else send(watcher.ws, { type: 'presence', snapshot: false, agents: [agent] });
    }
  }

  private socketGone(agentId: string): void {
    const left = (this.openSockets.get(agentId) ?? 1) - 1;
    if (left > 0) return void this.openSockets.set(agentId, left);
    this.openSockets.delete(agentId);
    if (this.closed) return;
    const cancel = this.config.clock.setTimeout(() => {
      this.graceTimers.delete(agentId);
      this.presence.markOffline(agentId, this.config.instanceId, this.config.clock.now()).then(
        // Not marked: the agent published through another relay (or this one) since.
        (marked) => this.log.info({ agent: agentId }, marked ? 'agent marked offline' : 'grace period over: agent active elsewhere'),
        (error: unknown) => this.log.error({ err: error, agent: agentId }, 'marking an agent offline failed'),
      );
    }, this.config.graceMs);
    this.graceTimers.set(agentId, cancel);
  }

  private async receive(ws: WebSocket, principal: Principal, data: RawData, isBinary: boolean): Promise<void> {
    if (isBinary) return send(ws, { type: 'error', error: 'binary frames are not part of the protocol' });
    const parsed = parseClientFrame(rawText(data));
    if ('error' in parsed) return send(ws, { type: 'error', error: parsed.error, ...(parsed.request_id ? { request_id: parsed.request_id } : {}) });
    const { frame } = parsed;
    if (frame.type === 'presence') return this.publish(ws, principal, frame);
    if (frame.type === 'offer_reply') {
      if (principal.role === 'account') return send(ws, { type: 'error', error: 'offers need an agent token: a static token has no agent id' });
      const problem = await this.offers.reply(principal.agentId, frame);
      if (problem) send(ws, { type: 'error', error: problem });
      return;
    }
    if (frame.type === 'transfer_offer') return send(ws, await this.offerTransfer(principal, frame));
    if (frame.type === 'transfer_offer_cancel') {
      if (principal.role === 'account') return send(ws, { type: 'error', error: 'transfers to a teammate need an agent token: a static token has no agent id' });
      const problem = await this.offers.withdrawTransfer(principal.agentId, frame).catch((error: unknown) => {
        this.log.error({ err: error, agent: principal.agentId }, 'withdrawing a transfer offer failed');
        return 'claims_unavailable';
      });
      if (problem) send(ws, { type: 'error', error: problem });
      return;
    }
    send(ws, await this.answerClaim(principal, frame));
  }

  /** A teammate's transfer: checked (transfer-offers.ts), then made by the offer engine; the end reaches the sender later. */
  private async offerTransfer(principal: Principal, frame: TransferOfferFrame): Promise<TransferOfferResultFrame> {
    const answer = { type: 'transfer_offer_result' as const, request_id: frame.request_id, to_agent: frame.to_agent, call_control_id: frame.call_control_id };
    const refused = transferOfferRefusal(principal, frame, this.view);
    if (refused) return { ...answer, outcome: 'refused', reason: refused };
    const now = this.config.clock.now();
    const record = transferOfferRecord(principal, frame, this.scopes.queueOf(frame.call_control_id), this.config.queueConfig, now);
    try {
      const problem = await this.offers.offerTransfer(record);
      if (problem) return { ...answer, outcome: 'refused', reason: problem };
    } catch (error) {
      this.log.error({ err: error, agent: principal.agentId }, 'transfer offer failed');
      return { ...answer, outcome: 'refused', reason: 'claims_unavailable' };
    }
    return { ...answer, outcome: 'offered', offer_id: record.offer_id, expires_in_ms: Math.max(0, record.expires_at - this.config.clock.now()) };
  }

  private async publish(ws: WebSocket, principal: Principal, frame: PresenceUpdateFrame): Promise<void> {
    if (principal.role === 'account') return send(ws, { type: 'error', error: 'presence needs an agent token: a static token has no agent id' });
    const outside = principal.queues ? frame.queues.filter((q) => !principal.queues!.has(q)) : [];
    if (outside.length) return send(ws, { type: 'error', error: `queues not allowed for this token: ${outside.join(',')}` });
    const { type: _type, ...state } = frame;
    try {
      await this.presence.put({ ...state, agent_id: principal.agentId, connected: true, updated_at: this.config.clock.now(), owner: this.config.instanceId });
    } catch (error) {
      this.log.error({ err: error, agent: principal.agentId }, 'presence update failed');
      send(ws, { type: 'error', error: 'presence_unavailable' });
    }
  }

  private async answerClaim(principal: Principal, frame: ClaimFrame | ReleaseFrame): Promise<ClaimResultFrame> {
    const answer = { type: 'claim_result' as const, request_id: frame.request_id, call_control_id: frame.call_control_id };
    if (principal.role === 'account') return { ...answer, outcome: 'refused', reason: 'claims need an agent token: a static token has no agent id' };
    if (principal.queues) {
      // A queue-scoped agent claims only calls the log shows in one of its queues.
      const queue = this.scopes.queueOf(frame.call_control_id);
      if (!queue || !principal.queues.has(queue)) return { ...answer, outcome: 'refused', reason: 'call not in your queues' };
    }
    try {
      if (frame.type === 'release') {
        const released = await this.claims.release(frame.call_control_id, principal.agentId);
        if (released) await this.logClaim(principal.agentId, frame.call_control_id, 'released');
        return released ? { ...answer, outcome: 'released' } : { ...answer, outcome: 'refused', reason: 'not held by you' };
      }
      const outcome = await this.claims.claim(frame.call_control_id, principal.agentId, frame.lease_ms);
      // Logged before the grant is answered, so it precedes whatever the agent then does on Telnyx.
      if (outcome.granted && !outcome.renewed) await this.logClaim(principal.agentId, frame.call_control_id, 'claimed');
      return outcome.granted
        ? { ...answer, outcome: 'granted', expires_at: outcome.expiresAt }
        : { ...answer, outcome: 'taken', by: outcome.by, expires_at: outcome.expiresAt };
    } catch (error) {
      this.log.error({ err: error, agent: principal.agentId }, 'claim store failed');
      return { ...answer, outcome: 'refused', reason: 'claims_unavailable' };
    }
  }

  /** A new holder of a caller's claim (renewals are not logged), or one giving it back: the KPIs credit the take to it. */
  private async logClaim(agentId: string, callControlId: string, outcome: 'claimed' | 'released'): Promise<void> {
    const payload = { agent_id: agentId, call_control_id: callControlId, outcome };
    try {
      await appendTeamEvent(this.store, CLAIM_EVENT, `${CLAIM_EVENT}:${randomUUID()}`, payload, this.config.clock.now());
    } catch (error) {
      // The claim itself stands (it is in the claim store); only the KPI credit is lost.
      this.log.error({ err: error, agent: agentId }, 'logging a claim failed');
    }
  }
}

/** Account tokens see everyone; a supervisor its team (agents serving one of its queues, or all); an agent itself. */
export function canSee(principal: Principal, agent: AgentPresence): boolean {
  if (principal.role === 'account') return true;
  if (agent.agent_id === principal.agentId) return true;
  if (principal.role !== 'supervisor') return false;
  return !principal.queues || agent.queues.some((q) => principal.queues!.has(q));
}

function send(ws: WebSocket, frame: TeamServerFrame): void {
  if (ws.readyState === WebSocket.OPEN) ws.send(JSON.stringify(frame));
}

function rawText(data: RawData): string {
  if (Array.isArray(data)) return Buffer.concat(data).toString('utf8');
  return Buffer.from(data as ArrayBuffer).toString('utf8');
}
