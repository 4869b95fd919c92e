/**
 * Call history's side of the contract: one row per call the agent handled (or missed), kept in a
 * SQLite file by main (electron/core/history/) and read by the renderer a page at a time.
 * Zod-free: the renderer imports it at runtime. Params schemas: schemas/history.ts.
 */

export const callDirections = ['inbound', 'outbound'] as const;
export type CallDirection = (typeof callDirections)[number];

/**
 * How a call ended for this agent. `missed`: the caller hung up while waiting in a watched queue
 * (`call.dequeued` reason `hangup`, "abandoned"); `unanswered`: an outbound call that never
 * connected (busy, no answer, rejected, cancelled: `hangupCause` says which); `ended-offline`: the
 * call ended while the app was not running (found at start-up from Telnyx; `endedAt` when known).
 */
export const callOutcomes = ['answered', 'missed', 'transferred-out', 'transferred-in', 'unanswered', 'ended-offline'] as const;
export type CallOutcome = (typeof callOutcomes)[number];

export interface HistoryRecording {
  recordingId: string;
  wav?: string;
  mp3?: string;
  savedAt: string;
}

/** One call as History shows it. Times are ISO strings; durations whole seconds. */
export interface HistoryCall {
  /** The row's own id (stable; `history.get`). */
  id: number;
  direction: CallDirection;
  /** The other party: the caller (inbound) or the number dialled (outbound). */
  number: string;
  queue?: string;
  conferenceId?: string;
  callerCallControlId?: string;
  agentCallControlId?: string;
  outcome: CallOutcome;
  startedAt: string;
  answeredAt?: string;
  /** Absent while the call is in progress. */
  endedAt?: string;
  /** Time in the queue before the agent took the call (inbound) or ringing (outbound). */
  waitingSecs?: number;
  /** From answered to ended, less time on hold. */
  talkingSecs?: number;
  holdSecs: number;
  wrapUpSecs?: number;
  disposition?: string;
  notes?: string;
  recordings: HistoryRecording[];
  /** Filled by the softphone (worst MOS seen and its warnings); absent when not measured. */
  quality?: { worstMos: number; warnings: string[] };
  /** Where the agent sent the call, or where it came from. */
  transfer?: { to?: string; from?: string };
  /** Outbound: the caller id the call was made with. */
  callerId?: string;
  /** Telnyx's `hangup_cause` of a call that never connected (`user_busy`, `timeout`, `call_rejected`, `originator_cancel`…). */
  hangupCause?: string;
}

/** Filters of `history.list` and `history.exportCsv`; each narrows the result. */
export interface HistoryQuery {
  /** Part of the number (digits compared; "+1 555" finds +15550100). */
  number?: string;
  /** Calls started at or after this ISO date(time). */
  from?: string;
  /** Calls started before the end of this ISO date, or before this ISO date-time. */
  to?: string;
  disposition?: string;
  outcome?: CallOutcome;
}

/** Newest first; `nextCursor` continues after the last row (absent on the last page). */
export interface HistoryPage {
  calls: HistoryCall[];
  nextCursor?: string;
}

export type HistoryExport = { saved: true; path: string; rows: number } | { saved: false };

export interface HistoryMethodResults {
  'history.list': HistoryPage;
  'history.get': HistoryCall;
  /** Writes the matching calls as CSV where the host says (a save dialog, Downloads, a temp dir). */
  'history.exportCsv': HistoryExport;
  /** What History's disposition filter offers: the configured list (Settings, wrap-up) first, then any other value found in history, sorted. */
  'history.dispositions': { dispositions: string[] };
}

export const HISTORY_PAGE_MAX = 200;
