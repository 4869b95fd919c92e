/**
 * The team side of the contract: who this console is on the relay, the calls the relay offers
 * it, and (for supervisors) the team's presence and queue KPIs. Pushed whole as the `team` event,
 * beside the agent's own `state`. Zod-free: the renderer runs `offerSecondsLeft` itself.
 */

/** An agent's state as the team sees it (the relay's presence states). */
export type TeamPresenceState = 'available' | 'on_call' | 'wrap_up' | 'away' | 'offline';

/** One agent of the team, as the relay last reported it. */
export interface TeamAgent {
  agentId: string;
  state: TeamPresenceState;
  reason: string | null;
  /** ISO time the agent entered `state`. */
  since: string;
  callControlId: string | null;
  conferenceId: string | null;
  queues: string[];
  softphoneRegistered: boolean;
  /** Where a transfer reaches the agent (SIP URI or +E.164), as its console published it; null if none. */
  endpoint: string | null;
  /** False once the relay marked the agent offline (its sockets gone past the grace period). */
  connected: boolean;
}

/** One queue's live KPIs (the relay's `kpis` frames). */
export interface TeamQueueKpis {
  queue: string;
  /** The rolling window: the last 15 minutes, or today (since midnight UTC). */
  window: '15m' | 'today';
  windowSecs: number;
  offered: number;
  answered: number;
  abandoned: number;
  /** 0..1, or null when nothing was answered or abandoned yet. */
  serviceLevel: number | null;
  serviceLevelSecs: number;
  averageWaitSecs: number | null;
  longestWaitSecs: number | null;
  waiting: number;
  /** ms since epoch the oldest waiting caller was enqueued. */
  oldestWaitingSince: number | null;
}

/** A caller the relay offers to this agent; the relay holds the call's claim for us until `expiresAt`. */
export interface CallOffer {
  offerId: string;
  callControlId: string;
  queue: string;
  from: string;
  to: string;
  enqueuedAt: string;
  /** ms since epoch. */
  expiresAt: number;
  /** Set while Accept runs (the take is in flight). */
  accepting?: boolean;
  /** A teammate transferring its caller to this agent: Accept joins this agent to that conference. */
  transfer?: OfferedTransfer;
}

/** What a teammate's transfer offer says: who sends the caller, from which conference, blind or consult, and its note. */
export interface OfferedTransfer {
  fromAgent: string;
  conferenceId: string;
  kind: 'blind' | 'consult';
  /** The sender's transfer note (core/transfer-note.ts), as the relay passed it on. */
  note: string;
}

/** `withdrawn`: a transfer offer its sender cancelled. */
export type OfferOutcome = 'accepted' | 'declined' | 'timeout' | 'caller_gone' | 'taken' | 'withdrawn';

export interface TeamState {
  /** Who the relay token names (a per-agent JWT); absent for a static token or without a relay. */
  me?: { agentId: string; role: 'agent' | 'supervisor' };
  /** Whether takes are claimed through the relay first (a per-agent token on a configured relay). */
  claims: boolean;
  /** The team (supervisor tokens; an agent token sees only itself), sorted by agent id. */
  agents: TeamAgent[];
  kpis: TeamQueueKpis[];
  /** The offer ringing now. */
  offer?: CallOffer;
  /** How the last offer ended. */
  lastOffer?: { offerId: string; from: string; outcome: OfferOutcome; by?: string };
  /** Offers missed in a row (timeouts); at the setting's limit the console goes away. */
  missedOffers: number;
}

export interface TeamMethodResults {
  'team.getState': TeamState;
  /** Accept takes the call (with the offer's claim); decline hands it to the next agent. */
  'team.answerOffer': { conferenceId: string } | null;
}

/** The reason the console gives when it sets the agent away after missed offers. */
export const MISSED_OFFERS_REASON = 'Missed offers';

/** Whole seconds left on an offer (never negative): the countdown both sides show. */
export function offerSecondsLeft(expiresAt: number, now: number): number {
  return Math.max(0, Math.ceil((expiresAt - now) / 1000));
}
