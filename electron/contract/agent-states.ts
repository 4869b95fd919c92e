/**
 * The agent's states as the agent, the tray and the team see them, and the wrap-up after a call.
 * Zod-free: the renderer runs `agentStateKind` and reads the labels. Core owns the values (the
 * store stamps `since`, electron/core/agent/agent-state.ts; the wrap-up timer is
 * electron/core/agent/wrap-up.ts); their params schemas are in schemas/agent-states.ts.
 */

/** The agent leg's status (what Telnyx confirmed about it). */
export type AgentStatus =
  /** No agent leg: not taking calls. */
  | 'offline'
  /** Dialling the agent's own endpoint; the leg is not answered yet. */
  | 'connecting'
  /** The agent leg is parked and ready to be joined to a caller. */
  | 'available'
  /** The agent has paused taking calls (the leg is hung up). */
  | 'away'
  /** A call just ended; the agent finishes notes before taking the next one. */
  | 'wrap-up';

/**
 * What the agent is doing. `AgentStatus` is the leg's story (Telnyx's truth); "on a call" is
 * derived from the conference, so it is never out of step with the call it names.
 */
export type AgentStateKind = AgentStatus | 'on-call';

export const agentStateLabels: Record<AgentStateKind, string> = {
  offline: 'Offline',
  connecting: 'Connecting',
  available: 'Available',
  'on-call': 'On a call',
  'wrap-up': 'Wrap-up',
  away: 'Away',
};

/** The one rule for the agent's state: on a call while its leg is the agent in its own conference. */
export function agentStateKind(s: { agent: { status: AgentStatus }; conference?: { myRole?: 'agent' | 'supervisor' } | undefined }): AgentStateKind {
  return s.conference?.myRole === 'agent' ? 'on-call' : s.agent.status;
}

/** "Away — Lunch", "On a call", "Available": the state as one short label. */
export function agentStateLabel(kind: AgentStateKind, reason?: string): string {
  return reason ? `${agentStateLabels[kind]} — ${reason}` : agentStateLabels[kind];
}

/** Time in state as the console and the tray show it: 0:42, 12:05, 1:02:09. */
export function formatTimeInState(sinceIso: string, nowMs: number): string {
  const total = Math.max(0, Math.floor((nowMs - Date.parse(sinceIso)) / 1000));
  const h = Math.floor(total / 3600);
  const m = Math.floor((total % 3600) / 60);
  const s = String(total % 60).padStart(2, '0');
  return h > 0 ? `${h}:${String(m).padStart(2, '0')}:${s}` : `${m}:${s}`;
}

/** Where the agent goes when wrap-up ends: Available, or Away with a reason ("go away after wrap-up"). */
export type WrapUpAfter = { status: 'available' } | { status: 'away'; reason?: string };

/** The wrap-up in progress: shown in the wrap-up panel, driven by core's clock. */
export interface WrapUpView {
  /** The call being wrapped up (history is annotated under this id). */
  conferenceId: string;
  caller: string;
  /** The caller's leg (screen pop's {call_id}). */
  callControlId?: string;
  queue?: string;
  startedAt: string;
  /** When the timer returns the agent (core's clock); absent: no timer, the agent finishes. */
  endsAt?: string;
  /** Seconds the one extension adds (0: cannot extend). */
  extendSecs: number;
  extended: boolean;
  /** Mandatory timer: finishing before `endsAt` is refused. */
  mandatory: boolean;
  dispositions: string[];
  dispositionRequired: boolean;
  disposition?: string;
  notes: string;
  after: WrapUpAfter;
}

/** Extra results of the agent-state methods (merged into MethodResults). */
export interface AgentStateMethodResults {
  'agent.updateWrapUp': WrapUpView;
  'agent.extendWrapUp': WrapUpView;
}

export const NOTES_MAX = 4000;
