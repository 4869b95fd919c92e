/** The softphone as the console's components see it (useSoftphone.ts makes it). */
import type { MuteView } from './mute';
import type { SoftphoneView } from './softphone-client';

export interface Softphone {
  /** The softphone is this console's endpoint (softphone mode, configured). */
  enabled: boolean;
  view: SoftphoneView;
  mute: MuteView;
  /** The agent pressed Mute: the microphone goes off now when muting; Call Control follows. */
  requestMute(muted: boolean): void;
  answerOther(accept: boolean): void;
}
