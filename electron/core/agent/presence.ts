/**
 * The agent's presence as the team sees it: the one mapping from the agent's state to the
 * relay's `presence` frame (relay/src/protocol.ts `PresenceUpdateFrame`; core does not import
 * the relay, test/unit/core/agent/presence.test.ts holds the two shapes equal). The desktop
 * sends it after every `hello` and whenever `samePresence` says it changed.
 */
import { agentStateKind, type AgentState, type AgentStateKind } from '../../contract';

/** The relay's agent states (relay/src/protocol.ts AGENT_STATES). */
export type PresenceState = 'available' | 'on_call' | 'wrap_up' | 'away' | 'offline';

/** The frame a desktop sends: `PresenceUpdateFrame` of the relay protocol. */
export interface PresenceUpdate {
  type: 'presence';
  state: PresenceState;
  reason: string | null;
  since: string;
  call_control_id: string | null;
  conference_id: string | null;
  queues: string[];
  softphone_registered: boolean;
  /** Where a teammate's transfer reaches this agent (SIP URI or +E.164), or null. */
  endpoint?: string | null;
}

/** What presence needs besides the agent state: the queues served and the softphone's registration. */
export interface PresenceInputs {
  queues: readonly string[];
  /** The built-in softphone is registered (false in external-phone mode). */
  softphoneRegistered: boolean;
  /** Where a teammate's transfer reaches this agent (what going available dials), or null. */
  endpoint?: string | null;
}

const stateFor: Record<AgentStateKind, PresenceState> = {
  available: 'available',
  'on-call': 'on_call',
  'wrap-up': 'wrap_up',
  away: 'away',
  offline: 'offline',
  // Dialling its own leg the agent cannot take a call yet: present, not available.
  connecting: 'away',
};

/**
 * The one mapping from the agent's state to its presence. On a call it names the caller's leg
 * and the conference (what a supervisor listens to); otherwise both are null. A connecting agent
 * is away with reason "Connecting" (it cannot be offered a call until its leg answers).
 */
export function presenceOf(s: Pick<AgentState, 'agent' | 'conference'>, inputs: PresenceInputs): PresenceUpdate {
  const kind = agentStateKind(s);
  const onCall = kind === 'on-call' ? s.conference : undefined;
  const caller = onCall?.participants.find((p) => p.kind === 'caller' && p.status !== 'left');
  return {
    type: 'presence',
    state: stateFor[kind],
    reason: kind === 'away' ? (s.agent.reason ?? null) : kind === 'connecting' ? 'Connecting' : null,
    since: s.agent.since,
    call_control_id: caller?.callControlId ?? null,
    conference_id: onCall?.id ?? null,
    queues: [...inputs.queues],
    softphone_registered: inputs.softphoneRegistered,
    endpoint: inputs.endpoint ?? null,
  };
}

/** Equal presences need no new frame. */
export function samePresence(a: PresenceUpdate, b: PresenceUpdate): boolean {
  return JSON.stringify(a) === JSON.stringify(b);
}
