/**
 * The demo's loopback audio test, the renderer's half: a short-lived SDK client registers with the
 * agent's credential, main dials it (softphone.startAudioTest) and bridges it to a far end that
 * speaks; this answers only the invite carrying the test's id, plays the far end on the chosen
 * speaker and measures what arrives, then main says what the far end heard of the microphone.
 * Runs only while the softphone itself is off: one credential has one registration.
 */
import { TelnyxRTC, type Call, type INotification } from '@telnyx/webrtc';
import { AUDIO_TEST_HEADER, errorTitle, type SoftphoneSession, type SwitchboardApi } from '../../../electron/contract';
import { within } from './audio-test';
import type { ResolvedDevices } from './devices';

type Check = { ok: boolean; words: string };

/** The far end heard the microphone when its decoded RMS reached this (Chromium's processing keeps speech ≈ 0.02–0.05). */
const HEARD_RMS = 0.005;
const ARRIVED_LEVEL = 0.01;
const STATS_SAMPLES = 12;
const STATS_EVERY_MS = 250;

export async function loopbackTest(api: SwitchboardApi, session: SoftphoneSession, devices: ResolvedDevices): Promise<{ microphone: Check; speaker: Check }> {
  const fail = (words: string) => ({ microphone: { ok: false, words }, speaker: { ok: false, words: 'Not tested.' } });
  const token = await api.softphone.token();
  if (!token.ok) return fail(`The test call could not log in: ${errorTitle(token.error)}.`);
  const client = new TelnyxRTC({
    login_token: token.value.token,
    ...(session.host ? { host: session.host } : {}),
    ...(session.loopbackIce ? { iceServers: [] } : {}),
  } as ConstructorParameters<typeof TelnyxRTC>[0]);
  const speaker = new Audio() as HTMLAudioElement & { setSinkId?(id: string): Promise<void> };
  speaker.autoplay = true;
  try {
    const ready = new Promise<void>((resolve) => client.on('telnyx.ready', () => resolve()));
    void client.connect();
    await within(ready, 'registering');
    if (devices.microphone) await client.setAudioSettings({ micId: devices.microphone.deviceId }).catch(() => undefined);
    const started = await api.softphone.startAudioTest({});
    if (!started.ok) return fail(`The test call could not start: ${errorTitle(started.error)}.`);
    const testId = started.value.testId;
    const call = await within(answerTest(client, testId), 'the test call');
    // The SDK says "active" before the media path is up (ICE, DTLS): measure only once audio can flow.
    await within(mediaConnected(call), 'the call audio to connect');
    speaker.srcObject = call.remoteStream;
    await speaker.setSinkId?.(devices.speaker?.deviceId ?? '').catch(() => undefined);
    await speaker.play().catch(() => undefined);
    const arrived = await peakInboundLevel(call);
    const farEnd = await api.softphone.finishAudioTest({ testId });
    const speakerName = devices.speaker?.label || 'the system default speaker';
    const micName = devices.microphone?.label || 'the system default microphone';
    return {
      microphone: !farEnd.ok
        ? { ok: false, words: `The test call ended early: ${errorTitle(farEnd.error)}.` }
        : farEnd.value.heardRms >= HEARD_RMS
          ? { ok: true, words: `The far end of a test call heard your microphone (${micName}).` }
          : { ok: false, words: `The far end of a test call heard nothing from your microphone (${micName}): check its mute switch or choose another microphone.` },
      speaker: arrived >= ARRIVED_LEVEL && !speaker.paused
        ? { ok: true, words: `The far end's voice arrived and played on ${speakerName}.` }
        : { ok: false, words: `No sound arrived from the far end of the test call; ${speakerName} played nothing.` },
    };
  } catch (e) {
    return fail(e instanceof Error ? e.message : String(e));
  } finally {
    speaker.srcObject = null;
    await client.disconnect().catch(() => undefined);
  }
}

/** Answers the invite carrying this test's id (and only it); resolves once its audio is up. */
function answerTest(client: TelnyxRTC, testId: string): Promise<Call> {
  return new Promise((resolve) => {
    client.on('telnyx.notification', (n: INotification) => {
      const call = n.call as unknown as Call | undefined;
      if (n.type !== 'callUpdate' || !call) return;
      const headers = (call.options.customHeaders ?? []) as Array<{ name: string; value: string }>;
      if (!headers.some((h) => h.name === AUDIO_TEST_HEADER && h.value === testId)) return;
      if (call.state === 'ringing') void call.answer();
      if (call.state === 'active') resolve(call);
    });
  });
}

/** Resolves once the call's peer connection is connected. */
function mediaConnected(call: Call): Promise<void> {
  const pc = (call as unknown as { peer?: { instance?: RTCPeerConnection } }).peer?.instance;
  return new Promise((resolve) => {
    if (!pc || pc.connectionState === 'connected') return resolve();
    const check = () => {
      if (pc.connectionState !== 'connected') return;
      pc.removeEventListener('connectionstatechange', check);
      resolve();
    };
    pc.addEventListener('connectionstatechange', check);
  });
}

/** The loudest inbound audio level over STATS_SAMPLES reads of the call's stats. */
async function peakInboundLevel(call: Call): Promise<number> {
  const pc = (call as unknown as { peer?: { instance?: RTCPeerConnection } }).peer?.instance;
  let peak = 0;
  for (let i = 0; i < STATS_SAMPLES && pc; i++) {
    await new Promise((resolve) => setTimeout(resolve, STATS_EVERY_MS));
    (await pc.getStats()).forEach((r: { type: string; kind?: string; audioLevel?: number }) => {
      if (r.type === 'inbound-rtp' && r.kind === 'audio') peak = Math.max(peak, r.audioLevel ?? 0);
    });
  }
  return peak;
}
