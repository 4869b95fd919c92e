/** The softphone as the console's components see it (useSoftphone.ts makes it). */
import type { DeviceRole } from './devices';
import type { MuteView } from './mute';
import type { AudioDevices } from './useAudioDevices';
import type { SoftphoneView } from './softphone-client';

export interface Softphone {
  /** The softphone is this console's endpoint (softphone mode, configured). */
  enabled: boolean;
  view: SoftphoneView;
  mute: MuteView;
  /** The agent pressed Mute: the microphone goes off now when muting; Call Control follows. */
  requestMute(muted: boolean): void;
  answerOther(accept: boolean): void;
  /** The devices plugged in, the one each role uses, and notices for a remembered one that is missing. */
  devices: AudioDevices;
  /** Remember a device for a role by its label ('' = system default); applied live. */
  chooseDevice(role: DeviceRole, label: string): void;
}
