// @vitest-environment happy-dom
import { afterEach, describe, expect, it, vi } from 'vitest';
import { cleanup, render, screen, waitFor, within } from '@testing-library/react';
import userEvent from '@testing-library/user-event';
import type { WrapUpView } from '../../../electron/contract';
import { App } from '../../../renderer/src/App';
import { installFakeSwitchboard, makeAgentState } from '../../support/fake-switchboard';

afterEach(() => {
  cleanup();
  vi.useRealTimers();
});

/** The status pill's text (a visually hidden "Agent status: " then the state). */
const statusPill = () => document.querySelector('.status-pill')?.textContent;

const NOW = new Date('2026-03-02T10:00:00Z');
const wrapUp = (over: Partial<WrapUpView> = {}): WrapUpView => ({
  conferenceId: 'conf-7',
  caller: '+15550007',
  queue: 'support',
  startedAt: new Date(NOW.getTime() - 20_000).toISOString(),
  endsAt: new Date(NOW.getTime() + 40_000).toISOString(),
  extendSecs: 30,
  extended: false,
  mandatory: false,
  dispositions: ['Resolved', 'Escalated'],
  dispositionRequired: true,
  notes: '',
  after: { status: 'available' },
  ...over,
});

describe('wrap-up and agent state', () => {
  it('shows time in state and the timer; every edit goes to core; a missing required disposition is flagged', async () => {
    vi.useFakeTimers({ toFake: ['Date'], now: NOW });
    const fake = installFakeSwitchboard(makeAgentState());
    fake.pushState((s) => ({ ...s, agent: { ...s.agent, status: 'wrap-up', since: new Date(NOW.getTime() - 20_000).toISOString(), wrapUp: wrapUp() } }));
    const user = userEvent.setup({ delay: null });
    render(<App />);
    const panel = await screen.findByRole('region', { name: 'Wrap-up' });
    expect(statusPill()).toBe('Agent status: Wrap-up');
    expect(screen.getByRole('timer', { name: 'Time in state' }).textContent).toBe('0:20');
    expect(within(panel).getByText(/Available in/).textContent).toBe('Available in 0:40');
    expect(within(panel).getByText('Call with +15550007 from support')).toBeTruthy();

    const disposition = within(panel).getByLabelText('Disposition (required)');
    expect(disposition.getAttribute('aria-invalid')).toBe('true');
    await user.selectOptions(disposition, 'Escalated');
    await user.type(within(panel).getByLabelText('Notes'), 'ok');
    await user.selectOptions(within(panel).getByLabelText('After wrap-up'), 'Away — Lunch');
    await user.click(within(panel).getByRole('button', { name: 'Extend by 30 s' }));
    expect(fake.callsTo('agent.updateWrapUp')).toEqual([
      { disposition: 'Escalated' },
      { notes: 'o' },
      { notes: 'ok' },
      { after: { status: 'away', reason: 'Lunch' } },
    ]);
    expect(fake.callsTo('agent.extendWrapUp')).toEqual([{}]);
    // During wrap-up, Away is chosen in the panel ("after wrap-up"), not in the status bar.
    expect(screen.queryByRole('button', { name: 'Go away' })).toBeNull();
  });

  it('away shows its reason; the reason list comes from Settings', async () => {
    const fake = installFakeSwitchboard(makeAgentState());
    const user = userEvent.setup({ delay: null });
    render(<App />);
    await user.selectOptions(await screen.findByLabelText('Away reason'), 'Training');
    await user.click(screen.getByRole('button', { name: 'Go away' }));
    expect(fake.callsTo('agent.setStatus')).toEqual([{ status: 'away', reason: 'Training' }]);
    fake.pushState((s) => ({ ...s, agent: { ...s.agent, status: 'away', reason: 'Training' } }));
    await waitFor(() => expect(statusPill()).toBe('Agent status: Away — Training'));
    expect(screen.getByRole('button', { name: 'Change reason' })).toBeTruthy();
  });
});
