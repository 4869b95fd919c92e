/**
 * Waiting for the model to reach a state: a command's confirming event, a dialled leg answering.
 * Checked on every store change.
 */
import type { AgentModel } from './model';
import type { AgentStore } from './store';

export interface Waiters {
  /** Resolves true as soon as the model satisfies `predicate`, false after `timeoutMs`. */
  waitFor(predicate: (m: AgentModel) => boolean, timeoutMs: number): Promise<boolean>;
  /** The engine stops: every wait ends with false. */
  cancelAll(): void;
}

interface Waiter {
  predicate: (m: AgentModel) => boolean;
  done: (ok: boolean) => void;
}

export function createWaiters(store: AgentStore): Waiters {
  const waiters = new Set<Waiter>();
  store.onModel((m) => {
    for (const w of [...waiters]) if (w.predicate(m)) w.done(true);
  });
  return {
    waitFor(predicate, timeoutMs) {
      if (predicate(store.model())) return Promise.resolve(true);
      return new Promise((resolve) => {
        const waiter: Waiter = {
          predicate,
          done: (ok) => {
            clearTimeout(timer);
            waiters.delete(waiter);
            resolve(ok);
          },
        };
        const timer = setTimeout(() => waiter.done(false), timeoutMs);
        waiters.add(waiter);
      });
    },
    cancelAll() {
      for (const w of [...waiters]) w.done(false);
    },
  };
}
