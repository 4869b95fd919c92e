// Synthetic traffic for demo mode: callers arrive at random (Poisson) into named queues, wait
// with a patience after which they abandon, talk once conferenced, and hang up after a talk time.
import type { SimClock, TimerHandle } from './clock';
import type { CallControlEngine } from './engine';
import type { SimLog } from './log';
import { between } from './random';

export interface ScenarioConfig {
  /** Queues callers are spread over, uniformly. */
  queues: string[];
  /** Mean arrival rate across all queues, callers per simulated minute (0 = no callers). */
  callersPerMinute: number;
  /** Simulated seconds a caller waits in a queue before abandoning, [min, max]. */
  patienceSecs: [number, number];
  /** Simulated seconds a caller talks once in a conference before hanging up, [min, max]. */
  talkSecs: [number, number];
  /** Simulated seconds between active-speaker changes in a conference; null = no floor changes. */
  floorChangeSecs: [number, number] | null;
  /** Callers stop arriving while this many are already waiting (keeps an unattended demo bounded). */
  maxWaitingCallers: number;
  /** The number callers dial (`to` of inbound calls). */
  didNumber: string;
  /** connection_id reported for inbound calls. */
  connectionId: string;
}

export const CALLCENTER_SCENARIO: ScenarioConfig = {
  queues: ['support', 'sales'],
  callersPerMinute: 4,
  patienceSecs: [60, 180],
  talkSecs: [30, 120],
  floorChangeSecs: [2, 6],
  maxWaitingCallers: 20,
  didNumber: '+15550100000',
  connectionId: 'sim-connection',
};

/** 'none' keeps conference behaviour (floor changes) but sends no callers. */
export const IDLE_SCENARIO: ScenarioConfig = { ...CALLCENTER_SCENARIO, callersPerMinute: 0 };

export function resolveScenario(scenario: 'none' | 'callcenter' | Partial<ScenarioConfig> | undefined): ScenarioConfig {
  if (scenario === 'none') return IDLE_SCENARIO;
  if (scenario === undefined || scenario === 'callcenter') return CALLCENTER_SCENARIO;
  return { ...CALLCENTER_SCENARIO, ...scenario };
}

export class TrafficGenerator {
  private timer: TimerHandle | undefined;

  constructor(
    private readonly config: ScenarioConfig,
    private readonly engine: CallControlEngine,
    private readonly clock: SimClock,
    private readonly random: () => number,
    private readonly log: SimLog,
  ) {}

  start(): void {
    if (this.config.callersPerMinute > 0 && this.config.queues.length > 0) this.scheduleNextArrival();
  }

  stop(): void {
    this.timer?.cancel();
    this.timer = undefined;
  }

  /** Arrivals form a Poisson process: exponential gaps with the configured mean. */
  private scheduleNextArrival(): void {
    const meanGapSecs = 60 / this.config.callersPerMinute;
    const gapSecs = -Math.log(1 - this.random()) * meanGapSecs;
    this.timer = this.clock.afterSecs(gapSecs, () => {
      this.arrive();
      this.scheduleNextArrival();
    });
  }

  private arrive(): void {
    let waiting = 0;
    for (const queue of this.engine.queues.values()) waiting += queue.entries.length;
    // Draw every random number even when skipping, so the sequence stays the same for a seed.
    const queue = this.config.queues[Math.floor(this.random() * this.config.queues.length)] ?? 'support';
    const from = `+1555${String(Math.floor(this.random() * 1e7)).padStart(7, '0')}`;
    const patienceSecs = between(this.random, this.config.patienceSecs);
    const talkSecs = between(this.random, this.config.talkSecs);
    if (waiting >= this.config.maxWaitingCallers) return;
    try {
      this.engine.injectInboundCall({
        queue, from, to: this.config.didNumber, connectionId: this.config.connectionId, synthetic: { patienceSecs, talkSecs },
      });
    } catch (err) {
      this.log.debug(`synthetic caller ${from} turned away: ${err instanceof Error ? err.message : String(err)}`);
    }
  }
}
