// A clock the test moves by hand (relay/src/clock.ts): timers fire inside advance(), never on their own.
import type { Clock } from '../../relay/src/index';

export class ManualClock implements Clock {
  private timers: Array<{ at: number; fn: () => void; cancelled: boolean }> = [];

  constructor(private current = Date.UTC(2026, 0, 1)) {}

  now(): number {
    return this.current;
  }

  setTimeout(fn: () => void, ms: number): () => void {
    const timer = { at: this.current + ms, fn, cancelled: false };
    this.timers.push(timer);
    return () => (timer.cancelled = true);
  }

  /** Moves time forward, running each due timer in order. */
  advance(ms: number): void {
    const target = this.current + ms;
    for (;;) {
      const due = this.timers.filter((t) => !t.cancelled && t.at <= target).sort((a, b) => a.at - b.at)[0];
      if (!due) break;
      this.current = due.at;
      due.cancelled = true;
      due.fn();
    }
    this.current = target;
    this.timers = this.timers.filter((t) => !t.cancelled);
  }

  /** Core's name for `setTimeout` (electron/core/clock.ts), so this clock serves core and relay alike. */
  schedule(fn: () => void, ms: number): () => void {
    return this.setTimeout(fn, ms);
  }

  pending(): number {
    return this.timers.filter((t) => !t.cancelled).length;
  }
}
