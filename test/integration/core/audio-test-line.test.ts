// The demo's loopback "Test audio" line (electron/core/softphone/audio-test-line.ts), main's half,
// against the simulator with the real @telnyx/webrtc SDK in Chromium as the agent's softphone (a
// steady 440 Hz microphone): start dials a far end and the agent's credential marked with the
// test's id, bridges them once the softphone answered, and finish reports what the FAR END heard
// of the microphone, then ends both legs. A muted microphone must come back as silence: the
// softphone's own leg hears the far end's voice, so reading the wrong leg cannot pass.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { AUDIO_TEST_HEADER, defaultSettings, type Settings } from '../../../electron/contract';
import { createLogger } from '../../../electron/core/log';
import { createAudioTestLine } from '../../../electron/core/softphone/audio-test-line';
import { findOrCreateCredential, type SoftphoneCredential } from '../../../electron/core/softphone/credential';
import { createTelnyxGateway } from '../../../electron/core/telnyx-gateway';
import type { AudioTestLine } from '../../../electron/core/softphone/softphone-audio';
import { closeChecked, startSimHarness, TEST_API_KEY, type SimHarness } from '../../support/sim-harness';
import { until, untilAsync } from '../../support/until';
import { openSoftphoneBrowser, type SoftphoneBrowser } from '../sim/softphone-browser';

const FAR_END = 'sip:audio-test@demo.switchboard.invalid';
/** What the renderer's verdict needs to say "heard" (loopback-test.ts HEARD_RMS), and silence. */
const HEARD_RMS = 0.005;
const SILENT_RMS = 0.001;
const WAIT_MS = 20_000;

const log = createLogger({ level: 'error', sink: () => {} });
let h: SimHarness;
let browser: SoftphoneBrowser;
let line: AudioTestLine;

/** The loudest RMS a leg heard over the simulator's last 3 s (what the demo hands the line). */
const heardRms = (callControlId: string) => Math.max(0, ...(h.sim.snapshot().media.find((m) => m.call_control_id === callControlId)?.heard_history ?? []));
const legTo = (to: string) => h.sim.snapshot().calls.filter((c) => c.to === to && c.is_alive);
const page = () => browser.page;

beforeAll(async () => {
  h = await startSimHarness({ timeScale: 1 });
  const connection = await h.client.credentialConnections.create({ connection_name: 'softphones', user_name: 'audiotest1', password: 'secret-password-1' });
  const gateway = createTelnyxGateway(() => ({ apiKey: TEST_API_KEY, baseURL: h.sim.baseUrl, maxRetries: 0 }));
  let credential: SoftphoneCredential | undefined;
  const account = () => ({ credentialConnectionId: connection.data!.id!, ...(credential ? { credential } : {}), remember: (c: SoftphoneCredential) => void (credential = c) });
  const settings: Settings = { ...defaultSettings, agent: { ...defaultSettings.agent, connectionId: 'conn-1', callerId: '+15550100001' } };
  line = createAudioTestLine({ gateway, account, settings: () => settings, source: { farEnd: FAR_END, heardRms }, log });
  // The softphone registers first (the line dials a credential that must be online), with the credential the line will reuse.
  const { id } = await findOrCreateCredential(gateway, account(), log);
  const token = await h.client.telephonyCredentials.createToken(id);
  browser = await openSoftphoneBrowser();
  await page().evaluate(([t, host]) => (window as unknown as { start(t: string, h: string): void }).start(t!, host!), [token, h.sim.rtcUrl]);
  await untilAsync(async () => (await browser.state()).ready, 'the softphone registered', WAIT_MS);
}, 60_000);

afterAll(async () => {
  await browser?.close();
  if (h) await closeChecked(h);
});

/** Starts a test, answers the invite carrying its id (and checks it does), and waits for the two legs bridged; the legs. */
async function startAndAnswer() {
  const { testId } = await line.start();
  const ringing = await untilAsync(async () => {
    const call = (await browser.state()).call;
    return call?.state === 'ringing' && call.customHeaders.some((x) => x.name === AUDIO_TEST_HEADER && x.value === testId) ? call : undefined;
  }, 'the test invite, marked with its id', WAIT_MS);
  expect(ringing).toBeTruthy();
  await page().evaluate(() => (window as unknown as { answer(): Promise<void> }).answer());
  const [far] = legTo(FAR_END);
  expect(far, 'the far end was dialled').toBeTruthy();
  const bridged = await until(() => h.sim.snapshot().calls.find((c) => c.call_control_id === far!.call_control_id && c.state === 'bridged' && c.bridged_with), 'the far end bridged to the softphone leg', WAIT_MS);
  const softphoneLeg = bridged.bridged_with!;
  expect(h.sim.snapshot().calls.find((c) => c.call_control_id === softphoneLeg)?.to).toMatch(/^sip:.+@sip\.telnyx\.com$/);
  return { testId, far: far!.call_control_id, softphoneLeg };
}

describe('the loopback audio test line (demo)', () => {
  it('the far end hears the microphone: finish reports it and ends both legs; a finished test cannot be finished again', async () => {
    const { testId, far, softphoneLeg } = await startAndAnswer();
    await until(() => heardRms(far) > HEARD_RMS, 'the far end hearing the microphone', WAIT_MS);
    const { heardRms: reported } = await line.finish(testId);
    expect(reported).toBeGreaterThan(HEARD_RMS);
    await until(() => [far, softphoneLeg].every((id) => !h.sim.snapshot().calls.find((c) => c.call_control_id === id)?.is_alive), 'both test legs hung up', WAIT_MS);
    await expect(line.finish(testId)).rejects.toThrow('That audio test is over');
  }, 60_000);

  it('a muted microphone comes back as silence from the far end (not the softphone leg, which hears the far end talking)', async () => {
    const { testId, far, softphoneLeg } = await startAndAnswer();
    await until(() => heardRms(far) > HEARD_RMS, 'the far end hearing the microphone', WAIT_MS);
    await page().evaluate(() => (window as unknown as { currentCall: { muteAudio(): void } }).currentCall.muteAudio());
    // The far end's whole remembered window goes quiet; meanwhile the softphone leg hears the far end's voice.
    await until(() => heardRms(far) < SILENT_RMS, 'the far end hearing silence', WAIT_MS);
    expect(heardRms(softphoneLeg)).toBeGreaterThan(HEARD_RMS);
    const { heardRms: reported } = await line.finish(testId);
    expect(reported).toBeLessThan(SILENT_RMS);
  }, 60_000);
});
