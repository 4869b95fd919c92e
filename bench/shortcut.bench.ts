// Shortcut → SDK request leaving main: how long from the moment a mute shortcut enters the
// contract until the mute/unmute HTTP request leaves the process (target p99 ≤ 20 ms).
//
//   npx tsx bench/shortcut.bench.ts      (writes bench/results/shortcut.json and shortcut.md)
//
// Both ways a shortcut enters core are timed from their entry point, alternately:
// - in-app (renderer): `window.switchboard.shortcuts.trigger({ action })` built by the contract's
//   own `createSwitchboardApi`, over a transport that structured-clones the params (as Electron IPC
//   does) into core's dispatcher (method check, zod validation, handler);
// - global (OS): the callback core registered with the host's `globalShortcut` for the
//   toggleMute accelerator, called the way Electron calls it.
// Not included: the renderer's keydown handling and Electron's IPC hop and OS hotkey delivery,
// which need a real Electron (not installed here).
//
// The core is the app's own composition root (`createSwitchboardCore`) in demo mode (simulator +
// relay in-process, real relay client, real SDK), hosted like the test harness hosts it. The SDK
// gets a custom `fetch` (TelnyxConfig.fetch) that stamps the moment it hands over the mute/unmute
// request: the request leaving main. A press that never produces that request is a failure, not a
// sample. Calibration: Ed25519 verify (CPU on the same thread).
import { mkdirSync, writeFileSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { createSwitchboardApi, defaultSettings, type AgentState } from '../electron/contract';
import { startDemo } from '../electron/demo';
import { createLogger } from '../electron/core/log';
import { createSwitchboardCore } from '../electron/core/switchboard-core';
import { createAesVault, createMemoryStore } from '../test/harness/host-adapters';
import { calibrationMarkdown, ed25519Verify, timeLabel, timeRatio } from './calibration';
import { finish, gate, gateMarkdown, target } from './gate';

const ITERATIONS = Number(process.env.BENCH_ITERATIONS ?? 1000); // per entry point
const WARMUP = 50;
const TARGET_P99_MS = 20;
const here = path.dirname(fileURLToPath(import.meta.url));

function percentile(sorted: number[], p: number): number {
  if (sorted.length === 0) return NaN;
  const i = Math.min(sorted.length - 1, Math.ceil((p / 100) * sorted.length) - 1);
  return sorted[Math.max(0, i)]!;
}
const round = (n: number) => Math.round(n * 1000) / 1000;
const stats = (values: number[]) => {
  const xs = [...values].sort((a, b) => a - b);
  return { count: xs.length, p50: round(percentile(xs, 50)), p95: round(percentile(xs, 95)), p99: round(percentile(xs, 99)), max: round(xs.at(-1) ?? NaN) };
};

async function until<T>(read: () => T, what: string, ms = 10_000): Promise<NonNullable<T>> {
  const deadline = Date.now() + ms;
  for (;;) {
    const value = read();
    if (value) return value as NonNullable<T>;
    if (Date.now() > deadline) throw new Error(`timed out: ${what}`);
    await new Promise((r) => setImmediate(r));
  }
}

async function main() {
  const loadBefore = os.loadavg().map((l) => Math.round(l * 100) / 100);
  const calibration = ed25519Verify();

  let onMuteRequest: ((t: number) => void) | undefined;
  const timedFetch: typeof fetch = (input, init) => {
    const url = typeof input === 'string' ? input : input instanceof URL ? input.href : input.url;
    if (onMuteRequest && /\/actions\/(un)?mute$/.test(url)) onMuteRequest(performance.now());
    return fetch(input, init);
  };
  const globalCallbacks = new Map<string, () => void>();
  const core = createSwitchboardCore({
    store: createMemoryStore(),
    vault: createAesVault(),
    log: createLogger({ level: 'error', sink: () => {} }),
    appVersion: '0.0.0-bench',
    platform: process.platform,
    shortcuts: {
      register: (accelerator, callback) => (globalCallbacks.set(accelerator, callback), true),
      unregisterAll: () => globalCallbacks.clear(),
    },
    telnyx: { fetch: timedFetch },
    demo: (demoLog) => startDemo({ log: demoLog, timeScale: 0.05, seed: 1, scenario: 'none' }),
  });
  // The renderer's window.switchboard; params cross a structured clone as over Electron IPC.
  const api = createSwitchboardApi({
    invoke: (method, params) => core.dispatch(method, structuredClone(params)),
    subscribe: (event, listener) => core.onEvent((e, payload) => e === event && listener(payload)),
  });
  // The agent's leg is the demo's external endpoint (no browser here to register a softphone).
  core.settings.set({ endpointMode: 'external' });
  await core.start({ demo: true });
  const demo = core.demo()!;
  const state = () => core.engine.state();
  const expectOk = async <T>(outcome: Promise<{ ok: true; value: T } | { ok: false; error: { message: string } }>, what: string) => {
    const o = await outcome;
    if (!o.ok) throw new Error(`${what}: ${o.error.message}`);
    return o.value;
  };
  await expectOk(api.agent.setStatus({ status: 'available' }), 'go available');
  await until(() => state().agent.status === 'available', 'agent available');
  await demo.sim.injectInboundCall({ queue: 'support', from: '+15551112222' });
  await until(() => state().queues.some((q) => q.calls.length > 0), 'caller queued');
  await expectOk(api.queue.takeNext({}), 'take the call');
  const osToggleMute = globalCallbacks.get(defaultSettings.shortcuts.toggleMute);
  if (!osToggleMute) throw new Error(`no global shortcut registered for ${defaultSettings.shortcuts.toggleMute}`);

  const myMute = (s: AgentState) => s.conference?.participants.find((p) => p.callControlId === s.agent.leg?.callControlId)?.muted;
  const series = {
    renderer: { leave: [] as number[], confirmed: [] as number[], missing: 0, failed: 0 },
    global: { leave: [] as number[], confirmed: [] as number[], missing: 0, failed: 0 },
  };
  for (let i = 0; i < WARMUP + ITERATIONS; i++) {
    for (const path of ['renderer', 'global'] as const) {
      const into = series[path];
      const before = myMute(state());
      let leftAt: number | undefined;
      onMuteRequest = (t) => {
        leftAt ??= t;
      };
      const t0 = performance.now();
      if (path === 'renderer') {
        const outcome = await api.shortcuts.trigger({ action: 'toggleMute' });
        if (!outcome.ok && i >= WARMUP) into.failed += 1;
      } else {
        osToggleMute();
        // Fire-and-forget like an OS callback: done when the store shows the flipped, settled mute.
        await until(() => (myMute(state()) !== before && state().pending.length === 0) || state().failures.length > 0, 'global toggle settled');
        if (state().failures.length > 0 && i >= WARMUP) into.failed += 1;
      }
      const done = performance.now();
      onMuteRequest = undefined;
      for (const f of state().failures) await api.failures.dismiss({ id: f.id });
      if (i < WARMUP) continue;
      if (leftAt === undefined) into.missing += 1;
      else into.leave.push(leftAt - t0);
      into.confirmed.push(done - t0);
    }
  }
  const truthMuted = demo.sim
    .snapshot()
    .conferences.find((c) => c.id === state().conference?.id)
    ?.participants.find((p) => p.call_control_id === state().agent.leg?.callControlId)?.muted;
  const stateMatches = truthMuted !== undefined && truthMuted === myMute(state());
  await core.stop();

  const r = { leave: stats(series.renderer.leave), confirmed: stats(series.renderer.confirmed) };
  const o = { leave: stats(series.global.leave), confirmed: stats(series.global.confirmed) };
  const g = gate([
    target('in-app: trigger → request leaving p99', r.leave.p99, '<=', TARGET_P99_MS, 'ms'),
    target('global: OS callback → request leaving p99', o.leave.p99, '<=', TARGET_P99_MS, 'ms'),
    target('presses with no mute request (both paths)', series.renderer.missing + series.global.missing, '==', 0),
    target('presses that failed (both paths)', series.renderer.failed + series.global.failed, '==', 0),
    target('mute state equals the simulator at the end (1 = yes)', stateMatches ? 1 : 0, '==', 1),
  ]);
  const result = {
    benchmark: 'shortcut',
    date: new Date().toISOString(),
    machine: { cpu: os.cpus()[0]?.model ?? 'unknown', cores: os.cpus().length, node: process.version, loadAverageBefore: loadBefore, loadAverageAfter: os.loadavg().map((l) => Math.round(l * 100) / 100) },
    iterationsPerPath: ITERATIONS,
    instrument: 'custom fetch passed to the Telnyx SDK (TelnyxConfig.fetch): timestamp when the SDK hands over the mute/unmute request',
    inApp: { entry: 'window.switchboard.shortcuts.trigger → structured clone → dispatch', requestLeavingMs: r.leave, confirmedMs: r.confirmed, missing: series.renderer.missing, failed: series.renderer.failed },
    global: { entry: 'the callback registered with globalShortcut', requestLeavingMs: o.leave, confirmedMs: o.confirmed, missing: series.global.missing, failed: series.global.failed },
    calibration,
    p99InVerifies: { inApp: timeRatio(r.leave.p99, calibration), global: timeRatio(o.leave.p99, calibration) },
    targetP99Ms: TARGET_P99_MS,
    gate: g,
  };
  mkdirSync(path.join(here, 'results'), { recursive: true });
  writeFileSync(path.join(here, 'results', 'shortcut.json'), JSON.stringify(result, null, 2) + '\n');
  const row = (name: string, s: ReturnType<typeof stats>) =>
    `| ${name} | ${s.p50} ms | ${s.p95} ms | **${s.p99} ms** (${timeLabel(s.p99, calibration)}) | ${s.max} ms | ${s.count} |`;
  const md = `# Shortcut benchmark

${gateMarkdown(g)}
Mute toggles, ${ITERATIONS} per entry point after ${WARMUP} warm-up, alternating in-app and global:

| from the entry point to … | p50 | p95 | p99 | max | n |
|---|---|---|---|---|---|
${row('in-app: mute request leaving main', r.leave)}
${row('global: mute request leaving main', o.leave)}
${row('in-app: confirmed state (context)', r.confirmed)}
${row('global: confirmed state (context)', o.confirmed)}

${calibrationMarkdown(calibration)}

- **In-app entry**: \`window.switchboard.shortcuts.trigger({ action: 'toggleMute' })\` from the contract's own
  \`createSwitchboardApi\`, over a transport that structured-clones the params (as Electron IPC does) into core's
  dispatcher (method check, zod validation) → engine → store reads the agent's true mute state → optimistic update →
  \`gateway.call\` → SDK → request handed to fetch.
- **Global entry**: the callback core registered with the host's \`globalShortcut\` for ${defaultSettings.shortcuts.toggleMute}, called as Electron calls it.
- **Not included**: the renderer's keydown handler, Electron's IPC hop and OS hotkey delivery (no Electron binary here).
- **Instrument**: a custom \`fetch\` given to the SDK (\`TelnyxConfig.fetch\`) stamps the moment the mute/unmute request
  leaves. A press with no such request counts as a failure (missing: in-app ${series.renderer.missing}, global ${series.global.missing}), never as a sample.
- **Confirmed state** (context): the mute POST answered, the participant list re-read from the simulator, the store settled.
- Setup: \`createSwitchboardCore\` (the app's composition root) in demo mode, hosted as the test harness hosts it
  (memory store, AES vault); simulator + relay on loopback; one agent in a conference with one caller.
- Machine: ${result.machine.cpu}, ${result.machine.cores} cores, Node ${result.machine.node}; load average ${loadBefore.join(' / ')} before,
  ${result.machine.loadAverageAfter.join(' / ')} after (shared machine). Run: \`npx tsx bench/shortcut.bench.ts\` (${result.date}).
`;
  writeFileSync(path.join(here, 'results', 'shortcut.md'), md);
  process.stdout.write(md);
  finish(g);
}

main().catch((e: unknown) => {
  console.error(e);
  process.exit(1);
});
