/**
 * The built-in softphone end to end: the console's own @telnyx/webrtc in Chromium with a
 * scripted microphone (a WAV of tone bursts), against the harness in demo mode, whose simulator
 * terminates the call with a real WebRTC peer and measures the audio each party sends and hears.
 * Two-way audio, mute and the banners are judged by energy, never by packet counts.
 */
import { mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import type { Page } from '@playwright/test';
import { test, expect, type HarnessHandle } from './fixtures';

/** Chromium's voice processing turns a 0.3 tone into ≈0.02–0.05 RMS (WEBRTC-NOTES §4): compare talking with silence. */
const TALKING_RMS = 0.005;
const SILENT_RMS = 0.001;

/** 10 s of 440 Hz bursts (300 ms on, 200 ms off) at 48 kHz: speech-like, so noise suppression keeps it. */
function burstsWav(hz = 440, seconds = 10, rate = 48_000): Buffer {
  const samples = seconds * rate;
  const wav = Buffer.alloc(44 + samples * 2);
  wav.write('RIFF', 0, 'ascii');
  wav.writeUInt32LE(36 + samples * 2, 4);
  wav.write('WAVEfmt ', 8, 'ascii');
  wav.writeUInt32LE(16, 16);
  wav.writeUInt16LE(1, 20);
  wav.writeUInt16LE(1, 22);
  wav.writeUInt32LE(rate, 24);
  wav.writeUInt32LE(rate * 2, 28);
  wav.writeUInt16LE(2, 32);
  wav.writeUInt16LE(16, 34);
  wav.write('data', 36, 'ascii');
  wav.writeUInt32LE(samples * 2, 40);
  for (let i = 0; i < samples; i++) {
    const on = (i % (rate / 2)) < rate * 0.3;
    wav.writeInt16LE(on ? Math.round(0.3 * 32767 * Math.sin((2 * Math.PI * hz * i) / rate)) : 0, 44 + i * 2);
  }
  return wav;
}

const micFile = path.join(mkdtempSync(path.join(tmpdir(), 'sb-mic-')), 'mic.wav');
writeFileSync(micFile, burstsWav());

test.use({
  endpoint: 'softphone',
  timeScale: 1,
  launchOptions: {
    executablePath: process.env.CHROMIUM_PATH ?? '/usr/bin/chromium',
    // Playwright mutes audio by default; a muted page does not play out, so it decodes nothing.
    ignoreDefaultArgs: ['--mute-audio'],
    args: [
      '--no-sandbox', '--disable-gpu', '--disable-background-networking', '--disable-component-update', '--no-first-run', '--disable-sync', '--disable-quic',
      '--use-fake-ui-for-media-stream', '--use-fake-device-for-media-stream', `--use-file-for-fake-audio-capture=${micFile}`,
      '--autoplay-policy=no-user-gesture-required',
    ],
  },
});

async function legAudio(harness: HarnessHandle, callControlId: string) {
  return (await harness.snapshot()).media.find((m) => m.call_control_id === callControlId);
}

/** The loudest 100 ms the caller heard over the last 3 s: spans several bursts, so a gap between two is never mistaken for silence. */
async function callerHeardPeak(harness: HarnessHandle, callControlId: string): Promise<number> {
  const audio = await legAudio(harness, callControlId);
  return audio ? Math.max(0, ...audio.heard_history) : 0;
}

async function meterValue(page: Page, name: string): Promise<number> {
  const meter = page.getByRole('meter', { name });
  return Number((await meter.getAttribute('value')) ?? 0);
}

async function goAvailable(page: Page, harness: HarnessHandle): Promise<string> {
  await page.getByRole('button', { name: 'Go available' }).click();
  await expect(page.getByText('Softphone ready')).toBeVisible({ timeout: 20_000 });
  await expect(page.getByText('Agent status: Available')).toBeVisible({ timeout: 20_000 });
  const agentLeg = (await harness.state()).agent.leg?.callControlId;
  expect(agentLeg).toBeTruthy();
  return agentLeg!;
}

test('go available registers the softphone; a call has two-way audio; the mute key silences the microphone', async ({ console: page, harness }) => {
  const agentLeg = await goAvailable(page, harness);
  // The agent leg is the softphone's WebRTC call, answered by the page itself (its nonce matched).
  await expect.poll(async () => (await legAudio(harness, agentLeg))?.kind).toBe('webrtc');

  const caller = await harness.injectCaller({ queue: 'support', from: '+15550142001' });
  // The console learns of the caller from its webhooks: take the call once it shows in the queue.
  await expect(page.getByRole('list', { name: 'Queue' }).getByRole('listitem')).toHaveCount(1);
  await page.getByRole('button', { name: 'Take next call' }).click();
  const conference = page.getByRole('region', { name: /^sb-support-/ });
  await expect(conference).toBeVisible();

  // Two-way audio: the caller hears the agent's (fake) microphone; the agent's page receives the caller's voice.
  // (Chromium's gain control takes a few seconds to bring the fake microphone up: hence the long wait.)
  await expect.poll(() => callerHeardPeak(harness, caller.callControlId), { timeout: 20_000 }).toBeGreaterThan(TALKING_RMS);
  await expect.poll(async () => (await legAudio(harness, agentLeg))?.heard_from ?? []).toContain(caller.callControlId);
  await expect.poll(() => meterValue(page, 'Caller level'), { timeout: 15_000 }).toBeGreaterThan(0);

  // Ctrl+Shift+M: the microphone track goes off (what leaves the machine is silence), then Telnyx confirms the mute.
  const mute = conference.getByRole('button', { name: 'Mute', exact: true });
  await expect(mute).toHaveAttribute('aria-pressed', 'false');
  await page.keyboard.press('Control+Shift+M');
  await expect.poll(() => callerHeardPeak(harness, caller.callControlId), { timeout: 10_000 }).toBeLessThan(SILENT_RMS);
  await expect(mute).toHaveAttribute('aria-pressed', 'true');
  await expect(page.getByText('Microphone off')).toBeVisible();

  // (Unmuting is left out on purpose: a call longer than ~20 s trips the SDK's signalling health
  // probe against the simulator, whose socket then closes and the leg is hung up — a simulator
  // gap reported on wip/sim, not something to wait out here.)
  // Nothing went wrong on the way: no softphone banner.
  await expect(page.getByRole('region', { name: 'Softphone' }).getByRole('alert')).toHaveCount(0);
});

test('hold: the caller hears hold audio, not the agent', async ({ console: page, harness }) => {
  const agentLeg = await goAvailable(page, harness);
  const caller = await harness.injectCaller({ queue: 'support', from: '+15550142002' });
  // The console learns of the caller from its webhooks: take the call once it shows in the queue.
  await expect(page.getByRole('list', { name: 'Queue' }).getByRole('listitem')).toHaveCount(1);
  await page.getByRole('button', { name: 'Take next call' }).click();
  const conference = page.getByRole('region', { name: /^sb-support-/ });
  await expect.poll(() => callerHeardPeak(harness, caller.callControlId), { timeout: 20_000 }).toBeGreaterThan(TALKING_RMS);
  await conference.getByRole('button', { name: 'Hold caller' }).click();
  await expect.poll(async () => (await legAudio(harness, caller.callControlId))?.heard_from ?? []).toEqual(['hold_audio']);
  expect((await legAudio(harness, agentLeg))?.heard_from ?? []).not.toContain(caller.callControlId);
});

test('Telnyx refusing the softphone credential: one clear banner saying what to do, and the agent stays unavailable', async ({ console: page, harness }) => {
  await harness.control('/sim/fault', { method: 'POST', path: '/telephony_credentials', status: 403, code: '10010', title: 'Forbidden', detail: 'Not allowed on this account', times: 5 });
  await page.getByRole('button', { name: 'Go available' }).click();
  const banner = page.getByRole('region', { name: 'Softphone' }).getByRole('alert');
  await expect(banner).toHaveCount(1);
  await expect(banner).toContainText('Telnyx refused the softphone login');
  await expect(banner).toContainText('Forbidden');
  await expect(banner).toContainText('Check the SIP credential connection in Settings');
  await expect(page.getByText('Agent status: Available')).toHaveCount(0);
});
