/**
 * A verified Telnyx webhook as the agent store sees it: decoded by @switchboard/telnyx into a typed
 * union (`known` events switch on `eventType`, which types their payload). The relay client has
 * already checked the Ed25519 signature and dropped duplicates it saw itself; the store dedupes
 * again by `id` (a reconnect may replay) and orders by `occurredAt`.
 */
export type { TelnyxEvent, TelnyxEventOf } from '@switchboard/telnyx';
