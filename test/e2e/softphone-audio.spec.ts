/**
 * The softphone's devices and audio truth end to end, on Chromium's fake media devices (it lists
 * "Fake Default Audio Input", "Fake Audio Input 1" and "2", and three fake outputs; every input
 * plays the same scripted WAV): switching the microphone mid-call, "you are talking while muted",
 * a call that is not the console's own ringing on the ringer device with an OS notification, the
 * call's quality reaching main, and the demo's loopback "Test audio". Judged by what the
 * simulator's far end heard, what the page's peer connection sends, and what main recorded.
 */
import type { Page } from '@playwright/test';
import type { CallQualityReport } from '../../electron/contract';
import { monoWav } from '../support/fake-microphone';
import type { HarnessHandle } from './fixtures';
import { expect, heardPeak, softphoneOptionsWith, TALKING_RMS, test } from './softphone-support';

/** Speech-like: 440 Hz, its loudness moving at a syllable rate (4 Hz), in 1.5 s phrases with 0.5 s pauses; 20 s at 48 kHz. */
function speechWav(seconds = 20): Buffer {
  return monoWav(seconds, (t) => (t % 2 < 1.5 ? 0.3 * (0.7 + 0.3 * Math.sin(2 * Math.PI * 4 * t)) * Math.sin(2 * Math.PI * 440 * t) : 0));
}

test.use(softphoneOptionsWith(speechWav()));

/** Test instrumentation: remembers the page's peer connections, so the test can read what the call really sends. */
function recordPeerConnections() {
  const Original = window.RTCPeerConnection;
  const seen: RTCPeerConnection[] = [];
  (window as unknown as { __peerConnections: RTCPeerConnection[] }).__peerConnections = seen;
  window.RTCPeerConnection = class extends Original {
    constructor(...args: ConstructorParameters<typeof RTCPeerConnection>) {
      super(...args);
      seen.push(this);
    }
  } as typeof RTCPeerConnection;
}

/** The live peer connection's audio sender: its track's label and the packets it has sent. */
async function sending(page: Page): Promise<{ label: string; packetsSent: number }> {
  return page.evaluate(async () => {
    const pcs = (window as unknown as { __peerConnections: RTCPeerConnection[] }).__peerConnections.filter((pc) => pc.connectionState === 'connected');
    const pc = pcs[pcs.length - 1];
    if (!pc) return { label: '', packetsSent: 0 };
    const label = pc.getSenders().find((s) => s.track?.kind === 'audio')?.track?.label ?? '';
    let packetsSent = 0;
    (await pc.getStats()).forEach((r: { type: string; kind?: string; packetsSent?: number }) => {
      if (r.type === 'outbound-rtp' && r.kind === 'audio') packetsSent += r.packetsSent ?? 0;
    });
    return { label, packetsSent };
  });
}

/** The live call's stats carry what a MOS is computed from: the nominated pair's round trip and the inbound jitter. */
async function mosInputsKnown(page: Page): Promise<boolean> {
  return page.evaluate(async () => {
    const pcs = (window as unknown as { __peerConnections: RTCPeerConnection[] }).__peerConnections.filter((pc) => pc.connectionState === 'connected');
    const pc = pcs[pcs.length - 1];
    if (!pc) return false;
    let rtt = false;
    let jitter = false;
    (await pc.getStats()).forEach((r: { type: string; kind?: string; nominated?: boolean; state?: string; currentRoundTripTime?: number; jitter?: number }) => {
      if (r.type === 'candidate-pair' && r.nominated && r.state === 'succeeded' && typeof r.currentRoundTripTime === 'number') rtt = true;
      if (r.type === 'inbound-rtp' && r.kind === 'audio' && typeof r.jitter === 'number') jitter = true;
    });
    return rtt && jitter;
  });
}

async function open(page: Page, harness: HarnessHandle): Promise<void> {
  await page.addInitScript(recordPeerConnections);
  await page.goto(harness.url);
  await expect(page.getByRole('button', { name: 'Console' })).toBeVisible();
}

