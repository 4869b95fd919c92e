/**
 * The console as a member of the team, over its relay socket (protocol: relay/src/protocol.ts):
 * publishes the agent's presence after every hello and on every change, claims calls before a
 * take (call-claims.ts), rings for offers and answers them (offers.ts), sets the agent away after
 * too many missed offers (the console owns agent state, so it does this, not the relay), and keeps
 * what a supervisor sees: the team's presence and the queues' KPIs. Pushed as the `team` event.
 */
import type { AgentPresence, KpisFrame } from '@switchboard/relay/protocol';
import { MISSED_OFFERS_REASON, type CallOffer, type OfferedTransfer, type OfferOutcome, type QueueCall, type Settings, type TeamAgent, type TeamState } from '../../contract';
import type { AgentStore } from '../agent/store';
import { invalidState } from '../errors';
import type { Logger } from '../log';
import type { RelayClientFrame, TeamFrame } from '../relay/relay-client';
import { createCallClaims, type CallClaims } from './call-claims';
import { OFFER_END_GRACE_MS, OfferBook } from './offers';
import { presenceOf, samePresence, type PresenceUpdate } from '../agent/presence';
import { systemClock, type CoreClock } from '../clock';
import { readTokenIdentity, type TokenIdentity } from './token-identity';
import { agentAddress } from '../agent/address';
import { createTeammateTransfers, type TeammateTransfers } from './teammate-transfers';

/** After Accept of a transfer offer, the relay confirms the claim is ours within this, or nothing is joined. */
export const TRANSFER_ACCEPT_ANSWER_MS = 5_000;

export interface TeamLink {
  send(frame: RelayClientFrame): boolean;
  onTeam(cb: (frame: TeamFrame) => void): () => void;
  onHello(cb: () => void): () => void;
}

export interface TeamServiceDeps {
  store: AgentStore;
  link: TeamLink;
  /** The relay token of the current start (undefined: no relay). */
  relayToken(): string | undefined;
  settings(): Settings;
  softphone?: { registered(): boolean; onRegisteredChange(cb: (registered: boolean) => void): () => void };
  /** Native notification (the host shows it while its window is unfocused). */
  notify?(n: { title: string; body: string }): void;
  /** Takes an offered caller: the queue's take, which claims first (the offer's claim is ours). */
  take(call: QueueCall): Promise<{ conferenceId: string }>;
  /** Joins a teammate's conference after accepting its transfer offer (commands/teammate-transfer.ts). */
  joinTransfer(offer: CallOffer & { transfer: OfferedTransfer }): Promise<{ conferenceId: string }>;
  /** Sets the agent away with this reason (after missed offers). */
  goAway(reason: string): Promise<unknown>;
  /** Core's clock (an offer's local expiry); default: the system clock. */
  clock?: CoreClock;
  log: Logger;
}

export interface TeamService {
  claims: CallClaims;
  /** Transfers to a teammate, as offers (teammate-transfers.ts). */
  transfers: TeammateTransfers;
  state(): TeamState;
  onChange(cb: (state: TeamState) => void): () => void;
  /** The engine (re)starts: read who the token names, forget the old team. */
  start(): void;
  stop(): void;
  answerOffer(offerId: string, accept: boolean): Promise<{ conferenceId: string } | null>;
}

