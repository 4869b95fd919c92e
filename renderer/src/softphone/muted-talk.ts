/**
 * "You are talking while muted": the raw microphone level (mic-monitor.ts, read even while the
 * call's track is off) is loud while the agent is muted. Hysteresis in samples, not time, so the
 * notice neither flickers between words nor lingers: it appears after a few loud samples and
 * goes after a longer quiet stretch; unmuting clears it at once.
 */
export const TALKING_LEVEL = 0.05;
export const QUIET_LEVEL = 0.02;
/** Loud samples in a row before the notice shows (at the monitor's 100 ms: 0.3 s of speech). */
export const TALKING_SAMPLES = 3;
/** Quiet samples in a row before it goes (1.5 s: a pause between sentences keeps it up). */
export const QUIET_SAMPLES = 15;

export interface MutedTalkState {
  showing: boolean;
  loud: number;
  quiet: number;
}

export const mutedTalkIdle: MutedTalkState = { showing: false, loud: 0, quiet: 0 };

export function nextMutedTalk(state: MutedTalkState, sample: { level: number; muted: boolean }): MutedTalkState {
  if (!sample.muted) return mutedTalkIdle;
  const loud = sample.level >= TALKING_LEVEL ? state.loud + 1 : 0;
  const quiet = sample.level < QUIET_LEVEL ? state.quiet + 1 : 0;
  if (!state.showing) return { showing: loud >= TALKING_SAMPLES, loud, quiet: 0 };
  return quiet >= QUIET_SAMPLES ? mutedTalkIdle : { showing: true, loud, quiet };
}
