/**
 * First run, secrets, connection test, contract validation and accessible names: the
 * foundations an agent meets before the first call.
 */
import type { Page } from '@playwright/test';
import { test, expect } from './fixtures';
import { expectEveryControlNamed } from './helpers';

/** Every websocket frame the page receives from the harness (the renderer's whole view of main). */
function recordFramesReceived(page: Page): string[] {
  const frames: string[] = [];
  page.on('websocket', (socket) => socket.on('framereceived', ({ payload }) => frames.push(String(payload))));
  return frames;
}

async function openSettings(page: Page): Promise<void> {
  await page.getByRole('navigation', { name: 'Main' }).getByRole('button', { name: 'Settings' }).click();
  await expect(page.getByRole('heading', { name: 'Settings', level: 1 })).toBeVisible();
}

test.describe('without an account', () => {
  test.use({ demo: false, telnyxSim: true });

  test('first run offers the demo and the settings', async ({ console: page }) => {
    await expect(page.getByRole('heading', { name: 'Welcome to Switchboard' })).toBeVisible();
    await expect(page.getByRole('button', { name: 'Try the demo' })).toBeEnabled();
    await expect(page.getByRole('button', { name: 'Open settings' })).toBeEnabled();
    await expectEveryControlNamed(page, 'first run');
  });

  test('the API key is stored write-only and a bad key shows Telnyx’s error title', async ({ page, harness }) => {
    const frames = recordFramesReceived(page);
    await page.goto(harness.url);
    await page.getByRole('button', { name: 'Open settings' }).click();
    await expect(page.getByRole('heading', { name: 'Settings', level: 1 })).toBeVisible();

    // Nothing configured yet: the connection test says what is missing instead of failing vaguely.
    await expect(page.getByTestId('secret-status-apiKey')).toHaveText('not set');
    await page.getByRole('button', { name: 'Test connection' }).click();
    await expect(page.getByRole('alert').filter({ hasText: 'Add your Telnyx API key' })).toBeVisible();

    const apiKey = 'KEYe2e_0123456789abcdefWXYZ';
    const keyField = page.getByLabel('Telnyx API key', { exact: true });
    await keyField.fill(apiKey);
    await page.getByRole('button', { name: 'Save Telnyx API key' }).click();
    await expect(page.getByTestId('secret-status-apiKey')).toHaveText('configured ••••WXYZ');
    await expect(keyField).toHaveValue('');
    await expect(keyField).toHaveAccessibleDescription('configured ••••WXYZ');

    // A key Telnyx does not know: the simulator answers 401 10009, the page shows its title.
    await page.getByRole('button', { name: 'Dismiss error' }).click();
    await page.getByRole('button', { name: 'Test connection' }).click();
    await expect(page.getByRole('alert').filter({ hasText: 'Authentication failed' })).toBeVisible();
    await expect(page.getByRole('button', { name: 'Test connection' })).not.toHaveAttribute('aria-busy', 'true');

    // Reload: the page learns the key's status again, still never the key.
    await page.reload();
    await openSettings(page);
    await expect(page.getByTestId('secret-status-apiKey')).toHaveText('configured ••••WXYZ');

    expect(frames.length).toBeGreaterThan(3);
    const leaked = frames.filter((frame) => frame.includes(apiKey) || frame.includes(apiKey.slice(0, 16)));
    expect(leaked, 'frames carrying the API key').toEqual([]);
  });

  test('a bad parameter from the page answers VALIDATION naming the field', async ({ console: page }) => {
    const outcome = await page.evaluate(() => window.switchboard.conference.mute({ conferenceId: '' }));
    expect(outcome.ok).toBe(false);
    if (outcome.ok) return;
    expect(outcome.error.code).toBe('VALIDATION');
    expect(outcome.error.field).toBe('conferenceId');
    expect(outcome.error.message).toContain('conferenceId');

    const unknownField = await page.evaluate(() =>
      (window.switchboard.agent.setStatus as (p: unknown) => ReturnType<typeof window.switchboard.agent.setStatus>)({ status: 'available', extra: 1 }),
    );
    expect(unknownField.ok ? undefined : unknownField.error.code).toBe('VALIDATION');
  });

  test('every control in settings has an accessible name', async ({ console: page }) => {
    await openSettings(page);
    await expect(page.getByRole('heading', { name: 'Shortcuts' })).toBeVisible();
    const count = await expectEveryControlNamed(page, 'settings');
    expect(count).toBeGreaterThan(20);
  });
});

test.describe('weak secret storage', () => {
  test.use({ demo: false, secretBackend: 'basic_text' });

  test('saving a secret is refused until the agent opts in', async ({ console: page }) => {
    await page.getByRole('button', { name: 'Open settings' }).click();
    const note = page.getByRole('note').filter({ hasText: 'basic_text' });
    await expect(note).toContainText('only obfuscate');
    const optIn = page.getByRole('checkbox', { name: 'Store secrets anyway with weak protection' });
    await expect(optIn).not.toBeChecked();

    await page.getByLabel('Telnyx API key', { exact: true }).fill('KEYweak_0123456789abcdef');
    const save = page.getByRole('button', { name: 'Save Telnyx API key' });
    await expect(save).toBeDisabled();
    // Main refuses too, whatever the page does.
    const refused = await page.evaluate(() => window.switchboard.secrets.set({ name: 'apiKey', value: 'KEYweak_0123456789abcdef' }));
    expect(refused.ok ? undefined : refused.error.code).toBe('INSECURE_STORAGE');

    // The box shows main's answer (controlled), so click and wait for it rather than `check()`.
    await optIn.click();
    await expect(optIn).toBeChecked();
    await expect(save).toBeEnabled();
    await save.click();
    await expect(page.getByTestId('secret-status-apiKey')).toHaveText('configured ••••cdef');
  });
});

test.describe('demo mode', () => {
  test('the connection test succeeds against the demo simulator', async ({ console: page }) => {
    await openSettings(page);
    await page.getByRole('button', { name: 'Test connection' }).click();
    await expect(page.getByRole('status').filter({ hasText: /^Connected: \d+ queues, \d+ live conferences, \d+ ms$/ })).toBeVisible();
    await expect(page.getByRole('alert')).toHaveCount(0);
  });

  test('every control on the console has an accessible name', async ({ console: page, harness }) => {
    await harness.injectCaller({ queue: 'support', from: '+15550142001' });
    await expect(page.getByRole('list', { name: 'Queue' }).getByRole('listitem')).toHaveCount(1);
    await expectEveryControlNamed(page, 'console');
    await page.getByRole('button', { name: 'Shortcuts ?' }).click();
    await expect(page.getByRole('dialog', { name: 'Keyboard shortcuts' })).toBeVisible();
    await expectEveryControlNamed(page, 'shortcut help');
  });
});

test.describe('first run to demo', () => {
  test.use({ demo: false });

  test('“Try the demo” starts the console with the demo badge', async ({ console: page }) => {
    await page.getByRole('button', { name: 'Try the demo' }).click();
    await expect(page.getByText('Demo mode')).toBeVisible();
    await expect(page.getByRole('region', { name: 'Queue' })).toBeVisible();
    await expect(page.getByRole('definition').filter({ hasText: 'live' })).toBeVisible();
  });
});
