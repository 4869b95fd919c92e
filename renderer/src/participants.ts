import type { Conference, Participant } from '../../electron/contract';

/**
 * The console's own participant, as core published it (`conference.me`): the same leg the mute
 * shortcut acts on, so the Mute button and Ctrl+Shift+M never disagree.
 */
export function myParticipant(conference: Conference): Participant | undefined {
  return conference.me === undefined ? undefined : conference.participants.find((p) => p.callControlId === conference.me);
}