async function goAvailable(page: Page): Promise<void> {
  await page.getByRole('button', { name: 'Go available' }).click();
  await expect(page.getByText('Softphone ready')).toBeVisible({ timeout: 20_000 });
  await expect(page.getByText('Agent status: Available')).toBeVisible({ timeout: 20_000 });
}

/** A caller in the queue, taken; resolves once the caller hears the agent's microphone. */
async function takeCall(page: Page, harness: HarnessHandle, from: string): Promise<string> {
  const caller = await harness.injectCaller({ queue: 'support', from });
  await expect(page.getByRole('list', { name: 'Queue' }).getByRole('listitem')).toHaveCount(1);
  await page.getByRole('button', { name: 'Take next call' }).click();
  await expect(page.getByRole('region', { name: /^sb-support-/ })).toBeVisible();
  // Chromium's gain control takes a few seconds to bring the fake microphone up.
  await expect.poll(() => heardPeak(harness, caller.callControlId), { timeout: 20_000 }).toBeGreaterThan(TALKING_RMS);
  return caller.callControlId;
}

test('switching the microphone mid-call replaces the sent track; the caller keeps hearing the agent; the choice is remembered by label', async ({ page, harness }) => {
  await open(page, harness);
  await goAvailable(page);
  const caller = await takeCall(page, harness, '+15550143001');
  const softphone = page.getByRole('region', { name: 'Softphone' });
  await softphone.getByText('Audio devices').click();
  await expect(softphone.getByText('Microphone in use: Fake Default Audio Input')).toBeVisible();
  expect((await sending(page)).label).toBe('Fake Default Audio Input');

  await softphone.getByLabel('Microphone', { exact: true }).selectOption('Fake Audio Input 2');
  await expect(softphone.getByText('Microphone in use: Fake Audio Input 2')).toBeVisible();
  // The truth is the peer connection's sender: its track now comes from the other device.
  expect((await sending(page)).label).toBe('Fake Audio Input 2');
  // 150 more packets (3 s of 20 ms frames) from the new track fill the far end's whole 3 s history: it still hears the agent.
  const from = (await sending(page)).packetsSent;
  await expect.poll(async () => (await sending(page)).packetsSent - from, { timeout: 15_000 }).toBeGreaterThan(150);
  await expect.poll(() => heardPeak(harness, caller), { timeout: 10_000 }).toBeGreaterThan(TALKING_RMS);
  // Remembered by label, not by the per-origin device id.
  const saved = await page.evaluate(async () => {
    const outcome = await window.switchboard.settings.get();
    return outcome.ok ? outcome.value.audioDevices : undefined;
  });
  expect(saved).toEqual({ microphone: 'Fake Audio Input 2', speaker: '', ringer: '' });
});

test('talking while muted: the notice shows while muted and speaking, not before, and goes on unmute; the call\'s quality reaches main', async ({ page, harness }) => {
  await open(page, harness);
  await goAvailable(page);
  const caller = await takeCall(page, harness, '+15550143002');
  const softphone = page.getByRole('region', { name: 'Softphone' });
  const notice = softphone.getByText('You are talking while muted');
  // Talking, not muted: the meter shows the voice, no notice.
  await expect.poll(async () => Number(await softphone.getByRole('meter', { name: 'Microphone level' }).getAttribute('value'))).toBeGreaterThan(0.05);
  await expect(notice).toHaveCount(0);

  const mute = page.getByRole('region', { name: /^sb-support-/ }).getByRole('button', { name: 'Mute', exact: true });
  await page.keyboard.press('Control+Shift+M');
  await expect(mute).toHaveAttribute('aria-pressed', 'true');
  await expect(notice).toBeVisible();

  await page.keyboard.press('Control+Shift+M');
  await expect(mute).toHaveAttribute('aria-pressed', 'false');
  await expect(notice).toHaveCount(0);

  // The quality is judged once a second from two stats samples: before the caller hangs up, let the
  // call carry ~3 s more audio (150 packets of 20 ms) after the stats hold a round trip and jitter,
  // so a MOS was measured however slowly this machine runs.
  await expect.poll(() => mosInputsKnown(page), { timeout: 20_000 }).toBe(true);
  const sentThen = (await sending(page)).packetsSent;
  await expect.poll(async () => (await sending(page)).packetsSent - sentThen, { timeout: 30_000 }).toBeGreaterThan(150);

  // The caller hangs up: the agent leaves the conference, whose quality reaches main and lands in its history row.
  const { agent, conference } = await harness.state();
  await harness.control('/sim/hangup', { callControlId: caller });
  await expect.poll(async () => (await harness.control<CallQualityReport[]>('/softphone/quality')).length, { timeout: 20_000 }).toBe(1);
  const [report] = await harness.control<CallQualityReport[]>('/softphone/quality');
  expect(report!.callId).toBe(agent.leg?.callControlId);
  expect(report!.conferenceId).toBe(conference?.id);
  // Measured once a second during the call (what it was depends on this machine's load; the judging is unit-tested).
  expect(report!.worstMos).toBeGreaterThanOrEqual(1);
  expect(report!.worstMos).toBeLessThanOrEqual(5);
  const row = await page.evaluate(async (conferenceId) => {
    const outcome = await window.switchboard.history.list({});
    return outcome.ok ? outcome.value.calls.find((c) => c.conferenceId === conferenceId) : undefined;
  }, conference?.id);
  expect(row?.quality).toEqual({ worstMos: report!.worstMos, warnings: report!.warnings });
});

