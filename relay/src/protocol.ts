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

export type ServerFrame = HelloFrame | EventFrame | LiveFrame;

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
