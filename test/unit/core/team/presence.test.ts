// The one mapping from the console's agent state to the presence the team sees.
import { describe, expect, it } from 'vitest';
import { initialModel, type AgentModel } from '../../../../electron/core/agent/model';
import { enterConference, setAgentStatus } from '../../../../electron/core/agent/reducer';
import { presenceFrom, samePresence } from '../../../../electron/core/team/presence';

const base = () => initialModel({ mode: 'demo', watchedQueues: ['support'] });
const inputs = { softphoneRegistered: true, queues: ['support'] };
const T0 = '2026-01-01T09:00:00.000Z';
const T1 = '2026-01-01T09:05:00.000Z';

function onCall(m: AgentModel, myRole: 'agent' | 'supervisor' = 'agent'): AgentModel {
  return enterConference(setAgentStatus(m, 'available'), {
    id: 'conf-1', name: 'sb-support-1', createdAt: T0, myRole, caller: { callControlId: 'caller-1', from: '+15550001', queue: 'support' },
  });
}

describe('presenceFrom', () => {
  it.each([
    ['offline', 'offline', null],
    ['connecting', 'away', 'connecting'],
    ['available', 'available', null],
    ['away', 'away', null],
    ['wrap-up', 'wrap_up', null],
  ] as const)('agent status %s → %s (%s)', (status, state, reason) => {
    const p = presenceFrom(setAgentStatus(base(), status), inputs, undefined, T0);
    expect(p).toEqual({ type: 'presence', state, reason, since: T0, call_control_id: null, conference_id: null, queues: ['support'], softphone_registered: true });
  });

  it('in a conference as the agent: on_call with the caller leg and the conference', () => {
    const p = presenceFrom(onCall(base()), inputs, undefined, T0);
    expect(p).toMatchObject({ state: 'on_call', reason: null, call_control_id: 'caller-1', conference_id: 'conf-1' });
  });

  it('listening as a supervisor is on_call too, with the reason "supervising"', () => {
    expect(presenceFrom(onCall(base(), 'supervisor'), inputs, undefined, T0)).toMatchObject({ state: 'on_call', reason: 'supervising' });
  });

  it('away carries the reason the console set it away for', () => {
    const p = presenceFrom(setAgentStatus(base(), 'away'), { ...inputs, awayReason: 'missed offers' }, undefined, T0);
    expect(p).toMatchObject({ state: 'away', reason: 'missed offers' });
  });

  it('keeps `since` while state and reason stay; a new state or reason starts it again', () => {
    const first = presenceFrom(setAgentStatus(base(), 'available'), inputs, undefined, T0);
    const sameState = presenceFrom(setAgentStatus(base(), 'available'), { ...inputs, softphoneRegistered: false }, first, T1);
    expect(sameState.since).toBe(T0);
    expect(samePresence(first, sameState)).toBe(false); // registration changed: still news
    const away = presenceFrom(setAgentStatus(base(), 'away'), inputs, sameState, T1);
    expect(away.since).toBe(T1);
    const reasoned = presenceFrom(setAgentStatus(base(), 'away'), { ...inputs, awayReason: 'missed offers' }, { ...away, since: T0 }, T1);
    expect(reasoned.since).toBe(T1);
  });

  it('samePresence: the identical frame is no news', () => {
    const p = presenceFrom(setAgentStatus(base(), 'available'), inputs, undefined, T0);
    expect(samePresence(p, presenceFrom(setAgentStatus(base(), 'available'), inputs, p, T1))).toBe(true);
    expect(samePresence(undefined, p)).toBe(false);
  });
});
