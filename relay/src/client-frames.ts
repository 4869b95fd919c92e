import { AGENT_STATES, TRANSFER_OFFER_KINDS, type AgentState, type ClientFrame, type TransferOfferKind } from './protocol';

export const MIN_LEASE_MS = 1000;
export const MAX_LEASE_MS = 5 * 60_000;
const MAX_ID = 256;
const MAX_QUEUES = 64;
/** A transfer note as the console writes it (core/transfer-note.ts), with room to spare. */
export const MAX_TRANSFER_NOTE = 1024;

type Parsed = { frame: ClientFrame } | { error: string; request_id?: string };

/**
 * Strict reading of a client → server frame (protocol.ts): JSON object, known `type`, every field
 * present with its type, no unknown field. Anything else is refused with a reason, never guessed at.
 */
export function parseClientFrame(text: string): Parsed {
  let value: unknown;
  try {
    value = JSON.parse(text);
  } catch {
    return { error: 'not JSON' };
  }
  if (typeof value !== 'object' || value === null || Array.isArray(value)) return { error: 'not an object' };
  const v = value as Record<string, unknown>;
  const requestId = isId(v.request_id) ? { request_id: v.request_id } : {};
  const problem = (error: string): Parsed => ({ error, ...requestId });
  switch (v.type) {
    case 'presence': {
      const extra = unknownKeys(v, ['type', 'state', 'reason', 'since', 'call_control_id', 'conference_id', 'queues', 'softphone_registered', 'endpoint']);
      if (extra) return problem(extra);
      if (!AGENT_STATES.includes(v.state as AgentState)) return problem(`state must be one of ${AGENT_STATES.join(', ')}`);
      if (!(v.reason === null || (typeof v.reason === 'string' && v.reason.length <= MAX_ID))) return problem('reason must be a string (≤ 256) or null');
      if (typeof v.since !== 'string' || !/^\d{4}-\d\d-\d\dT/.test(v.since) || Number.isNaN(Date.parse(v.since))) return problem('since must be an ISO-8601 time');
      if (!(v.call_control_id === null || isId(v.call_control_id))) return problem('call_control_id must be a non-empty string or null');
      if (!(v.conference_id === null || isId(v.conference_id))) return problem('conference_id must be a non-empty string or null');
      if (!Array.isArray(v.queues) || v.queues.length > MAX_QUEUES || !v.queues.every(isId)) return problem('queues must be an array of non-empty strings');
      if (typeof v.softphone_registered !== 'boolean') return problem('softphone_registered must be a boolean');
      if (!(v.endpoint === undefined || v.endpoint === null || (typeof v.endpoint === 'string' && /^(sip:|\+)\S{1,255}$/.test(v.endpoint)))) {
        return problem('endpoint must be a SIP URI or +E.164 number (≤ 256), or null');
      }
      return {
        frame: {
          type: 'presence',
          state: v.state as AgentState,
          reason: v.reason,
          since: new Date(v.since).toISOString(),
          call_control_id: v.call_control_id,
          conference_id: v.conference_id,
          queues: [...new Set(v.queues as string[])],
          softphone_registered: v.softphone_registered,
          endpoint: (v.endpoint as string | null | undefined) ?? null,
        },
      };
    }
    case 'claim': {
      const extra = unknownKeys(v, ['type', 'request_id', 'call_control_id', 'lease_ms']);
      if (extra) return problem(extra);
      if (!isId(v.request_id)) return problem('request_id must be a non-empty string');
      if (!isId(v.call_control_id)) return problem('call_control_id must be a non-empty string');
      if (!(Number.isInteger(v.lease_ms) && (v.lease_ms as number) >= MIN_LEASE_MS && (v.lease_ms as number) <= MAX_LEASE_MS)) {
        return problem(`lease_ms must be an integer from ${MIN_LEASE_MS} to ${MAX_LEASE_MS}`);
      }
      return { frame: { type: 'claim', request_id: v.request_id, call_control_id: v.call_control_id, lease_ms: v.lease_ms as number } };
    }
    case 'release': {
      const extra = unknownKeys(v, ['type', 'request_id', 'call_control_id']);
      if (extra) return problem(extra);
      if (!isId(v.request_id)) return problem('request_id must be a non-empty string');
      if (!isId(v.call_control_id)) return problem('call_control_id must be a non-empty string');
      return { frame: { type: 'release', request_id: v.request_id, call_control_id: v.call_control_id } };
    }
    case 'offer_reply': {
      const extra = unknownKeys(v, ['type', 'offer_id', 'accept', 'agent_leg']);
      if (extra) return problem(extra);
      if (!isId(v.offer_id)) return problem('offer_id must be a non-empty string');
      if (typeof v.accept !== 'boolean') return problem('accept must be a boolean');
      if (!(v.agent_leg === undefined || isId(v.agent_leg))) return problem('agent_leg must be a non-empty string');
      return { frame: { type: 'offer_reply', offer_id: v.offer_id, accept: v.accept, ...(v.agent_leg !== undefined ? { agent_leg: v.agent_leg as string } : {}) } };
    }
    case 'transfer_offer_cancel': {
      const extra = unknownKeys(v, ['type', 'offer_id', 'call_control_id']);
      if (extra) return problem(extra);
      if (!isId(v.offer_id)) return problem('offer_id must be a non-empty string');
      if (!isId(v.call_control_id)) return problem('call_control_id must be a non-empty string');
      return { frame: { type: 'transfer_offer_cancel', offer_id: v.offer_id, call_control_id: v.call_control_id } };
    }
    case 'transfer_offer': {
      const extra = unknownKeys(v, ['type', 'request_id', 'to_agent', 'call_control_id', 'conference_id', 'kind', 'from', 'note']);
      if (extra) return problem(extra);
      if (!isId(v.request_id)) return problem('request_id must be a non-empty string');
      for (const field of ['to_agent', 'call_control_id', 'conference_id'] as const) if (!isId(v[field])) return problem(`${field} must be a non-empty string`);
      if (!TRANSFER_OFFER_KINDS.includes(v.kind as TransferOfferKind)) return problem(`kind must be one of ${TRANSFER_OFFER_KINDS.join(', ')}`);
      if (!(typeof v.from === 'string' && v.from.length <= MAX_ID)) return problem('from must be a string (≤ 256)');
      if (!(typeof v.note === 'string' && v.note.length <= MAX_TRANSFER_NOTE)) return problem(`note must be a string (≤ ${MAX_TRANSFER_NOTE})`);
      return {
        frame: {
          type: 'transfer_offer', request_id: v.request_id as string, to_agent: v.to_agent as string, call_control_id: v.call_control_id as string,
          conference_id: v.conference_id as string, kind: v.kind as TransferOfferKind, from: v.from, note: v.note,
        },
      };
    }
    default:
      return problem('unknown frame type');
  }
}

function isId(value: unknown): value is string {
  return typeof value === 'string' && value.length > 0 && value.length <= MAX_ID;
}

function unknownKeys(value: Record<string, unknown>, allowed: string[]): string | undefined {
  const extra = Object.keys(value).filter((k) => !allowed.includes(k));
  return extra.length ? `unknown field${extra.length > 1 ? 's' : ''}: ${extra.join(', ')}` : undefined;
}
