import { describe, expect, expectTypeOf, it } from 'vitest';
import type { AgentState } from '../../../../electron/contract';
import { presenceOf, type PresenceUpdate } from '../../../../electron/core/agent/presence';
import type { AGENT_STATES, PresenceUpdateFrame } from '../../../../relay/src/protocol';
import { makeAgentState } from '../../../support/fake-switchboard';

const since = '2026-01-01T12:00:00.000Z';
const inputs = { queues: ['support', 'sales'], softphoneRegistered: true };

function stateWith(agent: Partial<AgentState['agent']>, conference?: AgentState['conference']): AgentState {
  const s = makeAgentState();
  return { ...s, agent: { ...s.agent, since, ...agent }, ...(conference ? { conference } : {}) };
}

const callConference = (myRole: 'agent' | 'supervisor'): NonNullable<AgentState['conference']> => ({
  id: 'conf-1',
  name: 'sb-support-1',
  status: 'in_progress',
  createdAt: since,
  isMine: true,
  myRole,
  participants: [
    { callControlId: 'agent-leg', kind: 'agent', label: 'me', status: 'joined', muted: false, onHold: false, speaking: false, supervisorRole: 'none', whisperTargets: [], pending: [] },
    { callControlId: 'caller-1', kind: 'caller', label: '+15550001', status: 'joined', muted: false, onHold: false, speaking: false, supervisorRole: 'none', whisperTargets: [], pending: [] },
  ],
  recording: { state: 'off' },
  media: { playing: false, speaking: false },
});

describe('presenceOf: the agent state as the relay presence frame', () => {
  it('is exactly the relay protocol PresenceUpdateFrame', () => {
    expectTypeOf<PresenceUpdate>().toEqualTypeOf<PresenceUpdateFrame>();
    expectTypeOf<PresenceUpdate['state']>().toEqualTypeOf<(typeof AGENT_STATES)[number]>();
  });

  it('available, with the queues served and the softphone registration', () => {
    expect(presenceOf(stateWith({ status: 'available' }), inputs)).toEqual({
      type: 'presence',
      state: 'available',
      reason: null,
      since,
      call_control_id: null,
      conference_id: null,
      queues: ['support', 'sales'],
      softphone_registered: true,
      endpoint: null,
    });
    // Where a teammate's transfer reaches this agent, when the console knows it.
    expect(presenceOf(stateWith({ status: 'available' }), { ...inputs, endpoint: 'sip:ann@example.com' }).endpoint).toBe('sip:ann@example.com');
  });

  it('on a call names the caller leg and the conference', () => {
    const p = presenceOf(stateWith({ status: 'available' }, callConference('agent')), { ...inputs, softphoneRegistered: false });
    expect(p).toMatchObject({ state: 'on_call', call_control_id: 'caller-1', conference_id: 'conf-1', reason: null, softphone_registered: false });
  });

  it('a supervisor listening in stays in its own state', () => {
    expect(presenceOf(stateWith({ status: 'away', reason: 'Training' }, callConference('supervisor')), inputs)).toMatchObject({
      state: 'away',
      reason: 'Training',
      conference_id: null,
    });
  });

  it('away with its reason, wrap-up, offline, and connecting as away "Connecting"', () => {
    expect(presenceOf(stateWith({ status: 'away', reason: 'Lunch' }), inputs)).toMatchObject({ state: 'away', reason: 'Lunch', since });
    expect(presenceOf(stateWith({ status: 'away' }), inputs)).toMatchObject({ state: 'away', reason: null });
    expect(presenceOf(stateWith({ status: 'wrap-up' }), inputs)).toMatchObject({ state: 'wrap_up', reason: null, conference_id: null });
    expect(presenceOf(stateWith({ status: 'offline' }), inputs)).toMatchObject({ state: 'offline', reason: null });
    expect(presenceOf(stateWith({ status: 'connecting' }), inputs)).toMatchObject({ state: 'away', reason: 'Connecting' });
  });
});
