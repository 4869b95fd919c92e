// Simulated time: every duration the simulator waits (ringing, playback, patience, talk time)
// goes through here, multiplied by `timeScale`, and every pending timer is cancelled on close.

export interface TimerHandle {
  cancel(): void;
}

const MAX_TIMEOUT_MS = 2_147_483_647;

export class SimClock {
  private readonly pending = new Set<NodeJS.Timeout>();
  private closed = false;

  constructor(readonly timeScale: number) {}

  /** Runs `fn` after `simulatedSecs` of simulated time (real time = simulatedSecs × timeScale). */
  afterSecs(simulatedSecs: number, fn: () => void): TimerHandle {
    return this.afterRealMs(simulatedSecs * 1000 * this.timeScale, fn);
  }

  afterRealMs(ms: number, fn: () => void): TimerHandle {
    // Infinite waits never fire (setTimeout would treat them as 1 ms).
    if (this.closed || !Number.isFinite(ms)) return { cancel() {} };
    if (ms > MAX_TIMEOUT_MS) {
      // Node timers overflow past ~24.8 days; wait in steps.
      let inner: TimerHandle = this.afterRealMs(MAX_TIMEOUT_MS, () => {
        inner = this.afterRealMs(ms - MAX_TIMEOUT_MS, fn);
      });
      return { cancel: () => inner.cancel() };
    }
    const timer = setTimeout(() => {
      this.pending.delete(timer);
      fn();
    }, Math.max(0, ms));
    this.pending.add(timer);
    return {
      cancel: () => {
        clearTimeout(timer);
        this.pending.delete(timer);
      },
    };
  }

  close(): void {
    this.closed = true;
    for (const timer of this.pending) clearTimeout(timer);
    this.pending.clear();
  }
}
