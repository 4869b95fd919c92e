// Time in the simulator: every time the telephony world reads (`occurred_at`, start/end times,
// waits, credential expiry) or waits for (ringing, patience, talk time, playback, keep-alive pings)
// goes through one SimClock, and every pending timer is cancelled on close. Two modes:
//   real (default): now() is the wall clock; a simulated duration lasts `timeScale` × as long.
//   manual (tests): now() starts at `startAt` and moves only with advance()/advanceTo(), which fire
//     each due timer in time order, each seeing now() = its due time — a scripted day gives exact
//     numbers, with no timer jitter and no waiting.
// Transport stays on real time in both modes, because the far ends judge it by their own wall
// clocks: webhook retry backoff and signature timestamps (webhooks.ts), ICE gathering and 20 ms
// audio pacing (rtc/peer.ts, rtc/mixer.ts).

export interface TimerHandle {
  cancel(): void;
}

/** The simulator's time as startSimulator hands it out (`sim.clock`, and the HTTP control in clock-control.ts). */
export interface SimulatorClock {
  readonly mode: 'real' | 'manual';
  /** The simulator's current time, epoch ms (what `occurred_at` and waits are measured in). */
  now(): number;
  /**
   * Manual clock only: moves time forward, firing every due timer (ringing, patience, talk time,
   * playback…) in time order, each at its own instant; resolves once time has moved and every
   * webhook up to then has been delivered (when a webhook URL is set). Advances run one at a time.
   */
  advance(ms: number): Promise<void>;
  /** Manual clock only: as advance, up to the instant `at` (epoch ms or ISO; never back in time). */
  advanceTo(at: number | string): Promise<void>;
}

const MAX_TIMEOUT_MS = 2_147_483_647;

interface ManualTimer {
  at: number;
  /** Creation order: timers due at the same instant fire in the order they were set. */
  seq: number;
  fn: () => void;
  cancelled: boolean;
}

export class SimClock {
  private readonly pending = new Set<NodeJS.Timeout>();
  private closed = false;
  /** Manual mode: the driven time (undefined = real mode) and the timers waiting for it. */
  private manualNow: number | undefined;
  private manualTimers: ManualTimer[] = [];
  private nextSeq = 0;
  /** Advances run one after another (two HTTP controls may overlap). */
  private advancing: Promise<void> = Promise.resolve();
  /** Manual mode: awaited after each timer an advance fires (index.ts: until its webhooks are delivered). */
  private settle: () => Promise<void> = () => Promise.resolve();

  /**
   * `timeScale` multiplies simulated durations in real mode; with `startAt` (epoch ms) the clock is
   * manual, and a simulated second is a second of driven time (timeScale must then be 1).
   */
  constructor(readonly timeScale: number, startAt?: number) {
    if (startAt !== undefined) {
      if (!Number.isFinite(startAt)) throw new Error('a manual clock needs a finite start time');
      if (timeScale !== 1) throw new Error('a manual clock runs simulated time as is: timeScale must be 1');
      this.manualNow = startAt;
    }
  }

  get manual(): boolean {
    return this.manualNow !== undefined;
  }

  /** The current time, epoch ms: the one way the simulator reads the time. */
  now(): number {
    return this.manualNow ?? Date.now();
  }

  /** now() as a Date (timestamps of resources and webhooks). */
  date(): Date {
    return new Date(this.now());
  }

  /** Runs `fn` after `simulatedSecs` of simulated time (real time = simulatedSecs × timeScale). */
  afterSecs(simulatedSecs: number, fn: () => void): TimerHandle {
    return this.afterRealMs(simulatedSecs * 1000 * this.timeScale, fn);
  }

  /** Runs `fn` after `ms` of this clock's time, unscaled (wall-clock ms in real mode). */
  afterRealMs(ms: number, fn: () => void): TimerHandle {
    // Infinite waits never fire (setTimeout would treat them as 1 ms).
    if (this.closed || !Number.isFinite(ms)) return { cancel() {} };
    if (this.manualNow !== undefined) return this.manualTimer(this.manualNow + Math.max(0, ms), fn);
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

  /** Manual mode: what to await after each fired timer before the next (set once by startSimulator). */
  onSettle(settle: () => Promise<void>): void {
    this.settle = settle;
  }

  /** Manual mode: moves time forward by `ms` (see advanceTo). */
  advance(ms: number): Promise<void> {
    if (!(ms >= 0) || !Number.isFinite(ms)) return Promise.reject(new Error('advance needs a finite number of ms >= 0'));
    // Read the target when this advance's turn comes, after any advance already under way.
    return this.serially(() => this.run(this.now() + ms));
  }

  /**
   * Manual mode: moves time to `at` (epoch ms, not in the past), firing every timer due by then in
   * time order, each with now() = its due time (timers it sets fire too if due by `at`), awaiting
   * the settle hook after each; resolves once time is `at` and the last one has settled.
   */
  advanceTo(at: number): Promise<void> {
    if (!Number.isFinite(at)) return Promise.reject(new Error('advanceTo needs a finite time'));
    return this.serially(() => this.run(at));
  }

  /** Manual mode: timers set and not yet fired or cancelled. */
  pendingTimers(): number {
    return this.manualTimers.filter((t) => !t.cancelled).length;
  }

  close(): void {
    this.closed = true;
    for (const timer of this.pending) clearTimeout(timer);
    this.pending.clear();
    this.manualTimers = [];
  }

  private manualTimer(at: number, fn: () => void): TimerHandle {
    const timer: ManualTimer = { at, seq: this.nextSeq++, fn, cancelled: false };
    this.manualTimers.push(timer);
    return { cancel: () => { timer.cancelled = true; } };
  }

  private serially(step: () => Promise<void>): Promise<void> {
    if (this.manualNow === undefined) return Promise.reject(new Error('this simulator runs on real time: start it with a manual clock to advance it'));
    const next = this.advancing.then(step);
    this.advancing = next.catch(() => undefined);
    return next;
  }

  private async run(target: number): Promise<void> {
    if (target < this.now()) throw new Error(`cannot move the clock back: now ${new Date(this.now()).toISOString()}, asked ${new Date(target).toISOString()}`);
    for (;;) {
      if (this.closed) return;
      const due = this.nextDue(target);
      if (!due) break;
      due.cancelled = true;
      this.manualNow = due.at;
      due.fn();
      await this.settle();
    }
    this.manualNow = target;
    this.manualTimers = this.manualTimers.filter((t) => !t.cancelled);
    await this.settle();
  }

  private nextDue(target: number): ManualTimer | undefined {
    let best: ManualTimer | undefined;
    for (const t of this.manualTimers) {
      if (t.cancelled || t.at > target) continue;
      if (!best || t.at < best.at || (t.at === best.at && t.seq < best.seq)) best = t;
    }
    return best;
  }
}
