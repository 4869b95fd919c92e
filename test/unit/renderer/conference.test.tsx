// @vitest-environment happy-dom
import { afterEach, describe, expect, it } from 'vitest';
import { cleanup, render, screen, waitFor, within } from '@testing-library/react';
import userEvent from '@testing-library/user-event';
import { App } from '../../../renderer/src/App';
import { installFakeSwitchboard, makeAgentState, makeConference, makeParticipant, type FakeSwitchboard } from '../../support/fake-switchboard';

afterEach(cleanup);

function inConference(fake?: Partial<Parameters<typeof makeConference>[0]>) {
  return installFakeSwitchboard(makeAgentState({ conference: makeConference(fake), conferences: [] }));
}

function setParticipant(fake: FakeSwitchboard, id: string, change: Partial<ReturnType<typeof makeParticipant>>) {
  fake.pushState((s) => ({
    ...s,
    conference: s.conference && {
      ...s.conference,
      participants: s.conference.participants.map((p) => (p.callControlId === id ? { ...p, ...change } : p)),
    },
  }));
}

describe('conference panel', () => {
  it('Mute shows the store’s truth in aria-pressed, not the click', async () => {
    const fake = inConference();
    const user = userEvent.setup({ delay: null });
    render(<App />);
    const mute = await screen.findByRole('button', { name: 'Mute' });
    expect(mute.getAttribute('aria-pressed')).toBe('false');

    await user.click(mute);
    expect(fake.callsTo('conference.mute')).toEqual([{ conferenceId: 'conf-1', callControlIds: ['agent-leg'] }]);
    // Telnyx has not confirmed: still not pressed.
    expect(mute.getAttribute('aria-pressed')).toBe('false');

    setParticipant(fake, 'agent-leg', { muted: true });
    await waitFor(() => expect(screen.getByRole('button', { name: 'Mute' }).getAttribute('aria-pressed')).toBe('true'));

    // Pressed again = unmute, for the agent's own leg.
    await user.click(screen.getByRole('button', { name: 'Mute' }));
    expect(fake.callsTo('conference.unmute')).toEqual([{ conferenceId: 'conf-1', callControlIds: ['agent-leg'] }]);
  });

  it('shows a pending optimistic change as busy, separately from aria-pressed', async () => {
    const fake = inConference();
    render(<App />);
    await screen.findByRole('button', { name: 'Mute' });
    setParticipant(fake, 'agent-leg', { pending: ['muted'] });
    await waitFor(() => expect(screen.getByRole('button', { name: 'Mute' }).getAttribute('aria-busy')).toBe('true'));
    expect(screen.getByRole('button', { name: 'Mute' }).getAttribute('aria-pressed')).toBe('false');
  });

  it('Hold caller holds and resumes the caller legs, pressed only when the store says on hold', async () => {
    const fake = inConference();
    const user = userEvent.setup({ delay: null });
    render(<App />);
    const hold = await screen.findByRole('button', { name: 'Hold caller' });
    expect(hold.getAttribute('aria-pressed')).toBe('false');
    await user.click(hold);
    expect(fake.callsTo('conference.hold')).toEqual([{ conferenceId: 'conf-1', callControlIds: ['caller-leg'] }]);
    setParticipant(fake, 'caller-leg', { onHold: true });
    await waitFor(() => expect(screen.getByRole('button', { name: 'Hold caller' }).getAttribute('aria-pressed')).toBe('true'));
    await user.click(screen.getByRole('button', { name: 'Hold caller' }));
    expect(fake.callsTo('conference.unhold')).toEqual([{ conferenceId: 'conf-1', callControlIds: ['caller-leg'] }]);
  });

  it('Record toggles start/stop, pause/resume follow the recording state, and the banner says so', async () => {
    const fake = inConference();
    const user = userEvent.setup({ delay: null });
    render(<App />);
    const record = await screen.findByRole('button', { name: 'Record' });
    expect(record.getAttribute('aria-pressed')).toBe('false');
    expect(screen.queryByRole('button', { name: 'Pause recording' })).toBeNull();
    await user.click(record);
    expect(fake.callsTo('conference.recordStart')).toEqual([{ conferenceId: 'conf-1', format: 'mp3' }]);

    fake.pushState((s) => ({ ...s, conference: s.conference && { ...s.conference, recording: { state: 'recording' } } }));
    await waitFor(() => expect(screen.getByRole('button', { name: 'Record' }).getAttribute('aria-pressed')).toBe('true'));
    expect(screen.getAllByRole('status').some((el) => el.textContent === 'Recording')).toBe(true);

    await user.click(screen.getByRole('button', { name: 'Pause recording' }));
    expect(fake.callsTo('conference.recordPause')).toEqual([{ conferenceId: 'conf-1' }]);
    fake.pushState((s) => ({ ...s, conference: s.conference && { ...s.conference, recording: { state: 'paused' } } }));
    await screen.findByText('Recording paused');
    expect(screen.getByRole('button', { name: 'Record' }).getAttribute('aria-pressed')).toBe('true');
    await user.click(screen.getByRole('button', { name: 'Resume recording' }));
    expect(fake.callsTo('conference.recordResume')).toEqual([{ conferenceId: 'conf-1' }]);

    await user.click(screen.getByRole('button', { name: 'Record' }));
    expect(fake.callsTo('conference.recordStop')).toEqual([{ conferenceId: 'conf-1' }]);
  });

  it('lists participants with their states and per-participant toggles', async () => {
    const fake = inConference({
      floorCallControlId: 'caller-leg',
      participants: [
        makeParticipant({ callControlId: 'caller-leg', kind: 'caller', label: '+15550001111', speaking: true, muted: true }),
        makeParticipant({ callControlId: 'agent-leg', kind: 'agent', label: 'sip:agent@demo' }),
        makeParticipant({ callControlId: 'sup-leg', kind: 'supervisor', label: 'Sam (supervisor)', supervisorRole: 'whisper' }),
        makeParticipant({ callControlId: 'gone', kind: 'other', label: 'Gone', status: 'left' }),
      ],
    });
    const user = userEvent.setup({ delay: null });
    render(<App />);
    const list = await screen.findByRole('list', { name: 'Participants' });
    const items = within(list).getAllByRole('listitem');
    expect(items).toHaveLength(3);
    const caller = items.find((item) => item.textContent?.includes('+15550001111'));
    expect(caller?.textContent).toContain('Speaking');
    expect(caller?.textContent).toContain('Muted');
    expect(items.find((i) => i.textContent?.includes('Sam'))?.textContent).toContain('Whispering');

    const muteCaller = within(caller!).getByRole('button', { name: 'Mute +15550001111' });
    expect(muteCaller.getAttribute('aria-pressed')).toBe('true');
    await user.click(muteCaller);
    expect(fake.callsTo('conference.unmute')).toEqual([{ conferenceId: 'conf-1', callControlIds: ['caller-leg'] }]);
  });

  it('plays audio, speaks text, adds a participant, leaves and ends', async () => {
    const fake = inConference();
    const user = userEvent.setup({ delay: null });
    render(<App />);
    await user.type(await screen.findByLabelText('Audio URL'), 'https://example.com/hold.mp3');
    await user.click(screen.getByRole('button', { name: 'Play audio' }));
    expect(fake.callsTo('conference.play')).toEqual([{ conferenceId: 'conf-1', audioUrl: 'https://example.com/hold.mp3' }]);
    await user.click(screen.getByRole('button', { name: 'Stop audio' }));
    expect(fake.callsTo('conference.stopAudio')).toEqual([{ conferenceId: 'conf-1' }]);

    await user.type(screen.getByLabelText('Text to speak'), 'Thanks for waiting');
    await user.click(screen.getByRole('button', { name: 'Speak' }));
    expect(fake.callsTo('conference.speak')).toEqual([{ conferenceId: 'conf-1', text: 'Thanks for waiting', voice: 'female' }]);

    await user.type(screen.getByLabelText('Number or SIP address'), '+15557654321');
    await user.click(screen.getByRole('button', { name: 'Add participant' }));
    expect(fake.callsTo('conference.addParticipant')).toEqual([{ conferenceId: 'conf-1', to: '+15557654321' }]);
    await waitFor(() => expect((screen.getByLabelText('Number or SIP address') as HTMLInputElement).value).toBe(''));

    await user.click(screen.getByRole('button', { name: 'Leave' }));
    await user.click(screen.getByRole('button', { name: 'End conference' }));
    expect(fake.callsTo('conference.leave')).toEqual([{ conferenceId: 'conf-1' }]);
    expect(fake.callsTo('conference.end')).toEqual([{ conferenceId: 'conf-1' }]);
  });
});
