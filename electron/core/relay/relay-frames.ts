/**
 * Relay frames as the desktop reads them (protocol: relay/src/protocol.ts). The relay's word is
 * trusted for the protocol only: each frame's shape is checked here, and the Telnyx body inside
 * an event frame is verified and decoded by the relay client.
 */
import type { ServerFrame } from '@switchboard/relay/protocol';
import { TELNYX_SIGNATURE_HEADER, TELNYX_TIMESTAMP_HEADER } from '@switchboard/telnyx';
import { readTeamFrame, type TeamFrame } from './team-frames';

/** An event frame lacking its body or signature headers: still an event, so it is rejected (and passed). */
export type IncompleteEventFrame = { type: 'event'; id: string; incomplete: true };
/** A relay frame after its shape is checked. */
export type ReceivedFrame = ServerFrame | IncompleteEventFrame | TeamFrame;

/** Parses a relay frame (relay/src/protocol.ts) and checks its shape: the relay's word is trusted for the protocol only. */
export function readFrame(text: string): ReceivedFrame | undefined {
  let value: unknown;
  try {
    value = JSON.parse(text);
  } catch {
    return undefined;
  }
  if (!isRecord(value)) return undefined;
  switch (value.type) {
    case 'hello':
      return {
        type: 'hello',
        recovered: value.recovered === true,
        epoch: typeof value.epoch === 'string' ? value.epoch : '',
        last_id: typeof value.last_id === 'string' ? value.last_id : null,
      };
    case 'live':
      return { type: 'live' };
    case 'event': {
      if (typeof value.id !== 'string') return undefined;
      const headers = isRecord(value.headers) ? value.headers : {};
      const signature = headers[TELNYX_SIGNATURE_HEADER];
      const timestamp = headers[TELNYX_TIMESTAMP_HEADER];
      if (typeof value.raw !== 'string' || typeof signature !== 'string' || typeof timestamp !== 'string') return { type: 'event', id: value.id, incomplete: true };
      return {
        type: 'event',
        id: value.id,
        raw: value.raw,
        headers: { [TELNYX_SIGNATURE_HEADER]: signature, [TELNYX_TIMESTAMP_HEADER]: timestamp },
        received_at: typeof value.received_at === 'string' ? value.received_at : '', // '' = not given
      };
    }
    default:
      return readTeamFrame(value);
  }
}

function isRecord(value: unknown): value is Record<string, unknown> {
  return typeof value === 'object' && value !== null && !Array.isArray(value);
}
