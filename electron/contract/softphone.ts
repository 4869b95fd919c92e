/**
 * The built-in softphone's side of the contract: what main hands the renderer so it can log
 * `@telnyx/webrtc` in (a short-lived JWT, never the API key), and the token refresh rule both
 * sides follow. Zod-free: the renderer runs `tokenRefreshAt` itself.
 */

/** Which endpoint the console dials when the agent goes available. */
export const endpointModes = ['softphone', 'external'] as const;
export type EndpointMode = (typeof endpointModes)[number];

/** The login JWT for the agent's telephony credential: the only credential the renderer ever holds. */
export interface SoftphoneToken {
  token: string;
  /** ISO time the JWT stops being accepted (its `exp`). */
  expiresAt: string;
}

/** What the renderer needs to run the softphone (no secret here). */
export interface SoftphoneSession {
  /** True when the endpoint mode is the built-in softphone and an account is configured. */
  enabled: boolean;
  /** The `telnyx_rtc` websocket to use instead of Telnyx's default (demo mode and tests only). */
  host?: string;
  /** Empty ICE server list for loopback (demo mode and tests); absent = the SDK's defaults. */
  loopbackIce?: boolean;
}

/** The SIP header main puts on the leg it dials for the agent; the renderer auto-answers only that invite. */
export const SOFTPHONE_LEG_HEADER = 'X-Switchboard-Leg';

export interface SoftphoneMethodResults {
  'softphone.session': SoftphoneSession;
  'softphone.token': SoftphoneToken;
  /** Whether an incoming invite is the leg main dialled for this agent (answer it) or another call (ring). */
  'softphone.checkInvite': { ours: boolean };
  /**
   * The renderer's SDK registered (or lost registration): going available dials only a registered softphone.
   * `elsewhere`: lost because the credential signed in on another device (no use re-dialling it).
   */
  'softphone.setRegistered': null;
}

/** Refresh no later than this long before expiry. */
export const TOKEN_REFRESH_MIN_LEAD_MS = 10 * 60_000;
/** Never refresh sooner than this after issue (a short-lived token must not cause a refresh storm). */
export const TOKEN_REFRESH_MIN_AGE_MS = 30_000;

/**
 * When to mint the next token: halfway through its life, but at least 10 minutes before it
 * expires, and never within 30 s of issue. The SDK's own TOKEN_EXPIRING_SOON fires only ~2 min
 * before expiry, too late to ride out a slow network.
 */
export function tokenRefreshAt(issuedAtMs: number, expiresAtMs: number): number {
  const lifetime = expiresAtMs - issuedAtMs;
  const at = Math.min(issuedAtMs + lifetime / 2, expiresAtMs - TOKEN_REFRESH_MIN_LEAD_MS);
  return Math.max(at, issuedAtMs + Math.min(TOKEN_REFRESH_MIN_AGE_MS, lifetime / 2));
}
