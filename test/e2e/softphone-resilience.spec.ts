/**
 * The softphone when things go wrong or others join, end to end (the page's own @telnyx/webrtc
 * against the harness's simulator, audio judged by the simulator's per-leg energy):
 * - the agent's signalling socket is cut mid-call → main holds the caller (real hold audio),
 *   re-dials the softphone and rejoins the SAME conference; the caller never left; audio flows
 *   again; the agent gets one notice;
 * - a second device signs in with the agent's credential → the console is punted and says so;
 * - a whispering supervisor is heard by the agent only; a monitoring one by nobody.
 */
import type { SimSnapshot } from '@switchboard/sim';
import type { HarnessHandle } from './fixtures';
import { expect, goAvailable, heardPeak, legAudio, rejoinedLeg, softphoneOptions, SPEC_TIMEOUT_MS, takeACall, TALKING_RMS, test } from './softphone-support';

test.use(softphoneOptions);
test.describe.configure({ timeout: SPEC_TIMEOUT_MS });

/** Samples the simulator's truth until stopped: every sample, for "the caller never left". */
function sampleSnapshots(harness: HarnessHandle) {
  const samples: SimSnapshot[] = [];
  let running = true;
  const loop = (async () => {
    // (A failed test leaves this running into teardown: a refused read then just ends it.)
    // One read at a time, 50 ms apart (a tight loop of fresh requests starves the harness it measures);
    // a read that fails (the harness is going away at the end of a failed test) is skipped, never counted.
    while (running) {
      const snapshot = await harness.snapshot().catch(() => undefined);
      if (snapshot) samples.push(snapshot);
      await new Promise((resolve) => setTimeout(resolve, 50));
    }
  })();
  return {
    samples,
    async stop() {
      running = false;
      await loop;
      return samples;
    },
  };
}

test('the signalling socket is cut mid-call: the caller hears hold audio, the agent is back in the same conference on a new leg, the caller never left', async ({ console: page, harness }) => {
  const firstLeg = await goAvailable(page, harness);
  const { caller } = await takeACall(page, harness, '+15550142101');
  await expect.poll(() => heardPeak(harness, caller), { timeout: 20_000 }).toBeGreaterThan(TALKING_RMS);
  const conferenceId = (await harness.state()).conference?.id;
  expect(conferenceId).toBeTruthy();

  const truth = sampleSnapshots(harness);
  const { dropped } = await harness.control<{ dropped: string[] }>('/sim/softphone/drop', {});
  expect(dropped).toHaveLength(1);

  // While the agent is gone the caller is held: they hear hold audio (real energy), not silence.
  await expect.poll(async () => (await legAudio(harness, caller))?.heard_from ?? [], { timeout: 15_000 }).toEqual(['hold_audio']);
  expect(await heardPeak(harness, caller)).toBeGreaterThan(TALKING_RMS);

  // The agent is back in the same conference on a new leg, without doing anything.
  let secondLeg = '';
  await expect.poll(async () => (secondLeg = await rejoinedLeg(harness, conferenceId!, firstLeg)), { timeout: 30_000 }).toBeTruthy();
  await expect(page.getByRole('region', { name: /^sb-support-/ })).toBeVisible();

  // The caller never left: in every sample, alive and in the same conference (held or not).
  const samples = await truth.stop();
  expect(samples.length).toBeGreaterThan(5);
  for (const snapshot of samples) {
    const leg = snapshot.calls.find((c) => c.call_control_id === caller);
    expect(leg, 'caller leg in every snapshot').toMatchObject({ is_alive: true, state: 'in_conference', conference_id: conferenceId });
  }
  const conference = (await harness.snapshot()).conferences.find((c) => c.id === conferenceId)!;
  expect(conference.participants.map((p) => p.call_control_id).sort()).toEqual([caller, secondLeg].sort());
  expect(conference.participants.find((p) => p.call_control_id === caller)?.on_hold).toBe(false);

  // One notice says what happened; the softphone's banner has cleared.
  const notices = page.getByRole('region', { name: 'Messages' }).getByText(/Your softphone connection dropped/);
  await expect(notices).toHaveCount(1);
  await expect(notices).toContainText('same call');
});

