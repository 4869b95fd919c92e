// @vitest-environment happy-dom
import { afterEach, describe, expect, it } from 'vitest';
import { act, cleanup, fireEvent, render, screen, waitFor } from '@testing-library/react';
import userEvent from '@testing-library/user-event';
import { App } from '../../../renderer/src/App';
import { acceleratorFromEvent, displayAccelerator, matchesAccelerator } from '../../../renderer/src/key-matching';
import { installFakeSwitchboard, makeAgentState, makeConference, telnyxError } from '../../support/fake-switchboard';

afterEach(cleanup);

const key = (init: Partial<KeyboardEvent>) => ({ code: '', key: '', ctrlKey: false, metaKey: false, altKey: false, shiftKey: false, ...init });

describe('accelerator matching', () => {
  it('maps CommandOrControl to Ctrl, or to Cmd on macOS', () => {
    const ctrlShiftM = key({ code: 'KeyM', key: 'M', ctrlKey: true, shiftKey: true });
    const cmdShiftM = key({ code: 'KeyM', key: 'M', metaKey: true, shiftKey: true });
    expect(matchesAccelerator(ctrlShiftM, 'CommandOrControl+Shift+M', false)).toBe(true);
    expect(matchesAccelerator(cmdShiftM, 'CommandOrControl+Shift+M', false)).toBe(false);
    expect(matchesAccelerator(cmdShiftM, 'CommandOrControl+Shift+M', true)).toBe(true);
    expect(matchesAccelerator(ctrlShiftM, 'CommandOrControl+M', false)).toBe(false); // extra Shift
    expect(matchesAccelerator(key({ code: 'KeyM', key: 'µ', altKey: true }), 'Alt+M', true)).toBe(true);
    expect(matchesAccelerator(key({ code: 'F5', key: 'F5' }), 'F5', false)).toBe(true);
    expect(matchesAccelerator(key({ code: 'Space', key: ' ', ctrlKey: true }), 'Ctrl+Space', false)).toBe(true);
  });

  it('builds and displays accelerators', () => {
    expect(acceleratorFromEvent(key({ code: 'KeyA', key: 'A', ctrlKey: true, shiftKey: true }), false)).toBe('CommandOrControl+Shift+A');
    expect(acceleratorFromEvent(key({ code: 'KeyA', key: 'a' }), false)).toBeUndefined();
    expect(acceleratorFromEvent(key({ key: 'Control', code: 'ControlLeft', ctrlKey: true }), false)).toBeUndefined();
    expect(displayAccelerator('CommandOrControl+Shift+M', false)).toBe('Ctrl+Shift+M');
    expect(displayAccelerator('CommandOrControl+Shift+M', true)).toBe('⌘+Shift+M');
  });
});

describe('in-app shortcuts', () => {
  it('trigger shortcuts.trigger only for actions the OS did not register globally', async () => {
    // The OS registers Mute (and the rest) globally but refuses Hold and Take next.
    const fake = installFakeSwitchboard(makeAgentState({ conference: makeConference() }), {
      refusedAccelerators: ['CommandOrControl+Shift+H', 'CommandOrControl+Shift+A'],
    });
    render(<App />);
    await screen.findByRole('button', { name: 'Mute' });
    await waitFor(() => expect(fake.callsTo('shortcuts.status').length).toBeGreaterThan(0));
    // The answer is in memory: act() lets its promise chain finish and React apply it.
    await act(async () => {});

    fireEvent.keyDown(document.body, { code: 'KeyM', key: 'M', ctrlKey: true, shiftKey: true });
    fireEvent.keyDown(document.body, { code: 'KeyH', key: 'H', ctrlKey: true, shiftKey: true });
    fireEvent.keyDown(document.body, { code: 'KeyA', key: 'A', ctrlKey: true, shiftKey: true });
    await waitFor(() => expect(fake.callsTo('shortcuts.trigger')).toHaveLength(2));
    expect(fake.callsTo('shortcuts.trigger')).toEqual([{ action: 'toggleHold' }, { action: 'takeNext' }]);
  });

  it('works while typing only for chords with Ctrl/Cmd/Alt, and shows a failed action', async () => {
    const fake = installFakeSwitchboard(makeAgentState({ conference: makeConference() }));
    fake.settings.set({ shortcuts: { ...fake.settings.get().shortcuts, toggleMute: 'Shift+M' }, globalShortcuts: false });
    fake.fail('shortcuts.trigger', telnyxError('Call has already ended', 422, '90018'));
    render(<App />);
    const speakText = await screen.findByLabelText('Text to speak');
    await waitFor(() => expect(fake.callsTo('shortcuts.status').length).toBeGreaterThan(0));
    // The answer is in memory: act() lets its promise chain finish and React apply it.
    await act(async () => {});

    fireEvent.keyDown(speakText, { code: 'KeyM', key: 'M', shiftKey: true });
    expect(fake.callsTo('shortcuts.trigger')).toEqual([]);
    fireEvent.keyDown(speakText, { code: 'KeyH', key: 'H', ctrlKey: true, shiftKey: true });
    expect(fake.callsTo('shortcuts.trigger')).toEqual([{ action: 'toggleHold' }]);
    expect((await screen.findByText(/Call has already ended/)).textContent).toContain('Hold / resume caller');
  });

  it('"?" opens the shortcut help dialog and Escape closes it', async () => {
    installFakeSwitchboard(makeAgentState());
    const user = userEvent.setup({ delay: null });
    render(<App />);
    await screen.findByRole('button', { name: 'Take next call' });
    await waitFor(() => expect(document.querySelectorAll('.nav-button').length).toBe(3));
    await user.keyboard('?');
    const dialog = await screen.findByRole('dialog', { name: 'Keyboard shortcuts' });
    await waitFor(() => expect(dialog.textContent).toContain('Ctrl+Shift+A'));
    expect(dialog.textContent).toContain('Take next call');
    await user.keyboard('{Escape}');
    await waitFor(() => expect(screen.queryByRole('dialog')).toBeNull());
  });
});
