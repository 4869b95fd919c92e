import type { TelnyxSignatureHeaders } from '@switchboard/telnyx';
import type { StoredEvent } from './store';

/** Websocket close codes of the relay protocol (documented in relay/README.md). */
export const CloseCode = {
  /** The subscriber fell behind (send buffer over the cap): reconnect with `since` to resume. */
  SlowConsumer: 4008,
  /** The relay is restarting or shutting down: reconnect (to this or another instance) with `since`. */
  ServerRestarting: 1012,
  /** The JWT expired during the session: reconnect with a fresh token. */
  TokenExpired: 4401,
  /** The relay could not read its log. */
  InternalError: 1011,
} as const;

export interface HelloFrame {
  type: 'hello';
  recovered: boolean;
  epoch: string;
  last_id: string | null;
}

export interface EventFrame {
  type: 'event';
  id: string;
  raw: string;
  /** The Telnyx signature headers the webhook arrived with: the desktop verifies them again. */
  headers: TelnyxSignatureHeaders;
  received_at: string;
}

export interface LiveFrame {
  type: 'live';
}

/** An agent's state as the team sees it. `offline` is also set by the relay when the agent's sockets are gone. */
export const AGENT_STATES = ['available', 'on_call', 'wrap_up', 'away', 'offline'] as const;
export type AgentState = (typeof AGENT_STATES)[number];

/** One agent's presence (server → client, inside `presence` frames). */
export interface AgentPresence {
  agent_id: string;
  state: AgentState;
  reason: string | null;
  /** ISO-8601: when the agent entered `state`. */
  since: string;
  call_control_id: string | null;
  conference_id: string | null;
  queues: string[];
  softphone_registered: boolean;
  /** Where a teammate's transfer reaches the agent (SIP URI or +E.164), as its console published it; null if none. */
  endpoint?: string | null;
  /** False once the relay has marked the agent offline after its sockets were gone for the grace period. */
  connected: boolean;
  /** ms since epoch of this record, set by the relay. */
  updated_at: number;
}

/** Server → supervisor: the team on connect (`snapshot: true`), then each change. */
export interface PresenceFrame {
  type: 'presence';
  snapshot: boolean;
  agents: AgentPresence[];
}

/** Server → presence watchers: queue and agent KPIs (kpis.ts) the token may see, on connect and after each queue event. */
export interface KpisFrame {
  type: 'kpis';
  /** ms since epoch the windows end at. */
  at: number;
  queues: QueueKpis[];
  agents: AgentKpis[];
}

/** Server → client: the answer to a `claim` / `release` request. */
export interface ClaimResultFrame {
  type: 'claim_result';
  request_id: string;
  call_control_id: string;
  outcome: 'granted' | 'taken' | 'released' | 'refused';
  /** The agent holding the claim (`taken`). */
  by?: string;
  /** ms since epoch when the lease ends (`granted`, `taken`). */
  expires_at?: number;
  /** Why (`refused`). */
  reason?: string;
}

/** Server → client: a client frame that was refused (bad shape, or not allowed for this token). */
export interface ErrorFrame {
  type: 'error';
  request_id?: string;
  error: string;
}

/**
 * Server → agent: a caller offered to this agent (offer mode). The relay holds the call's claim for
 * this agent until expires_at (the relay's clock); expires_in_ms is the time left when the frame was
 * sent, so a console whose clock differs from the relay's still counts down the right seconds.
 */
