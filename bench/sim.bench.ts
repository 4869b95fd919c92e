// Simulator API throughput on ONE core with 1,000 live calls.
//
//   npx tsx bench/sim.bench.ts            (writes bench/results/sim.json and sim.md)
//
// How: this script spawns the simulator in a child process pinned to CPU 0 (`taskset -c 0`) and
// generates load from this process pinned to CPU 1, so the client never steals the server's core.
// Setup builds 1,000 live calls: 750 callers injected into queue `support`, 250 agent legs dialled
// through the API; 250 conferences are created from the first 250 callers and joined by the agents
// (500 calls in conferences, 500 waiting in the queue, floor changes running). Then a console mix
// (retrieve conference 30%, list participants 30%, mute/unmute 20%, list queue calls 20%) is sent
// OPEN-LOOP at a fixed rate (BENCH_RATE, default 5,250/s: 5 % above the 5,000/s target so the answered
// rate can be judged against it) for DURATION_S after a warm-up, pipelined over CONNECTIONS raw
// keep-alive sockets (BENCH_CONNECTIONS, default 8; bench/open-loop.ts). Request i is due at start + i/RATE whatever happened
// to earlier ones, and its latency runs from that intended send time: when the server stalls, the
// requests that would have been sent meanwhile wait and count (no coordinated omission — a closed
// loop would just send fewer and report a flattering p99).
//
// Targets: answered ≥ 5,000/s in the measured window, p99 ≤ 10 ms from the intended send time,
// no errors, no request left unanswered. Calibration: a do-nothing HTTP server on the same pinned
// core, offered the same rate by the same client (so latency and CPU per request compare like for like).
import { execFileSync, spawn, type ChildProcess } from 'node:child_process';
import http from 'node:http';
import os from 'node:os';
import { writeFileSync, mkdirSync } from 'node:fs';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { createInterface } from 'node:readline';
import { calibrationMarkdown, cpuSeconds, noopHttpServer, timeLabel, timeRatio } from './calibration';
import { finish, gate, gateMarkdown, target } from './gate';
import { encodeRequest, runOpenLoop } from './open-loop';

const API_KEY = 'bench-key';
const LIVE_CALLS = 1000;
const CONFERENCES = 250;
const CONNECTIONS = Number(process.env.BENCH_CONNECTIONS ?? 8);
const RATE = Number(process.env.BENCH_RATE ?? 5250);
const TARGET_RPS = 5000;
const TARGET_P99_MS = 10;
const WARMUP_S = 3;
const DURATION_S = Number(process.env.BENCH_DURATION_S ?? 20);
const here = path.dirname(fileURLToPath(import.meta.url));

// ───────────── child: the simulator under test ─────────────
async function serve(): Promise<void> {
  const { startSimulator } = await import('../sim/src/index');
  const sim = await startSimulator({ apiKeys: [API_KEY], scenario: 'none', timeScale: 1 });
  // The IVR's enqueue would create the queue with max_size 100; make room for 750 callers first.
  const created = await fetch(`${sim.baseUrl}/queues`, {
    method: 'POST', headers: { authorization: `Bearer ${API_KEY}`, 'content-type': 'application/json' },
    body: JSON.stringify({ queue_name: 'support', max_size: LIVE_CALLS }),
  });
  if (created.status !== 200) throw new Error(`create queue: ${created.status}`);
  const callers: string[] = [];
  for (let i = 0; i < LIVE_CALLS - CONFERENCES; i++) {
    callers.push((await sim.injectInboundCall({ queue: 'support', from: `+1555${String(i).padStart(7, '0')}` })).callControlId);
  }
  process.stdout.write(`${JSON.stringify({ baseUrl: sim.baseUrl, callers })}\n`);
  process.on('SIGTERM', () => {
    const snapshot = sim.snapshot();
    process.stderr.write(`live calls at end: ${snapshot.calls.filter((c) => c.is_alive).length}\n`);
    void sim.close().then(() => process.exit(0));
  });
}

