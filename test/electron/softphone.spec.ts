/**
 * The softphone inside the real app: in demo mode the CSP main serves admits Telnyx's RTC hosts
 * and the demo simulator's websocket (nothing else), the session grants the page audio capture
 * and refuses video, the softphone session points at the simulator, and a whole call works: the
 * softphone registers, a demo caller is taken with audio both ways, the mute key silences the
 * microphone. Skips itself (saying why) where no Electron binary exists.
 */
import { _electron as electron, expect, test, type ElectronApplication, type Page } from '@playwright/test';
import path from 'node:path';
import { findElectronBinary } from '../../scripts/electron-binary.mjs';
import { fakeMicrophoneArgs } from '../support/fake-microphone';

const binary = findElectronBinary();
const repoRoot = path.resolve(import.meta.dirname, '..', '..');

test.describe('Electron softphone', () => {
  test.skip('reason' in binary, 'reason' in binary ? binary.reason : '');
  test.describe.configure({ timeout: 120_000 });

  let app: ElectronApplication;
  let page: Page;

  test.beforeAll(async () => {
    if (!('path' in binary)) return;
    app = await electron.launch({
      executablePath: binary.path,
      // Chromium switches reach Electron's renderer from the command line: a scripted microphone.
      args: [repoRoot, ...fakeMicrophoneArgs(), '--autoplay-policy=no-user-gesture-required', ...(process.platform === 'linux' ? ['--no-sandbox'] : [])],
      env: { ...process.env, SWITCHBOARD_AUTO_DEMO: '1', SWITCHBOARD_DISABLE_UPDATES: '1', SWITCHBOARD_DEMO_TIME_SCALE: '0.2' },
    });
    page = await app.firstWindow();
  });
  test.afterAll(async () => {
    await app?.close();
  });

  test('the CSP admits exactly Telnyx RTC and the demo simulator; the session points at the simulator', async () => {
    const session = await page.evaluate(async () => (window as unknown as { switchboard: { softphone: { session(): Promise<{ ok: boolean; value?: { host?: string } }> } } }).switchboard.softphone.session());
    expect(session.ok).toBe(true);
    const host = session.value?.host ?? '';
    expect(host).toMatch(/^ws:\/\/127\.0\.0\.1:\d+$/);
    const csp = await page.evaluate(async () => (await fetch('app://switchboard/index.html')).headers.get('content-security-policy'));
    expect(csp).toContain(`connect-src 'self' wss://rtc.telnyx.com https://rtc.telnyx.com ${host};`);
  });

  test('the page may capture audio, never video', async () => {
    const audio = await page.evaluate(async () => {
      const stream = await navigator.mediaDevices.getUserMedia({ audio: true });
      stream.getTracks().forEach((t) => t.stop());
      return stream.getAudioTracks().length;
    });
    expect(audio).toBe(1);
    const video = await page.evaluate(() => navigator.mediaDevices.getUserMedia({ video: true }).then(() => 'granted', (e: Error) => e.name));
    expect(video).toBe('NotAllowedError');
  });

  test('a whole call on the built-in softphone: registers, takes a demo caller with audio both ways, the mute key silences it', async () => {
    await page.getByRole('button', { name: 'Go available' }).click();
    const softphone = page.getByRole('region', { name: 'Softphone' });
    await expect(softphone.getByText('Softphone ready')).toBeVisible({ timeout: 30_000 });
    await expect(page.getByText('Agent status: Available')).toBeVisible({ timeout: 30_000 });
    // Demo traffic brings callers by itself (time scale 0.2): take the first one.
    await expect(page.getByRole('list', { name: 'Queue' }).getByRole('listitem').first()).toBeVisible({ timeout: 60_000 });
    await page.getByRole('button', { name: 'Take next call' }).click();
    const conference = page.getByRole('region', { name: /^sb-/ });
    await expect(conference).toBeVisible();
    // The page receives the synthetic caller and sends the scripted microphone (both meters move).
    const level = async (name: string) => Number((await softphone.getByRole('meter', { name }).getAttribute('value')) ?? 0);
    await expect.poll(() => level('Caller level'), { timeout: 20_000 }).toBeGreaterThan(0);
    await expect.poll(() => level('Microphone level'), { timeout: 20_000 }).toBeGreaterThan(0);
    await page.keyboard.press('Control+Shift+M');
    await expect(softphone.getByText('Microphone off')).toBeVisible();
    await expect(conference.getByRole('button', { name: 'Mute', exact: true })).toHaveAttribute('aria-pressed', 'true');
    await expect(softphone.getByRole('alert')).toHaveCount(0);
  });
});
