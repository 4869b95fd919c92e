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
  headers: { 'telnyx-signature-ed25519': string; 'telnyx-timestamp': string };
  received_at: string;
}

export interface LiveFrame {
  type: 'live';
}

export type ServerFrame = HelloFrame | EventFrame | LiveFrame;

// One event goes to many sockets: serialise it once and share the bytes.
const frameCache = new WeakMap<StoredEvent, Buffer>();

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
    frame = Buffer.from(JSON.stringify(body));
    frameCache.set(event, frame);
  }
  return frame;
}
