import { createHash, timingSafeEqual } from 'node:crypto';
import { jwtVerify, type JWTPayload } from 'jose';

/** Who a websocket belongs to and what it may see. */
export interface Principal {
  agentId: string;
  /** ms since epoch; the socket is closed with 4401 when it passes. */
  expiresAt?: number;
  /** When set, only events of calls in these queues are delivered (see CallScopes). */
  queues?: ReadonlySet<string>;
  /** When set, only events of these Telnyx connections are delivered. */
  connectionIds?: ReadonlySet<string>;
}

export type AuthResult = { principal: Principal } | { refused: string };

export interface JwtPolicy {
  /** HS256 secret, at least 32 bytes (RFC 7518 §3.2: the key must be as long as the hash). */
  secret: string;
  /** Longest accepted token lifetime (`exp` − `iat`, and `exp` − now). */
  maxLifetimeSecs: number;
  /** When set, `aud` must contain it. */
  audience?: string;
  /** When set, `iss` must equal it. */
  issuer?: string;
}

export const MIN_JWT_SECRET_BYTES = 32;

/**
 * Bearer tokens: static shared tokens (full access) and HS256 JWTs minted per agent
 * (`sub` = agent id, `exp` required, optional `queues[]` and `connection_ids[]`). A claim of the
 * wrong type refuses the token: a restriction that cannot be read must never mean "no restriction".
 */
export class Authenticator {
  private readonly staticTokenHashes: Buffer[];
  private readonly jwtKey: Uint8Array | undefined;

  constructor(
    tokens: readonly string[],
    private readonly jwt: JwtPolicy | undefined,
  ) {
    if (jwt && Buffer.byteLength(jwt.secret) < MIN_JWT_SECRET_BYTES) {
      throw new Error(`the JWT secret must be at least ${MIN_JWT_SECRET_BYTES} bytes`);
    }
    if (jwt && !(jwt.maxLifetimeSecs > 0)) throw new Error('the maximum token lifetime must be positive');
    this.staticTokenHashes = tokens.filter((t) => t.length > 0).map(sha256);
    this.jwtKey = jwt ? new TextEncoder().encode(jwt.secret) : undefined;
  }

  async authenticate(authorization: string | undefined): Promise<AuthResult> {
    const match = /^Bearer\s+(\S+)\s*$/i.exec(authorization ?? '');
    if (!match) return { refused: 'no bearer token' };
    const token = match[1]!;
    // Comparing fixed-length hashes keeps the comparison constant-time whatever the token length.
    const hash = sha256(token);
    const index = this.staticTokenHashes.findIndex((known) => timingSafeEqual(known, hash));
    if (index >= 0) return { principal: { agentId: `static-token-${index + 1}` } };
    if (!this.jwtKey || !this.jwt || token.split('.').length !== 3) return { refused: 'unknown token' };
    let payload: JWTPayload;
    try {
      ({ payload } = await jwtVerify(token, this.jwtKey, {
        algorithms: ['HS256'],
        requiredClaims: ['sub', 'exp'],
        ...(this.jwt.audience ? { audience: this.jwt.audience } : {}),
        ...(this.jwt.issuer ? { issuer: this.jwt.issuer } : {}),
      }));
    } catch (error) {
      // expired, bad signature, wrong algorithm, missing claims, wrong aud/iss
      return { refused: `jwt: ${error instanceof Error ? error.message : 'invalid'}` };
    }
    return this.principalOf(payload);
  }

  private principalOf(payload: JWTPayload): AuthResult {
    if (typeof payload.sub !== 'string' || !payload.sub) return { refused: 'jwt: sub must be a non-empty string' };
    const exp = payload.exp!;
    const maxSecs = this.jwt!.maxLifetimeSecs;
    if (typeof payload.iat === 'number' && exp - payload.iat > maxSecs) return { refused: `jwt: lifetime over ${maxSecs} s` };
    if (exp - Date.now() / 1000 > maxSecs) return { refused: `jwt: expires more than ${maxSecs} s from now` };
    const queues = stringSet(payload, 'queues');
    if ('refused' in queues) return queues;
    const connectionIds = stringSet(payload, 'connection_ids');
    if ('refused' in connectionIds) return connectionIds;
    return {
      principal: {
        agentId: payload.sub,
        expiresAt: exp * 1000,
        ...(queues.value ? { queues: queues.value } : {}),
        ...(connectionIds.value ? { connectionIds: connectionIds.value } : {}),
      },
    };
  }
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

function sha256(value: string): Buffer {
  return createHash('sha256').update(value).digest();
}
