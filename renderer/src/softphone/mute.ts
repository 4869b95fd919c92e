/**
 * Mute that is true at the audio level. Two truths must agree: the local microphone track
 * (what actually leaves this machine) and the agent's participant in the conference (what
 * Telnyx and supervisors see). Privacy first: whenever either side says muted, or the agent
 * asked for mute, the local track goes off at once; Call Control is then brought in line.
 */
export interface MuteInputs {
  /** The local track is disabled. */
  localMuted: boolean;
  /** Telnyx's participant `muted` (undefined when not in a conference). */
  remoteMuted: boolean | undefined;
  /** A mute/unmute through Call Control is in flight. */
  remotePending: boolean;
  /** What the agent last asked for in this call (undefined: nothing yet). */
  wanted: boolean | undefined;
  /**
   * Call Control has answered the agent's request (its pending came and went). Until then the
   * command is still on its way (button, in-app shortcut): asking again could toggle it back.
   */
  answered: boolean;
}

export type MuteRepair = 'mute-local' | 'unmute-local' | 'mute-remote' | 'unmute-remote';

export interface MuteView {
  /** `aria-pressed` of the Mute control: only when both hold. */
  pressed: boolean;
  /** The two truths disagree and nothing is in flight to settle it. */
  mismatch: boolean;
  repairs: MuteRepair[];
}

export function reconcileMute({ localMuted, remoteMuted, remotePending, wanted, answered }: MuteInputs): MuteView {
  if (remoteMuted === undefined) {
    // Not in a conference: only the local side exists; follow the agent's wish.
    const want = wanted ?? localMuted;
    return { pressed: want && localMuted, mismatch: false, repairs: want === localMuted ? [] : [want ? 'mute-local' : 'unmute-local'] };
  }
  const pressed = localMuted && remoteMuted;
  if (remotePending) {
    // In flight: the microphone is off if anyone wants it off; unmuting waits for Telnyx's answer.
    return { pressed, mismatch: false, repairs: (wanted || remoteMuted) && !localMuted ? ['mute-local'] : [] };
  }
  const want = wanted ?? remoteMuted;
  const repairs: MuteRepair[] = [];
  if (want || remoteMuted) {
    if (!localMuted) repairs.push('mute-local');
    if (want && !remoteMuted && answered) repairs.push('mute-remote');
    // Telnyx says muted (e.g. a supervisor muted us) while the agent asked to talk: ask again, stay silent meanwhile.
    if (!want && remoteMuted && answered) repairs.push('unmute-remote');
  } else if (localMuted) {
    repairs.push('unmute-local');
  }
  return { pressed, mismatch: localMuted !== remoteMuted, repairs };
}
