/**
 * The one mapping from the console's agent state to the presence the team sees (the relay's
 * PresenceUpdateFrame). Pure: the publisher (team-service.ts) carries `since` over while the
 * state and reason stay the same, and sends only when the result changed.
 */
import type { PresenceUpdateFrame } from '@switchboard/relay/protocol';
import type { AgentModel } from '../agent/model';

export interface PresenceInputs {
  softphoneRegistered: boolean;
  /** The queues this agent serves (watched queues the token allows). */
  queues: string[];
  /** Why the console set the agent away (e.g. "missed offers"), if it did. */
  awayReason?: string;
}

/** What the team should see now; `previous` keeps `since` while state and reason are unchanged. */
export function presenceFrom(
  m: Pick<AgentModel, 'agent' | 'conference'>,
  inputs: PresenceInputs,
  previous: PresenceUpdateFrame | undefined,
  nowIso: string,
): PresenceUpdateFrame {
  const { state, reason } = stateOf(m, inputs.awayReason);
  const conference = m.conference;
  const onCall = state === 'on_call' && conference;
  const same = previous && previous.state === state && previous.reason === reason;
  return {
    type: 'presence',
    state,
    reason,
    since: same ? previous.since : nowIso,
    call_control_id: onCall ? (conference.participants.find((p) => p.kind === 'caller')?.callControlId ?? null) : null,
    conference_id: onCall ? conference.id : null,
    queues: [...inputs.queues],
    softphone_registered: inputs.softphoneRegistered,
  };
}

function stateOf(m: Pick<AgentModel, 'agent' | 'conference'>, awayReason: string | undefined): Pick<PresenceUpdateFrame, 'state' | 'reason'> {
  // In a conference (as the agent, or listening as a supervisor) the agent takes no other call.
  if (m.conference) return { state: 'on_call', reason: m.conference.myRole === 'supervisor' ? 'supervising' : null };
  switch (m.agent.status) {
    case 'available':
      return { state: 'available', reason: null };
    case 'wrap-up':
      return { state: 'wrap_up', reason: null };
    case 'away':
      return { state: 'away', reason: awayReason ?? null };
    case 'connecting':
      return { state: 'away', reason: 'connecting' };
    case 'offline':
      return { state: 'offline', reason: null };
  }
}

/** Same presence for the team (ignoring nothing: any field that changed is news). */
export function samePresence(a: PresenceUpdateFrame | undefined, b: PresenceUpdateFrame): boolean {
  return a !== undefined && JSON.stringify(a) === JSON.stringify(b);
}
