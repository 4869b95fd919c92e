/**
 * Where a call can go: a +E.164 number or a SIP URI. Used by the settings schema (agent
 * endpoint, caller id) and by "Add participant"; zod-free so the renderer may check it too.
 */
export const phoneOrSipPattern = /^(\+[1-9]\d{6,14}|sips?:[^\s@]+@[^\s]+)$/;

export const phoneOrSipMessage = 'must be +E.164 or a SIP URI such as sip:agent@example.com';
