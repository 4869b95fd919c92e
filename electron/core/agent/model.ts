/**
 * The agent store's model: the AgentState the renderer sees plus the bookkeeping the reducer
 * needs to tell the truth (event ids already applied, the newest `occurred_at` per entity, the
 * supervisor roles this console set, what we know about each call leg).
 */
import type { AgentState, ConsoleMode, SupervisorRole } from '../../contract';

/** What the store knows about one call leg, from call.* webhooks and REST. */
export interface CallInfo {
  from?: string;
  to?: string;
  direction?: 'incoming' | 'outgoing';
  state: 'initiated' | 'answered' | 'hangup';
  /** The number this console dialled with "Add participant": shown as the participant's label. */
  addedByConsole?: boolean;
}

export interface RememberedRole {
  role: SupervisorRole;
  whisperTargets: string[];
}

/** The renderer's AgentState (less the revision, which the store counts) plus bookkeeping. */
export interface AgentModel extends Omit<AgentState, 'revision'> {
  /** The leg this console dialled to listen / whisper / barge into someone else's conference. */
  supervisorLeg?: string;
  /** Call legs seen on the account (bounded: oldest forgotten first). */
  calls: ReadonlyMap<string, CallInfo>;
  /** Telnyx never returns a participant's supervisor role: the roles this console set. */
  roles: ReadonlyMap<string, RememberedRole>;
  /** Event ids already applied (bounded, oldest forgotten first). */
  seenEventIds: ReadonlySet<string>;
  /** Newest applied `occurred_at` (ms) per entity key, so an older event never overwrites newer state. */
  entityClock: ReadonlyMap<string, number>;
}

export const SEEN_EVENT_LIMIT = 5000;
export const CALL_DIRECTORY_LIMIT = 5000;
export const HISTORY_LIMIT = 200;
export const FAILURE_LIMIT = 50;

export function initialModel(opts: { mode: ConsoleMode; endpoint?: string; watchedQueues: string[] }): AgentModel {
  return {
    mode: opts.mode,
    agent: { status: 'offline', ...(opts.endpoint ? { endpoint: opts.endpoint } : {}) },
    queues: opts.watchedQueues.map((name) => ({ name, calls: [], averageWaitSecs: 0 })),
    conferences: [],
    history: [],
    connection: {
      api: { state: opts.mode === 'unconfigured' ? 'not-configured' : 'unknown' },
      relay: { state: 'not-configured', attempt: 0 },
    },
    pending: [],
    failures: [],
    calls: new Map(),
    roles: new Map(),
    seenEventIds: new Set(),
    entityClock: new Map(),
  };
}

/** The renderer's view of the model. */
export function toAgentState(m: AgentModel, revision: number): AgentState {
  return {
    revision,
    mode: m.mode,
    agent: m.agent,
    queues: m.queues,
    ...(m.conference ? { conference: m.conference } : {}),
    conferences: m.conferences,
    history: m.history,
    connection: m.connection,
    pending: m.pending,
    failures: m.failures,
  };
}
