/**
 * The agent's state as people see it (`agentStateKind` + away reason) and its `since`, kept by
 * the store on every change (store.ts calls `deriveAgentState`), so no command or event has to
 * remember to stamp it. Also where a wrap-up begins and ends in the model: it begins when the
 * agent's own call ends in `wrap-up` and ends whenever the status leaves `wrap-up`.
 */
import { agentStateKind, agentStateLabel, formatTimeInState, type AgentState, type Settings, type WrapUpView } from '../../contract';
import type { AgentModel } from './model';

type WrapUpCall = Pick<WrapUpView, 'conferenceId' | 'caller' | 'callControlId' | 'queue'>;

/** The wrap-up view for the call that just ended, with the timer and lists of the settings now. */
export function newWrapUp(call: WrapUpCall, settings: Settings['wrapUp'], nowMs: number): WrapUpView {
  return {
    ...call,
    startedAt: new Date(nowMs).toISOString(),
    ...(settings.timerSecs > 0 ? { endsAt: new Date(nowMs + settings.timerSecs * 1000).toISOString() } : {}),
    extendSecs: settings.timerSecs > 0 ? settings.extendSecs : 0,
    extended: false,
    mandatory: settings.mandatory && settings.timerSecs > 0,
    dispositions: [...settings.dispositions],
    dispositionRequired: settings.dispositionRequired && settings.dispositions.length > 0,
    notes: '',
    after: { status: 'available' },
  };
}

/** The call the agent just left, as wrap-up names it (the caller's number, leg and queue). */
function endedCall(m: AgentModel, prev: AgentModel): WrapUpCall | undefined {
  const c = prev.conference;
  if (!c || c.myRole !== 'agent' || m.conference?.id === c.id) return undefined;
  const caller = c.participants.find((p) => p.kind === 'caller');
  const from = caller ? (m.calls.get(caller.callControlId)?.from ?? caller.label) : '';
  return { conferenceId: c.id, caller: from, ...(caller ? { callControlId: caller.callControlId } : {}), ...(c.queue ? { queue: c.queue } : {}) };
}

/**
 * Runs after every change (the store's single writer): begins or drops the wrap-up, keeps the
 * reason only while away, and stamps `since` when the state or the reason changed. Cheap when
 * nothing of that changed: the settings are read only when a wrap-up begins.
 */
export function deriveAgentState(next: AgentModel, prev: AgentModel, wrapUpSettings: () => Settings['wrapUp'], nowMs: number): AgentModel {
  let agent = next.agent;
  if (agent.status === 'wrap-up' && !agent.wrapUp) {
    const call = endedCall(next, prev);
    if (call) agent = { ...agent, wrapUp: newWrapUp(call, wrapUpSettings(), nowMs) };
  } else if (agent.status !== 'wrap-up' && agent.wrapUp) {
    const { wrapUp: _w, ...rest } = agent;
    agent = rest;
  }
  if (agent.status !== 'away' && agent.reason !== undefined) {
    const { reason: _r, ...rest } = agent;
    agent = rest;
  }
  const changed = agentStateKind(next) !== agentStateKind(prev) || agent.reason !== prev.agent.reason;
  if (changed) agent = { ...agent, since: new Date(nowMs).toISOString() };
  return agent === next.agent ? next : { ...next, agent };
}

/** The tray's tooltip: "Switchboard — Away — Lunch · 12:04" (main only sets it; core words it). */
export function trayTooltip(s: Pick<AgentState, 'agent' | 'conference'>, nowMs: number): string {
  return `Switchboard — ${agentStateLabel(agentStateKind(s), s.agent.reason)} · ${formatTimeInState(s.agent.since, nowMs)}`;
}
