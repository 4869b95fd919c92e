/** Outbound calls in the model: the call being dialled, a tel:/callto: link awaiting confirmation, missed callers. */
import { MISSED_CALLS_LIMIT, type DialingCall, type DialLinkRequest, type MissedCall } from '../../../contract';
import type { AgentModel } from '../model';
import { findQueueCall } from './queue';

/**
 * `call.dequeued`: a caller who hung up while waiting in a watched queue (reason `hangup`) is a
 * missed caller; runs before the reducer removes them from the queue, so their number is still known.
 */
export function onDequeued(m: AgentModel, ccid: string, queue: string | undefined, reason: string | undefined, at: string, waitSecs: unknown): AgentModel {
  if (reason !== 'hangup' || !queue || !m.queues.some((q) => q.name === queue)) return m;
  if (m.outbound.missed.some((x) => x.callControlId === ccid)) return m;
  const from = findQueueCall(m, ccid)?.from || m.calls.get(ccid)?.from;
  if (!from) return m;
  const missed: MissedCall = { callControlId: ccid, from, queue, at, ...(typeof waitSecs === 'number' ? { waitSecs } : {}) };
  return { ...m, outbound: { ...m.outbound, missed: [missed, ...m.outbound.missed].slice(0, MISSED_CALLS_LIMIT) } };
}

export function removeMissed(m: AgentModel, ccid: string): AgentModel {
  if (!m.outbound.missed.some((x) => x.callControlId === ccid)) return m;
  return { ...m, outbound: { ...m.outbound, missed: m.outbound.missed.filter((x) => x.callControlId !== ccid) } };
}

/** A newer link replaces one still waiting: the agent clicked again. */
export function setLinkRequest(m: AgentModel, request: DialLinkRequest | undefined): AgentModel {
  const { linkRequest: _old, ...rest } = m.outbound;
  return { ...m, outbound: request ? { ...rest, linkRequest: request } : rest };
}

export function setDialing(m: AgentModel, dialing: DialingCall | undefined): AgentModel {
  const { dialing: _old, ...rest } = m.outbound;
  return { ...m, outbound: dialing ? { ...rest, dialing } : rest };
}
