/** The console's own conference (entered, left) and the account's conference list. */
import type { AgentStatus, Conference, ConferenceSummary } from '../../../contract';
import type { AgentModel } from '../model';
import { setAgentStatus } from './agent';
import { newParticipant } from './participants';
import { shortId, updateConference, updateParticipants } from './shared';

export function onConferenceCreated(m: AgentModel, conferenceId: string, name: string | undefined, at: string): AgentModel {
  if (m.conferences.some((c) => c.id === conferenceId)) return m;
  const summary: ConferenceSummary = { id: conferenceId, name: name ?? conferenceId, status: 'in_progress', createdAt: at, participantCount: 0, isMine: m.conference?.id === conferenceId };
  return { ...m, conferences: [...m.conferences, summary], conferenceEvents: noted(m, conferenceId) };
}

export function onConferenceEnded(m: AgentModel, conferenceId: string, at: string): AgentModel {
  let next: AgentModel = { ...m, conferences: m.conferences.filter((c) => c.id !== conferenceId), conferenceEvents: noted(m, conferenceId) };
  if (next.conference?.id === conferenceId) next = leaveMyConference(next, at, 'wrap-up');
  return next;
}

export function onParticipantJoined(m: AgentModel, conferenceId: string, ccid: string, replay: boolean): AgentModel {
  const next = replay ? m : countParticipant(m, conferenceId, +1);
  return updateConference(next, conferenceId, (c) => {
    const existing = c.participants.find((x) => x.callControlId === ccid);
    if (existing) return updateParticipants(c, [ccid], (x) => ({ ...x, status: 'joined' }));
    return { ...c, participants: [...c.participants, newParticipant(next, ccid, 'joined')] };
  });
}

export function onParticipantLeft(m: AgentModel, conferenceId: string, ccid: string, at: string, replay: boolean): AgentModel {
  const next = replay ? m : countParticipant(m, conferenceId, -1);
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

/** One more webhook applied for this conference. */
function noted(m: AgentModel, conferenceId: string): ReadonlyMap<string, number> {
  return new Map(m.conferenceEvents).set(conferenceId, (m.conferenceEvents.get(conferenceId) ?? 0) + 1);
}

/** A participant joined (+1) or left (-1) a listed conference, by webhook. */
function countParticipant(m: AgentModel, conferenceId: string, by: 1 | -1): AgentModel {
  if (!m.conferences.some((c) => c.id === conferenceId)) return m;
  const conferences = m.conferences.map((c) => (c.id === conferenceId ? { ...c, participantCount: Math.max(0, c.participantCount + by) } : c));
  return { ...m, conferences, conferenceEvents: noted(m, conferenceId) };
}

/**
 * Installs a conference list read from Telnyx. `eventsAtRead` is the model's `conferenceEvents`
 * when the read began. For a conference with a webhook since then the model's view wins (the read
 * may predate it: a refresh racing a hang-up showed the caller still there): it keeps its count,
 * stays if created meanwhile and stays gone if ended meanwhile.
 */
export function setConferenceSummaries(m: AgentModel, list: ConferenceSummary[], eventsAtRead: ReadonlyMap<string, number>): AgentModel {
  const mine = m.conference?.id;
  const changed = (id: string) => (m.conferenceEvents.get(id) ?? 0) !== (eventsAtRead.get(id) ?? 0);
  const current = new Map(m.conferences.map((c) => [c.id, c]));
  const listed = new Set(list.map((c) => c.id));
  const conferences = [
    ...list.flatMap((c) => {
      if (!changed(c.id)) return [c];
      const known = current.get(c.id);
      return known ? [{ ...c, participantCount: known.participantCount }] : []; // ended while we read
    }),
    ...m.conferences.filter((c) => !listed.has(c.id) && changed(c.id)), // created while we read
  ].map((c) => ({ ...c, isMine: c.id === mine }));
  // Counters are kept for conferences still shown; an ended one's is needed only by reads in flight.
  const conferenceEvents = new Map([...m.conferenceEvents].filter(([id]) => conferences.some((c) => c.id === id) || changed(id)));
  return { ...m, conferences, conferenceEvents };
}
