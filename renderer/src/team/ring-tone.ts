/**
 * An offer rings like any other call: on the agent's ringer device, through the one ringer
 * (softphone/ringer.ts), which keeps ringing while any reason (an invite, an offer) is active.
 */
import { useEffect } from 'react';
import { ring, stopRing } from '../softphone/ringer';

/** Rings while `ringing` is true. */
export function useRingTone(ringing: boolean): void {
  useEffect(() => {
    if (!ringing) return;
    ring('offer');
    return () => stopRing('offer');
  }, [ringing]);
}
