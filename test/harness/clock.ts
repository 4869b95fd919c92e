/**
 * The harness's core clock: the system's time plus an offset that tests move forward
 * (`POST /harness/control/clock/advance`), or frozen (`POST /harness/control/clock/freeze`) so
 * that only the test moves it. Running, a timer fires on its own at its time; an advance fires
 * every timer it jumps over, in order. So an e2e test reaches the end of a 60-second wrap-up by
 * advancing, not by waiting, and a frozen clock lets it stop one second short of it.
 */
import type { CoreClock } from '../../electron/core/clock';

interface Timer {
  at: number;
  fn: () => void;
  handle?: NodeJS.Timeout;
}

export interface AdjustableClock extends CoreClock {
  /** Moves core's time forward by `ms`, running each timer that falls due. */
  advance(ms: number): void;
  /** From now on core's time moves only with `advance`. */
  freeze(): void;
}

export function createAdjustableClock(): AdjustableClock {
  let offset = 0;
  let frozenAt: number | undefined;
  const timers = new Set<Timer>();
  const now = () => frozenAt ?? Date.now() + offset;
  const fire = (t: Timer) => {
    if (!timers.delete(t)) return;
    clearTimeout(t.handle);
    t.fn();
  };
  const arm = (t: Timer) => {
    clearTimeout(t.handle);
    t.handle = undefined;
    if (frozenAt !== undefined) return;
    t.handle = setTimeout(() => fire(t), Math.min(Math.max(0, t.at - now()), 2 ** 31 - 1));
    t.handle.unref();
  };
  return {
    now,
    schedule(fn, delayMs) {
      const t: Timer = { at: now() + delayMs, fn };
      timers.add(t);
      arm(t);
      return () => {
        timers.delete(t);
        clearTimeout(t.handle);
      };
    },
    advance(ms) {
      if (frozenAt !== undefined) frozenAt += ms;
      else offset += ms;
      for (;;) {
        const due = [...timers].filter((t) => t.at <= now()).sort((a, b) => a.at - b.at)[0];
        if (!due) break;
        fire(due);
      }
      // The rest are due sooner in wall-clock terms now.
      for (const t of timers) arm(t);
    },
    freeze() {
      frozenAt = now();
      for (const t of timers) arm(t);
    },
  };
}