export interface OfferFrame {
  type: 'offer'; offer_id: string; call_control_id: string; queue: string; from: string; to: string; enqueued_at: string; expires_at: number; expires_in_ms?: number;
  /** Present when a teammate transfers its caller to this agent (a `transfer_offer`): accepting joins the agent to that conference. */
  transfer?: OfferTransfer;
}
/** What a transfer offer says about the transfer: who sends the caller, from which conference, how, and the note. */
export interface OfferTransfer { from_agent: string; conference_id: string; kind: TransferOfferKind; note: string }
export const TRANSFER_OFFER_KINDS = ['blind', 'consult'] as const;
export type TransferOfferKind = (typeof TRANSFER_OFFER_KINDS)[number];
/** Server → agent: an offer is over (`withdrawn`: a transfer offer its sender cancelled). */
export interface OfferEndedFrame { type: 'offer_ended'; offer_id: string; call_control_id: string; outcome: 'accepted' | 'declined' | 'timeout' | 'caller_gone' | 'taken' | 'withdrawn'; by?: string }
/** Client → server: the agent's answer to an offer. Accept turns the offer's claim into a normal lease the console then renews with `claim`. */
export interface OfferReplyFrame {
  type: 'offer_reply'; offer_id: string; accept: boolean;
  /** Accepting a transfer offer: the accepting agent's own leg, which it joins to the conference (the sender's console waits for it). */
  agent_leg?: string;
}

/**
 * Client → server: offer the caller of the sender's conference to teammate `to_agent` (a transfer).
 * The sender's presence must show it on that call; the target must be connected, Available and (for
 * a queue-scoped token) serve one of the sender's queues. The relay takes the caller's claim for the
 * target (free, or held by the sender) and answers `transfer_offer_result`; the end comes later as
 * `transfer_offer_ended`.
 */
export interface TransferOfferFrame {
  type: 'transfer_offer'; request_id: string; to_agent: string; call_control_id: string; conference_id: string;
  kind: TransferOfferKind; from: string; note: string;
}
/** Server → sender: the transfer offer is ringing on the target's console (`offered`) or was not made (`refused`, with why). */
export interface TransferOfferResultFrame {
  type: 'transfer_offer_result'; request_id: string; to_agent: string; call_control_id: string;
  outcome: 'offered' | 'refused'; offer_id?: string; expires_in_ms?: number; reason?: string;
}
/** Client → server: the sender cancels its transfer offer while it still rings (the target's console stops ringing: `withdrawn`). */
export interface TransferOfferCancelFrame { type: 'transfer_offer_cancel'; offer_id: string; call_control_id: string }
/** Server → sender: how the target answered its transfer offer (relayed by whichever relay holds the sender's socket). */
export interface TransferOfferEndedFrame {
  type: 'transfer_offer_ended'; offer_id: string; to_agent: string; call_control_id: string; outcome: TransferOfferOutcome;
  /** `accepted`: the target's leg, about to join the sender's conference. */
  agent_leg?: string;
}
/** How a transfer offer ends (`withdrawn`: the sender cancelled it). */
export type TransferOfferOutcome = OfferEndedFrame['outcome'];

/** The delivery frames every subscriber gets. */
export type ServerFrame = HelloFrame | EventFrame | LiveFrame;
/** The team frames (presence watchers, claim answers, refused client frames); clients that know only delivery ignore them. */
export type TeamServerFrame = PresenceFrame | KpisFrame | ClaimResultFrame | ErrorFrame | OfferFrame | OfferEndedFrame | TransferOfferResultFrame | TransferOfferEndedFrame;

/** Client → server: the desktop's agent state; sent after every `hello` and on every change. */
export interface PresenceUpdateFrame {
  type: 'presence';
  state: AgentState;
  reason: string | null;
  since: string;
  call_control_id: string | null;
  conference_id: string | null;
  queues: string[];
  softphone_registered: boolean;
  /** Where a teammate's transfer reaches this agent: SIP URI or +E.164 (optional; null = none). */
  endpoint?: string | null;
}

/** Client → server: take (or renew) the exclusive right to act on a call, for `lease_ms`. */
export interface ClaimFrame {
  type: 'claim';
  request_id: string;
  call_control_id: string;
  lease_ms: number;
}

/** Client → server: give a claim back before its lease ends. */
export interface ReleaseFrame {
  type: 'release';
  request_id: string;
  call_control_id: string;
}

