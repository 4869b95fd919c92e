/**
 * The relay's team frames as the desktop reads them (protocol: relay/src/protocol.ts): presence,
 * KPIs, claim answers, offers, refused client frames. Each shape is checked field by field; a
 * frame that does not fit is dropped (undefined), never guessed at.
 */
import type {
  AgentPresence,
  ClaimResultFrame,
  ErrorFrame,
  KpisFrame,
  OfferEndedFrame,
  OfferFrame,
  OfferTransfer,
  PresenceFrame,
  TransferOfferEndedFrame,
  TransferOfferResultFrame,
} from '@switchboard/relay/protocol';

export type TeamFrame = PresenceFrame | KpisFrame | ClaimResultFrame | ErrorFrame | OfferFrame | OfferEndedFrame | TransferOfferResultFrame | TransferOfferEndedFrame;

type Obj = Record<string, unknown>;

const str = (v: unknown): v is string => typeof v === 'string' && v.length > 0;
const num = (v: unknown): v is number => typeof v === 'number' && Number.isFinite(v);
const numOrNull = (v: unknown): v is number | null => v === null || num(v);
const strOrNull = (v: unknown): v is string | null => v === null || str(v);
const isObj = (v: unknown): v is Obj => typeof v === 'object' && v !== null && !Array.isArray(v);
const strings = (v: unknown): v is string[] => Array.isArray(v) && v.every(str);

const PRESENCE_STATES = ['available', 'on_call', 'wrap_up', 'away', 'offline'];
const CLAIM_OUTCOMES = ['granted', 'taken', 'released', 'refused'];
const OFFER_OUTCOMES = ['accepted', 'declined', 'timeout', 'caller_gone', 'taken', 'withdrawn'];

/** A parsed JSON value → a team frame, or undefined when it is not one (or not well-formed). */
export function readTeamFrame(v: Obj): TeamFrame | undefined {
  switch (v.type) {
    case 'presence': {
      if (typeof v.snapshot !== 'boolean' || !Array.isArray(v.agents)) return undefined;
      const agents = v.agents.filter(isPresence);
      return { type: 'presence', snapshot: v.snapshot, agents };
    }
    case 'kpis':
      if (!num(v.at) || !Array.isArray(v.queues)) return undefined;
      return {
        type: 'kpis',
        at: v.at,
        queues: v.queues.filter(isKpis) as KpisFrame['queues'],
        agents: (Array.isArray(v.agents) ? v.agents.filter(isAgentKpis) : []) as KpisFrame['agents'],
      };
    case 'claim_result':
      if (!str(v.request_id) || !str(v.call_control_id) || !CLAIM_OUTCOMES.includes(v.outcome as string)) return undefined;
      return {
        type: 'claim_result',
        request_id: v.request_id,
        call_control_id: v.call_control_id,
        outcome: v.outcome as ClaimResultFrame['outcome'],
        ...(str(v.by) ? { by: v.by } : {}),
        ...(num(v.expires_at) ? { expires_at: v.expires_at } : {}),
        ...(str(v.reason) ? { reason: v.reason } : {}),
      };
    case 'error':
      if (!str(v.error)) return undefined;
      return { type: 'error', error: v.error, ...(str(v.request_id) ? { request_id: v.request_id } : {}) };
    case 'offer': {
      // A teammate's transfer may come from a caller of no queue ('').
      const transfer = v.transfer === undefined ? undefined : readOfferTransfer(v.transfer);
      if (v.transfer !== undefined && !transfer) return undefined;
      if (!str(v.offer_id) || !str(v.call_control_id) || typeof v.queue !== 'string' || (!transfer && !v.queue) || typeof v.from !== 'string' || typeof v.to !== 'string') return undefined;
      if (!str(v.enqueued_at) || !num(v.expires_at)) return undefined;
      return {
        type: 'offer',
        offer_id: v.offer_id,
        call_control_id: v.call_control_id,
        queue: v.queue,
        from: v.from,
        to: v.to,
        enqueued_at: v.enqueued_at,
        expires_at: v.expires_at,
        ...(num(v.expires_in_ms) ? { expires_in_ms: v.expires_in_ms } : {}),
        ...(transfer ? { transfer } : {}),
      };
    }
    case 'transfer_offer_result':
      if (!str(v.request_id) || !str(v.to_agent) || !str(v.call_control_id) || (v.outcome !== 'offered' && v.outcome !== 'refused')) return undefined;
      if (v.outcome === 'offered' && !str(v.offer_id)) return undefined;
      return {
        type: 'transfer_offer_result',
        request_id: v.request_id,
        to_agent: v.to_agent,
        call_control_id: v.call_control_id,
        outcome: v.outcome,
        ...(str(v.offer_id) ? { offer_id: v.offer_id } : {}),
        ...(num(v.expires_in_ms) ? { expires_in_ms: v.expires_in_ms } : {}),
        ...(str(v.reason) ? { reason: v.reason } : {}),
      };
    case 'transfer_offer_ended':
      if (!str(v.offer_id) || !str(v.to_agent) || !str(v.call_control_id) || !OFFER_OUTCOMES.includes(v.outcome as string)) return undefined;
      return {
        type: 'transfer_offer_ended',
        offer_id: v.offer_id,
        to_agent: v.to_agent,
        call_control_id: v.call_control_id,
        outcome: v.outcome as OfferEndedFrame['outcome'],
        ...(str(v.agent_leg) ? { agent_leg: v.agent_leg } : {}),
      };
    case 'offer_ended':
      if (!str(v.offer_id) || !str(v.call_control_id) || !OFFER_OUTCOMES.includes(v.outcome as string)) return undefined;
      return {
        type: 'offer_ended',
        offer_id: v.offer_id,
        call_control_id: v.call_control_id,
        outcome: v.outcome as OfferEndedFrame['outcome'],
        ...(str(v.by) ? { by: v.by } : {}),
      };
    default:
      return undefined;
  }
}