export function createTeamService(deps: TeamServiceDeps): TeamService {
  const { store, link, log } = deps;
  const clock = deps.clock ?? systemClock;
  let identity: TokenIdentity | undefined;
  let agents = new Map<string, TeamAgent>();
  let kpis: TeamState['kpis'] = [];
  let published: PresenceUpdate | undefined;
  let book = new OfferBook();
  let cancelExpiry: (() => void) | undefined;
  let cached: TeamState | undefined;
  const listeners = new Set<(state: TeamState) => void>();

  const claims = createCallClaims(link, () => identity !== undefined, log);
  const transfers = createTeammateTransfers(link, store, () => identity !== undefined, clock);
  /** Accepts of transfer offers waiting for the relay's word (`offer_ended`). */
  const verdicts = new Map<string, (outcome: OfferOutcome) => void>();

  const changed = () => {
    cached = undefined;
    const state = api.state();
    for (const cb of listeners) cb(state);
  };

  // ---- presence out ------------------------------------------------------------------------
  const servedQueues = () => {
    const watched = deps.settings().watchedQueues;
    return identity?.queues ? watched.filter((q) => identity!.queues!.includes(q)) : watched;
  };
  const publish = (force: boolean) => {
    if (!identity) return;
    // The one mapping from agent state to presence (agent/presence.ts); `since` is the store's.
    const next = presenceOf(store.state(), { softphoneRegistered: deps.softphone?.registered() ?? false, queues: servedQueues(), endpoint: agentAddress(deps.settings()) ?? null });
    if (!force && published && samePresence(published, next)) return;
    // Remembered even when the socket is down: the next hello sends it.
    published = next;
    link.send(next);
  };

  // ---- offers ------------------------------------------------------------------------------
  const scheduleExpiry = (offer: CallOffer | undefined) => {
    cancelExpiry?.();
    cancelExpiry = undefined;
    if (!offer) return;
    cancelExpiry = clock.schedule(() => {
      if (book.expire(clock.now())) afterEnd();
    }, Math.max(0, offer.expiresAt - clock.now()) + OFFER_END_GRACE_MS);
  };
  const afterEnd = () => {
    scheduleExpiry(book.current());
    const limit = deps.settings().team.missedOffersBeforeAway;
    if (book.missedInARow() >= limit && store.model().agent.status === 'available' && !store.model().conference) {
      log.info('offers missed in a row: setting the agent away', { missed: book.missedInARow() });
      book.resetMissed();
      deps.goAway(MISSED_OFFERS_REASON).catch((e: unknown) => log.warn('could not set the agent away after missed offers', { cause: String(e) }));
    }
    changed();
  };

  // ---- frames in ---------------------------------------------------------------------------
  const receive = (frame: TeamFrame) => {
    switch (frame.type) {
      case 'presence':
        if (frame.snapshot) agents = new Map();
        for (const agent of frame.agents) agents.set(agent.agent_id, toTeamAgent(agent));
        return changed();
      case 'kpis':
        kpis = frame.queues.map(toQueueKpis);
        return changed();
      case 'offer':
        if (!book.offered(frame, clock.now())) return;
        scheduleExpiry(book.current());
        deps.notify?.(
          frame.transfer
            ? { title: `Transfer from ${frame.transfer.from_agent}`, body: `${frame.from || 'A caller'}: ${frame.transfer.note}` }
            : { title: 'Call offered', body: `${frame.from || 'A caller'} in ${frame.queue}` },
        );
        return changed();
      case 'offer_ended':
        verdicts.get(frame.offer_id)?.(frame.outcome);
        if (book.endedByRelay(frame)) afterEnd();
        return;
      case 'error':
        if (!frame.request_id) log.warn('the relay refused a team frame', { error: frame.error });
        return;
      case 'claim_result':
      case 'transfer_offer_result':
      case 'transfer_offer_ended':
        return; // call-claims.ts, teammate-transfers.ts
    }
  };
  link.onTeam(receive);
  link.onHello(() => publish(true));
  store.onModel((next, prev) => {
    if (next.agent !== prev.agent || next.conference !== prev.conference) publish(false);
  });
  deps.softphone?.onRegisteredChange(() => publish(false));

  /** The relay's word on an offer this console accepted (a transfer joins only once the claim is ours). */
  const verdictOf = (offerId: string) =>
    new Promise<OfferOutcome | undefined>((resolve) => {
      const timer = setTimeout(() => done(undefined), TRANSFER_ACCEPT_ANSWER_MS);
      const done = (outcome: OfferOutcome | undefined) => {
        clearTimeout(timer);
        verdicts.delete(offerId);
        resolve(outcome);
      };
      verdicts.set(offerId, done);
    });

  const acceptTransfer = async (offer: CallOffer & { transfer: OfferedTransfer }) => {
    const leg = store.model().agent.leg;
    if (store.model().agent.status !== 'available' || leg?.state !== 'parked' || store.model().conference) throw invalidState('Go available before taking calls');
    const verdict = verdictOf(offer.offerId);
    if (!link.send({ type: 'offer_reply', offer_id: offer.offerId, accept: true, agent_leg: leg.callControlId })) {
      verdicts.delete(offer.offerId);
      throw invalidState('The relay is not connected: the offer cannot be answered');
    }
    book.accepting(offer.offerId);
    changed();
    const outcome = await verdict;
    if (outcome !== 'accepted') {
      book.end(offer.offerId, outcome ?? 'timeout');
      afterEnd();
      throw invalidState(outcome === 'withdrawn' ? `${offer.transfer.fromAgent} cancelled the transfer` : `The transfer offer is over (${outcome ?? 'no answer from the relay'})`);
    }
    try {
      return await deps.joinTransfer(offer);
    } finally {
      book.end(offer.offerId, 'accepted');
      afterEnd();
    }
  };

  const api: TeamService = {
    claims,
    transfers,
    state() {
      const offer = book.current();
      const last = book.lastOffer();
      cached ??= {
        ...(identity ? { me: { agentId: identity.agentId, role: identity.role } } : {}),
        claims: claims.enabled(),
        agents: [...agents.values()].sort((a, b) => a.agentId.localeCompare(b.agentId)),
        kpis,
        ...(offer ? { offer } : {}),
        ...(last ? { lastOffer: last } : {}),
        missedOffers: book.missedInARow(),
      };
      return cached;
    },
    onChange(cb) {
      listeners.add(cb);
      return () => listeners.delete(cb);
    },
    start() {
      identity = readTokenIdentity(deps.relayToken());
      agents = new Map();
      kpis = [];
      published = undefined;
      book = new OfferBook();
      scheduleExpiry(undefined);
      changed();
    },
    stop() {
      claims.reset();
      transfers.reset();
      book.clear();
      scheduleExpiry(undefined);
      changed();
    },
    async answerOffer(offerId, accept) {
      const offer = book.current();
      if (!offer || offer.offerId !== offerId) throw invalidState('That offer is over');
      if (offer.accepting) throw invalidState('That offer is already being accepted');
      if (accept && offer.transfer) return acceptTransfer({ ...offer, transfer: offer.transfer });
      if (!link.send({ type: 'offer_reply', offer_id: offerId, accept })) throw invalidState('The relay is not connected: the offer cannot be answered');
      if (!accept) {
        book.end(offerId, 'declined');
        afterEnd();
        return null;
      }
      book.accepting(offerId);
      changed();
      try {
        return await deps.take(queueCallOf(offer));
      } finally {
        // Accepted either way: the relay handed the call to us; a failed take released the claim.
        book.end(offerId, 'accepted');
        afterEnd();
      }
    },
  };
  return api;
}

