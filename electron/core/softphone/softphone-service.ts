/**
 * The built-in softphone, main's half: the agent's telephony credential (found or created once
 * with the official SDK on the account's SIP credential connection, then remembered), the login
 * JWT minted from it and refreshed well before it expires, and the nonce that marks the leg the
 * console dials for the agent. The renderer gets only `{ token, expiresAt }`; the API key stays here.
 */
import { randomUUID } from 'node:crypto';
import { SOFTPHONE_LEG_HEADER, tokenRefreshAt, type Settings, type SoftphoneSession, type SoftphoneToken } from '../../contract';
import { CommandError, notConfigured } from '../errors';
import type { Logger } from '../log';
import type { TelnyxGateway } from '../telnyx-gateway';
import { systemClock, type CoreClock } from '../clock';
import { findOrCreateCredential, type SoftphoneAccount, type SoftphoneCredential } from './credential';

export interface SoftphoneServiceDeps {
  gateway: TelnyxGateway;
  settings(): Settings;
  account(): SoftphoneAccount;
  log: Logger;
  /** Core's clock (token refresh, registration waits); tests drive a manual one. */
  clock?: CoreClock;
  /** How long going available waits for the renderer's softphone to register (default 15 s). */
  registrationTimeoutMs?: number;
}

/** The dial target of the agent leg plus the SIP headers that mark it. */
export interface AgentLegTarget {
  to: string;
  customHeaders?: Array<{ name: string; value: string }>;
}

export interface SoftphoneService {
  session(): SoftphoneSession;
  /** The current JWT (minted when missing, stale or `fresh` is asked for). */
  token(options?: { fresh?: boolean }): Promise<SoftphoneToken>;
  /** Where going available dials: the agent's credential with a fresh nonce, or the external endpoint. */
  agentLegTarget(): Promise<AgentLegTarget>;
  /** True once for the invite carrying the nonce of the leg dialled last. */
  checkInvite(nonce: string): boolean;
  /** The renderer reports its SDK's registration (telnyx.ready, or the socket lost; `elsewhere`: punted by another device's sign-in). */
  setRegistered(registered: boolean, options?: { elsewhere?: boolean }): void;
  /** The credential signed in on another device since this softphone last registered: Telnyx gives that one the calls. */
  signedInElsewhere(): boolean;
  /** What the renderer last reported (the agent's presence shows it). */
  registered(): boolean;
  /** Whether the renderer's SDK is registered now (the team's presence shows it). */
  registered(): boolean;
  onRegisteredChange(cb: (registered: boolean) => void): () => void;
  /** The environment changed: forget the token and the nonce, stop the refresh timer. */
  reset(): void;
}

interface MintedToken {
  token: string;
  issuedAtMs: number;
  expiresAtMs: number;
}

