/**
 * The built-in softphone end to end: the console's own @telnyx/webrtc in Chromium with a
 * scripted microphone (a WAV of tone bursts), against the harness in demo mode, whose simulator
 * terminates the call with a real WebRTC peer and measures the audio each party sends and hears.
 * Two-way audio, mute and the banners are judged by energy, never by packet counts.
 */
import { expect, goAvailable, heardPeak as callerHeardPeak, legAudio, meterValue, SILENT_RMS, softphoneOptions, SPEC_TIMEOUT_MS, TALKING_RMS, test } from './softphone-support';

test.use(softphoneOptions);
test.describe.configure({ timeout: SPEC_TIMEOUT_MS });

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
  // Hold audio is real audio energy at the caller, not just a label.
  await expect.poll(() => callerHeardPeak(harness, caller.callControlId)).toBeGreaterThan(TALKING_RMS);
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
