// @vitest-environment happy-dom
// The History view: what it asks main for (search by number, a local date range, an outcome),
// re-reading when main says history changed, loading older pages, and the per-row action slot.
import { useState } from 'react';
import { afterEach, describe, expect, it } from 'vitest';
import { act, cleanup, fireEvent, render, screen, within } from '@testing-library/react';
import userEvent from '@testing-library/user-event';
import type { HistoryCall } from '../../../electron/contract';
import { CallHistory } from '../../../renderer/src/history/CallHistory';
import { installFakeSwitchboard, ok } from '../../support/fake-switchboard';

afterEach(() => cleanup());

const call = (id: number, overrides: Partial<HistoryCall> = {}): HistoryCall => ({
  id,
  direction: 'inbound',
  number: `+1555000${String(id).padStart(4, '0')}`,
  outcome: 'answered',
  startedAt: new Date(Date.UTC(2026, 11, 1, 9, 0, 0) - id * 60_000).toISOString(),
  endedAt: new Date(Date.UTC(2026, 11, 1, 9, 5, 0) - id * 60_000).toISOString(),
  talkingSecs: 75,
  holdSecs: 0,
  recordings: [],
  ...overrides,
});

describe('History view', () => {
  it('searches by number, local dates and outcome, and says when nothing matches', async () => {
    const fake = installFakeSwitchboard();
    fake.handle('history.list', ({ query }) => ok({ calls: query?.number ? [] : [call(1)] }));
    const user = userEvent.setup({ delay: null });
    render(<CallHistory />);
    const list = await screen.findByRole('list', { name: 'Call history' });
    expect((await within(list).findByRole('listitem')).textContent).toContain('+15550000001');
    expect(within(list).getByRole('listitem').textContent).toContain('1:15');

    const search = screen.getByRole('search', { name: 'Search call history' });
    await user.type(within(search).getByLabelText('Number'), '555 0000');
    await user.type(within(search).getByLabelText('From date'), '2026-12-01');
    await user.type(within(search).getByLabelText('To date'), '2026-12-02');
    await user.selectOptions(within(search).getByLabelText('Outcome'), 'missed');
    await user.click(within(search).getByRole('button', { name: 'Search' }));
    expect(await screen.findByText('No calls match.')).toBeTruthy();
    expect(fake.callsTo('history.list').at(-1)).toEqual({
      limit: 50,
      query: {
        number: '555 0000',
        // Local midnights, as instants: the whole of both days.
        from: new Date(2026, 11, 1).toISOString(),
        to: new Date(2026, 11, 3).toISOString(),
        outcome: 'missed',
      },
    });
  });

  it('the disposition filter is a choice of the dispositions main lists (configured, then found in history), read again when history changes', async () => {
    const fake = installFakeSwitchboard();
    let dispositions = ['Resolved', 'Escalated', 'legacy: callback'];
    fake.handle('history.dispositions', () => ok({ dispositions }));
    fake.handle('history.list', () => ok({ calls: [call(1, { disposition: 'Escalated' })] }));
    const user = userEvent.setup({ delay: null });
    render(<CallHistory />);
    const search = screen.getByRole('search', { name: 'Search call history' });
    const select = within(search).getByRole('combobox', { name: 'Disposition' });
    await within(select).findByRole('option', { name: 'legacy: callback' });
    expect(within(select).getAllByRole('option').map((o) => o.textContent)).toEqual(['Any disposition', 'Resolved', 'Escalated', 'legacy: callback']);
    expect(within(search).queryByRole('textbox', { name: 'Disposition' })).toBeNull();

    await user.selectOptions(select, 'Escalated');
    await user.click(within(search).getByRole('button', { name: 'Search' }));
    expect(fake.callsTo('history.list').at(-1)).toEqual({ limit: 50, query: { disposition: 'Escalated' } });

    // A call saved with a disposition Settings no longer lists: offered once history changed.
    dispositions = [...dispositions, 'Wrong number'];
    act(() => fake.emit('history.changed', { revision: 2 }));
    expect(await within(select).findByRole('option', { name: 'Wrong number' })).toBeTruthy();

    await user.selectOptions(select, '');
    await user.click(within(search).getByRole('button', { name: 'Search' }));
    expect(fake.callsTo('history.list').at(-1)).toEqual({ limit: 50, query: {} });
  });

  it('reads the page again when main says history changed, and loads older pages on request', async () => {
    const fake = installFakeSwitchboard();
    let calls = [call(1)];
    fake.handle('history.list', ({ cursor }) => ok(cursor ? { calls: [call(99)] } : { calls, nextCursor: 'after-1' }));
    const user = userEvent.setup({ delay: null });
    render(<CallHistory />);
    const list = await screen.findByRole('list', { name: 'Call history' });
    await within(list).findByText('+15550000001');
    calls = [call(0, { number: '+15550009999', endedAt: undefined }), call(1)];
    // A burst of changes (a stream of ended calls) is one re-read, not one each.
    const readsBefore = fake.callsTo('history.list').length;
    act(() => {
      for (let revision = 1; revision <= 5; revision++) fake.emit('history.changed', { revision });
    });
    expect((await within(list).findByText('+15550009999')).closest('li')!.textContent).toContain('in progress');
    expect(fake.callsTo('history.list')).toHaveLength(readsBefore + 1);
    await user.click(screen.getByRole('button', { name: 'Show older calls' }));
    await within(list).findByText('+15550000099');
    expect(fake.callsTo('history.list').at(-1)).toEqual({ limit: 50, query: {}, cursor: 'after-1' });
  });

  it('shows what the row action slot gives each row (e.g. call back)', async () => {
    const fake = installFakeSwitchboard();
    fake.handle('history.list', () => ok({ calls: [call(1), call(2, { outcome: 'missed', talkingSecs: undefined, waitingSecs: 42 })] }));
    render(<CallHistory rowActions={(c) => <button type="button">Call back {c.number}</button>} />);
    const list = await screen.findByRole('list', { name: 'Call history' });
    expect(await within(list).findByRole('button', { name: 'Call back +15550000002' })).toBeTruthy();
    expect(within(list).getAllByRole('listitem')[1]!.textContent).toContain('waited 0:42');
  });

  it('scrolling re-binds the rows to the calls now in view, and a row action\'s state stays with its call', async () => {
    const fake = installFakeSwitchboard();
    const calls = Array.from({ length: 50 }, (_, i) => call(i + 1, i % 3 === 0 ? { recordings: [{ recordingId: `r-${i + 1}`, mp3: `https://example.com/${i + 1}.mp3`, savedAt: call(i + 1).endedAt! }] } : {}));
    fake.handle('history.list', () => ok({ calls }));
    /** A row action with state of its own: pressed once flagged. */
    function Flag({ number }: { number: string }) {
      const [flagged, setFlagged] = useState(false);
      return (
        <button type="button" aria-pressed={flagged} onClick={() => setFlagged(true)}>
          Flag {number}
        </button>
      );
    }
    const user = userEvent.setup({ delay: null });
    render(<CallHistory rowActions={(c) => <Flag number={c.number} />} />);
    const list = await screen.findByRole('list', { name: 'Call history' });
    await within(list).findByText('+15550000001');
    await user.click(within(list).getByRole('button', { name: 'Flag +15550000001' }));
    expect(within(list).getByRole('button', { name: 'Flag +15550000001', pressed: true })).toBeTruthy();
    const before = within(list).getAllByRole('listitem');
    const shownBefore = before.map((li) => li.getAttribute('aria-posinset'));
    expect(shownBefore[0]).toBe('1');

    // Thirty rows down (64 px each): none of the calls shown before is in view or in the overscan.
    const scroller = list.parentElement!;
    scroller.scrollTop = 30 * 64;
    act(() => void fireEvent.scroll(scroller));
    const after = within(list).getAllByRole('listitem');
    expect(after.some((li) => shownBefore.includes(li.getAttribute('aria-posinset')))).toBe(false);
    // The same elements, each now showing the call at its position (its number, recording link, action).
    expect(before.every((li) => li.isConnected && after.includes(li))).toBe(true);
    for (const li of after) {
      const shown = calls[Number(li.getAttribute('aria-posinset')) - 1]!;
      expect(within(li).getByText(shown.number)).toBeTruthy();
      expect(within(li).queryAllByRole('button', { name: /^Open Recording 1 of / }).map((b) => b.getAttribute('aria-label'))).toEqual(
        shown.recordings.length ? [`Open Recording 1 of ${shown.number}`] : [],
      );
      expect(within(li).getByRole('button', { name: `Flag ${shown.number}` }).getAttribute('aria-pressed')).toBe('false');
    }
    expect(after.map((li) => Number(li.getAttribute('aria-posinset')))).toEqual(after.map((_, i) => Number(after[0]!.getAttribute('aria-posinset')) + i));
  });
});
