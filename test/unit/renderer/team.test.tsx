// @vitest-environment happy-dom
// The team in the renderer: an offered call rings with its details, a countdown and Accept /
// Decline; a supervisor's team panel lists agents with state and time in state, queue KPIs, and
// listens in with one click.
import { afterEach, describe, expect, it, vi } from 'vitest';
import { act, cleanup, render, screen, within } from '@testing-library/react';
import userEvent from '@testing-library/user-event';
import type { TeamState } from '../../../electron/contract';
import { App } from '../../../renderer/src/App';
import { offerTeammates, transferTeammates } from '../../../renderer/src/components/TeammatePicker';
import { installFakeSwitchboard, makeAgentState } from '../../support/fake-switchboard';

afterEach(() => {
  cleanup();
  vi.useRealTimers();
});

const NOW = new Date('2026-03-02T10:00:00Z');

function teamState(patch: Partial<TeamState>): TeamState {
  return { claims: true, agents: [], kpis: [], missedOffers: 0, me: { agentId: 'alice', role: 'agent' }, ...patch };
}

describe('offer panel', () => {
  it('shows the offered caller with a countdown; Accept and Decline answer the offer', async () => {
    vi.useFakeTimers({ toFake: ['Date'], now: NOW });
    const fake = installFakeSwitchboard(makeAgentState({}));
    const offer = { offerId: 'o1', callControlId: 'c1', queue: 'support', from: '+15550001', to: '+15550100', enqueuedAt: '2026-03-02T09:59:15Z', expiresAt: NOW.getTime() + 12_000 };
    fake.handle('team.getState', () => ({ ok: true, value: teamState({ offer }) }));
    const user = userEvent.setup({ delay: null });
    render(<App />);
    const dialog = await screen.findByRole('alertdialog', { name: 'Call offered' });
    expect(dialog.textContent).toContain('+15550001');
    expect(dialog.textContent).toContain('support');
    expect(dialog.textContent).toContain('0:45'); // waiting since 09:59:15
    expect(within(dialog).getByTestId('offer-countdown').textContent).toBe('12');
    await user.click(within(dialog).getByRole('button', { name: 'Accept' }));
    expect(fake.callsTo('team.answerOffer')).toEqual([{ offerId: 'o1', accept: true }]);
    await user.click(within(dialog).getByRole('button', { name: 'Decline' }));
    expect(fake.callsTo('team.answerOffer').at(-1)).toEqual({ offerId: 'o1', accept: false });
    // The offer ends: the panel says how.
    act(() => fake.emit('team', teamState({ lastOffer: { offerId: 'o1', from: '+15550001', outcome: 'timeout' }, missedOffers: 1 })));
    expect(screen.queryByRole('alertdialog', { name: 'Call offered' })).toBeNull();
    expect(screen.getByTestId('last-offer').textContent).toBe('Last offer (+15550001): missed · 1 missed in a row');
  });
});

describe('team panel', () => {
  it('is shown to supervisors only: agents with state, reason and time in state, KPI tiles, Listen on a call', async () => {
    vi.useFakeTimers({ toFake: ['Date'], now: NOW });
    const fake = installFakeSwitchboard(makeAgentState({}));
    const agent = { callControlId: null, conferenceId: null, queues: ['support'], softphoneRegistered: true, endpoint: null, connected: true };
    const team = teamState({
      me: { agentId: 'sue', role: 'supervisor' },
      agents: [
        { ...agent, agentId: 'alice', state: 'on_call', reason: null, since: '2026-03-02T09:58:00Z', callControlId: 'c1', conferenceId: 'conf-9' },
        { ...agent, agentId: 'bob', state: 'away', reason: 'missed offers', since: '2026-03-02T09:59:30Z' },
      ],
      kpis: [
        { queue: 'support', window: '15m', windowSecs: 900, offered: 10, answered: 8, abandoned: 2, serviceLevel: 0.75, serviceLevelSecs: 20, averageWaitSecs: 14, longestWaitSecs: 70, waiting: 1, oldestWaitingSince: NOW.getTime() - 30_000 },
        { queue: 'support', window: 'today', windowSecs: 36000, offered: 30, answered: 25, abandoned: 5, serviceLevel: 0.8, serviceLevelSecs: 20, averageWaitSecs: 12, longestWaitSecs: 90, waiting: 1, oldestWaitingSince: null },
      ],
    });
    fake.handle('team.getState', () => ({ ok: true, value: team }));
    const user = userEvent.setup({ delay: null });
    render(<App />);
    const panel = await screen.findByRole('region', { name: 'Team' });
    const rows = within(within(panel).getByRole('table', { name: 'Agents' })).getAllByRole('row');
    const alice = rows.find((r) => r.textContent?.includes('alice'))!;
    const bob = rows.find((r) => r.textContent?.includes('bob'))!;
    expect(alice.textContent).toContain('On call');
    expect(alice.textContent).toContain('2:00');
    expect(bob.textContent).toContain('Away · missed offers');
    expect(bob.textContent).toContain('0:30');
    expect(within(bob).queryByRole('button', { name: 'Listen' })).toBeNull();
    const tiles = within(panel).getAllByRole('listitem');
    expect(tiles).toHaveLength(1); // the last 15 minutes only
    expect(tiles[0]!.textContent).toContain('75%');
    expect(tiles[0]!.textContent).toContain('10 offered · 8 answered · 2 abandoned');
    await user.click(within(alice).getByRole('button', { name: 'Listen' }));
    expect(fake.callsTo('supervisor.join')).toEqual([{ conferenceId: 'conf-9', role: 'monitor' }]);

    // An agent token: no team panel.
    act(() => fake.emit('team', teamState({ me: { agentId: 'alice', role: 'agent' } })));
    expect(screen.queryByRole('region', { name: 'Team' })).toBeNull();
  });
});

