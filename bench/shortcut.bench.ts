// Shortcut → SDK request leaving main: how long from `runShortcut('toggleMute')` until the
// mute/unmute HTTP request leaves the process (target p99 ≤ 20 ms).
//
//   npx tsx bench/shortcut.bench.ts      (writes bench/results/shortcut.json and shortcut.md)
//
// How: demo mode's production path (simulator + relay in-process, real relay client, real SDK).
// The gateway gets a custom `fetch` (TelnyxConfig.fetch, passed straight to the SDK client) that
// timestamps the moment the SDK hands the mute/unmute request to fetch: that is the request
// leaving main. We also record when the command finished (the participant list was re-read and
// the state shows Telnyx's value), for context. The agent is in a conference with one caller.
import { mkdirSync, writeFileSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { defaultSettings, type Settings } from '../electron/contract';
import { createAgentEngine } from '../electron/core/agent';
import { startDemo } from '../electron/demo';
import { createLogger } from '../electron/core/log';
import { createTelnyxGateway } from '../electron/core/telnyx-gateway';

const ITERATIONS = Number(process.env.BENCH_ITERATIONS ?? 1000);
const WARMUP = 50;
const TARGET_P99_MS = 20;
const here = path.dirname(fileURLToPath(import.meta.url));

const log = createLogger({ level: 'error', sink: () => {} });

function percentile(sorted: number[], p: number): number {
  if (sorted.length === 0) return NaN;
  const i = Math.min(sorted.length - 1, Math.ceil((p / 100) * sorted.length) - 1);
  return sorted[Math.max(0, i)]!;
}
const round = (n: number) => Math.round(n * 1000) / 1000;

async function until(check: () => boolean, what: string, ms = 10_000) {
  const deadline = Date.now() + ms;
  while (!check()) {
    if (Date.now() > deadline) throw new Error(`timed out: ${what}`);
    await new Promise((r) => setTimeout(r, 10));
  }
}

async function main() {
  const demo = await startDemo({ log, timeScale: 0.05, seed: 1, scenario: 'none' });
  let onMuteRequest: ((t: number) => void) | undefined;
  const timedFetch: typeof fetch = (input, init) => {
    const url = typeof input === 'string' ? input : input instanceof URL ? input.href : input.url;
    if (onMuteRequest && /\/actions\/(un)?mute$/.test(url)) onMuteRequest(performance.now());
    return fetch(input, init);
  };
  const gateway = createTelnyxGateway(() => ({ apiKey: demo.apiKey, baseURL: demo.baseURL, fetch: timedFetch }));
  const settings: Settings = {
    ...defaultSettings,
    agent: { endpoint: demo.agentEndpoint, connectionId: demo.connectionId, callerId: demo.callerId, displayName: '' },
  };
  const engine = createAgentEngine({
    gateway,
    settings: () => settings,
    relayConfig: () => ({ url: demo.relay.url, token: demo.relayToken, telnyxPublicKey: demo.telnyxPublicKey }),
    mode: () => 'demo',
    log,
  });
  await engine.start();
  await engine.handlers['agent.setStatus']({ status: 'available' });
  await until(() => engine.state().agent.status === 'available', 'agent available');
  await demo.sim.injectInboundCall({ queue: 'support', from: '+15551112222' });
  await until(() => engine.state().queues.some((q) => q.calls.length > 0), 'caller queued');
  await engine.runShortcut('takeNext');

  const leave: number[] = [];
  const confirmed: number[] = [];
  for (let i = 0; i < WARMUP + ITERATIONS; i++) {
    let leftAt = NaN;
    onMuteRequest = (t) => {
      leftAt = t;
      onMuteRequest = undefined;
    };
    const t0 = performance.now();
    await engine.runShortcut('toggleMute');
    const done = performance.now();
    if (i >= WARMUP) {
      leave.push(leftAt - t0);
      confirmed.push(done - t0);
    }
  }
  const truthMuted = demo.sim.snapshot().conferences[0]?.participants.find((p) => p.call_control_id === engine.state().agent.leg?.callControlId)?.muted;
  const stateMuted = engine.state().conference?.participants.find((p) => p.callControlId === engine.state().agent.leg?.callControlId)?.muted;
  if (truthMuted !== stateMuted) throw new Error('state does not match the simulator after the run');
  await engine.stop();
  await demo.stop();

  leave.sort((a, b) => a - b);
  confirmed.sort((a, b) => a - b);
  const stats = (xs: number[]) => ({ p50: round(percentile(xs, 50)), p95: round(percentile(xs, 95)), p99: round(percentile(xs, 99)), max: round(xs.at(-1) ?? NaN) });
  const result = {
    benchmark: 'shortcut',
    date: new Date().toISOString(),
    machine: { cpu: os.cpus()[0]?.model ?? 'unknown', cores: os.cpus().length, node: process.version },
    iterations: ITERATIONS,
    instrument: 'custom fetch passed to the Telnyx SDK (TelnyxConfig.fetch): timestamp when the SDK hands over the mute/unmute request',
    shortcutToRequestLeavingMs: stats(leave),
    shortcutToConfirmedStateMs: stats(confirmed),
    targetP99Ms: TARGET_P99_MS,
    pass: percentile(leave, 99) <= TARGET_P99_MS,
  };
  mkdirSync(path.join(here, 'results'), { recursive: true });
  writeFileSync(path.join(here, 'results', 'shortcut.json'), JSON.stringify(result, null, 2) + '\n');
  const l = result.shortcutToRequestLeavingMs;
  const c = result.shortcutToConfirmedStateMs;
  const md = `# Shortcut benchmark

${result.pass ? 'PASS' : 'FAIL'}: shortcut → SDK request leaving main **p99 ${l.p99} ms** (p50 ${l.p50} ms, p95 ${l.p95} ms, max ${l.max} ms; target p99 ≤ ${TARGET_P99_MS} ms), ${ITERATIONS} toggles after ${WARMUP} warm-up.

- Path: \`engine.runShortcut('toggleMute')\` → store reads the agent's true mute state → optimistic update → \`gateway.call\` → SDK → request handed to fetch.
- Instrument: a custom \`fetch\` given to the SDK (\`TelnyxConfig.fetch\`) timestamps the moment the mute/unmute request leaves.
- For context, shortcut → confirmed state (mute POST answered, participant list re-read from the simulator, state updated): p50 ${c.p50} ms, p99 ${c.p99} ms.
- Setup: demo mode in-process (simulator + relay on loopback, real relay client and SDK), one agent in a conference with one caller.
- Machine: ${result.machine.cpu}, ${result.machine.cores} cores, Node ${result.machine.node}. Run: \`npx tsx bench/shortcut.bench.ts\` (${result.date}).
`;
  writeFileSync(path.join(here, 'results', 'shortcut.md'), md);
  process.stdout.write(md);
}

main().catch((e: unknown) => {
  console.error(e);
  process.exit(1);
});
