/**
 * The agent store's model: the AgentState the renderer sees plus the bookkeeping the reducer
 * needs to tell the truth (the event ledger: ids already applied, the newest `occurred_at` per entity; the
 * supervisor roles this console set, what we know about each call leg).
 */
import type { AgentState, Conference, ConsoleMode, Participant, SupervisorRole } from '../../contract';
import { CallDirectory } from './call-directory';
import { EventLedger } from './event-ledger';
import { transferView, type TransferRecord } from './transfer-record';

export type { CallInfo } from './call-directory';

export interface RememberedRole {
  role: SupervisorRole;
  whisperTargets: string[];
}

/**
 * The renderer's AgentState (less the revision, which the store counts, and the conference's
 * `me`, which `toAgentState` derives) plus bookkeeping.
 */
export interface AgentModel extends Omit<AgentState, 'revision' | 'conference' | 'transfer'> {
  conference?: Omit<Conference, 'me'>;
  /** The transfer of the console's call (published as its derived `TransferState`). */
  transfer?: TransferRecord;
  /** The leg this console dialled to listen / whisper / barge into someone else's conference. */
  supervisorLeg?: string;
  /** Call legs seen on the account (bounded: oldest forgotten first; shared, see call-directory.ts). */
  calls: Pick<CallDirectory, 'get'>;
  /** The directory itself and its write count for this model: only the reducer writes (rememberCall). */
  callDirectory: CallDirectory;
  callDirectoryCount: number;
  /** Telnyx never returns a participant's supervisor role: the roles this console set. */
  roles: ReadonlyMap<string, RememberedRole>;
  /**
   * The call ids in each listed conference (from Telnyx's list, then joins and leaves). Sets, not
   * counts, so a webhook replayed over a REST read that already saw it changes nothing; each
   * summary's `participantCount` is its set's size.
   */
  conferenceMembers: ReadonlyMap<string, ReadonlySet<string>>;
  /**
   * Event ids already applied and the newest applied `occurred_at` per entity, so a duplicate is
   * dropped and an older event never overwrites newer state. Mutable and shared by every model
   * of one store (see event-ledger.ts); `ledgerCount` is how many events it held for this model.
   */
  ledger: EventLedger;
  ledgerCount: number;
}

export const SEEN_EVENT_LIMIT = 5000;
export const CALL_DIRECTORY_LIMIT = 5000;
export const FAILURE_LIMIT = 50;

export function initialModel(opts: { mode: ConsoleMode; endpoint?: string; watchedQueues: string[]; since?: string }): AgentModel {
  return {
    mode: opts.mode,
    agent: { status: 'offline', since: opts.since ?? new Date().toISOString(), ...(opts.endpoint ? { endpoint: opts.endpoint } : {}) },
    queues: opts.watchedQueues.map((name) => ({ name, calls: [], averageWaitSecs: 0 })),
    conferences: [],
    connection: {
      api: { state: opts.mode === 'unconfigured' ? 'not-configured' : 'unknown' },
      relay: { state: 'not-configured', attempt: 0 },
    },
    pending: [],
    failures: [],
    outbound: {},
    ...withCallDirectory(new CallDirectory(CALL_DIRECTORY_LIMIT)),
    roles: new Map(),
    conferenceMembers: new Map(),
    ledger: new EventLedger(SEEN_EVENT_LIMIT),
    ledgerCount: 0,
  };
}

function withCallDirectory(d: CallDirectory): Pick<AgentModel, 'calls' | 'callDirectory' | 'callDirectoryCount'> {
  return { calls: d, callDirectory: d, callDirectoryCount: d.count };
}

/**
 * The console's own leg in its conference: the supervisor leg when it joined as supervisor,
 * else the agent leg. The one rule for "who am I here": the mute shortcut acts on this
 * participant and the published `conference.me` (the Mute button's target) names it.
 */
export function myParticipant(m: Pick<AgentModel, 'conference' | 'agent' | 'supervisorLeg'>): Participant | undefined {
  const conference = m.conference;
  if (!conference) return undefined;
  const myLeg = conference.myRole === 'supervisor' ? m.supervisorLeg : m.agent.leg?.callControlId;
  return myLeg ? conference.participants.find((p) => p.callControlId === myLeg) : undefined;
}

/** The renderer's view of the model. */
export function toAgentState(m: AgentModel, revision: number): AgentState {
  const me = myParticipant(m)?.callControlId;
  const transfer = transferView(m.transfer, m.conference, m.calls);
  return {
    revision,
    mode: m.mode,
    agent: m.agent,
    queues: m.queues,
    ...(m.conference ? { conference: { ...m.conference, ...(me ? { me } : {}) } } : {}),
    ...(transfer ? { transfer } : {}),
    conferences: m.conferences,
    connection: m.connection,
    pending: m.pending,
    failures: m.failures,
    outbound: m.outbound,
  };
}
