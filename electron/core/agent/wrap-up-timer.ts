/**
 * The wrap-up timer and the wrap-up's result. The timer runs on core's clock and follows the
 * model's `endsAt` (set when wrap-up begins, moved by the one extension); when it fires the
 * wrap-up finishes with the agent's draft and the agent goes where they chose (Available, or
 * Away with a reason). Whenever a wrap-up ends, by the agent or the timer, its result is
 * emitted once, from here: what call history records for the call.
 */
import { toSwitchboardError } from '../errors';
import type { CoreClock } from '../clock';
import type { Logger } from '../log';
import type { AgentModel } from './model';
import type { AgentStore } from './store';

/** What one wrap-up produced (history annotates the call with it). */
export interface WrapUpResult {
  conferenceId: string;
  disposition?: string;
  notes: string;
  /** Seconds from the end of the call to the end of wrap-up, on core's clock. */
  wrapUpSecs: number;
  endedBy: 'agent' | 'timer';
  /** Where the agent went: Available, or Away with the reason. */
  after: { status: 'available' } | { status: 'away'; reason?: string };
}

export interface WrapUpTimerDeps {
  store: AgentStore;
  clock: CoreClock;
  /** Finishes the wrap-up as the timer (agent-status.ts `finishWrapUp(ctx, {}, 'timer')`). */
  finish(): Promise<unknown>;
  log: Logger;
}

export interface WrapUpTimer {
  onResult(cb: (r: WrapUpResult) => void): () => void;
  /** Cancels a scheduled expiry (engine stop). */
  cancel(): void;
}

export function createWrapUpTimer({ store, clock, finish, log }: WrapUpTimerDeps): WrapUpTimer {
  const listeners = new Set<(r: WrapUpResult) => void>();
  let scheduled: { key: string; cancel(): void } | undefined;
  /** Wrap-ups the timer finished (or tried to: a failed automatic finish is left to the agent). */
  const expired = new Set<string>();

  const cancel = () => {
    scheduled?.cancel();
    scheduled = undefined;
  };

  const follow = (m: AgentModel) => {
    const w = m.agent.status === 'wrap-up' ? m.agent.wrapUp : undefined;
    const key = w?.endsAt && !expired.has(w.conferenceId) ? `${w.conferenceId}@${w.endsAt}` : undefined;
    if (key === scheduled?.key) return;
    cancel();
    if (!w?.endsAt || !key) return;
    const conferenceId = w.conferenceId;
    const stop = clock.schedule(() => {
      scheduled = undefined;
      const now = store.model().agent.wrapUp;
      if (now?.conferenceId !== conferenceId || store.model().agent.status !== 'wrap-up') return;
      expired.add(conferenceId);
      if (expired.size > 100) expired.delete(expired.values().next().value!);
      finish().catch((e: unknown) => log.warn('wrap-up timer could not finish', { code: toSwitchboardError(e).code }));
    }, Date.parse(w.endsAt) - clock.now());
    scheduled = { key, cancel: stop };
  };

  store.onModel((m, prev) => {
    follow(m);
    const ended = prev.agent.wrapUp;
    if (!ended || m.agent.wrapUp?.conferenceId === ended.conferenceId) return;
    const result: WrapUpResult = {
      conferenceId: ended.conferenceId,
      ...(ended.disposition ? { disposition: ended.disposition } : {}),
      notes: ended.notes,
      wrapUpSecs: Math.max(0, Math.round((clock.now() - Date.parse(ended.startedAt)) / 1000)),
      endedBy: expired.has(ended.conferenceId) ? 'timer' : 'agent',
      after: ended.after,
    };
    for (const cb of listeners) cb(result);
  });

  return {
    onResult(cb) {
      listeners.add(cb);
      return () => listeners.delete(cb);
    },
    cancel,
  };
}
