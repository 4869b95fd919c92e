// Telnyx webhook events (API-NOTES §6): the envelope Telnyx POSTs, and a decoder from its JSON into
// a typed union of the events Switchboard acts on. Everything else decodes as an "other" event:
// stored, forwarded and deduped like the rest, but not read.

/** `data` of a webhook body, as Telnyx (or the simulator) sends it. */
export interface TelnyxEventData {
  record_type: 'event';
  event_type: string;
  /** Unique per event: receivers dedupe on it. */
  id: string;
  occurred_at: string;
  payload: Record<string, unknown>;
}

/** A webhook body. `meta` is not in the spec's call-control schemas but real deliveries carry it. */
export interface TelnyxWebhookBody {
  data: TelnyxEventData;
  meta?: { attempt: number; delivered_to: string };
}

/**
 * How the decoder checks a payload field, and so what type it has once decoded: `id` must be a
 * non-empty string; the others are optional (absent, null or "" all mean absent) but, when present,
 * must be a string, a finite number, one of the listed strings, or an object with fields of its own.
 */
type FieldRule = 'id' | 'string' | 'number' | readonly string[] | { readonly [field: string]: FieldRule };
type Rules = { readonly [field: string]: FieldRule };

const CALL_LEG = { call_control_id: 'id', call_leg_id: 'string', call_session_id: 'string', connection_id: 'string', client_state: 'string' } as const;
const PARTIES = { from: 'string', to: 'string' } as const;
const CONFERENCE = { conference_id: 'id', connection_id: 'string', client_state: 'string' } as const;
const CONFERENCE_MEDIA = { ...CONFERENCE, call_control_id: 'string', media_url: 'string', media_name: 'string' } as const;
const RECORDING_URLS = { mp3: 'string', wav: 'string' } as const;

/**
 * The events the agent engine uses, and the payload fields it reads (names as on the wire). Payloads
 * keep every other key they arrive with, untyped: real deliveries carry undocumented ones.
 * `from`/`to` on call.enqueued and `name` on conference.created are not in the spec; the simulator
 * and some deliveries carry them, and the engine uses them when present.
 */
const EVENT_RULES = {
  'call.initiated': { ...CALL_LEG, ...PARTIES, direction: ['incoming', 'outgoing'] },
  'call.answered': { ...CALL_LEG, ...PARTIES },
  'call.bridged': { ...CALL_LEG, ...PARTIES },
  'call.hangup': { ...CALL_LEG, ...PARTIES, hangup_cause: 'string', sip_hangup_cause: 'string' },
  'call.enqueued': { ...CALL_LEG, ...PARTIES, queue: 'id', current_position: 'number', queue_avg_wait_time_secs: 'number' },
  'call.dequeued': { ...CALL_LEG, queue: 'string', reason: 'string' },
  'conference.created': { ...CONFERENCE, call_control_id: 'string', name: 'string' },
  'conference.ended': { ...CONFERENCE, call_control_id: 'string', reason: 'string' },
  'conference.participant.joined': { ...CONFERENCE, ...CALL_LEG },
  'conference.participant.left': { ...CONFERENCE, ...CALL_LEG },
  /** `call_control_id` is the new speaker's; absent when nobody holds the floor. */
  'conference.floor.changed': { ...CONFERENCE, call_control_id: 'string' },
  'conference.playback.started': CONFERENCE_MEDIA,
  'conference.playback.ended': CONFERENCE_MEDIA,
  'conference.participant.playback.started': CONFERENCE_MEDIA,
  'conference.participant.playback.ended': CONFERENCE_MEDIA,
  'conference.speak.started': CONFERENCE_MEDIA,
  'conference.speak.ended': CONFERENCE_MEDIA,
  'conference.participant.speak.started': CONFERENCE_MEDIA,
  'conference.participant.speak.ended': CONFERENCE_MEDIA,
  'conference.recording.saved': {
    ...CONFERENCE,
    call_control_id: 'string',
    recording_id: 'string',
    recording_urls: RECORDING_URLS,
    public_recording_urls: RECORDING_URLS,
  },
} as const satisfies Record<string, Rules>;

export type KnownEventType = keyof typeof EVENT_RULES;
export const KNOWN_EVENT_TYPES = Object.keys(EVENT_RULES) as KnownEventType[];

// The payload type a rule table decodes to (so the table above is the one place fields are listed).
type ValueOf<R> = R extends 'id' | 'string' ? string : R extends 'number' ? number : R extends readonly (infer V)[] ? V : { [K in keyof R]?: ValueOf<R[K]> };
type PayloadOf<R extends Rules> = { [K in keyof R as R[K] extends 'id' ? K : never]: string } & {
  [K in keyof R as R[K] extends 'id' ? never : K]?: ValueOf<R[K]>;
} & { readonly [extra: string]: unknown };

interface EventBase {
  /** Telnyx's `data.id`. */
  id: string;
  /** ISO-8601. Telnyx puts it in `data` for some events and in `payload` for others. */
  occurredAt: string;
}

