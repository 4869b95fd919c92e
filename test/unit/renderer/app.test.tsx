// @vitest-environment happy-dom
import { afterEach, describe, expect, it, vi } from 'vitest';
import { cleanup, render, screen, waitFor, within } from '@testing-library/react';
import userEvent from '@testing-library/user-event';
import { App } from '../../../renderer/src/App';
import { installFakeSwitchboard, makeAgentState, makeConference, makeParticipant, ok } from '../../support/fake-switchboard';

afterEach(() => {
  cleanup();
  vi.useRealTimers();
});

describe('console shell', () => {
  it('first run without a key offers the demo and the settings', async () => {
    const fake = installFakeSwitchboard(makeAgentState({ mode: 'unconfigured', agent: { status: 'offline' } }));
    const user = userEvent.setup({ delay: null });
    render(<App />);
    await user.click(await screen.findByRole('button', { name: 'Try the demo' }));
    expect(fake.callsTo('demo.start')).toEqual([{}]);
    fake.pushState((s) => ({ ...s, mode: 'demo' }));
    expect(await screen.findByText('Demo mode')).toBeTruthy();
    expect(screen.getByRole('list', { name: 'Queue' })).toBeTruthy();
  });

  it('status bar: connection states, last event age, go available / away / finish wrap-up', async () => {
    // The page's clock stands still (only Date is faked: React and user-event keep real timers),
    // so the age reads exactly 12 s however long rendering takes.
    vi.useFakeTimers({ toFake: ['Date'], now: new Date('2026-03-02T10:00:00Z') });
    const fake = installFakeSwitchboard(
      makeAgentState({
        agent: { status: 'away' },
        connection: {
          api: { state: 'ok' },
          relay: { state: 'connecting', attempt: 3, lastEventAt: new Date(Date.now() - 12_000).toISOString() },
        },
      }),
    );
    const user = userEvent.setup({ delay: null });
    render(<App />);
    expect((await screen.findByText('connected')).textContent).toBe('connected');
    expect(screen.getByText(/connecting… \(attempt 3\)/)).toBeTruthy();
    expect(screen.getByText('12 s ago')).toBeTruthy();

    await user.click(screen.getByRole('button', { name: 'Go available' }));
    expect(fake.callsTo('agent.setStatus')).toEqual([{ status: 'available' }]);
    fake.pushState((s) => ({ ...s, agent: { ...s.agent, status: 'wrap-up' } }));
    await user.click(await screen.findByRole('button', { name: 'Finish wrap-up' }));
    expect(fake.callsTo('agent.finishWrapUp')).toEqual([{}]);
    fake.pushState((s) => ({ ...s, agent: { ...s.agent, status: 'available' } }));
    await user.click(await screen.findByRole('button', { name: 'Go away' }));
    expect(fake.callsTo('agent.setStatus')).toEqual([{ status: 'available' }, { status: 'away' }]);
  });

  it('supervisor: joins with Listen, then Whisper and Barge switch the role live', async () => {
    const fake = installFakeSwitchboard(
      makeAgentState({
        conferences: [{ id: 'conf-9', name: 'sales-call-9', status: 'in_progress', createdAt: new Date().toISOString(), participantCount: 2, isMine: false }],
      }),
    );
    const user = userEvent.setup({ delay: null });
    render(<App />);
    const list = await screen.findByRole('list', { name: 'Live conferences' });
    const row = within(list).getByRole('listitem');
    await user.click(within(row).getByRole('button', { name: 'Listen' }));
    expect(fake.callsTo('supervisor.join')).toEqual([{ conferenceId: 'conf-9', role: 'monitor' }]);

    fake.pushState((s) => ({
      ...s,
      conferences: s.conferences.map((c) => ({ ...c, isMine: true, participantCount: 3 })),
      conference: makeConference({
        id: 'conf-9',
        name: 'sales-call-9',
        myRole: 'supervisor',
        participants: [
          makeParticipant({ callControlId: 'caller-9', kind: 'caller', label: '+15550009999' }),
          makeParticipant({ callControlId: 'agent-9', kind: 'agent', label: 'sip:bob@demo' }),
          makeParticipant({ callControlId: 'agent-leg', kind: 'supervisor', label: 'me', supervisorRole: 'monitor' }),
        ],
      }),
    }));
    await waitFor(() => expect(within(row).getByRole('button', { name: 'Listen' }).getAttribute('aria-pressed')).toBe('true'));
    await user.click(within(row).getByRole('button', { name: 'Whisper' }));
    await user.click(within(row).getByRole('button', { name: 'Barge' }));
    expect(fake.callsTo('supervisor.setRole')).toEqual([
      { conferenceId: 'conf-9', role: 'whisper' },
      { conferenceId: 'conf-9', role: 'barge' },
    ]);
    expect(fake.callsTo('supervisor.join')).toHaveLength(1);
    expect(screen.getByRole('heading', { name: /sales-call-9/ }).textContent).toContain('Supervising');
  });

  it('call history opens a saved recording through app.openExternal', async () => {
    const fake = installFakeSwitchboard(makeAgentState());
    const answeredAt = Date.now() - 120_000;
    fake.handle('history.list', () =>
      ok({
        calls: [
          {
            id: 1,
            direction: 'inbound',
            number: '+15550001111',
            queue: 'support',
            conferenceId: 'conf-1',
            outcome: 'answered',
            startedAt: new Date(answeredAt - 30_000).toISOString(),
            answeredAt: new Date(answeredAt).toISOString(),
            endedAt: new Date().toISOString(),
            waitingSecs: 30,
            talkingSecs: 120,
            holdSecs: 0,
            recordings: [{ recordingId: 'rec-1', mp3: 'https://example.com/rec-1.mp3', savedAt: new Date().toISOString() }],
          },
        ],
      }),
    );
    const user = userEvent.setup({ delay: null });
    render(<App />);
    const history = await screen.findByRole('list', { name: 'Call history' });
    expect((await within(history).findByRole('listitem')).textContent).toContain('2:00');
    await user.click(within(history).getByRole('button', { name: 'Open Recording 1 of +15550001111' }));
    expect(fake.callsTo('app.openExternal')).toEqual([{ url: 'https://example.com/rec-1.mp3' }]);
  });

  it('shows an update waiting for the agent to go away', async () => {
    const fake = installFakeSwitchboard(makeAgentState());
    render(<App />);
    await screen.findByRole('button', { name: 'Take next call' });
    await waitFor(() => expect(fake.listenerCount('updates.status')).toBeGreaterThan(0));
    fake.emit('updates.status', {
      state: 'ready-waiting',
      version: '0.2.0',
      reason: 'available-for-calls',
      message: 'waiting',
      channel: 'stable',
      currentVersion: '0.1.0',
    });
    expect(await screen.findByText('Update 0.2.0 ready: installs when you go away')).toBeTruthy();
  });

  it('unsubscribes from state when unmounted', async () => {
    const fake = installFakeSwitchboard(makeAgentState());
    const { unmount } = render(<App />);
    await screen.findByRole('button', { name: 'Take next call' });
    expect(fake.listenerCount('state')).toBe(1);
    unmount();
    expect(fake.listenerCount('state')).toBe(0);
  });

  it('a global shortcut refused before any command ran is shown under "Failed commands" and can be dismissed', async () => {
    const fake = installFakeSwitchboard(
      makeAgentState({
        failures: [
          { id: 'f1', method: 'shortcut.toggleMute', error: { code: 'INVALID_STATE', message: 'You are not on a call' }, at: new Date().toISOString() },
        ],
      }),
    );
    const user = userEvent.setup();
    render(<App />);
    const region = await screen.findByRole('region', { name: 'Failed commands' });
    expect(within(region).getByText(/You are not on a call/)).toBeTruthy();
    await user.click(within(region).getByRole('button', { name: /dismiss/i }));
    expect(fake.callsTo('failures.dismiss')).toEqual([{ id: 'f1' }]);
  });
});
