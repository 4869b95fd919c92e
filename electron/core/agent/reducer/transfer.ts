/**
 * The transfer record (transfer-record.ts) as Telnyx's events move it: the target's leg joined
 * the conference, or hung up (failed before joining, cancelled by the agent, or left after).
 */
import type { TransferRecord } from '../transfer-record';
import type { AgentModel } from '../model';
import type { TelnyxEvent } from '../telnyx-event';

export function beginTransfer(m: AgentModel, record: TransferRecord): AgentModel {
  return { ...m, transfer: record };
}

/** Only the transfer named `id` changes: a late step of an older transfer never touches a newer one. */
export function updateTransfer(m: AgentModel, id: string, change: (t: TransferRecord) => TransferRecord): AgentModel {
  return m.transfer?.id === id ? { ...m, transfer: change(m.transfer) } : m;
}

/** The transfer is over for this console (the agent left the call, or it was never started). */
export function clearTransfer(m: AgentModel): AgentModel {
  if (!m.transfer) return m;
  const { transfer: _t, ...rest } = m;
  return rest;
}

/** Telnyx gave the target leg's id; its webhooks may have come first, so the directory is read. */
export function setTransferTarget(m: AgentModel, id: string, callControlId: string): AgentModel {
  const next = updateTransfer(m, id, (t) => ({ ...t, targetCallControlId: callControlId }));
  const known = m.calls.get(callControlId);
  return known?.state === 'hangup' ? targetHungUp(next, callControlId, known.hangupCause, known.sipHangupCause) : next;
}

export function setTransferIntent(m: AgentModel, id: string, intent: TransferRecord['intent']): AgentModel {
  return updateTransfer(m, id, (t) => (t.ended ? t : { ...t, intent }));
}

function targetHungUp(m: AgentModel, ccid: string, hangupCause: string | undefined, sipHangupCause: string | undefined): AgentModel {
  const t = m.transfer;
  if (!t || t.targetCallControlId !== ccid || t.ended) return m;
  const phase = t.intent === 'cancel' ? 'cancelled' : t.targetJoined ? 'target-left' : 'failed';
  return { ...m, transfer: { ...t, ended: { phase, ...(hangupCause ? { hangupCause } : {}), ...(sipHangupCause ? { sipHangupCause } : {}) } } };
}

/** The relay made the teammate transfer's offer: it rings on the teammate's console until `expiresAt`. */
export function setTransferOffer(m: AgentModel, id: string, offer: { offerId: string; expiresAt: number }): AgentModel {
  return updateTransfer(m, id, (t) => ({ ...t, offer }));
}

/**
 * How the teammate answered the transfer's offer (the relay's `transfer_offer_ended`): accepted →
 * its own leg is the target (it may have joined already: the webhook can come first); anything
 * else → the transfer failed with `reason` (cancelled, when the agent had withdrawn it).
 */
export function teammateAnswered(m: AgentModel, offerId: string, answer: { agentLeg: string } | { reason: string }): AgentModel {
  const t = m.transfer;
  if (!t || t.offer?.offerId !== offerId || t.ended || t.targetCallControlId) return m;
  if ('agentLeg' in answer) {
    const joined = m.conference?.id === t.conferenceId && m.conference.participants.some((p) => p.callControlId === answer.agentLeg && p.status === 'joined');
    return { ...m, transfer: { ...t, targetCallControlId: answer.agentLeg, targetJoined: t.targetJoined || joined } };
  }
  return { ...m, transfer: { ...t, ended: { phase: t.intent === 'cancel' ? 'cancelled' : 'failed', reason: answer.reason } } };
}

/** The teammate's offer came to nothing the relay reported (no answer from the relay, the teammate never joined). */
export function teammateFailed(m: AgentModel, id: string, reason: string): AgentModel {
  return updateTransfer(m, id, (t) => (t.ended ? t : { ...t, ended: { phase: t.intent === 'cancel' ? 'cancelled' : t.targetJoined ? 'target-left' : 'failed', reason } }));
}

/** Applied after every event's own reduction (reducer/events.ts). */
export function trackTransfer(m: AgentModel, ev: TelnyxEvent): AgentModel {
  const t = m.transfer;
  if (!t || !ev.known) return m;
  // The agent's call is over (left, ended, hung up): its transfer goes with it.
  if (m.conference?.id !== t.conferenceId) return clearTransfer(m);
  switch (ev.eventType) {
    case 'call.hangup':
      return targetHungUp(m, ev.payload.call_control_id, ev.payload.hangup_cause, ev.payload.sip_hangup_cause);
    case 'conference.participant.joined':
      if (ev.payload.call_control_id !== t.targetCallControlId || ev.payload.conference_id !== t.conferenceId) return m;
      return { ...m, transfer: { ...t, targetJoined: true } };
    case 'conference.participant.left':
      // A teammate's leg is never hung up by a transfer: it leaves the conference (cancel) or the teammate hangs up there.
      if (t.destination.type !== 'teammate' || ev.payload.call_control_id !== t.targetCallControlId || t.ended) return m;
      return { ...m, transfer: { ...t, ended: { phase: t.intent === 'cancel' ? 'cancelled' : 'target-left' } } };
    default:
      return m;
  }
}