// Once parked as test.fixme ("the re-registered softphone stays connecting and its new leg sends
// silence"). Both halves were the test's and the test signal's, not the softphone's: the test took
// the agent's leg right after the drop, which is still the OLD one, so it waited on a dead leg (and the
// page snapshot, taken after the harness had gone, said "connecting"); and Chromium's echo canceller
// sometimes took the scripted 440 Hz microphone for an echo of the caller's tone and silenced it
// (softphone-support.ts now captures the microphone raw: fake-microphone.ts rawMicrophone).
test('after a dropped signalling socket, audio flows again both ways on the new leg and the softphone banner clears', async ({ console: page, harness }) => {
  const firstLeg = await goAvailable(page, harness);
  const { caller } = await takeACall(page, harness, '+15550142102');
  await expect.poll(() => heardPeak(harness, caller), { timeout: 20_000 }).toBeGreaterThan(TALKING_RMS);
  const conferenceId = (await harness.state()).conference?.id;
  expect(conferenceId).toBeTruthy();
  await harness.control('/sim/softphone/drop', {});
  // The new leg once the console is back in the conference with it (see rejoinedLeg).
  let secondLeg = '';
  await expect.poll(async () => (secondLeg = await rejoinedLeg(harness, conferenceId!, firstLeg)), { timeout: 30_000 }).toBeTruthy();
  // The caller is off hold and hears the agent's microphone on the new leg, with real energy. (heard_from
  // is the mixer's LAST frame: under a starved CPU it is often empty while the caller hears ≈0.15 RMS, so
  // it is polled for the new leg, not asked to hold the new leg alone at one instant.)
  await expect.poll(async () => (await harness.snapshot()).conferences.flatMap((c) => c.participants).find((p) => p.call_control_id === caller)?.on_hold, { timeout: 30_000 }).toBe(false);
  await expect.poll(async () => (await legAudio(harness, caller))?.heard_from ?? [], { timeout: 30_000 }).toContain(secondLeg);
  await expect.poll(() => heardPeak(harness, caller), { timeout: 10_000 }).toBeGreaterThan(TALKING_RMS);
  await expect.poll(async () => (await legAudio(harness, secondLeg))?.heard_from ?? [], { timeout: 10_000 }).toContain(caller);
  await expect(page.getByText('Softphone ready')).toBeVisible();
  await expect(page.getByRole('region', { name: 'Softphone' }).getByRole('alert')).toHaveCount(0);
});

test('a second device signs in with the agent credential: the console is told its calls now go there', async ({ console: page, harness }) => {
  await goAvailable(page, harness);
  await harness.control('/sim/softphone/login-elsewhere', {});
  const banner = page.getByRole('region', { name: 'Softphone' }).getByRole('alert');
  await expect(banner).toHaveCount(1);
  await expect(banner).toContainText('signed in on another device');
  await expect(page.getByRole('region', { name: 'Softphone' }).getByText('Softphone off')).toBeVisible();
});

test('a whispering supervisor is heard by the agent and not the caller; a monitoring one by nobody', async ({ console: page, harness }) => {
  const agentLeg = await goAvailable(page, harness);
  const { caller } = await takeACall(page, harness, '+15550142102');
  await expect.poll(() => heardPeak(harness, caller), { timeout: 20_000 }).toBeGreaterThan(TALKING_RMS);
  const conferenceId = (await harness.state()).conference!.id;

  const whisper = await harness.control<{ callControlId: string }>('/sim/supervisor', { conferenceId, role: 'whisper', whisperTo: [agentLeg] });
  const monitor = await harness.control<{ callControlId: string }>('/sim/supervisor', { conferenceId, role: 'monitor' });
  // The agent's leg hears the caller and the whisperer; the caller hears the agent only.
  await expect.poll(async () => [...((await legAudio(harness, agentLeg))?.heard_from ?? [])].sort(), { timeout: 15_000 }).toEqual([caller, whisper.callControlId].sort());
  await expect.poll(async () => (await legAudio(harness, caller))?.heard_from ?? [], { timeout: 15_000 }).toEqual([agentLeg]);
  // Same snapshot: the whisperer is talking (energy), yet the caller does not hear it; nobody hears the monitor.
  const snapshot = await harness.snapshot();
  const said = (id: string) => snapshot.media.find((m) => m.call_control_id === id)?.said_rms ?? 0;
  expect(said(whisper.callControlId)).toBeGreaterThan(TALKING_RMS);
  expect(said(monitor.callControlId)).toBeGreaterThan(TALKING_RMS);
  for (const leg of snapshot.media) expect(leg.heard_from, `${leg.call_control_id} hears no monitor`).not.toContain(monitor.callControlId);
  expect(snapshot.media.find((m) => m.call_control_id === caller)?.heard_from).not.toContain(whisper.callControlId);
});
