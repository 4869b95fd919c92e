// Long soak: one agent works calls non-stop on the harness core in demo mode at a high time scale
// for BENCH_SOAK_SECONDS (default 180), then we check that the console's state equals the
// simulator's and report memory per call of the harness process group.
//
//   npm run bench:soak                    (writes bench/results/soak.json and soak.md; needs `npm run build`)
//   BENCH_SOAK_SECONDS=1800 BENCH_SOAK_TIME_SCALE=0.02 npm run bench:soak
//   BENCH_SOAK_MAX_KB_PER_CALL=2 …        also gate the heap growth per call (no default limit yet)
//
// The harness (test/harness: the real core, simulator and relay in one Node process) runs in a
// child process in its own process group; this script is the agent, talking to it exactly as the
// console does — the contract over the harness websocket (`{ id, method, params }` → result,
// `state` events) — plus the harness's test controls for what a caller does (arrive, hang up) and
// for the simulator's truth. Each call: a caller arrives in `support`, the agent takes the next
// call, toggles mute and hold twice each (shortcuts), then either the caller hangs up (3 calls in
// 4) or the agent leaves first and the caller then hangs up; wrap-up is finished and the agent
// is available again.
//
// Memory: every SAMPLE_EVERY calls, RSS summed over every process in the harness's process group
// (/proc) and, after a full GC in the harness, its V8 heap used. "Per call" is the least-squares
// slope over the samples after the first quarter of the run (warm-up: JIT, pools, caches).
// Calibration: Ed25519 verify (CPU), so calls per second can be read against the machine's speed.
import { spawn, type ChildProcess } from 'node:child_process';
import { mkdirSync, readdirSync, readFileSync, writeFileSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { createInterface, type Interface } from 'node:readline';
import { fileURLToPath } from 'node:url';
import WebSocket from 'ws';
import type { AgentState, Outcome } from '../electron/contract';
import { calibrationMarkdown, ed25519Verify, timeLabel, timeRatio } from './calibration';
import { finish, gate, gateMarkdown, target, type Target } from './gate';

const SECONDS = Number(process.env.BENCH_SOAK_SECONDS ?? 180);
const TIME_SCALE = Number(process.env.BENCH_SOAK_TIME_SCALE ?? 0.02);
const MAX_KB_PER_CALL = process.env.BENCH_SOAK_MAX_KB_PER_CALL ? Number(process.env.BENCH_SOAK_MAX_KB_PER_CALL) : undefined;
const SAMPLE_EVERY = 10;
const here = path.dirname(fileURLToPath(import.meta.url));

// ───────────── child: the harness under test ─────────────
async function serve(): Promise<void> {
  const { startHarness } = await import('../test/harness/server');
  const { createLogger } = await import('../electron/core/log');
  const harness = await startHarness({ demo: true, scenario: 'none', seed: 1, timeScale: TIME_SCALE, testControls: true, log: createLogger({ level: 'error' }) });
  process.stdout.write(`${JSON.stringify({ port: harness.port, key: harness.key })}\n`);
  // "gc" on stdin: a full collection, then the memory figures on stdout.
  createInterface({ input: process.stdin }).on('line', (line) => {
    if (line.trim() !== 'gc') return;
    (globalThis as { gc?: () => void }).gc?.();
    process.stdout.write(`${JSON.stringify(process.memoryUsage())}\n`);
  });
  process.on('SIGTERM', () => void harness.close().then(() => process.exit(0)));
}

// ───────────── parent: the agent ─────────────
/** RSS of every process whose process group is `pgid`, in bytes, from /proc. */
function groupRss(pgid: number): number {
  let total = 0;
  for (const entry of readdirSync('/proc')) {
    if (!/^\d+$/.test(entry)) continue;
    try {
      const fields = readFileSync(`/proc/${entry}/stat`, 'utf8').split(') ')[1]!.split(' ');
      if (Number(fields[2]) === pgid) total += Number(fields[21]) * 4096; // pgrp, rss in pages
    } catch {
      /* gone meanwhile */
    }
  }
  return total;
}

/** Least-squares slope of y over x. */
function slope(points: Array<[number, number]>): number {
  const n = points.length;
  if (n < 2) return NaN;
  const mx = points.reduce((a, [x]) => a + x, 0) / n;
  const my = points.reduce((a, [, y]) => a + y, 0) / n;
  const num = points.reduce((a, [x, y]) => a + (x - mx) * (y - my), 0);
  const den = points.reduce((a, [x]) => a + (x - mx) ** 2, 0);
  return num / den;
}

class ContractClient {
  private next = 1;
  private waiting = new Map<number, (o: Outcome<unknown>) => void>();
  state: AgentState | undefined;
  private constructor(private socket: WebSocket) {
    socket.on('message', (data) => {
      const msg = JSON.parse(String(data)) as { type: 'result'; id: number; outcome: Outcome<unknown> } | { type: 'event'; event: string; payload: unknown };
      if (msg.type === 'result') this.waiting.get(msg.id)?.(msg.outcome);
      else if (msg.event === 'state') this.state = msg.payload as AgentState;
    });
  }
  /** As the console's page connects: same origin, this run's harness key (test/harness/access.ts). */
  static async connect(port: number, key: string): Promise<ContractClient> {
    const socket = new WebSocket(`ws://127.0.0.1:${port}/harness/ws`, { headers: { origin: `http://127.0.0.1:${port}`, 'x-harness-key': key } });
    await new Promise((resolve, reject) => socket.once('open', resolve).once('error', reject));
    return new ContractClient(socket);
  }
  async call<T>(method: string, params: unknown = {}): Promise<T> {
    const id = this.next++;
    const outcome = await new Promise<Outcome<unknown>>((resolve) => {
      this.waiting.set(id, resolve);
      this.socket.send(JSON.stringify({ id, method, params }));
    });
    this.waiting.delete(id);
    if (!outcome.ok) throw new Error(`${method}: ${outcome.error.code} ${outcome.error.message}`);
    return outcome.value as T;
  }
  close() {
    this.socket.close();
  }
}

async function until<T>(read: () => T, what: string, ms = 15_000): Promise<NonNullable<T>> {
  const deadline = Date.now() + ms;
  for (;;) {
    const value = read();
    if (value) return value as NonNullable<T>;
    if (Date.now() > deadline) throw new Error(`timed out waiting for ${what}`);
    await new Promise((r) => setTimeout(r, 2));
  }
}

async function main(): Promise<void> {
  if (process.argv.includes('--serve')) return serve();
  const loadBefore = os.loadavg().map((l) => Math.round(l * 100) / 100);
  const calibration = ed25519Verify();
  const child: ChildProcess = spawn(process.execPath, ['--expose-gc', '--import', 'tsx', fileURLToPath(import.meta.url), '--serve'], {
    stdio: ['pipe', 'pipe', 'inherit'],
    cwd: path.resolve(here, '..'),
    detached: true, // its own process group: the harness and anything it starts
  });
  const lines: Interface = createInterface({ input: child.stdout! });
  const nextLine = () =>
    new Promise<string>((resolve, reject) => {
      lines.once('line', resolve);
      child.once('exit', (code) => reject(new Error(`harness exited ${code}`)));
    });
  const { port, key } = JSON.parse(await nextLine()) as { port: number; key: string };
  const heapAfterGc = async () => {
    child.stdin!.write('gc\n');
    return (JSON.parse(await nextLine()) as NodeJS.MemoryUsage).heapUsed;
  };
  const control = async <T>(method: 'GET' | 'POST', route: string, body?: unknown): Promise<T> => {
    const headers = { 'x-harness-key': key, ...(body ? { 'content-type': 'application/json' } : {}) };
    const res = await fetch(`http://127.0.0.1:${port}/harness/control${route}`, { method, headers, ...(body ? { body: JSON.stringify(body) } : {}) });
    if (!res.ok) throw new Error(`control ${route}: ${res.status} ${await res.text()}`);
    return (await res.json()) as T;
  };

  const client = await ContractClient.connect(port, key);
  const state = () => client.state;
  const samples: Array<{ calls: number; atS: number; rssBytes: number; heapBytes: number }> = [];
  const failures: string[] = [];
  let calls = 0;
  let stateMatches = false;
  let mismatch = '';
  const started = performance.now();
  try {
    client.state = await client.call<AgentState>('agent.getState');
    await client.call('agent.setStatus', { status: 'available' });
    await until(() => state()?.agent.status === 'available', 'agent available');
    const sample = async () => samples.push({ calls, atS: (performance.now() - started) / 1000, rssBytes: groupRss(child.pid!), heapBytes: await heapAfterGc() });
    await sample();
    while (performance.now() - started < SECONDS * 1000) {
      try {
        const { callControlId: caller } = await control<{ callControlId: string }>('POST', '/sim/caller', { queue: 'support', from: `+1555${String(3_000_000 + calls)}` });
        await until(() => state()?.queues.some((q) => q.calls.some((c) => c.callControlId === caller)), 'caller queued');
        await client.call('queue.takeNext', {});
        await until(() => state()?.conference?.participants.some((p) => p.callControlId === caller), 'caller in my conference');
        for (const action of ['toggleMute', 'toggleMute', 'toggleHold', 'toggleHold']) await client.call('shortcuts.trigger', { action });
        if (calls % 4 === 3) await client.call('shortcuts.trigger', { action: 'leave' });
        await control('POST', '/sim/hangup', { callControlId: caller });
        await until(() => state()?.agent.status === 'wrap-up' && !state()?.conference, 'wrap-up');
        await client.call('agent.finishWrapUp', {});
        await until(() => state()?.agent.status === 'available' && state()?.pending.length === 0, 'available again');
      } catch (e) {
        failures.push(`call ${calls + 1}: ${e instanceof Error ? e.message : String(e)}`);
        if (failures.length >= 5) break; // something is broken; report it rather than spin
        // Put the agent back to a known state before the next call.
        for (const f of state()?.failures ?? []) await client.call('failures.dismiss', { id: f.id }).catch(() => undefined);
        if (state()?.agent.status === 'wrap-up') await client.call('agent.finishWrapUp', {}).catch(() => undefined);
      }
      calls += 1;
      if (calls % SAMPLE_EVERY === 0) await sample();
    }
    await sample();

    // The end: once the relay has delivered everything, the console must show the simulator's truth.
    const truthMatches = async (): Promise<string> => {
      const truth = await control<{ queues: Array<{ name: string; call_control_ids: string[] }>; calls: Array<{ call_control_id: string; state: string; is_alive: boolean }>; conferences: Array<{ status: string; participants: Array<{ call_control_id: string }> }> }>('GET', '/sim/snapshot');
      const s = (await client.call<AgentState>('agent.getState'));
      const problems: string[] = [];
      for (const q of s.queues) {
        const simIds = truth.queues.find((x) => x.name === q.name)?.call_control_ids ?? [];
        if (JSON.stringify(q.calls.map((c) => c.callControlId)) !== JSON.stringify(simIds)) problems.push(`queue ${q.name}: console ${q.calls.length}, simulator ${simIds.length}`);
      }
      const leg = s.agent.leg?.callControlId;
      const simLeg = truth.calls.find((c) => c.call_control_id === leg);
      if (s.agent.status !== 'available' || s.agent.leg?.state !== 'parked' || simLeg?.state !== 'parked') problems.push(`agent ${s.agent.status}/${s.agent.leg?.state}, simulator leg ${simLeg?.state}`);
      const live = truth.calls.filter((c) => c.is_alive && c.call_control_id !== leg);
      if (live.length > 0) problems.push(`${live.length} other live calls in the simulator`);
      const liveConferences = truth.conferences.filter((c) => c.status !== 'completed').length;
      if (s.conference || liveConferences > 0) problems.push(`conference: console ${s.conference?.id ?? 'none'}, simulator ${liveConferences} live`);
      if (s.pending.length > 0) problems.push(`${s.pending.length} pending commands`);
      return problems.join('; ');
    };
    const deadline = Date.now() + 10_000;
    do {
      mismatch = await truthMatches();
      if (!mismatch) break;
      await new Promise((r) => setTimeout(r, 200));
    } while (Date.now() < deadline);
    stateMatches = mismatch === '';
  } finally {
    client.close();
    if (child.pid) process.kill(-child.pid, 'SIGTERM');
  }
  const elapsedS = (performance.now() - started) / 1000;

  const warm = samples.filter((s) => s.calls >= calls / 4);
  const kbPerCall = (key: 'rssBytes' | 'heapBytes') => Math.round((slope(warm.map((s) => [s.calls, s[key]])) / 1024) * 100) / 100;
  const rssKbPerCall = kbPerCall('rssBytes');
  const heapKbPerCall = kbPerCall('heapBytes');
  const completed = calls - failures.length;
  const callsPerS = Math.round((calls / elapsedS) * 100) / 100;
  const targets: Target[] = [
    target('console state equals the simulator at the end (1 = yes)', stateMatches ? 1 : 0, '==', 1),
    target('failed calls', failures.length, '==', 0),
    target('calls completed', completed, '>=', 1),
  ];
  if (MAX_KB_PER_CALL !== undefined) targets.push(target('heap growth per call (after full GC)', heapKbPerCall, '<=', MAX_KB_PER_CALL, 'KB'));
  const g = gate(targets);
  const mb = (b: number) => Math.round((b / 1024 / 1024) * 10) / 10;
  const first = samples[0];
  const last = samples.at(-1);
  const result = {
    benchmark: 'soak',
    date: new Date().toISOString(),
    config: { seconds: SECONDS, timeScale: TIME_SCALE, sampleEvery: SAMPLE_EVERY, maxKbPerCall: MAX_KB_PER_CALL ?? null },
    calls, completed, failures, callsPerS, msPerCallInVerifies: timeRatio(1000 / callsPerS, calibration), elapsedS: Math.round(elapsedS),
    stateMatchesSimulator: stateMatches, mismatch,
    memory: { rssKbPerCall, heapKbPerCall, rssMb: { start: mb(first?.rssBytes ?? NaN), end: mb(last?.rssBytes ?? NaN) }, heapMb: { start: mb(first?.heapBytes ?? NaN), end: mb(last?.heapBytes ?? NaN) }, samples },
    calibration,
    gate: g,
    machine: { cpu: os.cpus()[0]?.model ?? 'unknown', cores: os.cpus().length, node: process.version, loadAverageBefore: loadBefore, loadAverageAfter: os.loadavg().map((l) => Math.round(l * 100) / 100) },
  };
  mkdirSync(path.join(here, 'results'), { recursive: true });
  writeFileSync(path.join(here, 'results', 'soak.json'), `${JSON.stringify(result, null, 2)}\n`);
  const md = `# Soak benchmark

${gateMarkdown(g)}
**${calls} calls** in ${result.elapsedS} s (${callsPerS} calls/s: one call per ${timeLabel(1000 / callsPerS, calibration)}), ${failures.length} failed; console state ${stateMatches ? 'equals' : '**differs from**'} the simulator's at the end${mismatch ? ` (${mismatch})` : ''}.

| memory of the harness process group | first sample | last sample | per call (slope after the first quarter) |
|---|---|---|---|
| RSS, every process in the group | ${result.memory.rssMb.start} MB | ${result.memory.rssMb.end} MB | **${rssKbPerCall} KB** |
| V8 heap used after a full GC (harness process) | ${result.memory.heapMb.start} MB | ${result.memory.heapMb.end} MB | **${heapKbPerCall} KB** |

${MAX_KB_PER_CALL === undefined ? 'Memory per call is reported, not gated: no limit is set yet (`BENCH_SOAK_MAX_KB_PER_CALL` gates the heap figure).' : `Heap growth per call is gated at ${MAX_KB_PER_CALL} KB (\`BENCH_SOAK_MAX_KB_PER_CALL\`).`}
${failures.length ? `\nFailures:\n${failures.map((f) => `- ${f}`).join('\n')}\n` : ''}
${calibrationMarkdown(calibration)}

- Harness: \`test/harness\` in a child process of its own process group — the real core, simulator and relay in
  one Node process, demo mode, no synthetic callers, simulated time × ${TIME_SCALE}.
- Agent: this script, over the harness websocket (the contract, as the console uses it): per call a caller arrives
  in \`support\`, \`queue.takeNext\`, mute/unmute and hold/unhold by shortcut, every 4th call the agent leaves first,
  the caller hangs up (harness control), \`agent.finishWrapUp\`, available again.
- Memory sampled every ${SAMPLE_EVERY} calls (${samples.length} samples); RSS from /proc for every process whose group is the
  harness's; heap after \`gc()\` in the harness (started with \`--expose-gc\`). The simulator keeps ended calls in its
  snapshot, so part of any growth is the simulator's own history (it shares the process, as in the app's demo mode).
- Machine: ${result.machine.cpu}, ${result.machine.cores} cores, Node ${process.version}; load average ${loadBefore.join(' / ')} before,
  ${result.machine.loadAverageAfter.join(' / ')} after (shared machine). Run: \`npm run bench:soak\` (${result.date}).
`;
  writeFileSync(path.join(here, 'results', 'soak.md'), md);
  console.log(md);
  finish(g);
}

main().catch((e: unknown) => {
  console.error(e);
  process.exit(1);
});
