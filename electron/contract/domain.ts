/**
 * Domain types the main process shows to the renderer. The agent store in electron/core owns
 * the values; the renderer only ever receives them (via the `state` event or a method result).
 */
import type { SwitchboardError } from './errors';
import type { MethodName } from './names';
import type { OutboundState } from './outbound';
import type { ShortcutMethod } from './shortcuts';
import type { AgentStatus, WrapUpView } from './agent-states';
import type { TransferState } from './transfer';

export type SupervisorRole = 'none' | 'monitor' | 'whisper' | 'barge';

export type ParticipantKind = 'caller' | 'agent' | 'supervisor' | 'other';

export type ConsoleMode = 'unconfigured' | 'demo' | 'live';

/** A caller's leg as the agent's own leg: dialled by the console and parked between calls. */
export interface AgentLeg {
  callControlId: string;
  state: 'dialing' | 'parked' | 'in-conference' | 'hangup';
  since: string;
}

/** One waiting call in a watched queue. The renderer ticks the wait from `enqueuedAt`. */
export interface QueueCall {
  callControlId: string;
  queue: string;
  /** 1-based place in the queue, as Telnyx reports it. */
  position: number;
  from: string;
  to: string;
  enqueuedAt: string;
  isAlive: boolean;
  /** Set while a take of this call is in flight. */
  pending?: boolean;
}

export interface WatchedQueue {
  name: string;
  calls: QueueCall[];
  /** Telnyx's `average_wait_time_secs` at the last reconcile. */
  averageWaitSecs: number;
  /** `enqueuedAt` of the call waiting longest, for the "longest wait" tile. */
  longestWaitingSince?: string;
}

export interface Participant {
  callControlId: string;
  participantId?: string;
  kind: ParticipantKind;
  /** Caller number, agent endpoint, or supervisor name: what the list shows. */
  label: string;
  status: 'joining' | 'joined' | 'left';
  muted: boolean;
  onHold: boolean;
  /** True while this leg holds the floor (`conference.floor.changed`). */
  speaking: boolean;
  /** Telnyx never returns the role: the store remembers what the console set. */
  supervisorRole: SupervisorRole;
  whisperTargets: string[];
  /** Optimistic changes not yet confirmed by Telnyx, e.g. ["muted"]. */
  pending: Array<'muted' | 'onHold' | 'supervisorRole' | 'leaving'>;
}

export type RecordingState = 'off' | 'starting' | 'recording' | 'paused' | 'stopping';

export interface Conference {
  id: string;
  name: string;
  status: 'init' | 'in_progress' | 'completed';
  createdAt: string;
  /** The console's own leg is a participant (agent or supervisor). */
  isMine: boolean;
  /** The agent's leg's role here: 'agent' for conferences taken from a queue. */
  myRole?: 'agent' | 'supervisor';
  /** The queue the caller was taken from (a call this console took from a queue). */
  queue?: string;
  participants: Participant[];
  /**
   * The console's own participant (its callControlId), when its leg is in the participant list.
   * Only in the published AgentState (core's `myParticipant` selector): the Mute button and the
   * mute shortcut both act on exactly this leg.
   */
  me?: string;
  floorCallControlId?: string;
  recording: { state: RecordingState; startedAt?: string; pending?: boolean };
  /** Audio the console started (play/speak) and Telnyx has not reported ended. */
  media: { playing: boolean; speaking: boolean; mediaUrl?: string };
}

/** A supervisor's row for any live conference on the account. */
export interface ConferenceSummary {
  id: string;
  name: string;
  status: Conference['status'];
  createdAt: string;
  participantCount: number;
  isMine: boolean;
}

export interface ConnectionState {
  api: { state: 'not-configured' | 'unknown' | 'ok' | 'error'; checkedAt?: string; error?: string };
  relay: {
    state: 'not-configured' | 'disconnected' | 'connecting' | 'replaying' | 'live';
    attempt: number;
    lastEventAt?: string;
    error?: string;
  };
}

/** What a pending entry or a failure is about: a method, or a shortcut refused before any command ran. */
export type CommandName = MethodName | ShortcutMethod;

/** A command that is still waiting for Telnyx or for its confirming webhook. */
export interface PendingCommand {
  id: string;
  method: CommandName;
  target?: string;
  startedAt: string;
}

/** A failed command, shown next to the control that issued it until dismissed. */
export interface CommandFailure {
  id: string;
  method: CommandName;
  target?: string;
  error: SwitchboardError;
  at: string;
}

/** Everything the renderer shows: pushed whole on every change (the `state` event). */
export interface AgentState {
  /** Increases on every change, so a consumer can drop stale snapshots. */
  revision: number;
  mode: ConsoleMode;
  agent: {
    status: AgentStatus;
    leg?: AgentLeg;
    endpoint?: string;
    /** When the agent entered its current state (`agentStateKind` + reason), on core's clock. */
    since: string;
    /** Why the agent is away (from Settings' list). */
    reason?: string;
    /** The wrap-up in progress (status `wrap-up`). */
    wrapUp?: WrapUpView;
  };
  queues: WatchedQueue[];
  /** The conference the agent (or supervisor) is in, if any. */
  conference?: Conference;
  /** The transfer of that conference's caller, while the agent is in it (contract/transfer.ts). */
  transfer?: TransferState;
  /** All live conferences on the account, for the supervisor panel. */
  conferences: ConferenceSummary[];
  connection: ConnectionState;
  pending: PendingCommand[];
  failures: CommandFailure[];
  /** Outbound calls: the ringing dial, a link waiting for confirmation. */
  outbound: OutboundState;
}
