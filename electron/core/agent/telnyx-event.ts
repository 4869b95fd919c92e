/**
 * A verified Telnyx webhook as the agent store sees it. The relay client has already checked the
 * Ed25519 signature and dropped duplicates it saw itself; the store dedupes again by `id` (a
 * reconnect may replay) and orders by `occurredAt`.
 */
export interface TelnyxEvent {
  /** Telnyx's `data.id`: unique per event. */
  id: string;
  /** e.g. `conference.participant.joined`. */
  eventType: string;
  /** ISO-8601; Telnyx puts it at `data` level or inside `payload` depending on the event. */
  occurredAt: string;
  payload: Record<string, unknown>;
}

/** A string field of a webhook payload, or undefined (payloads carry undocumented extra keys). */
export function str(payload: Record<string, unknown>, key: string): string | undefined {
  const value = payload[key];
  return typeof value === 'string' && value.length > 0 ? value : undefined;
}

export function num(payload: Record<string, unknown>, key: string): number | undefined {
  const value = payload[key];
  return typeof value === 'number' && Number.isFinite(value) ? value : undefined;
}

export function obj(payload: Record<string, unknown>, key: string): Record<string, unknown> | undefined {
  const value = payload[key];
  return value && typeof value === 'object' && !Array.isArray(value) ? (value as Record<string, unknown>) : undefined;
}

/** Builds a TelnyxEvent from the webhook envelope's `data` object (`{ id, event_type, occurred_at, payload }`). */
export function fromWebhookData(data: Record<string, unknown>): TelnyxEvent | undefined {
  const id = str(data, 'id');
  const eventType = str(data, 'event_type');
  const payload = obj(data, 'payload') ?? {};
  const occurredAt = str(data, 'occurred_at') ?? str(payload, 'occurred_at');
  if (!id || !eventType || !occurredAt) return undefined;
  return { id, eventType, occurredAt, payload };
}
