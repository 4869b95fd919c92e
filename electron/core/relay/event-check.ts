/**
 * What the desktop checks on every event the relay hands it, whatever the relay says: the Telnyx
 * signature (a relay, or anyone holding its token, cannot forge call events), freshness for live
 * events, a usable Telnyx body, and duplicates (the same Telnyx event id twice: Telnyx retries).
 */
import type { KeyObject } from 'node:crypto';
import type { EventFrame } from '@switchboard/relay/protocol';
import { TELNYX_SIGNATURE_HEADER, TELNYX_TIMESTAMP_HEADER, checkTelnyxSignature, decodeTelnyxWebhook, parseTelnyxPublicKey, type TelnyxEvent } from '@switchboard/telnyx';
import type { IncompleteEventFrame } from './relay-frames';

export type VerifiedTelnyxEvent = TelnyxEvent & { relayId: string; raw: string };

/**
 * An event the client dropped: `signature` when the Telnyx signature does not verify (wrong
 * public key, or a forged event), `stale` when a live event's Telnyx timestamp is too old or new
 * (a replay of old genuine events), `malformed` when the frame or the Telnyx body is unusable.
 */
export interface RelayRejection {
  relayId: string;
  kind: 'signature' | 'stale' | 'malformed';
  reason: string;
}

export type EventVerdict =
  | { kind: 'event'; event: VerifiedTelnyxEvent; duplicate: boolean }
  | { kind: 'rejected'; rejection: RelayRejection };

/** Telnyx's own signature tolerance, applied to live events. */
const LIVE_TOLERANCE_SECS = 300;
/** Telnyx event ids remembered for dropping duplicates (oldest forgotten first). */
const DEDUPE_WINDOW = 10_000;

export class RelayEventCheck {
  private readonly keys: readonly KeyObject[];
  private readonly seenTelnyxIds = new Set<string>(); // insertion-ordered: oldest evicted first

  constructor(telnyxPublicKey: string) {
    this.keys = [parseTelnyxPublicKey(telnyxPublicKey)];
  }

  /** `live`: the relay said `live` (replays, before it, can be hours old and carry no freshness window). */
  check(frame: EventFrame | IncompleteEventFrame, live: boolean): EventVerdict {
    const relayId = frame.id;
    const rejected = (kind: RelayRejection['kind'], reason: string): EventVerdict => ({ kind: 'rejected', rejection: { relayId, kind, reason } });
    if ('incomplete' in frame) return rejected('malformed', 'missing body or signature headers');
    // A live event must be as fresh as Telnyx requires, or a relay or token holder could re-feed
    // old genuine events after a restart.
    const { [TELNYX_SIGNATURE_HEADER]: signature, [TELNYX_TIMESTAMP_HEADER]: timestamp } = frame.headers;
    const freshness = live ? { nowSecs: Math.floor(Date.now() / 1000), toleranceSecs: LIVE_TOLERANCE_SECS } : 'any-age';
    const signed = checkTelnyxSignature(this.keys, frame.raw, signature, timestamp, freshness);
    if (!signed.ok) {
      return signed.reason === 'stale_timestamp'
        ? rejected('stale', `Telnyx timestamp is outside ±${LIVE_TOLERANCE_SECS} s of now on a live event`)
        : rejected('signature', 'Telnyx signature does not verify');
    }
    // An event without occurred_at is placed at the time the relay received it.
    const decoded = decodeTelnyxWebhook(frame.raw, frame.received_at || new Date().toISOString());
    if (!decoded.ok) return rejected('malformed', `not a usable Telnyx event: ${decoded.reason}`);
    const event: VerifiedTelnyxEvent = { ...decoded.event, relayId, raw: frame.raw };
    const duplicate = this.seenTelnyxIds.has(event.id);
    if (!duplicate) {
      this.seenTelnyxIds.add(event.id);
      if (this.seenTelnyxIds.size > DEDUPE_WINDOW) this.seenTelnyxIds.delete(this.seenTelnyxIds.values().next().value!);
    }
    return { kind: 'event', event, duplicate };
  }
}
