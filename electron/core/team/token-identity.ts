/**
 * Who a relay token names. A per-agent JWT (`relay token`, relay/README.md) carries the agent id
 * (`sub`), its role and its queues; a static token names nobody (account-wide, no presence, no
 * claims). Read without verifying: it is the console's own token, and the relay checks it on
 * every connect; the console only uses it to know whether to publish presence and claim calls.
 */
export interface TokenIdentity {
  agentId: string;
  role: 'agent' | 'supervisor';
  /** The queues the token allows; absent = every queue. */
  queues?: string[];
}

export function readTokenIdentity(token: string | undefined): TokenIdentity | undefined {
  const parts = token?.split('.');
  if (!parts || parts.length !== 3) return undefined;
  let payload: unknown;
  try {
    payload = JSON.parse(Buffer.from(parts[1]!, 'base64url').toString('utf8'));
  } catch {
    return undefined;
  }
  if (typeof payload !== 'object' || payload === null) return undefined;
  const { sub, role, queues } = payload as Record<string, unknown>;
  if (typeof sub !== 'string' || !sub) return undefined;
  const queueList = Array.isArray(queues) && queues.every((q) => typeof q === 'string') ? (queues as string[]) : undefined;
  return { agentId: sub, role: role === 'supervisor' ? 'supervisor' : 'agent', ...(queueList ? { queues: queueList } : {}) };
}
