/** Contract events out of core (state pushes, notices, update status): one list of listeners. */
import type { EventName, EventPayloads, Notice } from '../contract';

export type EventListener = <E extends EventName>(event: E, payload: EventPayloads[E]) => void;

export interface EventBus {
  emit<E extends EventName>(event: E, payload: EventPayloads[E]): void;
  /** A notice banner in the renderer. */
  notice(level: Notice['level'], message: string): void;
  on(listener: EventListener): () => void;
}

export function createEventBus(): EventBus {
  const listeners = new Set<EventListener>();
  const emit: EventBus['emit'] = (event, payload) => listeners.forEach((l) => l(event, payload));
  return {
    emit,
    notice: (level, message) => emit('notice', { id: crypto.randomUUID(), level, message, at: new Date().toISOString() }),
    on(listener) {
      listeners.add(listener);
      return () => listeners.delete(listener);
    },
  };
}
