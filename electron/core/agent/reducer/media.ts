/** Recording and media playback in the console's conference. */
import type { RecordingState } from '../../../contract';
import type { AgentModel } from '../model';
import type { TelnyxEventOf } from '../telnyx-event';
import { updateConference } from './shared';

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

/** The recording is saved: the conference's recording is off. Its links go to call history (core/history/recorder.ts). */
export function onRecordingSaved(m: AgentModel, p: TelnyxEventOf<'conference.recording.saved'>['payload']): AgentModel {
  return updateConference(m, p.conference_id, (c) =>
    c.recording.state === 'stopping' || c.recording.state === 'off' ? { ...c, recording: { state: 'off' } } : c,
  );
}
