/** Everything main pushes to the renderer, by event name. */
import type { AgentState } from './domain';
import type { UpdateStatus } from './updates';

/** A short message for the agent that is not tied to one control (e.g. a refused shortcut). */
export interface Notice {
  id: string;
  level: 'info' | 'warning' | 'error';
  message: string;
  at: string;
}

export interface EventPayloads {
  /** The whole agent state, after every change (coalesced to at most one per frame). */
  state: AgentState;
  'updates.status': UpdateStatus;
  notice: Notice;
  /** Call history changed (a row added or updated, or old rows pruned): re-read the page shown. */
  'history.changed': { revision: number };
}

export type EventName = keyof EventPayloads;
