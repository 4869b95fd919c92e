/**
 * What the softphone specs share: Chromium with a scripted microphone (test/support/fake-microphone.ts) and
 * audio playout on, and reads of the simulator's per-leg audio energy. Audio is judged by energy,
 * never by packet counts (WEBRTC-NOTES §4).
 */
import type { Page } from '@playwright/test';
import { fakeMicrophoneArgs, rawMicrophone } from '../support/fake-microphone';
import { test as base, expect, type HarnessHandle } from './fixtures';

export { expect };

/** The harness's test with the page's microphone captured raw (why: fake-microphone.ts rawMicrophone). */
export const test = base.extend({
  page: async ({ page }, use) => {
    await page.addInitScript(rawMicrophone);
    await use(page);
  },
});

/** Levels are judged relative, talking vs silence (with voice processing on, a 0.3 tone arrives at ≈0.02–0.05 RMS: WEBRTC-NOTES §4). */
export const TALKING_RMS = 0.005;
export const SILENT_RMS = 0.001;
/** Setting a softphone call up (register, answer, webhooks) waits this long at most; a whole softphone test, SPEC_TIMEOUT_MS. */
export const SETUP_TIMEOUT_MS = 60_000;
export const SPEC_TIMEOUT_MS = 180_000;

/** `test.use(...)` for a softphone spec: the page's WebRTC is the agent's endpoint, its microphone plays `wav` (default: tone bursts). */
export const softphoneOptionsWith = (wav?: Buffer) => ({
  endpoint: 'softphone' as const,
  timeScale: 1,
  launchOptions: {
    executablePath: process.env.CHROMIUM_PATH ?? '/usr/bin/chromium',
    // Playwright mutes audio by default; a muted page does not play out, so it decodes nothing.
    ignoreDefaultArgs: ['--mute-audio'],
    args: [
      '--no-sandbox', '--disable-gpu', '--disable-background-networking', '--disable-component-update', '--no-first-run', '--disable-sync', '--disable-quic',
      ...fakeMicrophoneArgs(wav),
      '--autoplay-policy=no-user-gesture-required',
    ],
  },
});

export const softphoneOptions = softphoneOptionsWith();

export async function legAudio(harness: HarnessHandle, callControlId: string) {
  return (await harness.snapshot()).media.find((m) => m.call_control_id === callControlId);
}

/** The loudest 100 ms the party heard over the last 3 s: spans several bursts, so a gap between two is never mistaken for silence. */
export async function heardPeak(harness: HarnessHandle, callControlId: string): Promise<number> {
  const audio = await legAudio(harness, callControlId);
  return audio ? Math.max(0, ...audio.heard_history) : 0;
}

/**
 * The agent's new leg once the console is back in `conferenceId` with it joined; '' until then. Not
 * merely a leg other than `firstLeg`: right after a drop the console still names the old one, and a
 * re-dial attempt that does not answer (the softphone still logging in again) is named while it rings.
 */
export async function rejoinedLeg(harness: HarnessHandle, conferenceId: string, firstLeg: string): Promise<string> {
  const s = await harness.state();
  const leg = s.agent.leg?.callControlId;
  const back = s.conference?.id === conferenceId && leg && leg !== firstLeg && s.conference.participants.some((p) => p.callControlId === leg && p.status === 'joined');
  return back ? leg : '';
}

export async function meterValue(page: Page, name: string): Promise<number> {
  const meter = page.getByRole('meter', { name });
  return Number((await meter.getAttribute('value')) ?? 0);
}

/** Go available and wait for the softphone to register and the agent leg to be up; the agent leg's id. */
export async function goAvailable(page: Page, harness: HarnessHandle): Promise<string> {
  await page.getByRole('button', { name: 'Go available' }).click();
  // Registering, then the invite answered (getUserMedia + non-trickle ICE in the page, DTLS at the
  // simulator) and its call.answered webhook through the relay: seconds each on a loaded 2-core box.
  await expect(page.getByText('Softphone ready')).toBeVisible({ timeout: SETUP_TIMEOUT_MS });
  await expect(page.getByText('Agent status: Available')).toBeVisible({ timeout: SETUP_TIMEOUT_MS });
  const agentLeg = (await harness.state()).agent.leg?.callControlId;
  expect(agentLeg).toBeTruthy();
  return agentLeg!;
}

/** A caller arrives and the agent takes the call once it shows in the queue; the caller's leg and the conference panel. */
export async function takeACall(page: Page, harness: HarnessHandle, from: string) {
  const caller = await harness.injectCaller({ queue: 'support', from });
  // The console learns of the caller from its webhooks: take the call once it shows in the queue.
  await expect(page.getByRole('list', { name: 'Queue' }).getByRole('listitem')).toHaveCount(1);
  await page.getByRole('button', { name: 'Take next call' }).click();
  const conference = page.getByRole('region', { name: /^sb-support-/ });
  await expect(conference).toBeVisible();
  return { caller: caller.callControlId, conference };
}