describe('transfer teammates', () => {
  const base = { reason: null, since: '2026-03-02T09:00:00Z', callControlId: null, conferenceId: null, queues: ['support'], softphoneRegistered: false, connected: true };
  it('lists teammates with an endpoint, Available first then by state and name, never this agent', () => {
    const team: TeamState = {
      me: { agentId: 'sue', role: 'supervisor' },
      claims: true,
      kpis: [],
      missedOffers: 0,
      agents: [
        { ...base, agentId: 'zed', state: 'on_call', endpoint: 'sip:zed@example.com' },
        { ...base, agentId: 'sue', state: 'available', endpoint: 'sip:sue@example.com' },
        { ...base, agentId: 'bob', state: 'away', endpoint: '+15550100002' },
        { ...base, agentId: 'cat', state: 'available', endpoint: 'sip:cat@example.com' },
        { ...base, agentId: 'amy', state: 'available', endpoint: null },
        { ...base, agentId: 'ann', state: 'available', endpoint: 'sip:ann@example.com' },
        { ...base, agentId: 'dan', state: 'offline', endpoint: 'sip:dan@example.com', connected: false },
      ],
    };
    expect(transferTeammates(team).map((a) => `${a.agentId}:${a.state}`)).toEqual(['ann:available', 'cat:available', 'zed:on_call', 'bob:away', 'dan:offline']);
    expect(transferTeammates(undefined)).toEqual([]);
  });

  it('offers go only to connected, Available teammates; the others are listed as not offerable (endpoint or not)', () => {
    const team: TeamState = {
      me: { agentId: 'sue', role: 'supervisor' },
      claims: true,
      kpis: [],
      missedOffers: 0,
      agents: [
        { ...base, agentId: 'zed', state: 'on_call', endpoint: null },
        { ...base, agentId: 'sue', state: 'available', endpoint: null },
        { ...base, agentId: 'amy', state: 'available', endpoint: null },
        { ...base, agentId: 'eve', state: 'available', endpoint: null, connected: false },
      ],
    };
    expect(offerTeammates(team).map((a) => `${a.agentId}:${a.offerable}`)).toEqual(['amy:true', 'eve:false', 'zed:false']);
  });
});

describe('a teammate transfer offered to this agent', () => {
  it('rings as "Transfer from <agent>" with the caller, blind or consult and the note', async () => {
    vi.useFakeTimers({ toFake: ['Date'], now: NOW });
    const fake = installFakeSwitchboard(makeAgentState({}));
    const offer = {
      offerId: 'o9', callControlId: 'c1', queue: '', from: '+15550009', to: '', enqueuedAt: '2026-03-02T09:59:15Z', expiresAt: NOW.getTime() + 15_000,
      transfer: { fromAgent: 'ann', conferenceId: 'conf-1', kind: 'consult' as const, note: 'Ann: billing question' },
    };
    fake.handle('team.getState', () => ({ ok: true, value: teamState({ offer }) }));
    const user = userEvent.setup({ delay: null });
    render(<App />);
    const dialog = await screen.findByRole('alertdialog', { name: 'Transfer from ann' });
    expect(dialog.textContent).toContain('+15550009');
    expect(dialog.textContent).toContain('consult first');
    expect(within(dialog).getByTestId('offer-transfer-note').textContent).toBe('Ann: billing question');
    await user.click(within(dialog).getByRole('button', { name: 'Accept' }));
    expect(fake.callsTo('team.answerOffer')).toEqual([{ offerId: 'o9', accept: true }]);
    act(() => fake.emit('team', teamState({ lastOffer: { offerId: 'o9', from: '+15550009', outcome: 'withdrawn' } })));
    expect(screen.getByTestId('last-offer').textContent).toBe('Last offer (+15550009): cancelled by the sender');
  });
});
