/**
 * `tel:` and `callto:` links, as the OS hands them to the app (a click on a number in a CRM or a
 * web page). Pure: the shell passes the raw string, core gets back the number the link names (not
 * yet normalised: a local `tel:` number is read with the default country, like a typed one) or why
 * the link is refused. RFC 3966 for `tel:` (visual separators, `;ext=`, `;phone-context=`);
 * `callto:` is the older Skype/NetMeeting form (`callto:+1…` or `callto://+1…`), numbers only.
 */

export type DialLink =
  | { ok: true; number: string; extension?: string }
  | { ok: false; reason: string };

/** Longer than any phone link a page would carry: refuse before parsing. */
const MAX_LINK_LENGTH = 512;
/** RFC 3966 visual separators, plus spaces that pages and OSes leave in. */
const VISUAL_SEPARATORS = /[\s\-.()\u00a0]/g;

export function parseDialLink(raw: string): DialLink {
  if (typeof raw !== 'string' || raw.length === 0) return refuse('the link is empty');
  if (raw.length > MAX_LINK_LENGTH) return refuse('the link is too long');
  const match = /^(tel|callto):(.*)$/is.exec(raw.trim());
  if (!match) return refuse('only tel: and callto: links can be dialled');
  const scheme = match[1]!.toLowerCase();
  let rest = match[2]!;
  if (scheme === 'callto') rest = rest.replace(/^\/\//, '');
  else if (rest.startsWith('//')) return refuse('a tel: link has no "//"');
  // A query (?call, ?add…) is how Skype-era links say what to do: calling is all we do.
  rest = rest.split('?')[0]!.replace(/\/$/, '');
  let decoded: string;
  try {
    decoded = decodeURIComponent(rest);
  } catch {
    return refuse('the link is not valid percent-encoding');
  }
  const [numberPart = '', ...params] = decoded.split(';');
  const number = numberPart.replace(VISUAL_SEPARATORS, '');
  if (number === '') return refuse('the link names no number');
  if (!/^\+?\d+$/.test(number)) return refuse('the link does not name a phone number (digits, optionally after a +)');
  let extension: string | undefined;
  let context: string | undefined;
  for (const param of params) {
    const [rawName = '', value = ''] = param.split('=', 2);
    const name = rawName.trim().toLowerCase();
    if (name === 'ext') {
      extension = value.replace(VISUAL_SEPARATORS, '');
      if (!/^\d+$/.test(extension)) return refuse('the extension is not digits');
    } else if (name === 'phone-context') {
      context = value.trim();
    }
    // Other parameters (isub, postd, vendor ones) change nothing about whom to call.
  }
  // RFC 3966: a local number names its context; a +digits context is its country/area prefix.
  let full = number;
  if (!number.startsWith('+') && context && /^\+[\d\-.()]+$/.test(context)) full = context.replace(VISUAL_SEPARATORS, '') + number;
  if (full.replace('+', '').length > 15) return refuse('the number is longer than 15 digits');
  return { ok: true, number: full, ...(extension ? { extension } : {}) };
}

function refuse(reason: string): DialLink {
  return { ok: false, reason };
}

/** The link among a process's arguments (Windows and Linux start the app with it; a second instance forwards them). */
export function findDialLink(argv: readonly string[]): string | undefined {
  return argv.find((arg) => /^(tel|callto):/i.test(arg));
}