// ───────────── parent: setup and load ─────────────
const agent = new http.Agent({ keepAlive: true, maxSockets: CONNECTIONS });

/** `parse: false` skips JSON.parse of the answer (the load phase needs only the status). */
function request(baseUrl: string, method: string, pathname: string, body?: unknown, options = { parse: true }): Promise<{ status: number; json: any }> {
  const url = new URL(baseUrl + pathname);
  const payload = body === undefined ? undefined : JSON.stringify(body);
  return new Promise((resolve, reject) => {
    const req = http.request(url, {
      method, agent,
      headers: {
        authorization: `Bearer ${API_KEY}`, accept: 'application/json',
        ...(payload ? { 'content-type': 'application/json', 'content-length': Buffer.byteLength(payload) } : {}),
      },
    }, (res) => {
      const chunks: Buffer[] = [];
      res.on('data', (c: Buffer) => chunks.push(c));
      res.on('end', () => {
        const text = Buffer.concat(chunks).toString('utf8');
        resolve({ status: res.statusCode ?? 0, json: options.parse && text ? JSON.parse(text) : null });
      });
    });
    req.on('error', reject);
    req.end(payload);
  });
}

function percentile(sorted: number[], p: number): number {
  return sorted[Math.min(sorted.length - 1, Math.floor((p / 100) * sorted.length))] ?? NaN;
}