export function createSoftphoneService(deps: SoftphoneServiceDeps): SoftphoneService {
  const clock = deps.clock ?? systemClock;
  const log = deps.log;
  let current: MintedToken | undefined;
  let minting: Promise<MintedToken> | undefined;
  let cancelRefresh: (() => void) | undefined;
  let expectedNonce: string | undefined;
  let generation = 0;
  let registered = false;
  let elsewhere = false;
  const registeredListeners = new Set<(registered: boolean) => void>();
  const setRegisteredNow = (next: boolean) => {
    if (registered === next) return;
    registered = next;
    for (const cb of registeredListeners) cb(next);
  };
  const registrationWaiters = new Set<() => void>();
  const waitRegistered = (timeoutMs: number) =>
    new Promise<boolean>((resolve) => {
      if (registered || elsewhere) return resolve(registered);
      const done = () => {
        cancel();
        registrationWaiters.delete(done);
        resolve(registered);
      };
      const cancel = clock.schedule(done, timeoutMs);
      registrationWaiters.add(done);
    });

  const enabled = () => deps.settings().endpointMode === 'softphone';

  const credential = async (): Promise<SoftphoneCredential> => {
    if (!enabled()) throw new CommandError({ code: 'INVALID_STATE', message: 'The built-in softphone is off (Settings → Endpoint)' });
    const account = deps.account();
    if (!account.credentialConnectionId) {
      throw notConfigured('Set the SIP credential connection id for the softphone in Settings (one-time Telnyx setup, see README)');
    }
    return findOrCreateCredential(deps.gateway, account, log);
  };

  const mint = (): Promise<MintedToken> => {
    minting ??= (async () => {
      const gen = generation;
      try {
        const { id } = await credential();
        const token = await deps.gateway.call('create softphone token', (client) => client.telephonyCredentials.createToken(id));
        const issuedAtMs = clock.now();
        const minted = { token, issuedAtMs, expiresAtMs: jwtExpiry(token) ?? issuedAtMs + 60 * 60_000 };
        if (gen === generation) {
          current = minted;
          scheduleRefresh(minted);
        }
        return minted;
      } finally {
        minting = undefined;
      }
    })();
    return minting;
  };

  const scheduleRefresh = (minted: MintedToken) => {
    cancelRefresh?.();
    const delay = Math.max(0, tokenRefreshAt(minted.issuedAtMs, minted.expiresAtMs) - clock.now());
    cancelRefresh = clock.schedule(() => {
      cancelRefresh = undefined;
      mint().catch((e: unknown) => log.warn('softphone token refresh failed', { cause: e instanceof Error ? e.message : String(e) }));
    }, delay);
  };

  const stale = (t: MintedToken) => clock.now() >= tokenRefreshAt(t.issuedAtMs, t.expiresAtMs);

  return {
    session() {
      const account = deps.account();
      return {
        enabled: enabled() && Boolean(account.credentialConnectionId),
        ...(account.host ? { host: account.host } : {}),
        ...(account.loopbackIce ? { loopbackIce: true } : {}),
      };
    },
    async token(options = {}) {
      const t = !options.fresh && current && !stale(current) ? current : await mint();
      return { token: t.token, expiresAt: new Date(t.expiresAtMs).toISOString() };
    },
    async agentLegTarget() {
      if (!enabled()) {
        const endpoint = deps.settings().agent.endpoint;
        if (!endpoint) throw notConfigured('Set your agent endpoint (phone or SIP URI) in Settings');
        return { to: endpoint };
      }
      const { sipUsername } = await credential();
      // An invite to an unregistered credential fails at once (SIP 480): let the renderer's SDK log in first.
      if (!(await waitRegistered(deps.registrationTimeoutMs ?? 15_000))) {
        if (elsewhere) throw new CommandError({ code: 'INVALID_STATE', message: 'Your softphone signed in on another device, which now gets your calls' });
        throw new CommandError({ code: 'INVALID_STATE', message: 'The softphone did not connect to Telnyx; see the softphone banner' });
      }
      expectedNonce = randomUUID();
      return { to: `sip:${sipUsername}@sip.telnyx.com`, customHeaders: [{ name: SOFTPHONE_LEG_HEADER, value: expectedNonce }] };
    },
    checkInvite(nonce) {
      if (!expectedNonce || nonce !== expectedNonce) return false;
      expectedNonce = undefined;
      return true;
    },
    registered: () => registered,
    setRegistered(next, options = {}) {
      elsewhere = next ? false : Boolean(options.elsewhere) || elsewhere;
      setRegisteredNow(next);
      // Registered, or punted for good (the SDK does not come back by itself): nobody should wait any longer.
      if (next || elsewhere) [...registrationWaiters].forEach((w) => w());
    },
    signedInElsewhere: () => elsewhere,
    onRegisteredChange(cb) {
      registeredListeners.add(cb);
      return () => registeredListeners.delete(cb);
    },
    reset() {
      generation += 1;
      elsewhere = false;
      setRegisteredNow(false);
      cancelRefresh?.();
      cancelRefresh = undefined;
      current = undefined;
      expectedNonce = undefined;
    },
  };
}

/** The JWT's `exp` in ms, or undefined if it has none (the token is opaque to us otherwise). */
export function jwtExpiry(token: string): number | undefined {
  try {
    const payload = JSON.parse(Buffer.from(token.split('.')[1] ?? '', 'base64url').toString('utf8')) as { exp?: unknown };
    return typeof payload.exp === 'number' ? payload.exp * 1000 : undefined;
  } catch {
    return undefined;
  }
}
