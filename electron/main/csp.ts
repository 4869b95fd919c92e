/**
 * The renderer's Content-Security-Policy, built by main for the current mode and sent as a
 * header with every renderer response. No remote scripts, no eval, no inline code. The only
 * remote connections are the softphone's: Telnyx's RTC hosts (signalling websocket and the SDK's
 * call reports) and, in demo mode and tests, the local simulator's `telnyx_rtc` websocket.
 * Kept free of `electron` imports so the test harness serves the page with the same policy.
 */

/** Where `@telnyx/webrtc` connects: the signalling socket and its call reports (POST /call_report). */
export const TELNYX_RTC_ORIGINS = ['wss://rtc.telnyx.com', 'https://rtc.telnyx.com'] as const;

export interface CspOptions {
  /** Demo mode / tests: the simulator's `telnyx_rtc` websocket (`ws://127.0.0.1:PORT`). Loopback only. */
  simulatorRtcUrl?: string;
}

function policy(connectSrc: readonly string[], header: boolean): string {
  return [
    "default-src 'self'",
    "script-src 'self'",
    "style-src 'self'",
    "img-src 'self' data:",
    // No media element plays remote URLs; the softphone's audio arrives as a MediaStream (srcObject), which CSP does not govern.
    "media-src 'none'",
    `connect-src ${["'self'", ...connectSrc].join(' ')}`,
    "object-src 'none'",
    "base-uri 'none'",
    "form-action 'none'",
    // frame-ancestors only works as a header (Chromium ignores it in a meta tag, with a warning).
    ...(header ? ["frame-ancestors 'none'"] : []),
  ].join('; ');
}

/** The header policy for the current mode. */
export function buildContentSecurityPolicy(options: CspOptions = {}): string {
  const simulator = options.simulatorRtcUrl ? loopbackWsOrigin(options.simulatorRtcUrl) : undefined;
  return policy([...TELNYX_RTC_ORIGINS, ...(simulator ? [simulator] : [])], true);
}

/** Live mode's policy (no simulator). */
export const contentSecurityPolicy = buildContentSecurityPolicy();

/**
 * The page's own meta-tag policy (renderer/index.html): an upper bound that also admits any
 * loopback websocket, because the simulator's port is chosen at run time. Chromium enforces
 * both policies, so the header above is what actually holds.
 */
export const pageContentSecurityPolicy = policy([...TELNYX_RTC_ORIGINS, 'ws://127.0.0.1:*'], false);

/** `ws://127.0.0.1:PORT` from a simulator URL; anything not a loopback ws URL is refused. */
export function loopbackWsOrigin(url: string): string {
  const parsed = new URL(url);
  if (parsed.protocol !== 'ws:' || parsed.hostname !== '127.0.0.1' || !parsed.port) {
    throw new Error(`the simulator's rtc URL must be ws://127.0.0.1:PORT, not ${url}`);
  }
  return `ws://127.0.0.1:${parsed.port}`;
}

/** The CSP options for a softphone host from core's session (absent = Telnyx's own hosts). */
export function rtcHostOption(host: string | undefined): CspOptions {
  return host ? { simulatorRtcUrl: host } : {};
}
