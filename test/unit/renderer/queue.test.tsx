// @vitest-environment happy-dom
import { afterEach, describe, expect, it, vi } from 'vitest';
import { act, cleanup, render, screen, within } from '@testing-library/react';
import userEvent from '@testing-library/user-event';
import { App } from '../../../renderer/src/App';
import { installFakeSwitchboard, makeAgentState, makeQueueCall } from '../../support/fake-switchboard';

afterEach(() => {
  cleanup();
  vi.useRealTimers();
});

describe('queue panel', () => {
  it('lists waiting calls longest-waiting first with position, caller, wait and SLA colour', async () => {
    // Default SLA: warn at 30 s, breach at 60 s. The page's clock stands still (only Date is
    // faked), so waits read exactly what the fixture says however slow the machine.
    vi.useFakeTimers({ toFake: ['Date'], now: new Date('2026-03-02T10:00:00Z') });
    installFakeSwitchboard(
      makeAgentState({
        queues: [
          {
            name: 'support',
            averageWaitSecs: 20,
            calls: [makeQueueCall(0, 95), makeQueueCall(1, 40), makeQueueCall(2, 5), makeQueueCall(3, 500, { isAlive: false })],
          },
          { name: 'sales', averageWaitSecs: 0, calls: [makeQueueCall(4, 45, { queue: 'sales', position: 1 })] },
        ],
      }),
    );
    render(<App />);
    const queue = await screen.findByRole('list', { name: 'Queue' });
    const items = within(queue).getAllByRole('listitem');
    expect(items.map((item) => item.textContent?.match(/\+1555\d+/)?.[0])).toEqual([
      '+15550000000',
      '+15550000004',
      '+15550000001',
      '+15550000002',
    ]);
    const levels = items.map((item) => item.querySelector('[data-sla]')?.getAttribute('data-sla'));
    expect(levels).toEqual(['breach', 'warn', 'warn', 'ok']);
    expect(items[0]!.textContent).toContain('1:35');
    expect(items[0]!.textContent).toContain('SLA breached');
    expect(items[1]!.textContent).toContain('sales');
    // Longest wait tile shows the oldest live call.
    expect(screen.getByText('Longest wait').parentElement?.textContent).toContain('1:35');
    expect(screen.getByTestId('waiting-count').textContent).toBe('4');
  });

  it('takes the next call, a chosen call, and removes a call', async () => {
    const fake = installFakeSwitchboard(
      makeAgentState({ queues: [{ name: 'support', averageWaitSecs: 0, calls: [makeQueueCall(0, 20), makeQueueCall(1, 10)] }] }),
    );
    const user = userEvent.setup({ delay: null });
    render(<App />);
    await user.click(await screen.findByRole('button', { name: 'Take next call' }));
    expect(fake.callsTo('queue.takeNext')).toEqual([{}]);
    const second = within(screen.getByRole('list', { name: 'Queue' })).getAllByRole('listitem')[1]!;
    await user.click(within(second).getByRole('button', { name: 'Take call' }));
    expect(fake.callsTo('queue.takeCall')).toEqual([{ callControlId: 'caller-1' }]);
    await user.click(within(second).getByRole('button', { name: 'Remove from queue' }));
    expect(fake.callsTo('queue.remove')).toEqual([{ callControlId: 'caller-1' }]);
  });

  it('renders a bounded number of rows for 1,000 queued calls and tells assistive tech the full size', async () => {
    const calls = Array.from({ length: 1000 }, (_, i) => makeQueueCall(i, 1000 - i));
    installFakeSwitchboard(makeAgentState({ queues: [{ name: 'support', averageWaitSecs: 0, calls }] }));
    render(<App />);
    const queue = await screen.findByRole('list', { name: 'Queue' });
    const items = within(queue).getAllByRole('listitem');
    expect(items.length).toBeGreaterThan(5);
    expect(items.length).toBeLessThan(40);
    expect(items[0]!.getAttribute('aria-setsize')).toBe('1000');
    expect(items[0]!.getAttribute('aria-posinset')).toBe('1');
    expect(screen.getByTestId('waiting-count').textContent).toBe('1000');
  });

  it('updates when the store pushes new callers and ignores stale snapshots', async () => {
    const fake = installFakeSwitchboard(makeAgentState({ revision: 5 }));
    render(<App />);
    const queue = await screen.findByRole('list', { name: 'Queue' });
    expect(within(queue).queryAllByRole('listitem')).toHaveLength(0);
    fake.pushState((s) => ({ ...s, queues: [{ name: 'support', averageWaitSecs: 0, calls: [makeQueueCall(7, 3)] }] }));
    expect(await within(queue).findAllByRole('listitem')).toHaveLength(1);
    // An older snapshot (e.g. a late initial fetch) must not roll the UI back. The store takes
    // snapshots synchronously and act() flushes every render they cause, so this is checked
    // after the stale snapshot had its chance, not after a guess at how long that takes.
    act(() => fake.emit('state', makeAgentState({ revision: 2 })));
    expect(within(queue).getAllByRole('listitem')).toHaveLength(1);
    expect(document.querySelector('[data-revision]')?.getAttribute('data-revision')).toBe('6');
  });
});