test('a call that is not the console\'s own rings on the ringer device with an OS notification; Decline stops it and the console\'s leg stays', async ({ page, harness }) => {
  await open(page, harness);
  await goAvailable(page);
  const softphone = page.getByRole('region', { name: 'Softphone' });
  await softphone.getByText('Audio devices').click();
  await softphone.getByLabel('Ringer', { exact: true }).selectOption('Fake Audio Output 2');
  const ringerId = await page.evaluate(async () => (await navigator.mediaDevices.enumerateDevices()).find((d) => d.label === 'Fake Audio Output 2')?.deviceId);

  await harness.control('/sim/dial-softphone', { from: '+15550143077' });
  const dialog = page.getByRole('alertdialog', { name: 'Incoming call' });
  await expect(dialog).toContainText('Incoming call from +15550143077');
  await expect(dialog).toContainText('Ringing on Fake Audio Output 2');
  const ringer = () => page.evaluate(() => {
    const element = document.querySelector<HTMLAudioElement & { sinkId: string }>('audio[data-ringer]');
    return element ? { playing: !element.paused, sinkId: element.sinkId } : null;
  });
  await expect.poll(ringer).toEqual({ playing: true, sinkId: ringerId });
  await expect.poll(() => harness.control<Array<{ title: string; body: string }>>('/notifications')).toContainEqual({
    title: 'Incoming call',
    body: '+15550143077 is calling your softphone. Open Switchboard to accept or decline.',
  });

  await dialog.getByRole('button', { name: 'Decline' }).click();
  await expect(dialog).toHaveCount(0);
  await expect.poll(ringer).toBeNull();
  await expect(page.getByText('Agent status: Available')).toBeVisible();
  const leg = (await harness.state()).agent.leg?.callControlId;
  expect((await harness.snapshot()).calls.find((c) => c.call_control_id === leg)?.state).toBe('parked');
});

test('Test audio (demo): a loopback call through the simulator; the verdict says the microphone was heard and the far end played', async ({ page, harness }) => {
  await open(page, harness);
  const softphone = page.getByRole('region', { name: 'Softphone' });
  await expect(softphone.getByText('Softphone off')).toBeVisible();
  await softphone.getByText('Audio devices').click();
  await softphone.getByRole('button', { name: 'Test audio' }).click();
  const result = softphone.getByRole('status', { name: 'Audio test result' });
  await expect(result).toBeVisible({ timeout: 60_000 });
  await expect(result).toContainText('The far end of a test call heard your microphone (Fake Default Audio Input)');
  await expect(result).toContainText("The far end's voice arrived and played on Fake Default Audio Output");
  await expect(result).toHaveAttribute('data-verdict', 'ok');
  // The test leaves nothing behind: its two legs are gone.
  await expect.poll(async () => (await harness.snapshot()).calls.filter((c) => c.state !== 'ended').length).toBe(0);
});
