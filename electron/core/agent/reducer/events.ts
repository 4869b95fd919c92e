/** Telnyx events to model changes: one case per event type, each delegating to its domain. */
import type { AgentModel } from '../model';
import type { TelnyxEvent } from '../telnyx-event';
import { onCallAnswered, onCallHangup, rememberCall } from './calls';
import { onConferenceCreated, onConferenceEnded, onParticipantJoined, onParticipantLeft } from './conference';
import { onRecordingSaved, setMedia } from './media';
import { removeQueueCall, upsertQueueCall } from './queue';
import { updateConference } from './shared';
import { trackTransfer } from './transfer';

/** Every change is idempotent, so an event replayed over a REST snapshot that already saw it changes nothing. */
export function reduceEvent(m: AgentModel, ev: TelnyxEvent): AgentModel {
  return trackTransfer(reduceByType(m, ev), ev);
}

function reduceByType(m: AgentModel, ev: TelnyxEvent): AgentModel {
  if (!ev.known) return m;
  switch (ev.eventType) {
    case 'call.initiated': {
      const { call_control_id: ccid, from, to, direction } = ev.payload;
      return rememberCall(m, ccid, { from, to, direction, state: 'initiated' });
    }
    case 'call.answered': {
      const { call_control_id: ccid, from, to } = ev.payload;
      return onCallAnswered(rememberCall(m, ccid, { from, to, state: 'answered' }), ccid, ev.occurredAt);
    }
    case 'call.hangup': {
      const { call_control_id: ccid, hangup_cause: hangupCause, sip_hangup_cause: sip } = ev.payload;
      const sipHangupCause = typeof sip === 'string' && sip !== '' ? sip : undefined;
      return onCallHangup(rememberCall(m, ccid, { state: 'hangup', hangupCause, sipHangupCause }), ccid, ev.occurredAt);
    }
    case 'call.enqueued': {
      const { call_control_id: ccid, queue, current_position, from, to } = ev.payload;
      const info = m.calls.get(ccid);
      return upsertQueueCall(m, queue, {
        callControlId: ccid,
        queue,
        position: current_position ?? Number.MAX_SAFE_INTEGER,
        from: info?.from ?? from ?? '',
        to: info?.to ?? to ?? '',
        enqueuedAt: ev.occurredAt,
        isAlive: true,
      });
    }
    case 'call.dequeued':
      return removeQueueCall(m, ev.payload.call_control_id);
    case 'conference.created':
      return onConferenceCreated(m, ev.payload.conference_id, ev.payload.name, ev.occurredAt);
    case 'conference.ended':
      return onConferenceEnded(m, ev.payload.conference_id, ev.occurredAt);
    case 'conference.participant.joined':
      return onParticipantJoined(m, ev.payload.conference_id, ev.payload.call_control_id);
    case 'conference.participant.left':
      return onParticipantLeft(m, ev.payload.conference_id, ev.payload.call_control_id, ev.occurredAt);
    case 'conference.floor.changed': {
      const { conference_id: conferenceId, call_control_id: speaker } = ev.payload;
      return updateConference(m, conferenceId, (c) => ({
        ...c,
        ...(speaker ? { floorCallControlId: speaker } : {}),
        participants: c.participants.map((x) => (x.speaking === (x.callControlId === speaker) ? x : { ...x, speaking: x.callControlId === speaker })),
      }));
    }
    case 'conference.playback.started':
    case 'conference.participant.playback.started':
      return setMedia(m, ev.payload.conference_id, { playing: true, mediaUrl: ev.payload.media_url });
    case 'conference.playback.ended':
    case 'conference.participant.playback.ended':
      return setMedia(m, ev.payload.conference_id, { playing: false });
    case 'conference.speak.started':
    case 'conference.participant.speak.started':
      return setMedia(m, ev.payload.conference_id, { speaking: true });
    case 'conference.speak.ended':
    case 'conference.participant.speak.ended':
      return setMedia(m, ev.payload.conference_id, { speaking: false });
    case 'conference.recording.saved':
      return onRecordingSaved(m, ev.payload);
    default:
      return m;
  }
}
