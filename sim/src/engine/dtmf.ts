// DTMF: digits sent to a leg's far end (call and conference send_dtmf, a dial's digits to play on
// answer), and digits a simulated remote party presses (call.dtmf.received). Sending emits no webhook (spec), so what each far end
// heard is kept on the leg for tests.
import { apiErrors } from '../errors';
import * as I from '../inferences';
import type { CallLeg } from '../model';
import { type Body, optionalInt, optionalString, optionalStringArray, requireString } from '../params';

/** Validates `digits` and `duration_millis` the way both send_dtmf routes read them. */
export function readDtmf(body: Body): { digits: string; durationMillis: number } {
  const digits = requireString(body, 'digits');
  if (!I.DTMF_DIGITS.test(digits)) {
    throw apiErrors.invalidValue('digits', 'Valid digits are 0-9, A-D, *, and #. Pauses can be added using w (0.5s) and W (1s).');
  }
  const [min, max] = I.DTMF_DURATION_RANGE_MS;
  return { digits, durationMillis: optionalInt(body, 'duration_millis', min, max) ?? 250 };
}

/** The far end of `leg` hears the digits (pauses are not tones). */
export function playDigitsTo(leg: CallLeg, digits: string): void {
  leg.dtmfHeard += digits.replace(/[wW]/g, '');
}

/** Conference send_dtmf targets: the listed participants, or everyone when the list is empty. */
export function conferenceDtmfTargets(body: Body, participants: readonly string[]): string[] {
  const listed = optionalStringArray(body, 'call_control_ids');
  if (!listed || listed.length === 0) return [...participants];
  const unknown = listed.find((id) => !participants.includes(id));
  if (unknown !== undefined) throw apiErrors.invalidCallControlId('/call_control_ids');
  return listed;
}

/** `send_digits_on_answer`: the DTMF character set, at most 64 characters (spec). */
export function readDigitsOnAnswer(body: Body): string | undefined {
  const digits = optionalString(body, 'send_digits_on_answer');
  if (digits === undefined || digits === '') return undefined;
  if (digits.length > 64 || !I.DTMF_DIGITS.test(digits)) {
    throw apiErrors.invalidValue('send_digits_on_answer', 'Allowed characters: 0-9, A-D, w, W, *, #; at most 64 characters.');
  }
  return digits;
}

/** `+18004247767,200` → the number and the digits to play on answer. */
export function splitInlineDigits(to: string): [string, string | undefined] {
  const comma = to.indexOf(',');
  if (comma < 0) return [to, undefined];
  const digits = to.slice(comma + 1);
  if (!I.DTMF_DIGITS.test(digits)) throw apiErrors.invalidValue('to', 'Digits after the comma must be DTMF: 0-9, A-D, w, W, *, #.');
  return [to.slice(0, comma), digits];
}

