// @switchboard/telnyx — the one module that knows Telnyx webhooks: account keys, Ed25519 signatures
// (signing for the simulator, checking for the relay and the desktop) and the event decoder. Shared
// by relay/, sim/ and electron/core; it imports none of them (lint-enforced).
export { parseTelnyxPublicKey, publicKeyBase64 } from './keys';
export {
  TELNYX_SIGNATURE_HEADER,
  TELNYX_TIMESTAMP_HEADER,
  checkTelnyxSignature,
  precheckTelnyxHeaders,
  signTelnyxWebhook,
  verifyTelnyxSignature,
  type Freshness,
  type RefusalReason,
  type SignatureCheck,
  type TelnyxSignatureHeaders,
} from './signature';
export {
  KNOWN_EVENT_TYPES,
  decodeTelnyxEvent,
  decodeTelnyxWebhook,
  isKnownEventType,
  parseTelnyxEnvelope,
  type Decoded,
  type KnownEventType,
  type KnownTelnyxEvent,
  type OtherTelnyxEvent,
  type TelnyxEnvelope,
  type TelnyxEvent,
  type TelnyxEventData,
  type TelnyxEventOf,
  type TelnyxWebhookBody,
} from './events';
