// Shared by every part of the Call Control engine: the in-memory state (legs, queues, conferences,
// recordings), the webhook emitter, and the leg lookups every command starts with. The domain parts
// (calls, queues, conferences, media) each hold this core and reach one another through it, e.g.
// `this.e.queueing.dequeue(…)`.
import { apiErrors } from '../errors';
import * as I from '../inferences';
import type { SimClock } from '../clock';
import type { IdFactory } from '../random';
import type { WebhookEventData } from '../webhooks';
import type { CallLeg, CallQueue, Conference, DialPolicyRule, Recording } from '../model';
import { type Body, optionalString } from '../params';
import { Calls } from './calls';
import { CommandLedger } from './commands';
import { Conferences } from './conferences';
import { Media } from './media';
import { Queues } from './queues';

export interface EngineOptions {
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
}

export class EngineCore {
  readonly legs = new Map<string, CallLeg>();
  readonly queues = new Map<string, CallQueue>();
  readonly conferences = new Map<string, Conference>();
  readonly recordings = new Map<string, Recording>();
  /** command_id dedupe (commands.ts). */
  readonly commandIds = new CommandLedger();
  readonly calls: Calls;
  readonly queueing: Queues;
  readonly conferencing: Conferences;
  readonly media: Media;

  constructor(readonly o: EngineOptions) {
    this.calls = new Calls(this);
    this.queueing = new Queues(this);
    this.conferencing = new Conferences(this);
    this.media = new Media(this);
  }

  // ───────────────────────────── webhooks ─────────────────────────────

  emit(eventType: string, payload: Record<string, unknown>): void {
    const occurredAt = new Date().toISOString();
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
