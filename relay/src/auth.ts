import { createHash, timingSafeEqual } from 'node:crypto';
import { jwtVerify } from 'jose';

/** Who a websocket belongs to and what it may see. */
export interface Principal {
  agentId: string;
  /** ms since epoch; the socket is closed with 4401 when it passes. */
  expiresAt?: number;
  /** When set, only events of these queues (events that name a queue) are delivered. */
  queues?: ReadonlySet<string>;
  /** When set, only events of these Telnyx connections are delivered. */
  connectionIds?: ReadonlySet<string>;
}

/**
 * Bearer tokens: static shared tokens (full access) and HS256 JWTs minted per agent
 * (`sub` = agent id, `exp` required, optional `queues[]` and `connection_ids[]`).
 */
export class Authenticator {
  private readonly staticTokenHashes: Buffer[];
  private readonly jwtKey: Uint8Array | undefined;

  constructor(tokens: readonly string[], jwtSecret: string | undefined) {
    this.staticTokenHashes = tokens.filter((t) => t.length > 0).map(sha256);
    this.jwtKey = jwtSecret ? new TextEncoder().encode(jwtSecret) : undefined;
  }

  async authenticate(authorization: string | undefined): Promise<Principal | null> {
    const match = /^Bearer\s+(\S+)\s*$/i.exec(authorization ?? '');
    if (!match) return null;
    const token = match[1]!;
    // Comparing fixed-length hashes keeps the comparison constant-time whatever the token length.
    const hash = sha256(token);
    const index = this.staticTokenHashes.findIndex((known) => timingSafeEqual(known, hash));
    if (index >= 0) return { agentId: `static-token-${index + 1}` };
    if (!this.jwtKey || token.split('.').length !== 3) return null;
    try {
      const { payload } = await jwtVerify(token, this.jwtKey, { algorithms: ['HS256'], requiredClaims: ['sub', 'exp'] });
      return {
        agentId: payload.sub!,
        expiresAt: payload.exp! * 1000,
        ...(Array.isArray(payload.queues) ? { queues: new Set(payload.queues.map(String)) } : {}),
        ...(Array.isArray(payload.connection_ids) ? { connectionIds: new Set(payload.connection_ids.map(String)) } : {}),
      };
    } catch {
      return null; // expired, bad signature, wrong algorithm, missing claims
    }
  }
}

function sha256(value: string): Buffer {
  return createHash('sha256').update(value).digest();
}