async function main(): Promise<void> {
  if (process.argv.includes('--serve')) return serve();
  const pin = (cpu: number) => (os.cpus().length > 1 ? ['taskset', '-c', String(cpu)] : []);
  try {
    spawn('taskset', ['-cp', '1', String(process.pid)], { stdio: 'ignore' });
  } catch { /* no taskset: unpinned */ }
  const loadBefore = os.loadavg()[0] ?? 0;
  // The yardstick: a do-nothing server on the same core as the simulator, before the simulator runs.
  const calibration = await noopHttpServer({ connections: CONNECTIONS, ms: 3000, pin: pin(0), openLoopRate: RATE });
  const [cmd, ...args] = [...pin(0), process.execPath, '--import', 'tsx', fileURLToPath(import.meta.url), '--serve'];
  const child: ChildProcess = spawn(cmd!, args, { stdio: ['ignore', 'pipe', 'inherit'], cwd: path.resolve(here, '..') });
  const ready = await new Promise<{ baseUrl: string; callers: string[] }>((resolve, reject) => {
    createInterface({ input: child.stdout! }).once('line', (line) => resolve(JSON.parse(line)));
    child.once('exit', (code) => reject(new Error(`simulator exited ${code}`)));
  });
  const { baseUrl, callers } = ready;
  // Record the affinities actually in force (taskset execs node, so the child pid is the server).
  const affinity = (pid: number) => {
    try {
      return execFileSync('taskset', ['-cp', String(pid)], { encoding: 'utf8' }).trim().split(': ').pop();
    } catch {
      return 'unpinned (no taskset)';
    }
  };
  const serverCpus = affinity(child.pid!);
  const clientCpus = affinity(process.pid);
  try {
    // Dial 250 agents, wait until answered, and put each with one caller in a conference.
    const agents: string[] = [];
    for (let i = 0; i < CONFERENCES; i++) {
      const r = await request(baseUrl, 'POST', '/calls', { connection_id: 'bench', from: '+15550000000', to: `sip:agent${i}@bench` });
      agents.push(r.json.data.call_control_id);
    }
    await new Promise((r) => setTimeout(r, 800)); // auto-answer after 0.3 s
    const conferences: Array<{ id: string; caller: string }> = [];
    for (let i = 0; i < CONFERENCES; i++) {
      const caller = callers[i]!;
      const created = await request(baseUrl, 'POST', '/conferences', { call_control_id: caller, name: `bench-${i}` });
      if (created.status !== 200) throw new Error(`create conference: ${created.status} ${JSON.stringify(created.json)}`);
      const join = await request(baseUrl, 'POST', `/conferences/${created.json.data.id}/actions/join`, { call_control_id: agents[i] });
      if (join.status !== 200) throw new Error(`join: ${join.status} ${JSON.stringify(join.json)}`);
      conferences.push({ id: created.json.data.id, caller });
    }
    const queueSize = (await request(baseUrl, 'GET', '/queues/support')).json.data.current_size as number;
    const liveCalls = CONFERENCES * 2 + queueSize;
    console.log(`setup: ${liveCalls} live calls (${CONFERENCES} conferences × 2 + ${queueSize} queued)`);

    let seq = 0;
    const nextRequest = (): [string, string, unknown?] => {
      const n = seq++;
      const conf = conferences[n % conferences.length]!;
      const kind = n % 10;
      if (kind < 3) return ['GET', `/conferences/${conf.id}`];
      if (kind < 6) return ['GET', `/conferences/${conf.id}/participants`];
      if (kind < 8) return ['POST', `/conferences/${conf.id}/actions/${kind === 6 ? 'mute' : 'unmute'}`, { call_control_ids: [conf.caller] }];
      return ['GET', '/queues/support/calls?page%5Bnumber%5D=1&page%5Bsize%5D=20'];
    };

    // Open loop (bench/open-loop.ts): request i due at start + i/RATE; latency from that time.
    const { port, pathname: base } = new URL(baseUrl);
    const requests = Array.from({ length: 1000 }, () => {
      const [method, p, body] = nextRequest();
      return encodeRequest(method, base + p, { authorization: `Bearer ${API_KEY}`, accept: 'application/json' }, body);
    });
    let serverCpuStart = NaN;
    const cpuTimer = setTimeout(() => (serverCpuStart = cpuSeconds(child.pid!)), WARMUP_S * 1000);
    const run = await runOpenLoop({
      host: '127.0.0.1', port: Number(port), rate: RATE, connections: CONNECTIONS,
      warmupMs: WARMUP_S * 1000, durationMs: DURATION_S * 1000, request: (n) => requests[n % requests.length]!,
    });
    clearTimeout(cpuTimer);
    const serverCpuS = cpuSeconds(child.pid!) - serverCpuStart;
    const elapsedS = DURATION_S;
    const { latencies, sendLag, errors, unanswered } = run;
    const measured = latencies.length;
    const sorted = [...latencies].sort((a, b) => a - b);
    const lagSorted = [...sendLag].sort((a, b) => a - b);
    const answeredPerS = Math.round(run.answeredPerS);
    const result = {
      benchmark: 'sim',
      date: new Date().toISOString(),
      machine: { cpu: os.cpus()[0]?.model ?? 'unknown', cores: os.cpus().length, node: process.version, platform: `${os.platform()} ${os.release()}`, load_average_1m_before: round(loadBefore), load_average_1m_after: round(os.loadavg()[0] ?? 0) },
      setup: { live_calls: liveCalls, conferences: CONFERENCES, queued_calls: queueSize, server_cpus: serverCpus, client_cpus: clientCpus, webhooks: 'no webhook URL (events buffered)' },
      load: { model: 'open loop, fixed rate; latency from the intended send time', offered_per_s: RATE, max_connections: CONNECTIONS, keep_alive: true, warmup_s: WARMUP_S, duration_s: DURATION_S, mix: { retrieve_conference: 0.3, list_participants: 0.3, mute_unmute: 0.2, list_queue_calls: 0.2 } },
      calibration,
      results: {
        requests: measured, errors, unanswered, answered_per_s: answeredPerS,
        client_send_lag_ms: { p50: round(percentile(lagSorted, 50)), p99: round(percentile(lagSorted, 99)), max: round(lagSorted.at(-1) ?? NaN) },
        // How much of its core the server actually got (other processes share this machine), and
        // throughput per second of server CPU: what one dedicated core would sustain.
        server_cpu_utilisation: round(serverCpuS / elapsedS),
        requests_per_server_cpu_second: Math.round(measured / serverCpuS),
        capacity_vs_noop_per_cpu_second: Math.round((measured / serverCpuS / (calibration.perCpuSecond ?? NaN)) * 1000) / 1000,
        latency_ms: { p50: round(percentile(sorted, 50)), p90: round(percentile(sorted, 90)), p99: round(percentile(sorted, 99)), max: round(sorted[sorted.length - 1] ?? NaN) },
        latency_in_noop_requests: { p50: timeRatio(percentile(sorted, 50), calibration), p99: timeRatio(percentile(sorted, 99), calibration) },
      },
    };
    const lat = result.results.latency_ms;
    const g = gate([
      target('answered per second in the window', answeredPerS, '>=', TARGET_RPS, 'req/s'),
      target('p99 from intended send time', lat.p99, '<=', TARGET_P99_MS, 'ms'),
      target('errors', errors, '==', 0),
      target('requests never answered', unanswered, '==', 0),
    ]);
    const pass = g.pass;
    const out = path.join(here, 'results');
    mkdirSync(out, { recursive: true });
    writeFileSync(path.join(out, 'sim.json'), `${JSON.stringify({ ...result, gate: g }, null, 2)}\n`);
    writeFileSync(path.join(out, 'sim.md'), `# Simulator API benchmark

${pass ? 'PASS' : 'FAIL'}: offered **${RATE} req/s open-loop**, answered **${answeredPerS} req/s**; from the intended send time p50 ${lat.p50} ms (${timeLabel(lat.p50, calibration)}), p90 ${lat.p90} ms, **p99 ${lat.p99} ms** (${timeLabel(lat.p99, calibration)}), max ${lat.max} ms; ${errors} errors, ${unanswered} unanswered, ${measured} requests measured.

${gateMarkdown(g)}
${calibrationMarkdown(calibration)}

The server process got ${Math.round(result.results.server_cpu_utilisation * 100)} % of its core while offered ${RATE} req/s; per second of server CPU it served ${result.results.requests_per_server_cpu_second} requests — the capacity one dedicated core would have, **${result.results.capacity_vs_noop_per_cpu_second}× the do-nothing server's** ${calibration.perCpuSecond} per CPU-second.
This process's own lateness in sending (intended → written to its socket): p50 ${result.results.client_send_lag_ms.p50} ms, p99 ${result.results.client_send_lag_ms.p99} ms, max ${result.results.client_send_lag_ms.max} ms — it is inside the latencies above (a late client looks like a slow server; on a quiet machine it is near 0).

- ${liveCalls} live calls: ${CONFERENCES} conferences (caller + agent, floor changes running) and ${queueSize} callers waiting in one queue.
- Server: the simulator alone on CPU ${serverCpus} (\`taskset\`), no webhook URL. Client: this script on CPU ${clientCpus}, open loop at ${RATE} req/s (request i due at start + i/rate; latency from that time), pre-encoded requests pipelined over ${CONNECTIONS} raw keep-alive sockets (each to the one with the fewest unanswered; waiting behind a slow answer counts), ${WARMUP_S} s warm-up then ${DURATION_S} s measured.
- Mix: retrieve conference 30 %, list participants 30 %, mute/unmute 20 %, list queue calls (page of 20 out of ${queueSize}) 20 %.
- Machine: ${result.machine.cpu}, ${result.machine.cores} cores, Node ${result.machine.node}; 1-min load average ${result.machine.load_average_1m_before} before / ${result.machine.load_average_1m_after} after (other processes on a shared 2-core box add tail latency). Run: \`npx tsx bench/sim.bench.ts\` (${result.date}).
`);
    console.log(JSON.stringify(result.results));
    finish(g);
  } finally {
    child.kill('SIGTERM');
    agent.destroy();
  }
}

function round(n: number): number {
  return Math.round(n * 100) / 100;
}

await main();
