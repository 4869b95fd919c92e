import type { JWTPayload } from 'jose';

/**
 * What a token may do. `account`: a static token, account-wide (every event, every agent's
 * presence, no agent id of its own). `agent`: its own queues' calls, its own presence, claims.
 * `supervisor`: an agent who also sees the presence of the team (agents serving the queues it
 * supervises, or every agent when the token names no queues).
 */
export type Role = 'account' | 'agent' | 'supervisor';
export const JWT_ROLES = ['agent', 'supervisor'] as const;

/** Who a websocket belongs to and what it may see. */
export interface Principal {
  agentId: string;
  role: Role;
  /** ms since epoch; the socket is closed with 4401 when it passes. */
  expiresAt?: number;
  /** When set, only events of calls in these queues are delivered (see CallScopes). */
  queues?: ReadonlySet<string>;
  /** When set, only events of these Telnyx connections are delivered. */
  connectionIds?: ReadonlySet<string>;
}

export type ClaimsResult = { principal: Principal } | { refused: string };

/**
 * Reads an agent JWT's claims, failing closed: `sub` (non-empty), `exp` within `maxLifetimeSecs`
 * of `iat` and of now, optional `role` (agent | supervisor, default agent), optional `queues` and
 * `connection_ids` (non-empty arrays of non-empty strings). The relay (auth.ts) and the token CLI
 * (token-cli.ts) both call this, so the CLI can never mint a token the relay would refuse.
 */
export function readAgentClaims(payload: JWTPayload, maxLifetimeSecs: number, nowSecs = Date.now() / 1000): ClaimsResult {
  if (typeof payload.sub !== 'string' || !payload.sub) return { refused: 'jwt: sub must be a non-empty string' };
  if (typeof payload.exp !== 'number') return { refused: 'jwt: exp must be a number' };
  const exp = payload.exp;
  if (typeof payload.iat === 'number' && exp - payload.iat > maxLifetimeSecs) return { refused: `jwt: lifetime over ${maxLifetimeSecs} s` };
  if (exp - nowSecs > maxLifetimeSecs) return { refused: `jwt: expires more than ${maxLifetimeSecs} s from now` };
  const role = payload.role ?? 'agent';
  if (!JWT_ROLES.includes(role as (typeof JWT_ROLES)[number])) return { refused: `jwt: role must be one of ${JWT_ROLES.join(', ')}` };
  const queues = stringSet(payload, 'queues');
  if ('refused' in queues) return queues;
  const connectionIds = stringSet(payload, 'connection_ids');
  if ('refused' in connectionIds) return connectionIds;
  return {
    principal: {
      agentId: payload.sub,
      role: role as Role,
      expiresAt: exp * 1000,
      ...(queues.value ? { queues: queues.value } : {}),
      ...(connectionIds.value ? { connectionIds: connectionIds.value } : {}),
    },
  };
}

/** An optional restriction claim: absent, or a non-empty array of non-empty strings. Anything else refuses. */
function stringSet(payload: JWTPayload, claim: string): { value?: ReadonlySet<string> } | { refused: string } {
  const value = payload[claim];
  if (value === undefined) return {};
  if (!Array.isArray(value) || value.length === 0 || !value.every((v) => typeof v === 'string' && v.length > 0)) {
    return { refused: `jwt: ${claim} must be a non-empty array of non-empty strings` };
  }
  return { value: new Set(value as string[]) };
}
