/**
 * Outbound calls and callbacks: what the renderer sees of them, and the one rule for a number an
 * agent types (or a link hands over), zod-free so Settings and the Dial form check it as the agent
 * types and main checks it again before anything is dialled. Parsing `tel:`/`callto:` links is
 * core's (electron/core/outbound/dial-link.ts).
 */

/** One of the account's phone numbers (`GET /phone_numbers`): a caller id the agent may present. */
export interface CallerIdOption {
  phoneNumber: string;
  /** The number's Telnyx tags (e.g. a queue name: such a number is that queue's default caller id). */
  tags: string[];
  /** ISO 3166 alpha-2, as Telnyx reports it. */
  country: string;
}

/** The account's numbers as main cached them (a refresh asks Telnyx again). */
export interface AccountNumbers {
  numbers: CallerIdOption[];
  fetchedAt: string;
}

/** A dialled call that reached the agent's conference. */
export interface DialResult {
  conferenceId: string;
  /** The dialled party's leg. */
  callControlId: string;
  from: string;
  to: string;
}

/** A `tel:`/`callto:` link the OS handed to the app, waiting for the agent to confirm it. */
export interface DialLinkRequest {
  id: string;
  /** The number the link names, already +E.164. */
  to: string;
  receivedAt: string;
}

/** An outbound call between the dial and the answer. */
export interface DialingCall {
  callControlId: string;
  to: string;
  from: string;
  since: string;
}

/**
 * `AgentState.outbound`. Missed callers are call history's (`history.list` with outcome `missed`:
 * persisted, so the list survives a restart).
 */
export interface OutboundState {
  linkRequest?: DialLinkRequest;
  dialing?: DialingCall;
}

export interface OutboundMethodResults {
  'call.dial': DialResult;
  /** Hangs up the outbound call that is still ringing. */
  'call.cancelDial': null;
  /** The agent declined a link's confirmation. */
  'call.dismissLink': null;
  'phoneNumbers.list': AccountNumbers;
}

// ───────────────────────────── numbers ─────────────────────────────

/** A country whose national format the console accepts (Settings → Default country). */
export interface DialCountry {
  /** ISO 3166 alpha-2. */
  code: string;
  name: string;
  callingCode: string;
  /** Dialled before a national number inside the country ("0" in most, "1" in the NANP). */
  trunkPrefix: string;
  /** Dialled before a country code from inside the country ("00", "011" in the NANP). */
  exitPrefix: string;
  /** Digits of a national number after the trunk prefix: [min, max]. */
  nationalDigits: readonly [number, number];
}

/** Deliberately small: a table beats a 200 kB numbering-plan library for the countries we serve. */
export const dialCountries = [
  { code: 'US', name: 'United States', callingCode: '1', trunkPrefix: '1', exitPrefix: '011', nationalDigits: [10, 10] },
  { code: 'CA', name: 'Canada', callingCode: '1', trunkPrefix: '1', exitPrefix: '011', nationalDigits: [10, 10] },
  { code: 'GB', name: 'United Kingdom', callingCode: '44', trunkPrefix: '0', exitPrefix: '00', nationalDigits: [9, 10] },
  { code: 'IE', name: 'Ireland', callingCode: '353', trunkPrefix: '0', exitPrefix: '00', nationalDigits: [7, 9] },
  { code: 'DE', name: 'Germany', callingCode: '49', trunkPrefix: '0', exitPrefix: '00', nationalDigits: [6, 11] },
  { code: 'FR', name: 'France', callingCode: '33', trunkPrefix: '0', exitPrefix: '00', nationalDigits: [9, 9] },
  { code: 'NL', name: 'Netherlands', callingCode: '31', trunkPrefix: '0', exitPrefix: '00', nationalDigits: [9, 9] },
  { code: 'AU', name: 'Australia', callingCode: '61', trunkPrefix: '0', exitPrefix: '0011', nationalDigits: [9, 9] },
] as const satisfies readonly DialCountry[];

export type DialCountryCode = (typeof dialCountries)[number]['code'];
export const dialCountryCodes = dialCountries.map((c) => c.code) as [DialCountryCode, ...DialCountryCode[]];

const E164 = /^\+[1-9]\d{6,14}$/;
/** What people type between digits: spaces, dashes, dots, slashes, parentheses. */
const SEPARATORS = /[\s\-./()\u00a0]/g;

export const E164_EXAMPLE = '+15551234567';

export type DialNumberCheck = { ok: true; e164: string } | { ok: false; problem: string };

/**
 * The one rule for a number to dial: +E.164 as is (separators dropped), or, with a default
 * country, a national number (its trunk prefix optional) or one dialled with the country's exit
 * prefix. `problem` reads after the field's name ("to: …").
 */
export function checkDialNumber(input: string, defaultCountry: DialCountryCode | '' = ''): DialNumberCheck {
  const compact = input.trim().replace(SEPARATORS, '');
  if (compact === '') return { ok: false, problem: 'enter a number to call' };
  if (!/^\+?\d+$/.test(compact)) return { ok: false, problem: `use digits only, in +E.164 format such as ${E164_EXAMPLE}` };
  const country = dialCountries.find((c) => c.code === defaultCountry);
  if (compact.startsWith('+')) return e164(compact);
  if (!country) {
    return { ok: false, problem: `must be +E.164 (a + and the country code, such as ${E164_EXAMPLE}); to dial national numbers, choose a default country in Settings` };
  }
  if (compact.startsWith(country.exitPrefix)) return e164(`+${compact.slice(country.exitPrefix.length)}`);
  const [min, max] = country.nationalDigits;
  const fits = (digits: string) => digits.length >= min && digits.length <= max;
  const national = compact.startsWith(country.trunkPrefix) && fits(compact.slice(country.trunkPrefix.length)) ? compact.slice(country.trunkPrefix.length) : compact;
  if (!fits(national) || national.startsWith(country.trunkPrefix)) {
    const length = min === max ? `${min}` : `${min} to ${max}`;
    return { ok: false, problem: `is not a ${country.name} number (${length} digits after the ${country.trunkPrefix}), nor +E.164 such as ${E164_EXAMPLE}` };
  }
  return e164(`+${country.callingCode}${national}`);
}

function e164(candidate: string): DialNumberCheck {
  return E164.test(candidate) ? { ok: true, e164: candidate } : { ok: false, problem: `must be +E.164: a + and 8 to 15 digits starting with the country code, such as ${E164_EXAMPLE}` };
}

/** Whether a string is already +E.164 (caller ids, settings). */
export function isE164(value: string): boolean {
  return E164.test(value);
}
