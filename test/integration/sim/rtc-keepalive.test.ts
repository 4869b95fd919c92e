// A long call's signalling stays up: @telnyx/webrtc probes its socket after 20 s without inbound
// traffic during a call (and reconnects, dropping the call's signalling, when a probe goes
// unanswered), so the simulator pings every logged-in client as Telnyx does. Here the real SDK in
// Chromium runs on Playwright's clock, driven 30 s forward in steps while the simulator (time-scaled:
// a 15 s ping interval is 0.75 s) keeps pinging: the SDK never needs a health probe, the socket
// stays open and the call stays active. No step waits on wall-clock time, only for the next ping.
import { afterAll, beforeAll, expect, it } from 'vitest';
import * as I from '../../../sim/src/inferences';
import { closeChecked, startSimHarness, type SimHarness } from '../../support/sim-harness';
import { until, untilAsync } from '../../support/until';
import { openSoftphoneBrowser, type SoftphoneBrowser } from './softphone-browser';

const TIME_SCALE = 0.05;
/** Page time driven per step: less than the server's ping interval, so each step sees a ping. */
const STEP_MS = 2_500;
const STEPS = 12; // 30 s of page time: past the SDK's 20 s idle probe and its 5 s probe timeout

let h: SimHarness;
let browser: SoftphoneBrowser;
const log: string[] = [];

beforeAll(async () => {
  h = await startSimHarness({ timeScale: TIME_SCALE });
  browser = await openSoftphoneBrowser({ fakeClock: true });
  browser.page.on('console', (m) => log.push(m.text()));
}, 60_000);

afterAll(async () => {
  await browser?.close();
  if (h) await closeChecked(h);
});

it('30 s of a call on the page clock: no health probe, the socket and the call stay up', async () => {
  expect(STEP_MS).toBeLessThan(I.RTC_SERVER_PING_SECS * 1000);
  const connection = await h.client.credentialConnections.create({ connection_name: 'softphones', user_name: 'softphones3', password: 'secret-password-3' });
  const credential = (await h.client.telephonyCredentials.create({ connection_id: connection.data!.id!, name: 'agent' })).data!;
  const token = await h.client.telephonyCredentials.createToken(credential.id!);
  const page = browser.page;
  await page.evaluate(([t, host]) => (window as unknown as { start(t: string, h: string): void }).start(t!, host!), [token, h.sim.rtcUrl]);
  await untilAsync(async () => (await browser.state()).ready, 'telnyx.ready', 20_000);
  // A long ring: simulated time runs 20× faster than the page's.
  const dialed = await h.client.calls.dial({ connection_id: 'conn-1', from: '+15550001111', to: `sip:${credential.sip_username}@sip.telnyx.com`, timeout_secs: 600 });
  const agent = dialed.data!.call_control_id!;
  await untilAsync(async () => (await browser.state()).call?.state === 'ringing', 'ringing', 20_000);
  await page.evaluate(() => (window as unknown as { answer(): unknown }).answer());
  await untilAsync(async () => (await browser.state()).call?.state === 'active', 'active', 20_000);

  // From here the page's time moves only when the test drives it.
  await page.clock.pauseAt(Date.now() + 1_000);
  const answered = () => h.sim.snapshot().softphones.find((s) => s.sip_username === credential.sip_username)?.pings_answered ?? 0;
  for (let step = 0; step < STEPS; step++) {
    const before = answered();
    await until(() => answered() > before, `server ping ${step + 1} answered`);
    await page.clock.runFor(STEP_MS);
  }

  expect(log.filter((line) => /health probe|probe timed out|signaling unhealthy|force-closing WebSocket/i.test(line))).toEqual([]);
  expect((await browser.state()).call?.state).toBe('active');
  expect(h.sim.snapshot().calls.find((c) => c.call_control_id === agent)?.is_alive).toBe(true);
  expect(h.sim.snapshot().softphones.map((s) => s.sip_username)).toContain(credential.sip_username);
  await h.client.calls.actions.hangup(agent, {});
}, 120_000);

