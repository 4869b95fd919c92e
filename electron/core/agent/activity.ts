/**
 * What the rest of the app (tray, updater) needs to know about the agent: present or not, and
 * whether a conference is running. An agent dialling in (`connecting`) counts as available.
 */
import type { AgentStatus } from '../../contract';
import type { AgentModel } from './model';
import type { AgentStore } from './store';

/** The one activity type: the tray shows it, the updater waits on it. */
export interface AgentActivity {
  status: Exclude<AgentStatus, 'connecting'>;
  inConference: boolean;
}

export function activityOf(m: AgentModel): AgentActivity {
  return { status: m.agent.status === 'connecting' ? 'available' : m.agent.status, inConference: Boolean(m.conference) };
}

export interface ActivityFeed {
  current(): AgentActivity;
  /** Called only when status or in-conference actually changes. */
  onChange(cb: (a: AgentActivity) => void): () => void;
}

export function createActivityFeed(store: AgentStore): ActivityFeed {
  let last = activityOf(store.model());
  const listeners = new Set<(a: AgentActivity) => void>();
  store.onModel((m) => {
    const a = activityOf(m);
    if (a.status === last.status && a.inConference === last.inConference) return;
    last = a;
    for (const cb of listeners) cb(a);
  });
  return {
    current: () => activityOf(store.model()),
    onChange(cb) {
      listeners.add(cb);
      return () => listeners.delete(cb);
    },
  };
}