export type ClientFrame = PresenceUpdateFrame | ClaimFrame | ReleaseFrame | OfferReplyFrame | TransferOfferFrame | TransferOfferCancelFrame;

// One event goes to many sockets: serialise it once, wrap it in a websocket frame once, and write
// the same bytes to every subscriber. Server-to-client frames are unmasked and the relay disables
// compression, so the frame is byte-identical for all of them.
const frameCache = new WeakMap<StoredEvent, Buffer>();

/** The complete websocket frame (RFC 6455 §5.2: FIN + text opcode, unmasked) carrying an event. */
export function eventFrame(event: StoredEvent): Buffer {
  let frame = frameCache.get(event);
  if (!frame) {
    const body: EventFrame = {
      type: 'event',
      id: event.id,
      raw: event.raw,
      headers: { 'telnyx-signature-ed25519': event.signature, 'telnyx-timestamp': event.timestamp },
      received_at: new Date(event.receivedAt).toISOString(),
    };
    frame = encodeTextFrame(Buffer.from(JSON.stringify(body)));
    frameCache.set(event, frame);
  }
  return frame;
}

function encodeTextFrame(payload: Buffer): Buffer {
  const length = payload.length;
  const headerLength = length < 126 ? 2 : length < 65536 ? 4 : 10;
  const frame = Buffer.allocUnsafe(headerLength + length);
  frame[0] = 0x81; // FIN, opcode 1 (text)
  if (length < 126) {
    frame[1] = length;
  } else if (length < 65536) {
    frame[1] = 126;
    frame.writeUInt16BE(length, 2);
  } else {
    frame[1] = 127;
    frame.writeBigUInt64BE(BigInt(length), 2);
  }
  payload.copy(frame, headerLength);
  return frame;
}

// ───────────── KPIs (computed in kpis.ts, sent in the `kpis` frame) ─────────────

/** The two rolling windows: the last 15 minutes, and today (since 00:00 UTC). */
export const KPI_WINDOWS = ['15m', 'today'] as const;
export type KpiWindow = (typeof KPI_WINDOWS)[number];

/** One queue's numbers over one window ending now. */
export interface QueueKpis {
  queue: string;
  window: KpiWindow;
  /** Length of the window in seconds (for `today`: since midnight UTC). */
  window_secs: number;
  /** Calls enqueued in the window. */
  offered: number;
  /** Calls taken by an agent (dequeued `bridged`, or `leave` then joined to a conference). */
  answered: number;
  /** Calls that left the queue by hanging up or timing out (or `leave` then hangup without a conference). */
  abandoned: number;
  /** answered within `service_level_secs` / (answered + abandoned); null when neither happened. */
  service_level: number | null;
  /** The queue's threshold (relay config). */
  service_level_secs: number;
  /** Mean wait of the answered calls; null when none. */
  average_wait_secs: number | null;
  /** Longest wait of any call that left the queue in the window (answered or abandoned); null when none. */
  longest_wait_secs: number | null;
  /** Mean time the queue's callers spent in a conference (join → leave), over the calls that left one in the window. */
  average_handle_secs: number | null;
  /** Calls in the queue now, and when the oldest of them was enqueued (ms since epoch). */
  waiting: number;
  oldest_waiting_since: number | null;
  /** Connected agents serving the queue, by state (from presence, now). */
  agents_available: number;
  agents_on_call: number;
  agents_wrap_up: number;
  agents_away: number;
}

/** One agent's offers (offer mode), takes (pull mode) and handled calls over one window. */
export interface AgentKpis {
  agent_id: string;
  window: KpiWindow;
  window_secs: number;
  /** Offers made to the agent. */
  offered: number;
  /** Offers accepted, plus callers the agent claimed and took (pull mode) once they were answered. */
  answered: number;
  declined: number;
  /** Offers that timed out. */
  missed: number;
  /** Mean conference time of the calls the agent answered (accepted or took), over those that ended in the window. */
  average_handle_secs: number | null;
}
