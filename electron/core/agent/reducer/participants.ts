/** Who is who in the console's conference: labels, kinds, supervisor roles, mute / hold flags. */
import type { Participant, SupervisorRole } from '../../../contract';
import { CALL_DIRECTORY_LIMIT, type AgentModel, type RememberedRole } from '../model';
import { boundedMapSet, shortId, updateConference, updateParticipants } from './shared';

export type ParticipantFlag = 'muted' | 'onHold';

// Telnyx's participant list carries only ids: labels and kinds come from what the console knows.
export function describeLeg(m: AgentModel, callControlId: string): Pick<Participant, 'kind' | 'label'> {
  if (m.agent.leg?.callControlId === callControlId) return { kind: 'agent', label: m.agent.endpoint ? `You (${m.agent.endpoint})` : 'You' };
  if (m.supervisorLeg === callControlId) return { kind: 'supervisor', label: 'You (supervisor)' };
  const call = m.calls.get(callControlId);
  const role = m.roles.get(callControlId)?.role;
  if (call?.addedByConsole) return { kind: 'other', label: call.to ?? shortId(callControlId) };
  if (role && role !== 'none') return { kind: 'supervisor', label: call?.to ?? `Supervisor ${shortId(callControlId)}` };
  if (call?.direction === 'incoming') return { kind: 'caller', label: call.from ?? shortId(callControlId) };
  if (call?.direction === 'outgoing') return { kind: 'agent', label: call.to ?? shortId(callControlId) };
  return { kind: 'other', label: shortId(callControlId) };
}

/** Roles: what this console set wins; otherwise a non-empty whisper list hints whisper (API-NOTES §4.1). */
export function roleOf(m: AgentModel, callControlId: string, whisperTargets: readonly string[]): RememberedRole {
  const remembered = m.roles.get(callControlId);
  if (remembered) return remembered;
  return whisperTargets.length > 0 ? { role: 'whisper', whisperTargets: [...whisperTargets] } : { role: 'none', whisperTargets: [] };
}

export function newParticipant(m: AgentModel, callControlId: string, status: Participant['status']): Participant {
  const role = roleOf(m, callControlId, []);
  return {
    callControlId,
    ...describeLeg(m, callControlId),
    status,
    muted: false,
    onHold: false,
    speaking: false,
    supervisorRole: role.role,
    whisperTargets: role.whisperTargets,
    pending: [],
  };
}

/** Adds a participant the console is about to join (status `joining` until Telnyx says joined). */
export function addJoiningParticipant(m: AgentModel, conferenceId: string, callControlId: string, pending: Participant['pending'] = []): AgentModel {
  return updateConference(m, conferenceId, (c) =>
    c.participants.some((x) => x.callControlId === callControlId)
      ? c
      : { ...c, participants: [...c.participants, { ...newParticipant(m, callControlId, 'joining'), pending }] },
  );
}

export function removeParticipant(m: AgentModel, conferenceId: string, callControlId: string): AgentModel {
  return updateConference(m, conferenceId, (c) => ({ ...c, participants: c.participants.filter((x) => x.callControlId !== callControlId) }));
}

/** Optimistic mute/hold: the value shows at once, marked pending until Telnyx confirms. */
export function setParticipantFlag(m: AgentModel, conferenceId: string, ids: readonly string[] | undefined, flag: ParticipantFlag, value: boolean): AgentModel {
  return updateConference(m, conferenceId, (c) =>
    updateParticipants(c, ids, (p) => ({ ...p, [flag]: value, pending: p.pending.includes(flag) ? p.pending : [...p.pending, flag] })),
  );
}

export function clearParticipantPending(m: AgentModel, conferenceId: string, ids: readonly string[] | undefined, flag: Participant['pending'][number]): AgentModel {
  return updateConference(m, conferenceId, (c) => updateParticipants(c, ids, (p) => (p.pending.includes(flag) ? { ...p, pending: p.pending.filter((f) => f !== flag) } : p)));
}

/** Participants as Telnyx lists them (REST), merged with what only the console knows (role, label). */
export interface RestParticipant {
  callControlId: string;
  participantId?: string;
  status: Participant['status'];
  muted: boolean;
  onHold: boolean;
  whisperTargets: string[];
  createdAt?: string;
}

/**
 * Replaces the participant list with Telnyx's (the truth for muted / on hold). Optimistic flags
 * still pending keep showing the value the agent asked for; `confirm` lists flags this read settles.
 */
export function setParticipants(m: AgentModel, conferenceId: string, rest: readonly RestParticipant[], confirm: readonly ParticipantFlag[] = []): AgentModel {
  return updateConference(m, conferenceId, (c) => {
    const old = new Map(c.participants.map((p) => [p.callControlId, p]));
    const participants = rest
      .filter((r) => r.status !== 'left')
      .map((r): Participant => {
        const prev = old.get(r.callControlId);
        const role = roleOf(m, r.callControlId, r.whisperTargets);
        const pending = (prev?.pending ?? []).filter((f) => !(confirm as readonly string[]).includes(f));
        const base = prev ?? newParticipant(m, r.callControlId, r.status);
        const described = describeLeg(m, r.callControlId);
        return {
          ...base,
          ...(prev && prev.kind === 'caller' ? {} : described),
          ...(r.participantId ? { participantId: r.participantId } : {}),
          status: r.status,
          muted: pending.includes('muted') && prev ? prev.muted : r.muted,
          onHold: pending.includes('onHold') && prev ? prev.onHold : r.onHold,
          supervisorRole: role.role,
          whisperTargets: role.whisperTargets,
          speaking: c.floorCallControlId === r.callControlId,
          pending,
        };
      });
    return { ...c, participants };
  });
}

export function rememberRole(m: AgentModel, callControlId: string, role: SupervisorRole, whisperTargets: string[]): AgentModel {
  const roles = boundedMapSet(m.roles, callControlId, { role, whisperTargets }, CALL_DIRECTORY_LIMIT);
  const next: AgentModel = { ...m, roles };
  if (!next.conference) return next;
  return updateConference(next, next.conference.id, (c) =>
    updateParticipants(c, [callControlId], (p) => ({ ...p, supervisorRole: role, whisperTargets, kind: p.kind === 'caller' ? p.kind : describeLeg(next, callControlId).kind })),
  );
}

export function setParticipantRolePending(m: AgentModel, conferenceId: string, callControlId: string, pending: boolean): AgentModel {
  return updateConference(m, conferenceId, (c) =>
    updateParticipants(c, [callControlId], (p) => ({
      ...p,
      pending: pending ? [...p.pending.filter((f) => f !== 'supervisorRole'), 'supervisorRole'] : p.pending.filter((f) => f !== 'supervisorRole'),
    })),
  );
}