/** One of the events Switchboard acts on, payload checked and typed. */
export type KnownTelnyxEvent = {
  [T in KnownEventType]: EventBase & { known: true; eventType: T; payload: PayloadOf<(typeof EVENT_RULES)[T]> };
}[KnownEventType];

/** Any other event type: decoded envelope, payload unread. */
export interface OtherTelnyxEvent extends EventBase {
  known: false;
  eventType: string;
  payload: { readonly [field: string]: unknown };
}

/** A decoded Telnyx event. Check `known` first; then `eventType` narrows the payload. */
export type TelnyxEvent = KnownTelnyxEvent | OtherTelnyxEvent;
export type TelnyxEventOf<T extends KnownEventType> = Extract<KnownTelnyxEvent, { eventType: T }>;

/** The envelope's fields before the payload is checked: all the relay needs to store and route an event. */
export interface TelnyxEnvelope {
  id: string;
  eventType: string;
  /** `data.occurred_at`, else `payload.occurred_at`; undefined when neither is there. */
  occurredAt: string | undefined;
  payload: Record<string, unknown>;
}

export type Decoded<T> = { ok: true; event: T } | { ok: false; reason: string };

/** Reads a webhook body's envelope (`data.id`, `data.event_type`, occurred_at, payload). */
export function parseTelnyxEnvelope(body: string): Decoded<TelnyxEnvelope> {
  let parsed: unknown;
  try {
    parsed = JSON.parse(body);
  } catch {
    return { ok: false, reason: 'body is not JSON' };
  }
  const data = isRecord(parsed) ? parsed.data : undefined;
  if (!isRecord(data)) return { ok: false, reason: 'no data object' };
  const id = nonEmptyString(data.id);
  if (!id) return { ok: false, reason: 'data.id is missing' };
  const eventType = nonEmptyString(data.event_type);
  if (!eventType) return { ok: false, reason: 'data.event_type is missing' };
  const payload = isRecord(data.payload) ? data.payload : {};
  return { ok: true, event: { id, eventType, occurredAt: nonEmptyString(data.occurred_at) ?? nonEmptyString(payload.occurred_at), payload } };
}

/**
 * Checks and types an envelope's payload. `fallbackOccurredAt` stands in when the event carries no
 * occurred_at (e.g. when the relay received it); without one such an event is refused.
 */
export function decodeTelnyxEvent(envelope: TelnyxEnvelope, fallbackOccurredAt?: string): Decoded<TelnyxEvent> {
  const { id, eventType } = envelope;
  const occurredAt = envelope.occurredAt ?? fallbackOccurredAt;
  if (!occurredAt) return { ok: false, reason: `${eventType}: no occurred_at` };
  if (!isKnownEventType(eventType)) return { ok: true, event: { id, eventType, occurredAt, known: false, payload: envelope.payload } };
  const checked = checkFields(envelope.payload, EVENT_RULES[eventType], 'payload');
  if (typeof checked === 'string') return { ok: false, reason: `${eventType}: ${checked}` };
  return { ok: true, event: { id, eventType, occurredAt, known: true, payload: checked } as KnownTelnyxEvent };
}

/** {@link parseTelnyxEnvelope} then {@link decodeTelnyxEvent}: from the exact body Telnyx signed to a typed event. */
export function decodeTelnyxWebhook(body: string, fallbackOccurredAt?: string): Decoded<TelnyxEvent> {
  const envelope = parseTelnyxEnvelope(body);
  return envelope.ok ? decodeTelnyxEvent(envelope.event, fallbackOccurredAt) : envelope;
}

export function isKnownEventType(eventType: string): eventType is KnownEventType {
  return Object.hasOwn(EVENT_RULES, eventType);
}

/** A copy of `value` with absent-ish fields dropped, or what is wrong with it (`path` names it). */
function checkFields(value: Record<string, unknown>, rules: Rules, path: string): Record<string, unknown> | string {
  const out: Record<string, unknown> = { ...value };
  for (const [field, rule] of Object.entries(rules)) {
    const v = out[field];
    const at = `${path}.${field}`;
    if (v === undefined || v === null || v === '') {
      if (rule === 'id') return `${at} is missing`;
      delete out[field];
    } else if (rule === 'id' || rule === 'string') {
      if (typeof v !== 'string') return `${at} is not a string`;
    } else if (rule === 'number') {
      if (typeof v !== 'number' || !Number.isFinite(v)) return `${at} is not a number`;
    } else if (isStringList(rule)) {
      if (typeof v !== 'string' || !rule.includes(v)) return `${at} is not one of ${rule.join(', ')}`;
    } else {
      if (!isRecord(v)) return `${at} is not an object`;
      const nested = checkFields(v, rule, at);
      if (typeof nested === 'string') return nested;
      out[field] = nested;
    }
  }
  return out;
}

function isStringList(rule: FieldRule): rule is readonly string[] {
  return Array.isArray(rule);
}

function isRecord(value: unknown): value is Record<string, unknown> {
  return typeof value === 'object' && value !== null && !Array.isArray(value);
}

function nonEmptyString(value: unknown): string | undefined {
  return typeof value === 'string' && value.length > 0 ? value : undefined;
}
