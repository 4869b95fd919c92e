// @vitest-environment happy-dom
import { afterEach, describe, expect, it } from 'vitest';
import { cleanup, render, screen, waitFor, within } from '@testing-library/react';
import userEvent from '@testing-library/user-event';
import type { Outcome } from '../../../electron/contract';
import { App } from '../../../renderer/src/App';
import { installFakeSwitchboard, makeAgentState, makeConference, telnyxError } from '../../support/fake-switchboard';

afterEach(cleanup);

/** The control's wrapper: errors are rendered beside the button, inside it. */
const commandOf = (button: HTMLElement) => button.closest('.command') as HTMLElement;

describe('failed commands', () => {
  it('shows Telnyx’s own error title next to the control and leaves nothing pending', async () => {
    const fake = installFakeSwitchboard(makeAgentState({ conference: makeConference() }));
    fake.fail('conference.mute', telnyxError('Call is not in a conference', 422, '90035'));
    const user = userEvent.setup({ delay: null });
    render(<App />);
    const mute = await screen.findByRole('button', { name: 'Mute' });
    await user.click(mute);

    const alert = await within(commandOf(mute)).findByRole('alert');
    expect(alert.textContent).toContain('Call is not in a conference');
    // Not the generic message: the title Telnyx sent.
    expect(alert.textContent).not.toContain('Telnyx 422');
    expect(mute.getAttribute('aria-busy')).toBeNull();
    expect(mute.hasAttribute('disabled')).toBe(false);
    expect(mute.getAttribute('aria-pressed')).toBe('false');

    // Other controls are not blamed.
    const hold = screen.getByRole('button', { name: 'Hold caller' });
    expect(within(commandOf(hold)).queryByRole('alert')).toBeNull();

    await user.click(within(alert).getByRole('button', { name: 'Dismiss error' }));
    expect(within(commandOf(mute)).queryByRole('alert')).toBeNull();
  });

  it('shows a failure the store kept once: from the store, not again from the outcome', async () => {
    const fake = installFakeSwitchboard(makeAgentState({ conference: makeConference() }));
    const error = telnyxError('Call is not in a conference', 422, '90035');
    // What core does: the store records the failure and the outcome's error names it.
    fake.handle('conference.mute', () => {
      fake.pushState((s) => ({
        ...s,
        failures: [...s.failures, { id: 'kept-1', method: 'conference.mute', target: 'agent-leg', error, at: new Date().toISOString() }],
      }));
      return { ok: false, error: { ...error, failureId: 'kept-1' } };
    });
    const user = userEvent.setup();
    render(<App />);
    const mute = await screen.findByRole('button', { name: 'Mute' });
    await user.click(mute);
    await waitFor(() => expect(within(commandOf(mute)).getAllByRole('alert')).toHaveLength(1));
    await waitFor(() => expect(mute.getAttribute('aria-busy')).toBeNull());
    expect(within(commandOf(mute)).getAllByRole('alert')).toHaveLength(1);
    expect(screen.getAllByText('Call is not in a conference')).toHaveLength(1);

    await user.click(within(commandOf(mute)).getByRole('button', { name: 'Dismiss error' }));
    expect(fake.callsTo('failures.dismiss')).toEqual([{ id: 'kept-1' }]);
    await waitFor(() => expect(within(commandOf(mute)).queryByRole('alert')).toBeNull());
  });

  it('is busy exactly while the command runs', async () => {
    const fake = installFakeSwitchboard(makeAgentState());
    let finish: (outcome: Outcome<{ conferenceId: string }>) => void = () => {};
    fake.handle('queue.takeNext', () => new Promise((resolve) => (finish = resolve)));
    const user = userEvent.setup({ delay: null });
    render(<App />);
    const take = await screen.findByRole('button', { name: 'Take next call' });
    await user.click(take);
    expect(take.getAttribute('aria-busy')).toBe('true');
    await user.click(take); // a second press while busy is ignored
    expect(fake.callsTo('queue.takeNext')).toHaveLength(1);
    finish({ ok: false, error: telnyxError('Queue is empty', 404, '90041') });
    await waitFor(() => expect(take.getAttribute('aria-busy')).toBeNull());
    expect(within(commandOf(take)).getByRole('alert').textContent).toContain('Queue is empty');
  });

  it('falls back to our message when Telnyx sent no title (e.g. the network is down)', async () => {
    const fake = installFakeSwitchboard(makeAgentState({ agent: { status: 'away', since: new Date().toISOString() } }));
    fake.fail('agent.setStatus', { code: 'NETWORK', message: 'Telnyx could not be reached' });
    const user = userEvent.setup({ delay: null });
    render(<App />);
    const goAvailable = await screen.findByRole('button', { name: 'Go available' });
    await user.click(goAvailable);
    expect((await within(commandOf(goAvailable)).findByRole('alert')).textContent).toContain('Telnyx could not be reached');
  });

  it('shows failures kept by the store next to their target, dismissable through failures.dismiss', async () => {
    const fake = installFakeSwitchboard(
      makeAgentState({
        conference: makeConference(),
        failures: [
          {
            id: 'f1',
            method: 'conference.hold',
            target: 'caller-leg',
            error: telnyxError('Participant not found', 404, '90030'),
            at: new Date().toISOString(),
          },
        ],
      }),
    );
    const user = userEvent.setup({ delay: null });
    render(<App />);
    const participants = await screen.findByRole('list', { name: 'Participants' });
    const caller = within(participants)
      .getAllByRole('listitem')
      .find((item) => item.textContent?.includes('+15550001111'))!;
    const alert = within(caller).getByRole('alert');
    expect(alert.textContent).toContain('Participant not found');
    // Also beside the toolbar's Hold caller control, which targets the same leg.
    expect(within(commandOf(screen.getByRole('button', { name: 'Hold caller' }))).getByRole('alert').textContent).toContain(
      'Participant not found',
    );

    await user.click(within(alert).getByRole('button', { name: 'Dismiss error' }));
    expect(fake.callsTo('failures.dismiss')).toEqual([{ id: 'f1' }]);
    await waitFor(() => expect(screen.queryByText('Participant not found')).toBeNull());
  });

  it('shows a failure whose target is gone in the failed-commands strip', async () => {
    installFakeSwitchboard(
      makeAgentState({
        failures: [
          { id: 'f2', method: 'conference.end', target: 'conf-gone', error: telnyxError('Conference not found', 404), at: new Date().toISOString() },
        ],
      }),
    );
    render(<App />);
    const strip = await screen.findByRole('region', { name: 'Failed commands' });
    expect(within(strip).getByRole('alert').textContent).toContain('Conference not found');
  });
});
