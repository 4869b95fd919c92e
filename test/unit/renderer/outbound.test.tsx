// @vitest-environment happy-dom
import { afterEach, describe, expect, it } from 'vitest';
import { cleanup, render, screen, within } from '@testing-library/react';
import userEvent from '@testing-library/user-event';
import { App } from '../../../renderer/src/App';
import { installFakeSwitchboard, makeAgentState, ok, telnyxError } from '../../support/fake-switchboard';

afterEach(cleanup);

const numbers = {
  numbers: [
    { phoneNumber: '+15550100001', tags: ['support'], country: 'US' },
    { phoneNumber: '+15550100002', tags: ['sales'], country: 'US' },
  ],
  fetchedAt: '2026-03-02T10:00:00Z',
};

describe('dial panel', () => {
  it('checks the number as it is typed, and dials with the queue’s caller id unless another is picked', async () => {
    const fake = installFakeSwitchboard(makeAgentState({ queues: [{ name: 'support', calls: [], averageWaitSecs: 0 }, { name: 'sales', calls: [], averageWaitSecs: 0 }] }));
    fake.handle('phoneNumbers.list', async () => ok(numbers));
    fake.handle('call.dial', async (p) => ok({ conferenceId: 'conf-9', callControlId: 'leg-9', from: p.from ?? '', to: p.to }));
    const user = userEvent.setup({ delay: null });
    render(<App />);
    const dial = await screen.findByRole('region', { name: 'Dial' });
    const number = within(dial).getByLabelText('Number to call');
    await user.type(number, '555 700');
    expect(within(dial).getByText(/^Number must be \+E\.164.*default country in Settings$/)).toBeTruthy();
    expect(number.getAttribute('aria-invalid')).toBe('true');
    await user.clear(number);
    await user.type(number, '+1 555 700 1234');
    expect(number.getAttribute('aria-invalid')).toBeNull();

    await user.selectOptions(within(dial).getByLabelText('For queue'), 'sales');
    const callerId = within(dial).getByLabelText('Caller ID', { exact: true }) as HTMLSelectElement;
    await screen.findByRole('option', { name: '+15550100002 (sales)' });
    expect(callerId.value).toBe('+15550100002');
    await user.click(within(dial).getByRole('button', { name: 'Call' }));
    expect(fake.callsTo('call.dial')).toEqual([{ to: '+1 555 700 1234', from: '+15550100002', queue: 'sales' }]);

    await user.type(number, '+15557001235');
    await user.selectOptions(callerId, '+15550100001');
    await user.click(within(dial).getByRole('button', { name: 'Call' }));
    expect(fake.callsTo('call.dial')[1]).toEqual({ to: '+15557001235', from: '+15550100001', queue: 'sales' });

    // Telnyx's refusal shows next to Call, in Telnyx's words.
    fake.fail('call.dial', telnyxError('Phone number must be in +E164 format', 422, '10016'));
    await user.type(number, '+15557001236');
    await user.click(within(dial).getByRole('button', { name: 'Call' }));
    expect((await within(dial).findByRole('alert')).textContent).toContain('Phone number must be in +E164 format');
  });

  it('shows the ringing call with Cancel', async () => {
    const fake = installFakeSwitchboard(makeAgentState({ outbound: { dialing: { callControlId: 'leg-1', to: '+15557001234', from: '+15550100001', since: '2026-03-02T10:00:00Z' } } }));
    fake.handle('phoneNumbers.list', async () => ok(numbers));
    const user = userEvent.setup({ delay: null });
    render(<App />);
    const dial = await screen.findByRole('region', { name: 'Dial' });
    expect(within(dial).getByRole('status').textContent).toBe('Calling +15557001234 from +15550100001…');
    await user.click(within(dial).getByRole('button', { name: 'Cancel call' }));
    expect(fake.callsTo('call.cancelDial')).toEqual([{}]);
  });
});

describe('missed callers and links', () => {
  it('calls a missed caller back with their queue, and confirms a tel: link before dialling it', async () => {
    const fake = installFakeSwitchboard(
      makeAgentState({
        outbound: { linkRequest: { id: 'link-1', to: '+15557002000', receivedAt: '2026-03-02T10:00:00Z' } },
      }),
    );
    fake.handle('phoneNumbers.list', async () => ok(numbers));
    // The missed list is call history's outcome filter.
    const gaveUp = {
      id: 7, direction: 'inbound' as const, number: '+15557003000', queue: 'support', outcome: 'missed' as const,
      startedAt: '2026-03-02T09:59:18Z', endedAt: '2026-03-02T10:00:00Z', waitingSecs: 42, holdSecs: 0, recordings: [],
    };
    fake.handle('history.list', async (p) => ok({ calls: p.query?.outcome === 'missed' ? [gaveUp] : [] }));
    const user = userEvent.setup({ delay: null });
    render(<App />);
    // Waits for the condition (not a fixed time): history and numbers answer asynchronously, slowly on a busy machine.
    const dialog = await screen.findByRole('dialog', { name: 'Call this number?' }, { timeout: 10_000 });
    expect(dialog.textContent).toContain('+15557002000');
    await user.click(within(dialog).getByRole('button', { name: 'Call +15557002000' }));
    expect(fake.callsTo('call.dial')[0]).toMatchObject({ to: '+15557002000', linkRequestId: 'link-1' });

    const missed = screen.getByRole('list', { name: 'Missed callers' });
    expect((await within(missed).findByRole('listitem', {}, { timeout: 10_000 })).textContent).toContain('waited 0:42');
    await user.click(within(missed).getByRole('button', { name: 'Call back +15557003000' }));
    expect(fake.callsTo('call.dial')[1]).toEqual({ to: '+15557003000', queue: 'support' });
    expect(fake.callsTo('history.list').some((q) => q.query?.outcome === 'missed')).toBe(true);
  });
});