function readOfferTransfer(v: unknown): OfferTransfer | undefined {
  if (!isObj(v) || !str(v.from_agent) || !str(v.conference_id) || (v.kind !== 'blind' && v.kind !== 'consult') || typeof v.note !== 'string') return undefined;
  return { from_agent: v.from_agent, conference_id: v.conference_id, kind: v.kind, note: v.note };
}

function isPresence(v: unknown): v is AgentPresence {
  return (
    isObj(v) &&
    str(v.agent_id) &&
    PRESENCE_STATES.includes(v.state as string) &&
    strOrNull(v.reason) &&
    str(v.since) &&
    strOrNull(v.call_control_id) &&
    strOrNull(v.conference_id) &&
    strings(v.queues) &&
    typeof v.softphone_registered === 'boolean' &&
    (v.endpoint === undefined || strOrNull(v.endpoint)) &&
    typeof v.connected === 'boolean'
  );
}

const KPI_WINDOWS = ['15m', 'today'];

function isAgentKpis(v: unknown): boolean {
  return (
    isObj(v) &&
    str(v.agent_id) &&
    KPI_WINDOWS.includes(v.window as string) &&
    num(v.window_secs) &&
    num(v.offered) &&
    num(v.answered) &&
    num(v.declined) &&
    num(v.missed) &&
    numOrNull(v.average_handle_secs)
  );
}

function isKpis(v: unknown): boolean {
  return (
    isObj(v) &&
    str(v.queue) &&
    KPI_WINDOWS.includes(v.window as string) &&
    num(v.window_secs) &&
    num(v.offered) &&
    num(v.answered) &&
    num(v.abandoned) &&
    numOrNull(v.service_level) &&
    num(v.service_level_secs) &&
    numOrNull(v.average_wait_secs) &&
    numOrNull(v.longest_wait_secs) &&
    num(v.waiting) &&
    numOrNull(v.oldest_waiting_since)
  );
}
