/**
 * The harness's core clock: the system's time plus an offset that tests move forward
 * (`POST /harness/control/clock/advance`). Timers still fire on their own at their time; an
 * advance fires every timer it jumps over, in order. So an e2e test reaches the end of a
 * 60-second wrap-up by advancing, not by waiting.
 */
import type { CoreClock } from '../../electron/core/clock';

interface Timer {
  at: number;
  fn: () => void;
  handle: NodeJS.Timeout;
}

export interface AdjustableClock extends CoreClock {
  /** Moves core's time forward by `ms`, running each timer that falls due. */
  advance(ms: number): void;
}

export function createAdjustableClock(): AdjustableClock {
  let offset = 0;
  const timers = new Set<Timer>();
  const now = () => Date.now() + offset;
  const fire = (t: Timer) => {
    if (!timers.delete(t)) return;
    clearTimeout(t.handle);
    t.fn();
  };
  const arm = (t: Timer) => {
    t.handle = setTimeout(() => fire(t), Math.min(Math.max(0, t.at - now()), 2 ** 31 - 1));
    t.handle.unref();
  };
  return {
    now,
    schedule(fn, delayMs) {
      const t: Timer = { at: now() + delayMs, fn, handle: undefined as unknown as NodeJS.Timeout };
      timers.add(t);
      arm(t);
      return () => {
        timers.delete(t);
        clearTimeout(t.handle);
      };
    },
    advance(ms) {
      offset += ms;
      for (;;) {
        const due = [...timers].filter((t) => t.at <= now()).sort((a, b) => a.at - b.at)[0];
        if (!due) break;
        fire(due);
      }
      // The rest are due sooner in wall-clock terms now.
      for (const t of timers) {
        clearTimeout(t.handle);
        arm(t);
      }
    },
  };
}
