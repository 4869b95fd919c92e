/** Recording and media playback in the console's conference. */
import type { RecordingState } from '../../../contract';
import type { AgentModel } from '../model';
import type { TelnyxEventOf } from '../telnyx-event';
import { updateConference, updateHistory } from './shared';

/**
 * Recording state machine: off → starting → recording ⇄ paused → stopping → off. A command sets
 * the in-between state (pending) and its outcome settles or rolls it back.
 */
export const recordingTransitions: Record<'start' | 'pause' | 'resume' | 'stop', { from: RecordingState[]; during: RecordingState; to: RecordingState }> = {
  start: { from: ['off'], during: 'starting', to: 'recording' },
  pause: { from: ['recording'], during: 'recording', to: 'paused' },
  resume: { from: ['paused'], during: 'paused', to: 'recording' },
  stop: { from: ['recording', 'paused'], during: 'stopping', to: 'off' },
};

export function setRecording(m: AgentModel, conferenceId: string, state: RecordingState, opts: { pending?: boolean; startedAt?: string } = {}): AgentModel {
  return updateConference(m, conferenceId, (c) => {
    const startedAt = state === 'off' ? undefined : opts.startedAt ?? c.recording.startedAt;
    return { ...c, recording: { state, ...(startedAt ? { startedAt } : {}), ...(opts.pending ? { pending: true } : {}) } };
  });
}

export function setMedia(m: AgentModel, conferenceId: string, patch: { playing?: boolean; speaking?: boolean; mediaUrl?: string | undefined }): AgentModel {
  return updateConference(m, conferenceId, (c) => {
    const media = { ...c.media };
    if (patch.playing !== undefined) media.playing = patch.playing;
    if (patch.speaking !== undefined) media.speaking = patch.speaking;
    if (patch.playing === false) delete media.mediaUrl;
    if (patch.mediaUrl) media.mediaUrl = patch.mediaUrl;
    return { ...c, media };
  });
}

export function onRecordingSaved(m: AgentModel, p: TelnyxEventOf<'conference.recording.saved'>['payload'], at: string): AgentModel {
  const conferenceId = p.conference_id;
  const { wav, mp3 } = p.recording_urls ?? p.public_recording_urls ?? {};
  const recordingId = p.recording_id ?? `${conferenceId}-${at}`;
  let next = updateHistory(m, conferenceId, (h) =>
    h.recordings.some((r) => r.recordingId === recordingId)
      ? h
      : { ...h, recordings: [...h.recordings, { recordingId, ...(wav ? { wav } : {}), ...(mp3 ? { mp3 } : {}), savedAt: at }] },
  );
  next = updateConference(next, conferenceId, (c) =>
    c.recording.state === 'stopping' || c.recording.state === 'off' ? { ...c, recording: { state: 'off' } } : c,
  );
  return next;
}
