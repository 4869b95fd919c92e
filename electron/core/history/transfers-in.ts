/**
 * Calls that reached this agent by a transfer, in history (the note is core/transfer-note.ts):
 * - a caller another agent re-enqueued (the note rides on the caller's leg: `call.enqueued`)
 *   and this agent then took from the queue: the row is marked `transferred-in` with who sent it;
 * - a leg another console dialled to this agent's endpoint (a transfer to an agent): it never is
 *   this console's own conference, so it gets a row of its own, opened when the leg answers and
 *   closed when it hangs up.
 * Notes are remembered per leg from the call.* webhooks that carry them (bounded, oldest first).
 */
import type { AgentModel } from '../agent/model';
import type { TelnyxEvent } from '../agent/telnyx-event';
import { readTransferNote, type TransferNote } from '../transfer-note';
import type { HistoryStore } from './history-store';

const NOTE_LIMIT = 1000;

export interface TransfersIn {
  /** Reads the notes on call.* webhooks; opens and closes the rows of transfers to this agent's endpoint. */
  event(ev: TelnyxEvent, before: AgentModel): boolean;
  /** After a call's row was started: marks it `transferred-in` when its caller came with a note. */
  taken(conferenceId: string, callerCallControlId: string | undefined): boolean;
}

export function createTransfersIn(store: HistoryStore): TransfersIn {
  const notes = new Map<string, TransferNote>();
  const initiatedAt = new Map<string, number>();
  /** Target legs dialled to this agent: leg → the conference they join. */
  const toMe = new Map<string, string>();
  const remember = <V>(map: Map<string, V>, key: string, value: V) => {
    map.delete(key);
    map.set(key, value);
    if (map.size > NOTE_LIMIT) map.delete(map.keys().next().value as string);
  };

  return {
    event(ev, before) {
      if (!ev.known || !ev.eventType.startsWith('call.')) return false;
      const p = ev.payload as { call_control_id: string; client_state?: string; to?: string; from?: string };
      const ccid = p.call_control_id;
      const note = readTransferNote(p.client_state);
      if (note) remember(notes, ccid, note);
      if (ev.eventType === 'call.initiated') remember(initiatedAt, ccid, Date.parse(ev.occurredAt));
      if (ev.eventType === 'call.answered') {
        const known = note ?? notes.get(ccid);
        const myEndpoint = before.agent.endpoint;
        const isMyOwnLeg = before.agent.leg?.callControlId === ccid;
        if (!known?.transfer || !myEndpoint || p.to !== myEndpoint || isMyOwnLeg) return false;
        const answeredAt = Date.parse(ev.occurredAt);
        toMe.set(ccid, known.fromConference);
        return store.startTransferredIn({
          callControlId: ccid,
          conferenceId: known.fromConference,
          number: known.caller ?? '',
          from: known.transferredBy,
          startedAt: Math.min(initiatedAt.get(ccid) ?? answeredAt, answeredAt),
          answeredAt,
        });
      }
      if (ev.eventType === 'call.hangup') {
        const conferenceId = toMe.get(ccid);
        if (conferenceId === undefined) return false;
        toMe.delete(ccid);
        return store.endCall(conferenceId, Date.parse(ev.occurredAt), 0);
      }
      return false;
    },
    taken(conferenceId, caller) {
      const note = caller ? notes.get(caller) : undefined;
      if (!note) return false;
      const row = store.byConferenceId(conferenceId);
      if (!row || row.transfer?.from !== undefined || row.outcome !== 'answered') return false;
      return store.markTransfer(conferenceId, { direction: 'in', from: note.transferredBy });
    },
  };
}
