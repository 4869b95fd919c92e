/** Call legs: the directory of legs seen, the agent's leg answering and hanging up. */
import type { AgentLeg, AgentStatus } from '../../../contract';
import type { AgentModel, CallInfo } from '../model';
import { leaveMyConference } from './conference';
import { removeQueueCall } from './queue';
import { updateConference } from './shared';

/** Merges what we learnt about a call leg into the directory (unknown fields keep old values). */
export function rememberCall(m: AgentModel, callControlId: string, info: Partial<CallInfo>): AgentModel {
  const old = m.calls.get(callControlId);
  const merged: CallInfo = { state: old?.state ?? 'initiated', ...old };
  for (const [k, v] of Object.entries(info) as Array<[keyof CallInfo, unknown]>) if (v !== undefined) (merged as unknown as Record<string, unknown>)[k] = v;
  if (m.callDirectoryCount !== m.callDirectory.count) throw new Error('rememberCall: the model is not the newest (its call directory has moved on)');
  return { ...m, callDirectoryCount: m.callDirectory.set(callControlId, merged) };
}

export function onCallAnswered(m: AgentModel, ccid: string, at: string): AgentModel {
  const leg = m.agent.leg;
  if (!leg || leg.callControlId !== ccid || leg.state !== 'dialing') return m;
  const status: AgentStatus = m.agent.status === 'connecting' ? 'available' : m.agent.status;
  return { ...m, agent: { ...m.agent, status, leg: { ...leg, state: 'parked', since: at } } };
}

export function onCallHangup(m: AgentModel, ccid: string, at: string): AgentModel {
  let next = removeQueueCall(m, ccid);
  if (next.agent.leg?.callControlId === ccid) {
    // The agent's leg is gone. Away and wrap-up stay as they are (wrap-up re-dials on finish);
    // anything else means the agent can no longer take calls.
    const status: AgentStatus = next.agent.status === 'away' || next.agent.status === 'wrap-up' ? next.agent.status : 'offline';
    const { leg: _leg, ...agent } = next.agent;
    next = { ...next, agent: { ...agent, status } };
    if (next.conference?.myRole === 'agent') next = leaveMyConference(next, at, 'offline');
  }
  if (next.supervisorLeg === ccid) {
    const { supervisorLeg: _s, ...rest } = next;
    next = rest;
    if (next.conference?.myRole === 'supervisor') next = leaveMyConference(next, at, undefined);
  }
  if (next.conference) next = updateConference(next, next.conference.id, (c) => ({ ...c, participants: c.participants.filter((x) => x.callControlId !== ccid) }));
  return next;
}

export function setAgentLeg(m: AgentModel, leg: AgentLeg | undefined): AgentModel {
  if (!leg) {
    const { leg: _l, ...agent } = m.agent;
    return { ...m, agent };
  }
  // The dial response can arrive after call.answered for the same leg: the directory knows.
  const known = m.calls.get(leg.callControlId);
  let next: AgentModel = { ...m, agent: { ...m.agent, leg } };
  if (known?.state === 'answered' && leg.state === 'dialing') next = onCallAnswered(next, leg.callControlId, leg.since);
  if (known?.state === 'hangup') next = onCallHangup(next, leg.callControlId, leg.since);
  return next;
}
