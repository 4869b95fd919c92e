/** The console's own conference (entered, left) and the account's conference list. */
import type { AgentStatus, Conference, ConferenceSummary } from '../../../contract';
import type { AgentModel } from '../model';
import { setAgentStatus } from './agent';
import { newParticipant } from './participants';
import { shortId, updateConference, updateParticipants } from './shared';

export function onConferenceCreated(m: AgentModel, conferenceId: string, name: string | undefined, at: string): AgentModel {
  if (m.conferences.some((c) => c.id === conferenceId)) return m;
  const summary: ConferenceSummary = { id: conferenceId, name: name ?? conferenceId, status: 'in_progress', createdAt: at, participantCount: 0, isMine: m.conference?.id === conferenceId };
  return { ...m, conferences: [...m.conferences, summary], conferenceMembers: new Map(m.conferenceMembers).set(conferenceId, new Set()) };
}

export function onConferenceEnded(m: AgentModel, conferenceId: string, at: string): AgentModel {
  const conferenceMembers = new Map(m.conferenceMembers);
  conferenceMembers.delete(conferenceId);
  let next: AgentModel = { ...m, conferences: m.conferences.filter((c) => c.id !== conferenceId), conferenceMembers };
  if (next.conference?.id === conferenceId) next = leaveMyConference(next, at, 'wrap-up');
  return next;
}

export function onParticipantJoined(m: AgentModel, conferenceId: string, ccid: string): AgentModel {
  const next = setMember(m, conferenceId, ccid, true);
  return updateConference(next, conferenceId, (c) => {
    const existing = c.participants.find((x) => x.callControlId === ccid);
    if (existing) return updateParticipants(c, [ccid], (x) => ({ ...x, status: 'joined' }));
    return { ...c, participants: [...c.participants, newParticipant(next, ccid, 'joined')] };
  });
}

export function onParticipantLeft(m: AgentModel, conferenceId: string, ccid: string, at: string): AgentModel {
  const next = setMember(m, conferenceId, ccid, false);
  if (next.conference?.id !== conferenceId) return next;
  const mine = ccid === next.agent.leg?.callControlId || ccid === next.supervisorLeg;
  if (mine) {
    // Our leg left: it is parked again (Telnyx's leave rule). An agent goes to wrap-up.
    return leaveMyConference(next, at, next.conference.myRole === 'agent' ? 'wrap-up' : undefined);
  }
  return updateConference(next, conferenceId, (c) => ({ ...c, participants: c.participants.filter((x) => x.callControlId !== ccid) }));
}

export function enterConference(
  m: AgentModel,
  c: { id: string; name: string; createdAt: string; myRole: 'agent' | 'supervisor'; caller?: { callControlId: string; from: string; queue?: string } },
): AgentModel {
  const conference: Conference = {
    id: c.id,
    name: c.name,
    status: 'in_progress',
    createdAt: c.createdAt,
    isMine: true,
    myRole: c.myRole,
    ...(c.caller?.queue ? { queue: c.caller.queue } : {}),
    participants: c.caller ? [{ ...newParticipant(m, c.caller.callControlId, 'joined'), kind: 'caller', label: c.caller.from || shortId(c.caller.callControlId) }] : [],
    recording: { state: 'off' },
    media: { playing: false, speaking: false },
  };
  let next: AgentModel = {
    ...m,
    conference,
    conferences: m.conferences.map((s) => (s.id === c.id ? { ...s, isMine: true } : s)),
  };
  if (c.myRole === 'agent' && next.agent.leg) next = { ...next, agent: { ...next.agent, leg: { ...next.agent.leg, state: 'in-conference', since: c.createdAt } } };
  return next;
}

/**
 * The console's leg is out of its conference (left, conference ended, leg hung up). The agent's
 * leg is parked again when it is still alive; `status` is the agent's next status, if it changes.
 */
export function leaveMyConference(m: AgentModel, at: string, status: AgentStatus | undefined): AgentModel {
  const c = m.conference;
  if (!c) return m;
  const { conference: _c, ...rest } = m;
  let next: AgentModel = { ...rest, conferences: rest.conferences.map((s) => (s.id === c.id ? { ...s, isMine: false } : s)) };
  if (c.myRole === 'agent') {
    const leg = next.agent.leg;
    next = { ...next, agent: { ...next.agent, ...(leg ? { leg: { ...leg, state: 'parked', since: at } } : {}) } };
    if (status && next.agent.status !== 'away' && next.agent.status !== 'offline') next = setAgentStatus(next, status);
  }
  return next;
}

/** A participant joined or left a listed conference: its member set, and the count shown from it. */
function setMember(m: AgentModel, conferenceId: string, ccid: string, joined: boolean): AgentModel {
  const members = m.conferenceMembers.get(conferenceId);
  if (!members || members.has(ccid) === joined) return m;
  const next = new Set(members);
  if (joined) next.add(ccid);
  else next.delete(ccid);
  const conferences = m.conferences.map((c) => (c.id === conferenceId ? { ...c, participantCount: next.size } : c));
  return { ...m, conferences, conferenceMembers: new Map(m.conferenceMembers).set(conferenceId, next) };
}

/**
 * Installs the conference list read from Telnyx with the members read for each (the reconciler then
 * replays the webhooks that arrived during the read). A conference whose participants were not read
 * (past the cap, or the read failed) keeps the members the model knew.
 */
export function setConferenceSummaries(m: AgentModel, list: ConferenceSummary[], members: ReadonlyMap<string, ReadonlySet<string>>): AgentModel {
  const mine = m.conference?.id;
  const conferenceMembers = new Map<string, ReadonlySet<string>>();
  const conferences = list.map((c) => {
    const known = members.get(c.id) ?? m.conferenceMembers.get(c.id);
    if (known) conferenceMembers.set(c.id, known);
    return { ...c, participantCount: known?.size ?? c.participantCount, isMine: c.id === mine };
  });
  return { ...m, conferences, conferenceMembers };
}
