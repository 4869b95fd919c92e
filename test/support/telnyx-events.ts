// Decoded Telnyx events for tests that feed the engine or the reducer directly: built from wire
// fields and run through the same decoder the relay client uses, so a test cannot hand the store
// an event the decoder would refuse.
import { decodeTelnyxEvent, type TelnyxEvent } from '@switchboard/telnyx';

export function decodedEvent(id: string, eventType: string, occurredAt: string, payload: Record<string, unknown>): TelnyxEvent {
  const decoded = decodeTelnyxEvent({ id, eventType, occurredAt, payload });
  if (!decoded.ok) throw new Error(`test event refused by the decoder: ${decoded.reason}`);
  return decoded.event;
}
