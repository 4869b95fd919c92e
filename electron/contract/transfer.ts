/**
 * Transfers and the keypad: where a caller can be sent (blind or after a consult), the state of
 * a transfer as Telnyx confirmed it, the destinations the agent keeps (recent, favourite), and the
 * DTMF character set. Zod-free: the renderer runs `isDtmf` and `describeDestination` itself.
 */

/**
 * Where a transfer goes. `number`: a +E.164 number or SIP URI; `queue`: the caller is enqueued
 * again (with a note of who sent it); `agent`: another agent's endpoint. New kinds (an agent
 * picked by presence) are new members of this union: every switch over `type` is exhaustive.
 */
export type TransferDestination =
  | { type: 'number'; to: string }
  | { type: 'queue'; queue: string }
  | { type: 'agent'; endpoint: string; name?: string }
  /** A teammate by agent id: the caller is OFFERED to it through the relay (presence + offers), never dialled. */
  | { type: 'teammate'; agentId: string };

export type TransferDestinationType = TransferDestination['type'];
export const transferDestinationTypes = ['number', 'queue', 'agent', 'teammate'] as const satisfies readonly TransferDestinationType[];

/** Blind: the agent leaves as soon as the target joined. Consult: the agent talks to the target first. */
export type TransferKind = 'blind' | 'consult';

/**
 * Where a transfer stands, each step as Telnyx reported it:
 * - `offering`: (teammate) the relay offers the caller to the teammate, whose console rings with
 *   Accept / Decline until `offerExpiresAt`;
 * - `dialing`: the console asked Telnyx to dial the target; no leg id yet;
 * - `ringing`: Telnyx created the target's leg (the dial answered with its id), not answered yet;
 * - `answered`: `call.answered` for the target (teammate: it accepted the offer); it is joining the conference;
 * - `consulting`: the target joined (`conference.participant.joined`); the caller is on hold;
 * - `three-way`: the target joined and the caller is off hold (participant list re-read);
 * - `completing`: the agent asked to complete; the console is un-holding the caller and leaving;
 * - `failed`: the target hung up before it joined (`hangupCause`: busy, no answer…), or the
 *   teammate declined / let the offer time out / did not join (`reason`);
 * - `cancelled`: the agent cancelled and Telnyx reported the target's leg hung up;
 * - `target-left`: the target hung up after it joined.
 */
export type TransferPhase =
  | 'offering'
  | 'dialing'
  | 'ringing'
  | 'answered'
  | 'consulting'
  | 'three-way'
  | 'completing'
  | 'failed'
  | 'cancelled'
  | 'target-left';

/** The transfer of the console's current call: published in AgentState while that call lasts. */
export interface TransferState {
  id: string;
  kind: TransferKind;
  conferenceId: string;
  /** The caller's leg being transferred. */
  callerCallControlId: string;
  destination: TransferDestination;
  /** The dialled target's leg, once Telnyx gave its id. */
  targetCallControlId?: string;
  phase: TransferPhase;
  /** Telnyx's `hangup_cause` of the target's leg (`user_busy`, `timeout`, `no_answer`…) when it ended. */
  hangupCause?: string;
  /** Telnyx's `sip_hangup_cause` (e.g. "486"), when given. */
  sipHangupCause?: string;
  /** Teammate transfers: why the offer did not lead to the teammate joining ("bob declined"). */
  reason?: string;
  /** Teammate transfers, `offering`: when the offer stops ringing (ms since epoch, this console's clock). */
  offerExpiresAt?: number;
  startedAt: string;
}

/** Phases after which nothing more happens to a transfer: another one may start. */
export const finishedTransferPhases: readonly TransferPhase[] = ['failed', 'cancelled', 'target-left'];

/** A destination the agent keeps: the last ones used and the ones starred (Settings `transfers`). */
export interface SavedDestination {
  destination: TransferDestination;
  /** What the list shows and what search matches, besides the address. */
  label: string;
}

/** How many recent destinations Settings keeps (newest first). */
export const RECENT_DESTINATIONS_LIMIT = 20;
export const FAVOURITE_DESTINATIONS_LIMIT = 50;

/** The address part of a destination: the number, queue name or endpoint. */
export function destinationAddress(d: TransferDestination): string {
  switch (d.type) {
    case 'number':
      return d.to;
    case 'queue':
      return d.queue;
    case 'agent':
      return d.endpoint;
    case 'teammate':
      return d.agentId;
  }
}

/** "Queue sales", "+15550100", "Agent Ann (sip:ann@…)": how a destination reads in the UI. */
export function describeDestination(d: TransferDestination): string {
  switch (d.type) {
    case 'number':
      return d.to;
    case 'queue':
      return `Queue ${d.queue}`;
    case 'agent':
      return d.name ? `Agent ${d.name} (${d.endpoint})` : `Agent ${d.endpoint}`;
    case 'teammate':
      return `Teammate ${d.agentId}`;
  }
}

/** Same destination (type and address), whatever its label. */
export function sameDestination(a: TransferDestination, b: TransferDestination): boolean {
  return a.type === b.type && destinationAddress(a) === destinationAddress(b);
}

/** What Telnyx's hangup causes mean to an agent (API-NOTES §5 Calls); unknown causes show as sent. */
export function hangupCauseText(cause: string | undefined): string {
  switch (cause) {
    case 'user_busy':
      return 'busy';
    case 'timeout':
    case 'no_answer':
      return 'no answer';
    case 'call_rejected':
      return 'rejected';
    case 'not_found':
      return 'not found';
    case 'originator_cancel':
      return 'cancelled';
    case 'normal_clearing':
      return 'hung up';
    case undefined:
      return 'ended';
    default:
      return cause.replace(/_/g, ' ');
  }
}

// ───────────────────────────── keypad ─────────────────────────────

/**
 * DTMF as Telnyx's send_dtmf takes it: 0-9, A-D, `*`, `#`, and `w` (0.5 s) / `W` (1 s) pauses.
 * Upper-case A-D only (the spec lists them so).
 */
export const dtmfPattern = /^[0-9A-D*#wW]+$/;
export const dtmfMessage = 'must be DTMF digits: 0-9, A-D, *, # and w/W pauses';
export const DTMF_MAX_LENGTH = 64;
/** The keys of the on-screen keypad, in reading order. */
export const keypadKeys = ['1', '2', '3', 'A', '4', '5', '6', 'B', '7', '8', '9', 'C', '*', '0', '#', 'D'] as const;

export function isDtmf(digits: string): boolean {
  return digits.length > 0 && digits.length <= DTMF_MAX_LENGTH && dtmfPattern.test(digits);
}

/** The transfer and keypad methods' results (params: schemas/transfer.ts). */
export interface TransferMethodResults {
  /** Starts a transfer; resolves once Telnyx accepted the dial (or the enqueue, for a queue; the relay the offer, for a teammate). */
  'transfer.start': { transferId: string; targetCallControlId?: string };
  /** Consult → the agent leaves, caller and target stay (at once if joined, else as soon as it joins). */
  'transfer.complete': null;
  /** Consult → the caller comes off hold: caller, target and agent all talk. */
  'transfer.threeWay': null;
  /** The target's leg is hung up (ringing or joined) and the caller comes off hold. */
  'transfer.cancel': null;
  /** DTMF to a leg of the console's conference (the caller's unless another is named). */
  'keypad.send': null;
}
