// Webhook → DOM: how long from the simulator's signed webhook leaving for the relay until the
// console's DOM shows it, at 200 webhook events per second (targets: p99 ≤ 50 ms, ≥ 195 events/s
// actually reaching the relay in the measured window, no failed injection, no missing measurement).
//
//   npx tsx bench/webhook-to-dom.bench.ts   (writes bench/results/webhook-to-dom.json and .md)
//   BENCH_SECONDS=15 BENCH_CALLERS_PER_SEC=40 BENCH_PATIENCE_SECS=0.2 to tune
//
// The whole production path, as in demo mode: simulator → signed webhook → relay (verifies,
// logs, fans out) → relay client in core → agent store → harness websocket → React renderer →
// DOM, with Debian's Chromium showing the console (test/harness hosts the real core in Node).
//
// Traffic: callers arrive at a steady rate into the watched queues. Each caller produces five
// webhooks: call.initiated, call.answered, call.enqueued at once, then after a short patience
// call.dequeued (reason hangup) and call.hangup. 40 callers/s × 5 = 200 events/s. A short
// patience keeps ~8 callers waiting, so every row stays inside the virtualised queue list.
//
// Clocks: a pass-through HTTP hop between simulator and relay stamps each webhook when it
// arrives (the moment the simulator's POST left, plus loopback) and forwards it unchanged
// (signature headers included). In the page a MutationObserver stamps when each caller's row
// is added to and removed from the DOM. Both stamps are `performance.timeOrigin +
// performance.now()` on the same machine. Measured: call.enqueued → row added, and
// call.dequeued → row removed (2 of every 5 events; the other 3 load the same path).
import { chromium } from '@playwright/test';
import http from 'node:http';
import { mkdirSync, writeFileSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { createLogger } from '../electron/core/log';
import { startHarness } from '../test/harness/server';
import { calibrationMarkdown, noopHttpServer, rateLabel, timeLabel, timeRatio } from './calibration';
import { finish, gate, gateMarkdown, target } from './gate';

const SECONDS = Number(process.env.BENCH_SECONDS ?? 15);
const CALLERS_PER_SEC = Number(process.env.BENCH_CALLERS_PER_SEC ?? 40);
const PATIENCE_SECS = Number(process.env.BENCH_PATIENCE_SECS ?? 0.2);
const WARMUP_SECS = 2;
const EVENTS_PER_CALLER = 5;
const TARGET_P99_MS = 50;
/** The offered rate is 200/s; what reached the relay in the measured window must be within 2.5 % of it. */
const TARGET_MIN_EVENTS_PER_SEC = 195;
const QUEUES = ['support', 'sales'];
const here = path.dirname(fileURLToPath(import.meta.url));
const chromiumPath = process.env.CHROMIUM_PATH ?? '/usr/bin/chromium';

const stamp = () => performance.timeOrigin + performance.now();
const round = (n: number) => Math.round(n * 100) / 100;
function percentile(sorted: number[], p: number): number {
  if (sorted.length === 0) return NaN;
  const i = Math.min(sorted.length - 1, Math.ceil((p / 100) * sorted.length) - 1);
  return sorted[Math.max(0, i)]!;
}
function summary(values: number[]) {
  const sorted = [...values].sort((a, b) => a - b);
  return {
    count: sorted.length,
    // Negative only when marks stop pairing with webhooks (a backlog: see the Method notes).
    min: round(sorted[0] ?? NaN),
    p50: round(percentile(sorted, 50)),
    p95: round(percentile(sorted, 95)),
    p99: round(percentile(sorted, 99)),
    max: round(sorted[sorted.length - 1] ?? NaN),
  };
}
const sleep = (ms: number) => new Promise((resolve) => setTimeout(resolve, ms));

/** Stamps every webhook on arrival and forwards it, byte for byte, to the relay. */
async function startStampingHop(target: () => string) {
  const sent = new Map<string, number>(); // `${event_type} ${call_control_id}` → time
  const arrivals: number[] = [];
  const agent = new http.Agent({ keepAlive: true, maxSockets: 4 });
  const server = http.createServer((req, res) => {
    const chunks: Buffer[] = [];
    req.on('data', (c: Buffer) => chunks.push(c));
    req.on('end', () => {
      const at = stamp();
      const body = Buffer.concat(chunks);
      arrivals.push(at);
      try {
        const data = (JSON.parse(body.toString('utf8')) as { data?: { event_type?: string; payload?: { call_control_id?: string } } }).data;
        const key = `${data?.event_type} ${data?.payload?.call_control_id}`;
        if (!sent.has(key)) sent.set(key, at); // a retry keeps the first attempt's time
      } catch {
        /* not ours to judge: the relay answers it */
      }
      const forward = http.request(
        target(),
        { method: 'POST', agent, headers: { ...req.headers, host: new URL(target()).host, 'content-length': String(body.length) } },
        (relayRes) => {
          res.writeHead(relayRes.statusCode ?? 502, relayRes.headers);
          relayRes.pipe(res);
        },
      );
      forward.on('error', () => {
        res.writeHead(502);
        res.end();
      });
      forward.end(body);
    });
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  return {
    url: `http://127.0.0.1:${(server.address() as { port: number }).port}/webhooks/telnyx`,
    sent,
    arrivals,
    close: () => new Promise<void>((resolve) => {
      agent.destroy();
      server.closeAllConnections();
      server.close(() => resolve());
    }),
  };
}

async function main() {
  const loadBefore = os.loadavg().map(round);
  // Yardstick first, before Chromium and the harness load the machine.
  const calibration = await noopHttpServer({ connections: 4, ms: 2000 });
  const harness = await startHarness({ demo: true, scenario: 'none', timeScale: 1, log: createLogger({ level: 'error', sink: () => {} }) });
  const demo = harness.core.demo()!;
  const hop = await startStampingHop(() => `${demo.relay.url}/webhooks/telnyx`);
  demo.sim.setWebhookUrl(hop.url);

  const browser = await chromium.launch({
    executablePath: chromiumPath,
    args: ['--no-sandbox', '--disable-gpu', '--disable-background-networking', '--disable-component-update', '--no-first-run'],
  });
  const page = await browser.newPage({ viewport: { width: 1360, height: 900 } });
  await page.goto(harness.url);
  await page.getByRole('list', { name: 'Queue' }).waitFor({ state: 'attached' });
  // Each caller row carries its number in `.caller`; stamp its arrival and departure.
  // (A string, not a function: tsx's transform would add helpers the page does not have.)
  await page.evaluate(`(() => {
    const marks = [];
    window.benchMarks = marks;
    const callersIn = (node) => {
      if (!(node instanceof Element)) return [];
      const found = node.matches('.queue-call .caller') ? [node] : [...node.querySelectorAll('.queue-call .caller')];
      return found.map((el) => el.textContent ?? '');
    };
    new MutationObserver((records) => {
      const at = performance.timeOrigin + performance.now();
      for (const record of records) {
        record.addedNodes.forEach((node) => callersIn(node).forEach((from) => marks.push([from, 'add', at])));
        record.removedNodes.forEach((node) => callersIn(node).forEach((from) => marks.push([from, 'remove', at])));
      }
    }).observe(document.body, { childList: true, subtree: true });
  })()`);

  // Steady arrivals: inject whatever is due every 5 ms, so the rate holds without drift.
  const callers: Array<{ from: string; callControlId: string; injectedAt: number }> = [];
  const started = stamp();
  const total = Math.round(CALLERS_PER_SEC * (SECONDS + WARMUP_SECS));
  let seq = 0;
  let failures = 0;
  await new Promise<void>((resolve) => {
    const timer = setInterval(() => {
      const due = Math.min(total, Math.floor(((stamp() - started) / 1000) * CALLERS_PER_SEC));
      while (seq < due) {
        seq += 1;
        const from = `+1555${String(2_000_000 + seq)}`;
        const injectedAt = stamp();
        demo.sim
          .injectInboundCall({ queue: QUEUES[seq % QUEUES.length]!, from, patienceSecs: PATIENCE_SECS })
          .then(({ callControlId }) => callers.push({ from, callControlId, injectedAt }))
          .catch(() => (failures += 1));
      }
      if (seq >= total) {
        clearInterval(timer);
        resolve();
      }
    }, 5);
  });
  const injectionEnded = stamp();
  // Let the last patience run out and every webhook reach the page.
  const drainDeadline = Date.now() + 10_000;
  while ((demo.sim.webhookBacklog() > 0 || hop.arrivals.length < total * EVENTS_PER_CALLER) && Date.now() < drainDeadline) await sleep(50);
  await sleep(500);

  const marks = (await page.evaluate('window.benchMarks')) as Array<[string, 'add' | 'remove', number]>;
  const firstMark = new Map<string, number>();
  for (const [from, kind, at] of marks) if (!firstMark.has(`${kind} ${from}`)) firstMark.set(`${kind} ${from}`, at);

  const measuredFrom = started + WARMUP_SECS * 1000;
  const enqueued: number[] = [];
  const dequeued: number[] = [];
  let missing = 0;
  for (const caller of callers) {
    if (caller.injectedAt < measuredFrom) continue;
    const pairs: Array<[string, string, number[]]> = [
      [`call.enqueued ${caller.callControlId}`, `add ${caller.from}`, enqueued],
      [`call.dequeued ${caller.callControlId}`, `remove ${caller.from}`, dequeued],
    ];
    for (const [event, mark, into] of pairs) {
      const sentAt = hop.sent.get(event);
      const shownAt = firstMark.get(mark);
      if (sentAt === undefined || shownAt === undefined) missing += 1;
      else into.push(shownAt - sentAt);
    }
  }
  const windowArrivals = hop.arrivals.filter((t) => t >= measuredFrom && t <= injectionEnded);
  const achievedEventsPerSec = windowArrivals.length / ((injectionEnded - measuredFrom) / 1000);
  const all = summary([...enqueued, ...dequeued]);
  const state = harness.core.engine.state();

  await browser.close();
  demo.sim.setWebhookUrl(`${demo.relay.url}/webhooks/telnyx`);
  await hop.close();
  await harness.close();

  const g = gate([
    target('webhook → DOM p99', all.p99, '<=', TARGET_P99_MS, 'ms'),
    target('webhook events/s reaching the relay', round(achievedEventsPerSec), '>=', TARGET_MIN_EVENTS_PER_SEC, '/s'),
    target('failed caller injections', failures, '==', 0),
    target('missing measurements', missing, '==', 0),
  ]);
  const pass = g.pass;
  const result = {
    benchmark: 'webhook-to-dom',
    date: new Date().toISOString(),
    gate: g,
    targetP99Ms: TARGET_P99_MS,
    calibration,
    p99InNoopRequests: timeRatio(all.p99, calibration),
    config: { seconds: SECONDS, warmupSecs: WARMUP_SECS, callersPerSec: CALLERS_PER_SEC, patienceSecs: PATIENCE_SECS, eventsPerCaller: EVENTS_PER_CALLER, queues: QUEUES },
    achievedEventsPerSec: round(achievedEventsPerSec),
    webhooksDelivered: hop.arrivals.length,
    callersInjected: callers.length,
    injectFailures: failures,
    missingMeasurements: missing,
    latencyMs: { all, enqueuedToRowAdded: summary(enqueued), dequeuedToRowRemoved: summary(dequeued) },
    finalQueueLengths: state.queues.map((q) => ({ name: q.name, waiting: q.calls.length })),
    machine: { cpus: os.cpus().length, cpuModel: os.cpus()[0]?.model ?? 'unknown', node: process.version, loadavgBefore: loadBefore, loadavg: os.loadavg().map(round) },
  };
  mkdirSync(path.join(here, 'results'), { recursive: true });
  writeFileSync(path.join(here, 'results', 'webhook-to-dom.json'), JSON.stringify(result, null, 2) + '\n');
  const ms = (s: ReturnType<typeof summary>) => `p50 ${s.p50} ms, p95 ${s.p95} ms, p99 ${s.p99} ms, max ${s.max} ms (n = ${s.count})`;
  const md = `# Webhook → DOM benchmark

${pass ? 'PASS' : 'FAIL'}: webhook → DOM **p99 ${all.p99} ms** (${timeLabel(all.p99, calibration)}) at **${round(achievedEventsPerSec)} webhook events/s** (${rateLabel(achievedEventsPerSec, calibration)}); ${all.count} measured events, ${missing} missing, ${failures} failed injections.

${gateMarkdown(g)}
${calibrationMarkdown(calibration)}

| measured | latency |
|---|---|
| all measured events | ${ms(all)} |
| \`call.enqueued\` → queue row added | ${ms(result.latencyMs.enqueuedToRowAdded)} |
| \`call.dequeued\` → queue row removed | ${ms(result.latencyMs.dequeuedToRowRemoved)} |

## Method

- **Path** (all real, as in demo mode): simulator → Ed25519-signed webhook → relay (verify, log, fan
  out) → relay client in core → agent store (reorder window, reducer, coalesced state push) →
  harness websocket → React renderer in Debian's Chromium → DOM. \`test/harness\` hosts core in Node
  in place of Electron's main process; the simulator, relay and core share that one process, as
  they do in the app's demo mode.
- **Load**: ${CALLERS_PER_SEC} callers/s for ${SECONDS + WARMUP_SECS} s (first ${WARMUP_SECS} s not measured), each producing 5 webhooks:
  \`call.initiated\`, \`call.answered\`, \`call.enqueued\`, then after ${PATIENCE_SECS} s of patience \`call.dequeued\`
  (hangup) and \`call.hangup\` → ${CALLERS_PER_SEC * EVENTS_PER_CALLER} events/s offered; **${round(achievedEventsPerSec)} events/s** reached the relay
  in the measured window. The simulator delivers webhooks one at a time, in order (\`sim/src/webhooks.ts\`: one
  ordered queue, one socket), so at most 1 / (hop + relay round trip) events/s can reach the relay: this run
  ${round(1000 / achievedEventsPerSec)} ms per delivery. On a loaded machine that serial delivery, not the console, is what
  falls below 195/s (Telnyx itself delivers concurrently). The short patience keeps ~${Math.round(CALLERS_PER_SEC * PATIENCE_SECS)} callers waiting, so every row is inside
  the virtualised queue list (rows outside it are never in the DOM).
- **Send time**: a pass-through hop between simulator and relay stamps each webhook on arrival and
  forwards it unchanged (signature headers included); the first attempt counts if one is retried.
  The hop adds one loopback round trip to delivery, which is not in the measured latency.
- **Shown time**: a MutationObserver in the page stamps when each caller's row (found by its
  number) is added to and removed from the DOM. Both clocks are \`performance.timeOrigin +
  performance.now()\` on the same machine. DOM insertion, not paint: the frame follows within one
  vsync.
- **Measured**: \`call.enqueued\` → row added and \`call.dequeued\` → row removed (2 of every 5 events);
  the other 3 load the same path without a visible change of their own.
  Only a run that meets the rate target has meaningful latencies: with webhooks backlogged, rows enter and
  leave the virtualised list as it grows and a REST read can show a caller before its webhook, so marks stop
  pairing with webhooks (a negative minimum is that, not the clocks).
- Machine: ${result.machine.cpuModel}, ${result.machine.cpus} cores, Node ${process.version}, load average ${loadBefore.join(' / ')} before, ${result.machine.loadavg.join(' / ')} at the end
  (Chromium, the harness and the benchmark share the 2 cores). Run: \`npx tsx bench/webhook-to-dom.bench.ts\` (${result.date}).
`;
  writeFileSync(path.join(here, 'results', 'webhook-to-dom.md'), md);
  console.log(md);
  finish(g);
  process.exit(process.exitCode ?? 1);
}

main().catch((e: unknown) => {
  console.error(e);
  process.exit(1);
});
