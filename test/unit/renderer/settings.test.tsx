// @vitest-environment happy-dom
import { afterEach, describe, expect, it } from 'vitest';
import { cleanup, render, screen, waitFor, within } from '@testing-library/react';
import userEvent from '@testing-library/user-event';
import { App } from '../../../renderer/src/App';
import { installFakeSwitchboard, makeAgentState, telnyxError } from '../../support/fake-switchboard';

afterEach(cleanup);

async function openSettings() {
  const user = userEvent.setup({ delay: null });
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
    const fake = installFakeSwitchboard(makeAgentState({ mode: 'live' }), { secretBackend: 'basic_text' });
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
    // The theme follows the saved settings once main's answer arrives: wait for it, not a fixed moment.
    await waitFor(() => expect(document.documentElement.dataset.theme).toBe('dark'));

    expect(fake.settings.get().agent.endpoint).toBe('sip:alex@example.com');
  });

  it('a VALIDATION error names its field beside Save, keeps the draft and saves nothing', async () => {
    const fake = installFakeSwitchboard(makeAgentState({ mode: 'live' }));
    const user = await openSettings();
    await user.selectOptions(screen.getByLabelText('Endpoint'), 'external');
    await user.type(screen.getByLabelText('Agent endpoint'), 'not a sip uri');
    await user.click(screen.getByRole('button', { name: 'Save settings' }));
    const control = screen.getByRole('button', { name: 'Save settings' }).closest('.command') as HTMLElement;
    // Core's own wording: the dotted field path, then the contract schema's message.
    expect((await within(control).findByRole('alert')).textContent).toBe('agent.endpoint: must be +E.164 or a SIP URI such as sip:agent@example.com');
    expect(await fake.api.settings.set({ agent: { ...fake.settings.get().agent, endpoint: 'nope' } })).toMatchObject({
      ok: false,
      error: { code: 'VALIDATION', field: 'agent.endpoint' },
    });
    expect((screen.getByLabelText('Agent endpoint') as HTMLInputElement).value).toBe('not a sip uri');
    expect(screen.queryByText('Settings saved')).toBeNull();
    expect(fake.settings.get().agent.endpoint).toBe('');
  });

  it('failover relay URLs: one a line, the relay URL rule shown while typing and enforced on save', async () => {
    const fake = installFakeSwitchboard(makeAgentState({ mode: 'live' }));
    const user = await openSettings();
    const field = screen.getByLabelText('Failover relay URLs');
    expect(screen.getByText(/One per line, tried in order/)).toBeTruthy();
    await user.type(field, 'https://relay-2.example.com{enter}ws://relay-3.example.com');
    // The same words main answers with (electron/contract/relay-url.ts), naming the line.
    expect(field.getAttribute('aria-describedby')).toBeTruthy();
    expect(document.getElementById(field.getAttribute('aria-describedby')!)!.textContent).toBe(
      'Failover relay line 2 (ws://relay-3.example.com) must start with https:// or wss:// (http:// and ws:// only for localhost, 127.0.0.0/8 or ::1)',
    );
    await user.click(screen.getByRole('button', { name: 'Save settings' }));
    const control = screen.getByRole('button', { name: 'Save settings' }).closest('.command') as HTMLElement;
    expect((await within(control).findByRole('alert')).textContent).toBe(
      'relayFailover.urls.1: must start with https:// or wss:// (http:// and ws:// only for localhost, 127.0.0.0/8 or ::1)',
    );
    expect(fake.settings.get().relayFailover.urls).toEqual([]);

    await user.clear(field);
    await user.type(field, 'https://relay-2.example.com{enter}{enter}  wss://relay-3.example.com  ');
    expect(screen.getByText(/One per line, tried in order/)).toBeTruthy();
    await user.click(screen.getByRole('button', { name: 'Save settings' }));
    await screen.findByText('Settings saved');
    expect(fake.settings.get().relayFailover.urls).toEqual(['https://relay-2.example.com', 'wss://relay-3.example.com']);
    expect((screen.getByLabelText('Failover relay URLs') as HTMLTextAreaElement).value).toBe('https://relay-2.example.com\nwss://relay-3.example.com');
  });

  it('a secret refused for weak storage (acceptance withdrawn meanwhile) says why and keeps the field', async () => {
    const fake = installFakeSwitchboard(makeAgentState({ mode: 'live' }), { secretBackend: 'basic_text' });
    const user = await openSettings();
    await user.click(await screen.findByRole('checkbox', { name: /Store secrets anyway/ }));
    const save = screen.getByRole('button', { name: 'Save Relay token' });
    const field = screen.getByLabelText('Relay token') as HTMLInputElement;
    await user.type(field, 'relay-token-123456');
    await waitFor(() => expect(save.hasAttribute('disabled')).toBe(false));
    // Another window withdrew the opt-in after this one showed it: core refuses the write.
    fake.secrets.acceptWeakStorage(false);
    await user.click(save);
    const control = save.closest('.command') as HTMLElement;
    expect((await within(control).findByRole('alert')).textContent).toContain('No keyring is available');
    expect(field.value).toBe('relay-token-123456');
    expect(screen.getByTestId('secret-status-relayToken').textContent).toBe('not set');
    expect(fake.secrets.status().relayToken.configured).toBe(false);
  });

  it('a shortcut already used by another action is refused (SHORTCUT_REFUSED) and nothing changes', async () => {
    const fake = installFakeSwitchboard(makeAgentState({ mode: 'live' }));
    const user = await openSettings();
    const field = (await screen.findByLabelText('Shortcut for Mute / unmute')) as HTMLInputElement;
    await user.click(field);
    await user.keyboard('{Control>}{Shift>}h{/Shift}{/Control}');
    expect(field.value).toBe('CommandOrControl+Shift+H');
    const save = screen.getByRole('button', { name: 'Save shortcut for Mute / unmute' });
    await user.click(save);
    const control = save.closest('.command') as HTMLElement;
    expect((await within(control).findByRole('alert')).textContent).toContain('CommandOrControl+Shift+H is already used for "Hold / resume caller"');
    expect(field.value).toBe('CommandOrControl+Shift+H');
    expect(fake.settings.get().shortcuts.toggleMute).toBe('CommandOrControl+Shift+M');
    expect(fake.shortcuts.status().every((s) => s.state === 'registered')).toBe(true);
    expect(screen.queryByText('Refused by the system')).toBeNull();
  });

  it('remaps a shortcut by pressing it, and shows why the OS refused one', async () => {
    const fake = installFakeSwitchboard(makeAgentState({ mode: 'live' }), { refusedAccelerators: ['CommandOrControl+Shift+H'] });
    const user = await openSettings();
    expect(await screen.findByText(/The system refused CommandOrControl\+Shift\+H/)).toBeTruthy();
    expect(screen.getAllByText('Refused by the system')).toHaveLength(1);

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
