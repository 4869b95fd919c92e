// Dial addresses and Telnyx's caller-ID policy. The spec documents one REST refusal for a dial's
// numbers (422 10016 "Phone number must be in +E164 format", pointer /to); Telnyx's caller-ID
// policy page adds what happens on the network side, after the dial was accepted: an invalid
// caller id is rejected with SIP "403 Caller Origination Number is Invalid" (D35), and a spoofed
// caller id (not one of the account's numbers) to an international destination with a 503. The
// choices where neither source is exact are in inferences.ts (CALLER_ID_*).
import { TelnyxApiError } from '../errors';
import * as I from '../inferences';

const E164 = /^\+[1-9]\d{6,14}$/;

/** sip:/sips: destinations are SIP URIs; everything else is a phone number and must be +E.164. */
export function isSipUri(address: string): boolean {
  return /^sips?:/i.test(address);
}

/** The spec's 10016 answer, for `to` (its own example) or `from` (I.CALLER_ID_FORMAT_REFUSED_BY_REST). */
export function e164Error(field: 'to' | 'from'): TelnyxApiError {
  return new TelnyxApiError(422, '10016', 'Phone number must be in +E164 format', `The '${field}' parameter must be in E164 format.`, `/${field}`);
}

/** REST-time checks of a dial's `to` and `from` (422 before any leg exists). */
export function checkDialAddresses(from: string, to: string): void {
  if (!isSipUri(to) && !E164.test(to)) throw e164Error('to');
  if (I.CALLER_ID_FORMAT_REFUSED_BY_REST && !isSipUri(to) && !isSipUri(from) && !E164.test(from)) throw e164Error('from');
}

/**
 * ITU country calling code of a +E.164 number. The codes are prefix-free: 1 and 7 are the only
 * one-digit codes, the two-digit ones are listed, every other code has three digits.
 */
export function callingCode(e164: string): string {
  const digits = e164.slice(1);
  if (digits.startsWith('1') || digits.startsWith('7')) return digits.slice(0, 1);
  const two = digits.slice(0, 2);
  return TWO_DIGIT_CODES.has(two) ? two : digits.slice(0, 3);
}
const TWO_DIGIT_CODES = new Set([
  '20', '27', '30', '31', '32', '33', '34', '36', '39', '40', '41', '43', '44', '45', '46', '47', '48', '49',
  '51', '52', '53', '54', '55', '56', '57', '58', '60', '61', '62', '63', '64', '65', '66', '81', '82', '84', '86',
  '90', '91', '92', '93', '94', '95', '98',
]);

/** How the network rejects a dial after `call.initiated`, if it does: the hangup it ends with. */
export interface CallerIdRejection {
  cause: string;
  sipCause: string;
}

/**
 * Telnyx's caller-ID policy for a call to a phone number (SIP URI destinations are not PSTN
 * origination and are not checked): the account's own numbers always pass; another +E.164 number
 * passes within its own country (Telnyx documents no ownership rule there) and is rejected as
 * spoofing to another country.
 */
export function callerIdRejection(from: string, to: string, ownsNumber: (n: string) => boolean): CallerIdRejection | undefined {
  if (isSipUri(to) || ownsNumber(from)) return undefined;
  if (!E164.test(from)) return I.CALLER_ID_INVALID_HANGUP;
  if (callingCode(from) !== callingCode(to)) return I.CALLER_ID_SPOOFED_INTERNATIONAL_HANGUP;
  return undefined;
}
