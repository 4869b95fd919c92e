// Shared by every part of the Call Control engine: the in-memory state (legs, queues, conferences,
// recordings), the webhook emitter, and the leg lookups every command starts with. The domain parts
// (calls, queues, conferences, media) each hold this core and reach one another through it, e.g.
// `this.e.queueing.dequeue(…)`. The core knows the parts only by the small interfaces below (what
// one part asks of another); index.ts builds the parts and wires them in, so no part imports another
// through here.
import { apiErrors } from '../errors';
import * as I from '../inferences';
import type { SimClock } from '../clock';
import type { IdFactory } from '../random';
import type { WebhookEventData } from '../webhooks';
import type {
  CallLeg, CallMedia, CallQueue, Conference, ConferenceMedia, DialPolicyRule, Participant, Recording,
} from '../model';
import { type Body, optionalString } from '../params';
import { CommandLedger } from './commands';

export interface EngineOptions {
  /** The one way the engine reads the time and waits (clock.ts): real × timeScale, or manual. */
  clock: SimClock;
  ids: IdFactory;
  random: () => number;
  emit: (event: WebhookEventData) => void;
  /** Base URL of this server (no /v2), for recording links. */
  publicBaseUrl: () => string;
  dialPolicy: DialPolicyRule[];
  /** Simulated seconds between floor changes in a conference with ≥2 talkers; null = never. */
  floorChangeSecs: readonly [number, number] | null;
  defaultConnectionId: string;
  /** WebRTC clients logged in with a credential's JWT (rtc/); absent = dialling sip:…@sip.telnyx.com follows the dial policy. */
  softphones?: SoftphonePort;
  /** Whether a number is one of the account's (caller-ID policy, engine/caller-id.ts); absent = every number is. */
  ownsNumber?: (phoneNumber: string) => boolean;
}

/** A SIP header as Call Control carries it (`custom_headers` of a dial, of webhooks). */
export interface SipHeader { name: string; value: string }

/** How the engine reaches WebRTC clients registered with a telephony credential (rtc/gateway.ts). */
export interface SoftphonePort {
  /** Rings the client registered as `sipUsername` with this leg: unknown credential, nobody registered, or ringing. */
  ring(leg: CallLeg, sipUsername: string, customHeaders: SipHeader[]): 'unknown' | 'offline' | 'ringing';
  /** The leg ended on the Telnyx side (hangup, timeout, conference end): the client gets its bye. */
  ended(leg: CallLeg, cause: string, sipCause: string): void;
}

/** What the other parts ask of calls.ts. */
export interface CallsPart {
  hangupLeg(leg: CallLeg, cause: string, source: 'caller' | 'callee' | 'unknown', sipCause: string): void;
  detachForMove(leg: CallLeg, dequeueReason: string): void;
}
/** What the other parts ask of queues.ts. */
export interface QueuesPart {
  enqueueLeg(leg: CallLeg, queueName: string, o: { maxSize: number; keepAfterHangup: boolean; maxWaitSecs?: number }): void;
  dequeue(leg: CallLeg, reason: string): void;
}
/** What the other parts ask of conferences.ts. */
export interface ConferencesPart {
  detachParticipant(leg: CallLeg): { conf: Conference; participant: Participant } | undefined;
  afterParticipantExit(conf: Conference, participant: Participant): void;
}
/** What the other parts ask of media.ts. */
export interface MediaPart {
  queueCallMedia(leg: CallLeg, media: CallMedia): void;
  stopCallMedia(leg: CallLeg, matches: (m: CallMedia) => boolean, status: string): void;
  startConferenceMedia(conf: Conference, media: ConferenceMedia, durationSecs: number): void;
  finishConferenceMedia(conf: Conference, media: ConferenceMedia, alsoTo?: CallLeg): void;
  stopConferenceMedia(conf: Conference, targets: Set<string> | undefined): void;
}
export interface EngineParts { calls: CallsPart; queueing: QueuesPart; conferencing: ConferencesPart; media: MediaPart }

export class EngineCore {
  readonly legs = new Map<string, CallLeg>();
  readonly queues = new Map<string, CallQueue>();
  readonly conferences = new Map<string, Conference>();
  readonly recordings = new Map<string, Recording>();
  /** command_id dedupe (commands.ts). */
  readonly commandIds = new CommandLedger();
  private parts?: EngineParts;

  constructor(readonly o: EngineOptions) {}

  /** Called once by index.ts, right after it has built the parts around this core. */
  wire(parts: EngineParts): void { this.parts = parts; }

  get calls(): CallsPart { return this.wired().calls; }
  get queueing(): QueuesPart { return this.wired().queueing; }
  get conferencing(): ConferencesPart { return this.wired().conferencing; }
  get media(): MediaPart { return this.wired().media; }

  private wired(): EngineParts {
    if (!this.parts) throw new Error('EngineCore used before index.ts wired its parts');
    return this.parts;
  }

  // ───────────────────────────── webhooks ─────────────────────────────

  emit(eventType: string, payload: Record<string, unknown>): void {
    const occurredAt = this.o.clock.date().toISOString();
    const clean: Record<string, unknown> = {};
    for (const [k, v] of Object.entries(payload)) if (v !== undefined) clean[k] = v;
    if (I.OCCURRED_AT_IN_DATA_AND_PAYLOAD) clean.occurred_at = occurredAt;
    this.o.emit({ record_type: 'event', event_type: eventType, id: this.o.ids.uuid(), occurred_at: occurredAt, payload: clean });
  }

  legIds(leg: CallLeg) {
    return {
      call_control_id: leg.callControlId,
      call_leg_id: leg.callLegId,
      call_session_id: leg.callSessionId,
      connection_id: leg.connectionId,
      client_state: leg.clientState,
    };
  }

  // ───────────────────────────── lookups ─────────────────────────────

  knownLeg(callControlId: string | undefined, pointer = '/call_control_id'): CallLeg {
    const leg = callControlId ? this.legs.get(callControlId) : undefined;
    if (!leg) throw apiErrors.invalidCallControlId(pointer);
    return leg;
  }

  liveLeg(callControlId: string | undefined, pointer?: string): CallLeg {
    const leg = this.knownLeg(callControlId, pointer);
    if (!leg.alive) throw apiErrors.callEnded();
    return leg;
  }

  answeredLeg(callControlId: string | undefined, pointer?: string): CallLeg {
    const leg = this.liveLeg(callControlId, pointer);
    if (!leg.answered) throw apiErrors.callNotAnswered();
    return leg;
  }

  /** Every call command may set client_state on the leg (echoed by later webhooks). */
  applyClientState(leg: CallLeg, body: Body): void {
    const cs = optionalString(body, 'client_state');
    if (cs !== undefined) leg.clientState = cs;
  }
}
