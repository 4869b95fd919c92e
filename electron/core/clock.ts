/**
 * Core's clock: the wrap-up timer and the `since` of the agent's state read it. Hosts pass the
 * system clock; tests pass one they move by hand (test/support/manual-clock.ts, the harness's
 * adjustable clock), so no test waits on wall-clock time for a timer.
 */
export interface CoreClock {
  now(): number;
  /** Runs `fn` after `delayMs`; returns a function that cancels it. */
  schedule(fn: () => void, delayMs: number): () => void;
}

export const systemClock: CoreClock = {
  now: () => Date.now(),
  schedule(fn, delayMs) {
    const timer = setTimeout(fn, Math.min(Math.max(0, delayMs), 2 ** 31 - 1));
    timer.unref?.();
    return () => clearTimeout(timer);
  },
};

export const isoAt = (ms: number): string => new Date(ms).toISOString();
