/**
 * What the store keeps about the transfer of the console's call, and the phase it shows. The
 * record holds only what the agent asked for (`intent`) and what Telnyx reported that cannot be
 * read back elsewhere (the target joined once; how its leg ended). Everything else the phase
 * depends on is read from the truth the store already has: the target leg in the call
 * directory (call.* webhooks), the caller's `onHold` (re-read participants).
 */
import type { Conference, TransferDestination, TransferKind, TransferPhase, TransferState } from '../../contract';
import type { CallDirectory } from './call-directory';

export interface TransferRecord {
  id: string;
  kind: TransferKind;
  conferenceId: string;
  callerCallControlId: string;
  destination: TransferDestination;
  startedAt: string;
  targetCallControlId?: string;
  /**
   * What the agent asked for last. `consult`: join the target and talk; `three-way`: the caller
   * too; `complete`: leave caller and target together (a blind transfer starts with it, so the
   * console completes as soon as the target joined); `cancel`: hang the target up.
   */
  intent: 'consult' | 'three-way' | 'complete' | 'cancel';
  /** Telnyx reported the target's leg in the conference (`conference.participant.joined`). */
  targetJoined: boolean;
  /** How the target's leg ended (`call.hangup`), or why a teammate's offer came to nothing (`reason`); final once set. */
  ended?: { phase: Extract<TransferPhase, 'failed' | 'cancelled' | 'target-left'>; hangupCause?: string; sipHangupCause?: string; reason?: string };
  /**
   * A teammate transfer's offer (relay), once the relay made it: rings on the teammate's console
   * until `expiresAt` (this console's clock). Its accept sets `targetCallControlId` to the
   * teammate's own leg, which then joins the conference.
   */
  offer?: { offerId: string; expiresAt: number };
}

/** The published state of a transfer, or nothing when it is not about the console's conference. */
export function transferView(
  record: TransferRecord | undefined,
  conference: Pick<Conference, 'id' | 'participants'> | undefined,
  calls: Pick<CallDirectory, 'get'>,
): TransferState | undefined {
  if (!record || conference?.id !== record.conferenceId) return undefined;
  const { intent: _intent, targetJoined: _joined, ended, offer: _offer, ...rest } = record;
  return {
    ...rest,
    phase: transferPhase(record, conference, calls),
    ...(ended?.hangupCause ? { hangupCause: ended.hangupCause } : {}),
    ...(ended?.sipHangupCause ? { sipHangupCause: ended.sipHangupCause } : {}),
    ...(ended?.reason ? { reason: ended.reason } : {}),
    ...(record.offer && !record.targetCallControlId && !ended ? { offerExpiresAt: record.offer.expiresAt } : {}),
  };
}

export function transferPhase(record: TransferRecord, conference: Pick<Conference, 'participants'>, calls: Pick<CallDirectory, 'get'>): TransferPhase {
  if (record.ended) return record.ended.phase;
  // To a queue there is one step (enqueue the caller); the agent leaves once Telnyx moved it.
  if (record.destination.type === 'queue') return 'completing';
  const target = record.targetCallControlId;
  // A teammate is offered the caller (its console rings) until it accepts; its own leg then joins.
  if (!target) return record.destination.type === 'teammate' ? 'offering' : 'dialing';
  // Joined per its webhook, or per a participant list read since (a missed webhook).
  if (record.targetJoined || conference.participants.some((p) => p.callControlId === target && p.status === 'joined')) {
    if (record.intent === 'complete') return 'completing';
    const caller = conference.participants.find((p) => p.callControlId === record.callerCallControlId);
    // Three-way only once Telnyx's participant list says the caller is off hold (not while the unhold is pending).
    return caller && !caller.onHold && !caller.pending.includes('onHold') ? 'three-way' : 'consulting';
  }
  if (record.destination.type === 'teammate') return 'answered'; // accepted: its leg (already answered) is joining
  return calls.get(target)?.state === 'answered' ? 'answered' : 'ringing';
}

/** A transfer in a phase where nothing more happens: another one may start. */
export function transferFinished(record: TransferRecord): boolean {
  return record.ended !== undefined;
}
