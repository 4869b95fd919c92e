// The built-in softphone's audio, measured where it matters: at the far end.
//
//   npm run bench:softphone   (needs `npm run build`; writes bench/results/softphone.json and .md)
//   BENCH_MUTES=30 BENCH_INVITES=15 BENCH_DROPS=6 to tune
//
// The console runs as in the e2e suite: the harness hosts the real core in demo mode (simulator +
// relay in this process), Debian's Chromium shows the built renderer with a scripted microphone
// (440 Hz bursts, 300 ms on / 200 ms off, captured raw: fake-microphone.ts rawMicrophone) and runs the
// app's own @telnyx/webrtc against the simulator, whose werift peer decodes what the page sends.
// Targets (issue 10):
// - mute key press → silence at the far end: p99 ≤ 100 ms. Ctrl+Shift+M is pressed at the start
//   of a burst, timed from the renderer's keydown; "silence" is the first decoded frame (20 ms) of
//   a run below SILENT_RMS lasting longer than any gap between bursts, stamped on arrival;
// - dial (invite) → two-way audio on loopback: p99 ≤ 1.5 s, from the Call Control dial of the
//   agent's credential (the console's nonce, so the page answers by itself) until both the page's
//   microphone is decoded at the simulator and the caller's voice is received in the page (its
//   RTCPeerConnection's inbound energy); the bench joins the answered leg to the caller's conference;
// - leg dropped (the telnyx_rtc socket cut) → agent back in the same conference: ≤ 5 s (max), with
//   the caller's audio gap (until they hear the agent again) and how much of it was hold audio.
import { chromium } from '@playwright/test';
import { mkdirSync, writeFileSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import Telnyx from 'telnyx';
import { startHarness } from '../test/harness/server';
import { fakeMicrophoneArgs, rawMicrophone } from '../test/support/fake-microphone';
import { calibrationMarkdown, ed25519Verify, timeLabel, timeRatio } from './calibration';
import { finish, gate, gateMarkdown, target } from './gate';

const MUTES = Number(process.env.BENCH_MUTES ?? 30);
const INVITES = Number(process.env.BENCH_INVITES ?? 15);
const DROPS = Number(process.env.BENCH_DROPS ?? 6);
const TARGET_MUTE_P99_MS = 100;
const TARGET_TWO_WAY_P99_MS = 1500;
const TARGET_BACK_MAX_MS = 5000;
/** Talking vs silence: the raw 0.3 bursts decode to ≈0.2 RMS, muted frames to ≈0. */
const TALKING_RMS = 0.005;
const SILENT_RMS = 0.001;
/** Longer than the 200 ms gap between bursts: a silent run this long is the mute, not a pause. */
const SILENT_RUN_MS = 300;
const here = path.dirname(fileURLToPath(import.meta.url));
const chromiumPath = process.env.CHROMIUM_PATH ?? '/usr/bin/chromium';
/** BENCH_DEBUG=1 prints each sample's timeline. */
const DEBUG = process.env.BENCH_DEBUG === '1';

const round = (n: number) => Math.round(n * 10) / 10;
function percentile(sorted: number[], p: number): number {
  if (sorted.length === 0) return NaN;
  return sorted[Math.max(0, Math.min(sorted.length - 1, Math.ceil((p / 100) * sorted.length) - 1))]!;
}
const stats = (values: number[]) => {
  const xs = [...values].sort((a, b) => a - b);
  return { count: xs.length, p50: round(percentile(xs, 50)), p95: round(percentile(xs, 95)), p99: round(percentile(xs, 99)), max: round(xs.at(-1) ?? NaN) };
};
const tick = () => new Promise((resolve) => setTimeout(resolve, 5));
async function until<T>(read: () => T | Promise<T>, what: string, ms = 30_000): Promise<NonNullable<T>> {
  const deadline = performance.now() + ms;
  for (;;) {
    const value = await read();
    if (value) return value as NonNullable<T>;
    if (performance.now() > deadline) throw new Error(`timed out: ${what}`);
    await tick();
  }
}

/** Records every RTCPeerConnection the page makes (the bench reads the newest one's inbound audio), the key presses and microphone-off moments. */
const RECORD_PEERS = `(() => {
  const Native = window.RTCPeerConnection;
  window.__peers = [];
  window.RTCPeerConnection = function (...args) { const pc = new Native(...args); window.__peers.push(pc); return pc; };
  window.RTCPeerConnection.prototype = Native.prototype;
  Object.setPrototypeOf(window.RTCPeerConnection, Native);
  // When the renderer sees the mute key, and when a track's \`enabled\` is set (page clock; epoch = timeOrigin + at).
  window.__keys = [];
  window.addEventListener('keydown', (e) => window.__keys.push({ key: e.key, at: performance.timeOrigin + performance.now() }), true);
  window.__trackOff = [];
  // The first moment (epoch) the new peer's inbound audio RMS over a 20 ms poll exceeds \`threshold\`.
  window.__watchInbound = (threshold, peersBefore) => {
    window.__inboundAt = undefined;
    let last;
    const timer = setInterval(async () => {
      const pc = window.__peers.length > peersBefore ? window.__peers.at(-1) : undefined;
      if (!pc) return;
      let now;
      (await pc.getStats()).forEach((r) => { if (r.type === 'inbound-rtp' && r.kind === 'audio') now = { e: r.totalAudioEnergy || 0, d: r.totalSamplesDuration || 0 }; });
      if (!now) return;
      if (last && now.d > last.d && Math.sqrt(Math.max(0, now.e - last.e) / (now.d - last.d)) > threshold) {
        window.__inboundAt = performance.timeOrigin + performance.now();
        clearInterval(timer);
      }
      last = now;
    }, 20);
  };
  const enabled = Object.getOwnPropertyDescriptor(MediaStreamTrack.prototype, 'enabled');
  Object.defineProperty(MediaStreamTrack.prototype, 'enabled', {
    configurable: true,
    get() { return enabled.get.call(this); },
    set(value) { if (!value && this.kind === 'audio') window.__trackOff.push(performance.timeOrigin + performance.now()); enabled.set.call(this, value); },
  });
})();`;

async function main() {
  const loadBefore = os.loadavg().map((l) => Math.round(l * 100) / 100);
  const calibration = ed25519Verify();
  const harness = await startHarness({ port: 0, demo: true, timeScale: 1, scenario: 'none', endpointMode: 'softphone' });
  const core = harness.core;
  const browser = await chromium.launch({
    executablePath: chromiumPath,
    ignoreDefaultArgs: ['--mute-audio'],
    args: ['--no-sandbox', '--disable-gpu', '--disable-background-networking', '--no-first-run', '--disable-quic', ...fakeMicrophoneArgs(), '--autoplay-policy=no-user-gesture-required'],
  });
  const errors: string[] = [];
  try {
    const page = await browser.newPage();
    // The scripted microphone raw: Chromium's echo canceller otherwise takes the 440 Hz bursts for an echo of
    // a caller's tone and silences them for seconds (fake-microphone.ts rawMicrophone), which is no latency of ours.
    await page.addInitScript(rawMicrophone);
    await page.addInitScript(RECORD_PEERS);
    await page.goto(harness.url);
    const demo = core.demo();
    if (!demo) throw new Error('demo mode did not start');
    const sim = demo.sim;
    const client = new Telnyx({ apiKey: demo.apiKey, baseURL: demo.baseURL, maxRetries: 0, logLevel: 'off' });
    const state = () => core.engine.state();

    await page.getByRole('button', { name: 'Go available' }).click();
    await until(() => state().agent.status === 'available', 'the agent available (softphone registered, leg answered)', 120_000);

    // A call the console takes itself: the mute and drop phases run on it.
    const caller = (await sim.injectInboundCall({ queue: 'support', from: '+15550199001' })).callControlId;
    await until(() => state().queues.some((q) => q.calls.length === 1), 'the caller in the queue');
    await page.getByRole('button', { name: 'Take next call' }).click();
    const conferenceId = await until(() => state().conference?.id, 'the agent in the conference');
    const callerHears = (leg: string) => sim.snapshot().media.find((m) => m.call_control_id === caller)?.heard_from.includes(leg);
    await until(() => callerHears(state().agent.leg!.callControlId), 'the caller hearing the agent');

    // ── mute key → silence at the far end ──
    const muteButton = page.getByRole('region', { name: /^sb-support-/ }).getByRole('button', { name: 'Mute', exact: true });
    const muteMs: number[] = [];
    /** Context: the renderer's key → microphone track off (page clock), and Playwright's key delivery. */
    const keyToTrackOffMs: number[] = [];
    const pressToKeyMs: number[] = [];
    for (let i = 0; i < MUTES; i++) {
      const leg = state().agent.leg!.callControlId;
      let onsetResolve: () => void = () => undefined;
      const onset = new Promise<void>((resolve) => (onsetResolve = resolve));
      let quietFrames = 0;
      let pressedAt = Number.NaN;
      let runStart: number | undefined;
      let silentAt: number | undefined;
      const trace: Array<{ rms: number; at: number }> = [];
      const stop = sim.tapSoftphoneAudio(leg, ({ rms, at }) => {
        if (!Number.isNaN(pressedAt) && trace.length < 40) trace.push({ rms, at });
        if (Number.isNaN(pressedAt)) {
          // A burst starts: several quiet frames, then a loud one.
          if (rms > TALKING_RMS && quietFrames >= 3) onsetResolve();
          quietFrames = rms < TALKING_RMS ? quietFrames + 1 : 0;
          return;
        }
        if (silentAt !== undefined) return;
        if (rms < SILENT_RMS) {
          runStart ??= at;
          if (at - runStart >= SILENT_RUN_MS) silentAt = runStart;
        } else runStart = undefined;
      });
      await onset;
      pressedAt = performance.now();
      await page.keyboard.press('Control+Shift+M');
      await until(() => silentAt !== undefined, 'silence at the far end after the mute key', 10_000);
      stop();
      // The press as the renderer received it (Playwright's own key delivery is not the console's latency).
      const page_ = await page.evaluate(() => {
        const w = window as unknown as { __keys: Array<{ key: string; at: number }>; __trackOff: number[] };
        return { key: w.__keys.filter((k) => k.key.toLowerCase() === 'm').at(-1)?.at, off: w.__trackOff.at(-1) };
      });
      const keyAt = page_.key ?? Number.NaN;
      const silentEpoch = performance.timeOrigin + silentAt!;
      muteMs.push(silentEpoch - keyAt);
      keyToTrackOffMs.push((page_.off ?? Number.NaN) - keyAt);
      pressToKeyMs.push(keyAt - (performance.timeOrigin + pressedAt));
      if (DEBUG) console.log('mute', i, Math.round(silentAt! - pressedAt), trace.map((f) => `${Math.round(f.at - pressedAt)}:${f.rms.toFixed(4)}`).join(' '));
      // Unmute and wait until Telnyx agrees, the page shows it (its next key press must read it)
      // and the microphone is heard again.
      await page.keyboard.press('Control+Shift+M');
      await until(() => {
        const me = state().conference?.participants.find((p) => p.callControlId === leg);
        return me && !me.muted && me.pending.length === 0 && callerHears(leg);
      }, 'unmuted and heard again');
      await until(async () => (await muteButton.getAttribute('aria-pressed')) === 'false' && (await page.getByText('Microphone on').count()) === 1, 'the page showing the microphone on');
    }

    // ── leg dropped → agent back in the same conference ──
    const drops: Array<{ backMs: number; callerGapMs: number; holdAudioMs: number; silenceMs: number; callerLeft: boolean }> = [];
    for (let i = 0; i < DROPS; i++) {
      const oldLeg = state().agent.leg!.callControlId;
      await until(() => callerHears(oldLeg), 'the caller hearing the agent before the drop');
      const droppedAt = performance.now();
      sim.dropSoftphone();
      let backAt: number | undefined;
      let heardAgainAt: number | undefined;
      let holdMs = 0;
      let callerLeft = false;
      let last = droppedAt;
      while (heardAgainAt === undefined) {
        if (performance.now() - droppedAt > 30_000) throw new Error('the agent did not come back within 30 s');
        const snap = sim.snapshot();
        const now = performance.now();
        const leg = snap.calls.find((c) => c.call_control_id === caller);
        if (!leg?.is_alive || leg.conference_id !== conferenceId) callerLeft = true;
        const heard = snap.media.find((m) => m.call_control_id === caller)?.heard_from ?? [];
        if (heard.includes('hold_audio')) holdMs += now - last;
        const s = state();
        const newLeg = s.agent.leg?.callControlId;
        if (backAt === undefined && newLeg && newLeg !== oldLeg && s.conference?.id === conferenceId && s.conference.participants.some((p) => p.callControlId === newLeg && p.status === 'joined')) backAt = now;
        if (newLeg && newLeg !== oldLeg && heard.includes(newLeg)) heardAgainAt = now;
        last = now;
        await tick();
      }
      const gap = heardAgainAt - droppedAt;
      drops.push({ backMs: round((backAt ?? heardAgainAt) - droppedAt), callerGapMs: round(gap), holdAudioMs: round(holdMs), silenceMs: round(gap - holdMs), callerLeft });
    }

    // ── dial (invite) → two-way audio ──
    const twoWayMs: number[] = [];
    const twoWaySteps: Array<{ answeredMs: number; upMs: number; downMs: number }> = [];
    for (let i = 0; i < INVITES; i++) {
      const other = (await sim.injectInboundCall({ queue: 'sales', from: `+1555019${String(i).padStart(4, '0')}` })).callControlId;
      const room = await client.conferences.create({ call_control_id: other, name: `bench-two-way-${i}`, beep_enabled: 'never' });
      const target = await core.softphone.agentLegTarget();
      let upAt: number | undefined;
      const peersBefore = await page.evaluate(() => (window as unknown as { __peers: unknown[] }).__peers.length);
      await page.evaluate(([threshold, before]) => (window as unknown as { __watchInbound(t: number, b: number): void }).__watchInbound(threshold!, before!), [TALKING_RMS, peersBefore]);
      const t0 = performance.now();
      const dialed = await client.calls.dial({ connection_id: demo.connectionId, from: demo.callerId, to: target.to, ...(target.customHeaders ? { custom_headers: target.customHeaders } : {}) });
      const leg = dialed.data!.call_control_id!;
      const stop = sim.tapSoftphoneAudio(leg, ({ rms, at }) => {
        if (upAt === undefined && rms > TALKING_RMS) upAt = at;
      });
      await until(() => sim.snapshot().calls.find((c) => c.call_control_id === leg)?.state === 'parked', 'the page answering the invite', 10_000);
      const answeredAt = performance.now();
      await client.conferences.actions.join(room.data!.id, { call_control_id: leg });
      // Stamped in the page when it happened (epoch), back on this process's clock.
      const inboundEpoch = await until(() => page.evaluate(() => (window as unknown as { __inboundAt?: number }).__inboundAt), 'the caller heard in the page', 15_000);
      const downAt = inboundEpoch - performance.timeOrigin;
      await until(() => upAt !== undefined, 'the page microphone decoded at the far end', 10_000);
      stop();
      twoWayMs.push(Math.max(upAt!, downAt) - t0);
      twoWaySteps.push({ answeredMs: round(answeredAt - t0), upMs: round(upAt! - t0), downMs: round(downAt - t0) });
      if (DEBUG) console.log('two-way', i, twoWaySteps.at(-1));
      await client.calls.actions.hangup(leg, {});
      await client.calls.actions.hangup(other, {});
    }

    const mute = stats(muteMs);
    const twoWay = stats(twoWayMs);
    const back = stats(drops.map((d) => d.backMs));
    const gapStats = stats(drops.map((d) => d.callerGapMs));
    const callerLeft = drops.filter((d) => d.callerLeft).length;
    const g = gate([
      target('mute key → silence at the far end p99', mute.p99, '<=', TARGET_MUTE_P99_MS, 'ms'),
      target('dial (invite) → two-way audio p99', twoWay.p99, '<=', TARGET_TWO_WAY_P99_MS, 'ms'),
      target('leg dropped → agent back in the same conference (max)', back.max, '<=', TARGET_BACK_MAX_MS, 'ms'),
      target('drops where the caller left the conference', callerLeft, '==', 0),
      target('samples taken (mutes + invites + drops)', muteMs.length + twoWayMs.length + drops.length, '==', MUTES + INVITES + DROPS),
    ]);
    const result = {
      benchmark: 'softphone',
      date: new Date().toISOString(),
      machine: { cpu: os.cpus()[0]?.model ?? 'unknown', cores: os.cpus().length, node: process.version, loadAverageBefore: loadBefore, loadAverageAfter: os.loadavg().map((l) => Math.round(l * 100) / 100) },
      thresholds: { talkingRms: TALKING_RMS, silentRms: SILENT_RMS, silentRunMs: SILENT_RUN_MS },
      muteToSilenceMs: mute,
      muteKeyToTrackOffMs: stats(keyToTrackOffMs),
      playwrightKeyDeliveryMs: stats(pressToKeyMs),
      dialToTwoWayAudioMs: twoWay,
      dialToTwoWaySteps: twoWaySteps,
      dropToBackMs: back,
      callerAudioGapMs: gapStats,
      drops,
      calibration,
      p99InVerifies: { mute: timeRatio(mute.p99, calibration), twoWay: timeRatio(twoWay.p99, calibration) },
      errors,
      gate: g,
    };
    mkdirSync(path.join(here, 'results'), { recursive: true });
    writeFileSync(path.join(here, 'results', 'softphone.json'), JSON.stringify(result, null, 2) + '\n');
    const row = (name: string, s: ReturnType<typeof stats>) => `| ${name} | ${s.p50} ms | ${s.p95} ms | **${s.p99} ms** (${timeLabel(s.p99, calibration)}) | ${s.max} ms | ${s.count} |`;
    const md = `# Softphone benchmark

${gateMarkdown(g)}
| measured | p50 | p95 | p99 | max | n |
|---|---|---|---|---|---|
${row('mute key → silence at the far end', mute)}
${row('(context) mute key → microphone track off, in the page', stats(keyToTrackOffMs))}
${row('dial (invite) → two-way audio', twoWay)}
${row('leg dropped → agent back in the same conference', back)}
${row('leg dropped → caller hears the agent again (caller audio gap)', gapStats)}

Each drop (the caller never left the conference in ${DROPS - callerLeft} of ${DROPS}):

| # | back in conference | caller audio gap | of which hold audio | of which silence |
|---|---|---|---|---|
${drops.map((d, i) => `| ${i + 1} | ${d.backMs} ms | ${d.callerGapMs} ms | ${d.holdAudioMs} ms | ${d.silenceMs} ms |`).join('\n')}

${calibrationMarkdown(calibration)}

- **Setup**: the harness (the app's core in demo mode: simulator and relay in this process), Debian's Chromium with
  the built renderer and a scripted microphone (440 Hz bursts, 300 ms on / 200 ms off, captured without Chromium's
  voice processing: its echo canceller takes the pure tone for an echo of a caller's tone and silences it for seconds,
  see \`test/support/fake-microphone.ts\` rawMicrophone), the app's own \`@telnyx/webrtc\` talking to the simulator's \`telnyx_rtc\` endpoint, a werift peer
  decoding the page's Opus.
- **Mute**: Ctrl+Shift+M pressed in the page at the start of a burst, timed from the renderer's keydown (page clock, epoch;
  Playwright's own key delivery, p50 ${stats(pressToKeyMs).p50} ms here, is left out); silence =
  the first decoded frame of a run below ${SILENT_RMS} RMS lasting ≥ ${SILENT_RUN_MS} ms (longer than any gap between bursts).
  Unmuted between presses, once Telnyx agreed and the caller heard the agent again.
- **Two-way audio**: from the Call Control dial of the agent's credential (with the console's nonce from
  \`softphone.agentLegTarget()\`, so the page answers by itself) until both the page's microphone is decoded above
  ${TALKING_RMS} RMS at the simulator and the page's new RTCPeerConnection receives the caller above ${TALKING_RMS} RMS
  (its inbound energy polled every 20 ms in the page and stamped there; the bench joins the answered leg to the caller's conference, one in-process request).
- **Drop**: the simulator cuts the credential's \`telnyx_rtc\` socket (as a network change would); back = the console's state
  shows the new agent leg joined to the same conference; caller audio gap = until the caller's mix contains the new leg;
  hold audio = the part of that gap the caller heard hold audio (sampled every ~5 ms).
- Machine: ${result.machine.cpu}, ${result.machine.cores} cores, Node ${result.machine.node}; load average ${loadBefore.join(' / ')} before,
  ${result.machine.loadAverageAfter.join(' / ')} after (shared machine). Run: \`npm run bench:softphone\` (${result.date}).
`;
    writeFileSync(path.join(here, 'results', 'softphone.md'), md);
    process.stdout.write(md);
    finish(g);
  } finally {
    await browser.close();
    await harness.close();
  }
}

main().catch((e: unknown) => {
  console.error(e);
  process.exit(1);
});