function queueCallOf(offer: CallOffer): QueueCall {
  return { callControlId: offer.callControlId, queue: offer.queue, position: 1, from: offer.from, to: offer.to, enqueuedAt: offer.enqueuedAt, isAlive: true };
}

/**
 * Where a teammate's transfer reaches this agent: the built-in softphone's SIP address (its
 * credential's username on Telnyx's SIP domain) or the external endpoint; null when neither is set.
 */
function toTeamAgent(p: AgentPresence): TeamAgent {
  return {
    agentId: p.agent_id,
    state: p.state,
    reason: p.reason,
    since: p.since,
    callControlId: p.call_control_id,
    conferenceId: p.conference_id,
    queues: p.queues,
    softphoneRegistered: p.softphone_registered,
    endpoint: p.endpoint ?? null,
    connected: p.connected,
  };
}

function toQueueKpis(k: KpisFrame['queues'][number]): TeamState['kpis'][number] {
  return {
    queue: k.queue,
    window: k.window,
    windowSecs: k.window_secs,
    offered: k.offered,
    answered: k.answered,
    abandoned: k.abandoned,
    serviceLevel: k.service_level,
    serviceLevelSecs: k.service_level_secs,
    averageWaitSecs: k.average_wait_secs,
    longestWaitSecs: k.longest_wait_secs,
    waiting: k.waiting,
    oldestWaitingSince: k.oldest_waiting_since,
  };
}
