// A call the agent left while its transfer was completing is marked transferred-out in the
// history, once, with where it went; a transfer that failed or was cancelled marks nothing.
import { describe, expect, it } from 'vitest';
import type { AgentState, TeamState, TransferState } from '../../../electron/contract';
import { recordTeammateTransfersIn, recordTransfersOut, rememberRingingTargets } from '../../../electron/core/transfer-history';

function harness() {
  const listeners: Array<(s: AgentState) => void> = [];
  const marked: unknown[] = [];
  recordTransfersOut({ onState: (cb) => (listeners.push(cb), () => undefined) }, { markTransfer: (id, t) => (marked.push([id, t]), true) });
  const push = (conferenceId: string | undefined, transfer?: Partial<TransferState>) =>
    listeners.forEach((l) => l({ ...(conferenceId ? { conference: { id: conferenceId } } : {}), ...(transfer ? { transfer } : {}) } as AgentState));
  return { push, marked };
}

describe('transfers out in the history', () => {
  it('marks the call once the agent left a completing transfer', () => {
    const h = harness();
    h.push('c1', { conferenceId: 'c1', phase: 'ringing', destination: { type: 'number', to: '+15550100' } });
    h.push('c1', { conferenceId: 'c1', phase: 'completing', destination: { type: 'number', to: '+15550100' } });
    expect(h.marked).toEqual([]);
    h.push(undefined);
    h.push(undefined);
    expect(h.marked).toEqual([['c1', { direction: 'out', to: '+15550100' }]]);
  });

  it('a queue transfer names the queue', () => {
    const h = harness();
    h.push('c2', { conferenceId: 'c2', phase: 'completing', destination: { type: 'queue', queue: 'sales' } });
    h.push(undefined);
    expect(h.marked).toEqual([['c2', { direction: 'out', to: 'Queue sales' }]]);
  });

  it('a failed or cancelled transfer, then leaving, marks nothing', () => {
    const h = harness();
    h.push('c3', { conferenceId: 'c3', phase: 'ringing', destination: { type: 'number', to: '+15550100' } });
    h.push('c3', { conferenceId: 'c3', phase: 'failed', destination: { type: 'number', to: '+15550100' } });
    h.push(undefined);
    expect(h.marked).toEqual([]);
  });
});

describe('ringing targets remembered for clean-up after a crash', () => {
  it('remembers a dialled target while it rings, never a teammate\'s own leg (an accepted offer)', () => {
    const listeners: Array<(s: AgentState) => void> = [];
    const dialled: string[] = [];
    const settled: string[] = [];
    rememberRingingTargets({ onState: (cb) => (listeners.push(cb), () => undefined) }, { dialled: (leg) => void dialled.push(leg), settled: (leg) => void settled.push(leg) }, () => 0);
    const push = (transfer: Partial<TransferState>) => listeners.forEach((l) => l({ transfer } as AgentState));
    push({ conferenceId: 'c1', phase: 'answered', targetCallControlId: 'bob-leg', destination: { type: 'teammate', agentId: 'bob' } });
    expect(dialled).toEqual([]);
    push({ conferenceId: 'c1', phase: 'ringing', targetCallControlId: 'target', destination: { type: 'number', to: '+15550100' } });
    expect(dialled).toEqual(['target']);
  });
});

describe('a teammate\'s transfer accepted here', () => {
  it('marks the call transferred-in from the sender once this console is in that conference', () => {
    const states: Array<(s: AgentState) => void> = [];
    const teams: Array<(t: TeamState) => void> = [];
    const marked: unknown[] = [];
    recordTeammateTransfersIn(
      { onState: (cb) => (states.push(cb), () => undefined), team: { onChange: (cb) => (teams.push(cb), () => undefined) } },
      { markTransfer: (id, t) => (marked.push([id, t]), true) },
    );
    const offer = { offerId: 'o1', callControlId: 'c1', queue: '', from: '+1555', to: '', enqueuedAt: '', expiresAt: 0, transfer: { fromAgent: 'ann', conferenceId: 'conf-1', kind: 'blind' as const, note: '' } };
    const team = (patch: Partial<TeamState>) => teams.forEach((l) => l({ claims: true, agents: [], kpis: [], missedOffers: 0, ...patch }));
    const state = (conferenceId?: string) => states.forEach((l) => l((conferenceId ? { conference: { id: conferenceId } } : {}) as AgentState));
    team({ offer }); // ringing, not accepted: nothing remembered
    state('conf-1');
    expect(marked).toEqual([]);
    team({ offer: { ...offer, accepting: true } });
    team({}); // it stops ringing before the join completes
    state(undefined);
    state('conf-1');
    state('conf-1');
    expect(marked).toEqual([['conf-1', { direction: 'in', from: 'ann' }]]);
  });
});
