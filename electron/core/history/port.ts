/**
 * The history port: what other features call to add to a call's row. Every method commits
 * before it returns (and the renderer is told after that), so what it wrote is kept even if the
 * app is killed the next instant. Calls are named by their conference id (what every feature
 * holds); a method returns false when no call is known by that id (nothing is written).
 *
 *   history.annotate(conferenceId, { disposition: 'sale', notes: 'wants a callback', wrapUpSecs: 42 });
 *   history.recordQuality(conferenceId, { worstMos: 3.1, warnings: ['high-jitter'] });
 *   history.markTransfer(conferenceId, { direction: 'out', to: '+15550100' });
 *   history.recordOutbound({ conferenceId, number: '+15550100', startedAt, answeredAt });
 *   history.recordUnanswered({ calleeCallControlId, number: '+15550100', callerId, startedAt, endedAt, hangupCause: 'user_busy' });
 */
export interface CallAnnotation {
  disposition?: string;
  notes?: string;
  /** The wrap-up's length; without it History measures wrap-up from the agent's status. */
  wrapUpSecs?: number;
}

export interface CallQuality {
  /** Worst MOS (1–5) seen during the call. */
  worstMos: number;
  warnings: string[];
}

export type CallTransfer =
  /** The agent sent the call on (blind or completed warm transfer): outcome `transferred-out`. */
  | { direction: 'out'; to: string }
  /** The call reached this agent by a transfer: outcome `transferred-in`. */
  | { direction: 'in'; from: string };

export interface OutboundCall {
  conferenceId: string;
  /** The number (or SIP address) dialled. */
  number: string;
  queue?: string;
  /** The dialled leg (the customer). */
  calleeCallControlId?: string;
  agentCallControlId?: string;
  /** ISO; default now. */
  startedAt?: string;
  /** ISO; when the callee answered. Without it the call ends as `unanswered`. */
  answeredAt?: string;
  /** The caller id the call was made with. */
  callerId?: string;
}

/** An outbound call that never connected: no conference, so it is keyed by the dialled leg. */
export interface UnansweredCall {
  calleeCallControlId: string;
  number: string;
  callerId?: string;
  queue?: string;
  /** ISO: dialled, and when the leg ended. */
  startedAt: string;
  endedAt: string;
  /** Telnyx's `hangup_cause` (user_busy, timeout, call_rejected, originator_cancel…). */
  hangupCause?: string;
}

export interface HistoryPort {
  annotate(conferenceId: string, annotation: CallAnnotation): boolean;
  recordQuality(conferenceId: string, quality: CallQuality): boolean;
  markTransfer(conferenceId: string, transfer: CallTransfer): boolean;
  /** Creates (or completes) the row of a call the agent dialled; call again with `answeredAt`. Returns its id. */
  recordOutbound(call: OutboundCall): number;
  /** A row for an outbound call that was busy, not answered, rejected or cancelled. Returns its id. */
  recordUnanswered(call: UnansweredCall): number;
}
