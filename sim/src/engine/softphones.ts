// Legs dialled to a WebRTC client: `sip:<sip_username>@sip.telnyx.com` rings whoever is logged in
// with that telephony credential (through EngineOptions.softphones, rtc/gateway.ts). The client's
// answer and bye come back through calls.ts (softphoneAnswered / softphoneHungUp).
import * as I from '../inferences';
import type { CallLeg } from '../model';
import type { EngineCore, SipHeader } from './core';

/** The sip_username a dialled `to` names, when it is `sip:<sip_username>@sip.telnyx.com`. */
export function softphoneUsername(to: string): string | undefined {
  return /^sip:([^@;]+)@sip\.telnyx\.com(?:[:;].*)?$/i.exec(to)?.[1];
}

/** A dial's `custom_headers`, keeping only well-formed `{ name, value }` pairs. */
export function sipHeaders(raw: unknown): SipHeader[] {
  if (!Array.isArray(raw)) return [];
  return raw.filter((h): h is SipHeader => !!h && typeof h === 'object' && typeof (h as SipHeader).name === 'string'
    && typeof (h as SipHeader).value === 'string').map((h) => ({ name: h.name, value: h.value }));
}

/**
 * Rings the client; `hangup` ends the leg when nobody can take it (unknown credential, nobody
 * logged in: after I.SOFTPHONE_UNREACHABLE_AFTER_SECS) or nobody answers within `timeoutSecs`.
 */
export function ringSoftphone(
  e: EngineCore, leg: CallLeg, sipUsername: string, headers: SipHeader[], timeoutSecs: number,
  hangup: (cause: string, sipCause: string) => void,
): void {
  leg.softphone = { sipUsername };
  const outcome = e.o.softphones?.ring(leg, sipUsername, headers) ?? 'offline';
  const [cause, sipCause, afterSecs] = outcome === 'ringing' ? [I.NO_ANSWER_HANGUP_CAUSE, '480', timeoutSecs]
    : outcome === 'unknown' ? [...I.SOFTPHONE_UNKNOWN_HANGUP, I.SOFTPHONE_UNREACHABLE_AFTER_SECS]
      : [...I.SOFTPHONE_OFFLINE_HANGUP, I.SOFTPHONE_UNREACHABLE_AFTER_SECS];
  leg.ringTimer = e.o.clock.afterSecs(afterSecs, () => {
    leg.ringTimer = undefined;
    if (leg.alive && !leg.answered) hangup(cause, sipCause);
  });
}
