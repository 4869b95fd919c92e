// @vitest-environment happy-dom
import { afterEach, describe, expect, it } from 'vitest';
import { cleanup, render, screen, waitFor, within } from '@testing-library/react';
import userEvent from '@testing-library/user-event';
import { App } from '../../../renderer/src/App';
import { installFakeSwitchboard, makeAgentState, telnyxError } from '../../support/fake-switchboard';

afterEach(cleanup);

async function openSettings() {
  const user = userEvent.setup();
  render(<App />);
  await user.click(await screen.findByRole('button', { name: 'Settings' }));
  await screen.findByRole('heading', { name: 'Settings' });
  return user;
}

describe('settings', () => {
  it('never echoes a secret: the field clears after save and shows only "configured ••••last4"', async () => {
    const fake = installFakeSwitchboard(makeAgentState({ mode: 'live' }));
    const user = await openSettings();
    const field = screen.getByLabelText('Telnyx API key') as HTMLInputElement;
    expect(field.type).toBe('password');
    expect(screen.getByTestId('secret-status-apiKey').textContent).toBe('not set');

    const secret = 'KEY0123456789SECRETabcd';
    await user.type(field, secret);
    await user.click(screen.getByRole('button', { name: 'Save Telnyx API key' }));
    expect(fake.callsTo('secrets.set')).toEqual([{ name: 'apiKey', value: secret }]);

    await waitFor(() => expect(field.value).toBe(''));
    expect(screen.getByTestId('secret-status-apiKey').textContent).toBe('configured ••••abcd');
    expect(document.body.innerHTML).not.toContain(secret);
    expect(field.getAttribute('aria-describedby')).toBe(screen.getByTestId('secret-status-apiKey').id);
  });

  it('requires an explicit opt-in before storing a secret with weak (basic_text) storage', async () => {
    const fake = installFakeSwitchboard(makeAgentState({ mode: 'live' }));
    fake.secrets.storage = { available: true, backend: 'basic_text', weak: true, weakAccepted: false };
    const user = await openSettings();
    expect(await screen.findByText(/only obfuscate stored secrets/)).toBeTruthy();
    await user.type(screen.getByLabelText('Relay token'), 'relay-token-123456');
    const save = screen.getByRole('button', { name: 'Save Relay token' });
    expect(save.hasAttribute('disabled')).toBe(true);

    await user.click(screen.getByRole('checkbox', { name: /Store secrets anyway/ }));
    expect(fake.callsTo('secrets.acceptWeakStorage')).toEqual([{ accept: true }]);
    await waitFor(() => expect(save.hasAttribute('disabled')).toBe(false));
    await user.click(save);
    expect(fake.callsTo('secrets.set')).toEqual([{ name: 'relayToken', value: 'relay-token-123456' }]);
    await waitFor(() => expect(screen.getByTestId('secret-status-relayToken').textContent).toBe('configured'));
  });

  it('tests the connection and reports the result or Telnyx’s error', async () => {
    const fake = installFakeSwitchboard(makeAgentState({ mode: 'live' }));
    const user = await openSettings();
    await user.click(screen.getByRole('button', { name: 'Test connection' }));
    expect(await screen.findByText('Connected: 2 queues, 1 live conferences, 42 ms')).toBeTruthy();
    fake.fail('telnyx.testConnection', telnyxError('Authentication failed', 401, '10009'));
    await user.click(screen.getByRole('button', { name: 'Test connection' }));
    const control = screen.getByRole('button', { name: 'Test connection' }).closest('.command') as HTMLElement;
    expect((await within(control).findByRole('alert')).textContent).toContain('Authentication failed');
  });

  it('saves non-secret settings through settings.set (validated as main does)', async () => {
    const fake = installFakeSwitchboard(makeAgentState({ mode: 'live' }));
    const user = await openSettings();
    // New installs use the built-in softphone; this agent dials an external phone instead.
    expect(screen.getByLabelText('SIP credential connection id')).toBeTruthy();
    await user.selectOptions(screen.getByLabelText('Endpoint'), 'external');
    await user.type(screen.getByLabelText('Agent endpoint'), 'sip:alex@example.com');
    await user.clear(screen.getByLabelText('Watched queues'));
    await user.type(screen.getByLabelText('Watched queues'), 'billing{enter}vip');
    await user.type(screen.getByLabelText('Soundboard'), 'Hold music | https://example.com/hold.mp3');
    await user.selectOptions(screen.getByLabelText('Theme'), 'dark');
    await user.click(screen.getByRole('button', { name: 'Save settings' }));
    await screen.findByText('Settings saved');
    const [patch] = fake.callsTo('settings.set');
    expect(patch?.agent?.endpoint).toBe('sip:alex@example.com');
    expect(patch?.endpointMode).toBe('external');
    expect(patch?.watchedQueues).toEqual(['billing', 'vip']);
    expect(patch?.soundboard).toEqual([{ label: 'Hold music', url: 'https://example.com/hold.mp3' }]);
    expect(document.documentElement.dataset.theme).toBe('dark');

    // A bad endpoint is refused by the contract's schema and the reason shows beside Save.
    await user.clear(screen.getByLabelText('Agent endpoint'));
    await user.type(screen.getByLabelText('Agent endpoint'), 'not a sip uri');
    await user.click(screen.getByRole('button', { name: 'Save settings' }));
    const control = screen.getByRole('button', { name: 'Save settings' }).closest('.command') as HTMLElement;
    expect((await within(control).findByRole('alert')).textContent).toMatch(/E\.164|SIP/);
  });

  it('remaps a shortcut by pressing it, and shows why the OS refused one', async () => {
    const fake = installFakeSwitchboard(makeAgentState({ mode: 'live' }));
    fake.shortcutStates.toggleHold = 'refused';
    fake.handle('shortcuts.status', () => ({
      ok: true,
      value: [
        { action: 'toggleHold', label: 'Hold / resume caller', accelerator: 'CommandOrControl+Shift+H', state: 'refused', message: 'Another application uses Ctrl+Shift+H' },
        { action: 'toggleMute', label: 'Mute / unmute', accelerator: 'CommandOrControl+Shift+M', state: 'registered' },
      ],
    }));
    const user = await openSettings();
    expect(await screen.findByText('Another application uses Ctrl+Shift+H')).toBeTruthy();
    expect(screen.getByText('Refused by the system')).toBeTruthy();

    const field = screen.getByLabelText('Shortcut for Mute / unmute') as HTMLInputElement;
    await user.click(field);
    await user.keyboard('{Control>}{Alt>}k{/Alt}{/Control}');
    expect(field.value).toBe('CommandOrControl+Alt+K');
    // Typing the chord in the capture field must not trigger the action itself.
    expect(fake.callsTo('shortcuts.trigger')).toEqual([]);
    await user.click(screen.getByRole('button', { name: 'Save shortcut for Mute / unmute' }));
    expect(fake.callsTo('shortcuts.set')).toEqual([{ action: 'toggleMute', accelerator: 'CommandOrControl+Alt+K' }]);
  });
});
