// Relay benchmark (issue 4). One run measures, on this machine:
//   1. raw Ed25519 verifications/s on one core: node:crypto (the machine yardstick) and the relay's
//      own check (libsodium when sodium-native loads, relay/src/ed25519.ts);
//   2. the relay's verified + persisted (sqlite, WAL, group commit) ingest rate with 0, 10 and
//      100 websocket subscribers attached, every event fanned out to all of them, with the verify
//      inline and on the worker pool (--verify-workers, cores - 1);
//   3. ingest → deliver latency (POST sent → frame received by a subscriber) at 1,000 events/s;
//   4. server CPU per webhook under Telnyx's load shape (16 keep-alive connections, one request in
//      flight on each), the relay against a do-nothing Node HTTP server run the same way.
// The relay runs as its own process, as deployed: the CLI bundled by esbuild with the Dockerfile's
// flags, run by plain node (no tsx loader thread, no source maps); load generator (pre-built requests,
// pipelined, answers counted by scanning bytes) and subscribers (raw sockets counting frames) share
// the bench process and cost ~10-35 µs per event. Loopback only, bounded in count and time (~30 s).
// Run: npx tsx bench/relay.bench.ts   → bench/results/relay.json + relay.md
import { spawn, spawnSync, type ChildProcess } from 'node:child_process';
import { generateKeyPairSync, randomBytes, randomUUID, sign, verify, createPublicKey } from 'node:crypto';
import { mkdtempSync, readdirSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { Agent, request } from 'node:http';
import { connect, type Socket } from 'node:net';
import { availableParallelism, cpus, loadavg, tmpdir } from 'node:os';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { performance } from 'node:perf_hooks';
import { WebSocket } from 'ws';
import { loadTelnyxVerifier } from '../relay/src/ed25519';
import { openStore } from '../relay/src/store';
import { finish, gate, gateMarkdown, target } from './gate';

const TOKEN = 'bench-token';
/** Servers this bench started: killed however the bench ends, so none outlives it. */
const children = new Set<ChildProcess>();
process.on('exit', () => {
  for (const child of children) if (child.exitCode === null) child.kill('SIGKILL');
});
/** Load generator: this many keep-alive sockets, each with this many pipelined requests unanswered. */
const SOCKETS = Number(process.env.BENCH_SOCKETS ?? 4);
const WINDOW = Number(process.env.BENCH_WINDOW ?? 32);
/** Optional taskset CPU lists for the relay process and for this (load generator + subscribers) process. */
const RELAY_CPUS = process.env.BENCH_RELAY_CPUS ?? '';
const CLIENT_CPUS = process.env.BENCH_CLIENT_CPUS ?? '';
/** Verify workers of the pooled configuration (the relay's default when >0 wins, else cores - 1). */
const POOL_WORKERS = Number(process.env.BENCH_POOL_WORKERS ?? Math.max(1, availableParallelism() - 1));
const { privateKey, publicKey } = generateKeyPairSync('ed25519');
const spki = publicKey.export({ format: 'der', type: 'spki' });
const PUBLIC_KEY_B64 = spki.subarray(spki.length - 32).toString('base64');

interface SignedWebhook {
  id: string;
  body: string;
  signature: string;
  timestamp: string;
}

/** A realistic call.initiated webhook (~900 bytes), signed like Telnyx does. */
function makeWebhook(): SignedWebhook {
  const id = randomUUID();
  const now = new Date().toISOString();
  const body = JSON.stringify({
    data: {
      record_type: 'event',
      event_type: 'call.initiated',
      id,
      occurred_at: now,
      payload: {
        call_control_id: `v3:${randomUUID()}`,
        call_leg_id: randomUUID(),
        call_session_id: randomUUID(),
        client_state: null,
        connection_id: '1684641123236054244',
        from: '+13125550100',
        to: '+13125550199',
        direction: 'incoming',
        state: 'parked',
        start_time: now,
        caller_id_name: 'Caller',
        calling_party_type: 'pstn',
        from_sip_uri: 'sip:+13125550100@203.0.113.10:5060',
        offered_codecs: 'PCMU,PCMA,G722,OPUS',
        custom_headers: [],
        sip_headers: [],
        tags: [],
        occurred_at: now,
      },
    },
    meta: { attempt: 1, delivered_to: 'https://relay.example.com/webhooks/telnyx' },
  });
  const timestamp = String(Math.floor(Date.now() / 1000));
  return { id, body, timestamp, signature: sign(null, Buffer.from(`${timestamp}|${body}`), privateKey).toString('base64') };
}

// ------------------------------------------------------------------ 1. raw verify rate

/** Verifies/s of `check` in a loop on this thread, over 256 signed webhooks (the relay's message shape). */
function rawVerifyRate(seconds: number, check: (timestamp: string, body: Buffer, signature: Buffer) => boolean): { perSec: number; count: number } {
  const samples = Array.from({ length: 256 }, () => {
    const w = makeWebhook();
    return { timestamp: w.timestamp, body: Buffer.from(w.body), signature: Buffer.from(w.signature, 'base64') };
  });
  let count = 0;
  const start = performance.now();
  const end = start + seconds * 1000;
  while (performance.now() < end) {
    for (let i = 0; i < 256; i++) {
      const s = samples[i]!;
      if (!check(s.timestamp, s.body, s.signature)) throw new Error('verify failed');
    }
    count += 256;
  }
  return { perSec: count / ((performance.now() - start) / 1000), count };
}

// ------------------------------------------------------------------ relay process + clients

/**
 * The relay's log: `file` (the default store, a segment log) or `sqlite` (WAL, group commit), in
 * `dir`. BENCH_STORE picks the one every measurement uses; BENCH_FILE_QUERY / BENCH_SQLITE_QUERY
 * add options (e.g. `commit_window_ms=0`).
 */
type BenchStore = 'file' | 'sqlite';
const STORE: BenchStore = process.env.BENCH_STORE === 'sqlite' ? 'sqlite' : 'file';
function storeSpec(store: BenchStore, dir: string): string {
  const query = store === 'file' ? process.env.BENCH_FILE_QUERY : process.env.BENCH_SQLITE_QUERY;
  return `${store === 'file' ? `file:${join(dir, 'log')}` : `sqlite:${join(dir, 'relay.db')}`}${query ? `?${query}` : ''}`;
}

/**
 * `entry` built as relay/Dockerfile builds the relay: bundled by esbuild (the workspace's
 * @switchboard/telnyx bundled in, npm packages left external), into bench/.build/ so its bare
 * imports resolve from the repository's node_modules, to be run by plain node.
 */
function bundleLikeTheRelayImage(entry: string, name: string): string {
  const out = join(dirname(fileURLToPath(import.meta.url)), '.build', `${name}.mjs`);
  const esbuild = spawnSync(
    join('node_modules', '.bin', 'esbuild'),
    [entry, '--bundle', '--platform=node', '--format=esm', `--target=node${process.versions.node.split('.')[0]}`, '--packages=external', '--alias:@switchboard/telnyx=./telnyx/src/index.ts', `--outfile=${out}`, '--log-level=warning'],
    { stdio: 'inherit' },
  );
  if (esbuild.status !== 0) throw new Error(`esbuild could not bundle ${entry}`);
  return out;
}
const RELAY_BUNDLE = bundleLikeTheRelayImage('relay/src/cli.ts', 'relay-cli');
/** The per-webhook CPU floor: a do-nothing server running the relay's own check (bench/verify-only-server.ts). */
const VERIFY_ONLY_BUNDLE = bundleLikeTheRelayImage('bench/verify-only-server.ts', 'verify-only-server');

async function startRelayProcess(dir: string, verifyWorkers: number, store: BenchStore = STORE): Promise<{ child: ChildProcess; url: string }> {
  const nodeArgs = [...(process.env.BENCH_RELAY_NODE_ARGS?.split(' ').filter(Boolean) ?? []), RELAY_BUNDLE];
  const relayArgs = ['--port', '0', '--max-connections-per-agent', '1000', '--store', storeSpec(store, dir), '--log-level', 'error', '--slow-consumer-bytes', String(64 * 1024 * 1024), '--verify-workers', String(verifyWorkers)];
  // BENCH_RELAY_CPUS=1 pins the relay (all its threads) with taskset; unset = the scheduler decides.
  const [command, args] = RELAY_CPUS ? ['taskset', ['-c', RELAY_CPUS, process.execPath, ...nodeArgs, ...relayArgs]] : [process.execPath, [...nodeArgs, ...relayArgs]];
  const child = spawn(command, args, { env: { ...process.env, TELNYX_PUBLIC_KEY: PUBLIC_KEY_B64, RELAY_TOKENS: TOKEN }, stdio: ['ignore', 'pipe', 'inherit'] });
  children.add(child);
  const url = await new Promise<string>((resolve, reject) => {
    let out = '';
    child.stdout!.on('data', (c: Buffer) => {
      out += c.toString();
      const m = /relay listening on (\S+)/.exec(out);
      if (m) resolve(m[1]!);
    });
    child.once('exit', (code) => reject(new Error(`relay exited (${code})`)));
  });
  return { child, url };
}

/** CPU seconds (user + system) the process (or one of its threads) has used so far, from /proc (Linux). */
function cpuSeconds(pid: number, thread?: number): number {
  try {
    const fields = readFileSync(thread === undefined ? `/proc/${pid}/stat` : `/proc/${pid}/task/${thread}/stat`, 'utf8').split(') ')[1]!.split(' ');
    return (Number(fields[11]) + Number(fields[12])) / 100; // utime + stime, in USER_HZ (100/s)
  } catch {
    return NaN;
  }
}

/** CPU seconds per thread (by tid + name), for BENCH_DEBUG. */
function threadCpu(pid: number): Map<string, number> {
  const out = new Map<string, number>();
  for (const tid of readdirSync(`/proc/${pid}/task`)) {
    const name = readFileSync(`/proc/${pid}/task/${tid}/comm`, 'utf8').trim();
    out.set(`${tid}:${name}`, cpuSeconds(pid, Number(tid)));
  }
  return out;
}

async function stopRelayProcess(child: ChildProcess): Promise<void> {
  if (child.exitCode !== null) return;
  await new Promise((resolve) => {
    child.once('exit', resolve);
    child.kill('SIGTERM');
  });
}

/** A subscriber that only counts frames (cheap), optionally timing a chosen subset. */
async function subscribe(url: string, onEvent?: (frame: string) => void): Promise<{ ws: WebSocket; received: () => number }> {
  let received = 0;
  const ws = new WebSocket(`${url.replace('http', 'ws')}/v1/events`, { headers: { authorization: `Bearer ${TOKEN}` }, perMessageDeflate: false });
  await new Promise<void>((resolve, reject) => {
    ws.on('message', (data) => {
      const text = data as Buffer;
      // {"type":"event"... vs hello/live: the 10th byte tells them apart without parsing.
      if (text[9] === 0x65 /* e */) {
        received++;
        onEvent?.(text.toString());
      } else if (text.toString().includes('"live"')) resolve();
    });
    ws.once('error', reject);
  });
  return { ws, received: () => received };
}

function post(agent: Agent, url: string, w: SignedWebhook): Promise<number> {
  return new Promise((resolve, reject) => {
    const req = request(
      `${url}/webhooks/telnyx`,
      {
        method: 'POST',
        agent,
        headers: {
          'content-type': 'application/json',
          'content-length': Buffer.byteLength(w.body),
          'telnyx-signature-ed25519': w.signature,
          'telnyx-timestamp': w.timestamp,
        },
      },
      (res) => {
        res.resume();
        res.on('end', () => resolve(res.statusCode ?? 0));
      },
    );
    req.on('error', reject);
    req.end(w.body);
  });
}

async function waitFor(predicate: () => boolean, timeoutMs: number): Promise<boolean> {
  const deadline = Date.now() + timeoutMs;
  while (!predicate()) {
    if (Date.now() > deadline) return false;
    await new Promise((r) => setTimeout(r, 5));
  }
  return true;
}

// ------------------------------------------------------------------ 2. ingest rate
// The load generator and the subscribers must cost little next to the relay, or the bench measures
// itself (both share the machine with the relay). So: requests are pre-built HTTP/1.1 bytes, written
// pipelined over a few keep-alive sockets (a window per socket refilled as answers come back), and
// answers are counted by scanning their bytes; subscribers are raw websocket sockets that walk frame
// headers and count event frames without decoding them.

const CRLF2 = Buffer.from('\r\n\r\n');
const CONTENT_LENGTH = Buffer.from('content-length:');

function hostPort(url: string): { host: string; port: number } {
  const u = new URL(url);
  return { host: u.hostname, port: Number(u.port) };
}

/** Pre-built `POST /webhooks/telnyx` requests, one Buffer each (signed before the clock starts). */
function buildRequests(url: string, webhooks: SignedWebhook[]): Buffer[] {
  const { host, port } = hostPort(url);
  return webhooks.map((w) =>
    Buffer.from(
      `POST /webhooks/telnyx HTTP/1.1\r\nHost: ${host}:${port}\r\nContent-Type: application/json\r\nContent-Length: ${Buffer.byteLength(w.body)}\r\n` +
        `telnyx-signature-ed25519: ${w.signature}\r\ntelnyx-timestamp: ${w.timestamp}\r\n\r\n${w.body}`,
    ),
  );
}

/** Sends `requests` pipelined over `sockets` keep-alive connections, at most `window` unanswered on each. */
async function blast(url: string, requests: Buffer[], sockets: number, window: number, deadline: number): Promise<{ ok: number; other: number }> {
  const { host, port } = hostPort(url);
  let next = 0;
  let ok = 0;
  let other = 0;
  await Promise.all(
    Array.from(
      { length: sockets },
      () =>
        new Promise<void>((resolve, reject) => {
          const socket = connect(port, host);
          socket.setNoDelay(true);
          let unanswered = 0;
          let rest: Buffer | null = null; // an answer's head split across reads
          let bodyLeft = 0;
          const fill = () => {
            const batch: Buffer[] = [];
            while (unanswered < window && next < requests.length && performance.now() < deadline) {
              batch.push(requests[next++]!);
              unanswered++;
            }
            if (batch.length) socket.write(batch.length === 1 ? batch[0]! : Buffer.concat(batch));
            else if (unanswered === 0) {
              socket.end();
              resolve();
            }
          };
          socket.once('connect', fill);
          socket.once('error', reject);
          socket.on('data', (chunk: Buffer) => {
            const buf = rest ? Buffer.concat([rest, chunk]) : chunk;
            rest = null;
            let i = 0;
            while (i < buf.length) {
              if (bodyLeft > 0) {
                const n = Math.min(bodyLeft, buf.length - i);
                bodyLeft -= n;
                i += n;
                continue;
              }
              const end = buf.indexOf(CRLF2, i);
              if (end < 0) {
                rest = buf.subarray(i);
                break;
              }
              // "HTTP/1.1 200 OK": the status is bytes 9..11.
              const status = (buf[i + 9]! - 48) * 100 + (buf[i + 10]! - 48) * 10 + (buf[i + 11]! - 48);
              if (status === 200) ok++;
              else other++;
              unanswered--;
              const cl = buf.indexOf(CONTENT_LENGTH, i);
              bodyLeft = cl >= 0 && cl < end ? parseInt(buf.toString('latin1', cl + CONTENT_LENGTH.length, end).trimStart(), 10) : 0;
              i = end + 4;
            }
            fill();
          });
        }),
    ),
  );
  return { ok, other };
}

/** A raw websocket subscriber: counts event frames by walking frame headers, answers pings. */
function rawSubscribe(url: string): Promise<{ socket: Socket; received: () => number }> {
  const { host, port } = hostPort(url);
  const socket = connect(port, host);
  socket.setNoDelay(true);
  socket.write(
    `GET /v1/events HTTP/1.1\r\nHost: ${host}:${port}\r\nUpgrade: websocket\r\nConnection: Upgrade\r\n` +
      `Sec-WebSocket-Key: ${randomBytes(16).toString('base64')}\r\nSec-WebSocket-Version: 13\r\nAuthorization: Bearer ${TOKEN}\r\n\r\n`,
  );
  let received = 0;
  let upgraded = false;
  let rest: Buffer | null = null; // a frame head split across reads
  let skip = 0; // payload bytes of the current frame still to come
  return new Promise((resolve, reject) => {
    socket.once('error', reject);
    socket.on('data', (chunk: Buffer) => {
      const buf = rest ? Buffer.concat([rest, chunk]) : chunk;
      rest = null;
      let i = 0;
      if (!upgraded) {
        const end = buf.indexOf(CRLF2);
        if (end < 0) {
          rest = buf;
          return;
        }
        if (buf.toString('latin1', 9, 12) !== '101') return reject(new Error(`upgrade refused: ${buf.toString('latin1', 0, end)}`));
        upgraded = true;
        i = end + 4;
      }
      if (skip > 0) {
        const n = Math.min(skip, buf.length - i);
        skip -= n;
        i += n;
      }
      while (i < buf.length) {
        if (buf.length - i < 2) break;
        const opcode = buf[i]! & 0x0f;
        let length = buf[i + 1]! & 0x7f;
        let head = 2;
        if (length === 126) {
          if (buf.length - i < 4) break;
          length = buf.readUInt16BE(i + 2);
          head = 4;
        } else if (length === 127) {
          if (buf.length - i < 10) break;
          length = Number(buf.readBigUInt64BE(i + 2));
          head = 10;
        }
        if (buf.length - i < head + Math.min(length, 10)) break; // need the frame's first 10 bytes
        if (opcode === 1) {
          // {"type":"event"… / "hello" / "live": the 10th payload byte tells them apart.
          const kind = buf[i + head + 9];
          if (kind === 0x65 /* e */) received++;
          else if (kind === 0x6c /* l */) resolve({ socket, received: () => received });
        } else if (opcode === 9) {
          socket.write(Buffer.from([0x8a, 0x80, 0, 0, 0, 0])); // masked, empty pong
        }
        const available = buf.length - i - head;
        if (available >= length) i += head + length;
        else {
          skip = length - available;
          i = buf.length;
        }
      }
      if (i < buf.length) rest = buf.subarray(i);
    });
  });
}

async function ingestRate(subscriberCount: number, events: number, verifyWorkers: number) {
  const dir = mkdtempSync(join(tmpdir(), 'relay-bench-'));
  const { child, url } = await startRelayProcess(dir, verifyWorkers);
  const subscribers = await Promise.all(Array.from({ length: subscriberCount }, () => rawSubscribe(url)));
  // Warm up (JIT, sqlite, worker start) outside the measurement; the subscribers count these too.
  const warm = buildRequests(url, Array.from({ length: 500 }, makeWebhook));
  const warmAcked = (await blast(url, warm, SOCKETS, WINDOW, performance.now() + 10_000)).ok;
  await waitFor(() => subscribers.every((s) => s.received() >= warmAcked), 10_000);
  const requests = buildRequests(url, Array.from({ length: events }, makeWebhook)); // signed before the clock starts
  const framesBefore = subscribers.reduce((n, s) => n + s.received(), 0);
  const cpuBefore = cpuSeconds(child.pid!);
  const mainBefore = cpuSeconds(child.pid!, child.pid!);
  const benchBefore = process.cpuUsage();
  const threadsBefore = threadCpu(child.pid!);
  const start = performance.now();
  const { ok: acked, other } = await blast(url, requests, SOCKETS, WINDOW, start + 30_000);
  const ingestSeconds = (performance.now() - start) / 1000;
  const allDelivered = await waitFor(() => subscribers.every((s) => s.received() >= warmAcked + acked), 60_000);
  const deliverSeconds = (performance.now() - start) / 1000;
  const relayCpuSeconds = cpuSeconds(child.pid!) - cpuBefore;
  const relayMainCpuSeconds = cpuSeconds(child.pid!, child.pid!) - mainBefore;
  const benchCpu = process.cpuUsage(benchBefore);
  if (process.env.BENCH_DEBUG) {
    const after = threadCpu(child.pid!);
    console.log([...after].map(([name, cpu]) => `${name}: ${Math.round(((cpu - (threadsBefore.get(name) ?? 0)) / acked) * 1e6)} µs/event`).join(', '));
  }
  for (const s of subscribers) s.socket.destroy();
  await stopRelayProcess(child);
  rmSync(dir, { recursive: true, force: true });
  return {
    subscribers: subscriberCount,
    verifyWorkers,
    inFlight: SOCKETS * WINDOW,
    acked,
    refused: other,
    ingestSeconds: round(ingestSeconds),
    ingestPerSec: Math.round(acked / ingestSeconds),
    framesDelivered: subscribers.reduce((n, s) => n + s.received(), 0) - framesBefore,
    allDelivered,
    deliveredAllPerSec: Math.round(acked / deliverSeconds),
    // The machine is shared (load generator, subscribers, anything else running): the relay's own
    // CPU time per event says what it costs; the main thread's share is what one event loop must do.
    relayCpuSeconds: round(relayCpuSeconds),
    relayCpuMicrosPerEvent: Math.round((relayCpuSeconds / acked) * 1e6),
    relayMainThreadMicrosPerEvent: Math.round((relayMainCpuSeconds / acked) * 1e6),
    benchCpuMicrosPerEvent: Math.round(((benchCpu.user + benchCpu.system) / acked)),
  };
}

// ------------------------------------------------------------------ 2b. server CPU per webhook, Telnyx's load shape
// Telnyx delivers over a handful of keep-alive connections, one request in flight on each, ~1 KB
// signed bodies. The same load goes to a do-nothing Node HTTP server (reads the body, answers 200)
// and to the relay (verify + log + fan-out), each a child process measured from /proc (all its
// threads), so the relay's cost is read against plain Node HTTP on the same machine, in the same run.
// A third server, the do-nothing one plus the relay's Ed25519 check of each body, gives the floor
// no verifying relay can go below: what is left above it is the relay's own work.
// Each server first takes COST_WARMUP webhooks: V8 is still compiling (TurboFan, on its helper
// threads) for the first few thousand, and 1,000 let that compilation into the measured window
// (~20-35 µs per webhook of helper-thread CPU in both servers, 2026-12-02).

const COST_SOCKETS = 16;
const COST_WARMUP = Number(process.env.BENCH_COST_WARMUP ?? 10_000);
const NOOP_SERVER = `require('node:http').createServer((req, res) => { req.resume(); req.on('end', () => { res.writeHead(200, { 'content-type': 'application/json', 'content-length': 2 }); res.end('{}'); }); }).listen(0, '127.0.0.1', function () { console.log('relay listening on http://127.0.0.1:' + this.address().port); });`;

/** The do-nothing server (`-e` source) or the verify-only floor (its bundle), as a child process. */
async function startPlainServer(server: 'noop' | 'verify-only'): Promise<{ child: ChildProcess; url: string }> {
  const args = server === 'noop' ? ['-e', NOOP_SERVER] : [VERIFY_ONLY_BUNDLE];
  const child = spawn(process.execPath, args, { stdio: ['ignore', 'pipe', 'inherit'], env: { ...process.env, TELNYX_PUBLIC_KEY: PUBLIC_KEY_B64 } });
  children.add(child);
  const url = await new Promise<string>((resolve, reject) => {
    child.stdout!.on('data', (c: Buffer) => {
      const m = /relay listening on (\S+)/.exec(c.toString());
      if (m) resolve(m[1]!);
    });
    child.once('exit', (code) => reject(new Error(`noop server exited (${code})`)));
  });
  return { child, url };
}

async function perWebhookCost(server: 'noop' | 'verify-only' | 'relay', subscriberCount: number, events: number, verifyWorkers = 0, store: BenchStore = STORE) {
  const dir = mkdtempSync(join(tmpdir(), 'relay-bench-'));
  const { child, url } =
    server === 'relay' ? await startRelayProcess(dir, verifyWorkers, store) : await startPlainServer(server);
  const subscribers = await Promise.all(Array.from({ length: subscriberCount }, () => rawSubscribe(url)));
  const warm = buildRequests(url, Array.from({ length: COST_WARMUP }, makeWebhook));
  const warmAcked = (await blast(url, warm, COST_SOCKETS, 1, performance.now() + 20_000)).ok;
  await waitFor(() => subscribers.every((s) => s.received() >= warmAcked), 20_000);
  const requests = buildRequests(url, Array.from({ length: events }, makeWebhook));
  const cpuBefore = cpuSeconds(child.pid!);
  const mainBefore = cpuSeconds(child.pid!, child.pid!);
  const start = performance.now();
  const { ok, other } = await blast(url, requests, COST_SOCKETS, 1, start + 60_000);
  const delivered = await waitFor(() => subscribers.every((s) => s.received() >= warmAcked + ok), 60_000);
  const seconds = (performance.now() - start) / 1000;
  const cpu = cpuSeconds(child.pid!) - cpuBefore;
  const mainCpu = cpuSeconds(child.pid!, child.pid!) - mainBefore;
  for (const s of subscribers) s.socket.destroy();
  if (server === 'relay') await stopRelayProcess(child);
  else child.kill('SIGTERM');
  rmSync(dir, { recursive: true, force: true });
  return {
    server,
    store: server === 'relay' ? store : null,
    subscribers: subscriberCount,
    verifyWorkers,
    events,
    acked: ok,
    refused: other,
    delivered,
    perSec: Math.round(ok / seconds),
    serverCpuMicrosPerRequest: Math.round((cpu / ok) * 1e6),
    /** The event loop's thread alone; the rest is V8's helper threads (GC, compilation) and any workers. */
    mainThreadMicrosPerRequest: Math.round((mainCpu / ok) * 1e6),
  };
}

// ------------------------------------------------------------------ 2c. the durable append alone
// CPU of this process per `append` of a ~1 KB webhook, `batch` appends per event-loop turn (one
// commit / one write each turn: commit_window_ms=0), file log against SQLite, alternated twice.
// In-process and with nothing else running in it, so far less sensitive to machine load than 2b.

async function appendCost(store: BenchStore, batch: number, appends: number): Promise<number> {
  const dir = mkdtempSync(join(tmpdir(), 'relay-bench-'));
  const log = await openStore(`${storeSpec(store, dir)}${storeSpec(store, dir).includes('?') ? '&' : '?'}commit_window_ms=0`, { maxAgeSecs: 3600, maxEvents: 100_000 });
  const event = () => {
    const w = makeWebhook();
    return { telnyxId: w.id, eventType: 'call.initiated', connectionId: '1684641123236054244', queue: null, raw: w.body, signature: w.signature, timestamp: w.timestamp, receivedAt: Date.now() };
  };
  const run = async (events: ReturnType<typeof event>[]) => {
    for (let i = 0; i < events.length; i += batch) await Promise.all(events.slice(i, i + batch).map((e) => log.append(e)));
  };
  await run(Array.from({ length: 1000 }, event)); // warm-up
  const events = Array.from({ length: appends }, event);
  const before = process.cpuUsage();
  await run(events);
  const used = process.cpuUsage(before);
  await log.close();
  rmSync(dir, { recursive: true, force: true });
  return Math.round((used.user + used.system) / appends);
}

async function appendCosts() {
  const rows: Array<{ batch: number; fileMicros: number[]; sqliteMicros: number[] }> = [];
  for (const batch of [1, 16]) {
    const row = { batch, fileMicros: [] as number[], sqliteMicros: [] as number[] };
    for (let round = 0; round < 2; round++) {
      row.fileMicros.push(await appendCost('file', batch, 5000));
      row.sqliteMicros.push(await appendCost('sqlite', batch, 5000));
    }
    rows.push(row);
  }
  return rows;
}

// ------------------------------------------------------------------ 3. latency at a fixed rate

async function latencyAtRate(ratePerSec: number, seconds: number, subscriberCount: number, verifyWorkers: number) {
  const dir = mkdtempSync(join(tmpdir(), 'relay-bench-'));
  const { child, url } = await startRelayProcess(dir, verifyWorkers);
  const sentAt = new Map<string, number>();
  const latencies: number[] = [];
  const timed = await subscribe(url, (frame) => {
    const receivedAt = performance.now();
    const raw = (JSON.parse(frame) as { raw: string }).raw;
    const id = (JSON.parse(raw) as { data: { id: string } }).data.id;
    const t0 = sentAt.get(id);
    if (t0 !== undefined) latencies.push(receivedAt - t0);
  });
  const others = await Promise.all(Array.from({ length: subscriberCount - 1 }, () => rawSubscribe(url)));
  const total = ratePerSec * seconds;
  const webhooks = Array.from({ length: total }, makeWebhook);
  const agent = new Agent({ keepAlive: true, maxSockets: 64 });
  // Warm up connections and the JIT outside the measurement.
  await Promise.all(Array.from({ length: 64 }, () => post(agent, url, makeWebhook())));
  await waitFor(() => timed.received() >= 64, 10_000);
  const pending: Array<Promise<number>> = [];
  const start = performance.now();
  let sent = 0;
  // Open-loop pacing: event i is due at start + i/rate, sent as soon as it is due.
  await new Promise<void>((resolve) => {
    const tick = () => {
      const due = Math.min(total, Math.floor(((performance.now() - start) * ratePerSec) / 1000) + 1);
      while (sent < due) {
        const w = webhooks[sent++]!;
        sentAt.set(w.id, performance.now());
        pending.push(post(agent, url, w));
      }
      if (sent < total) setTimeout(tick, 1); // ~1 ms ticks: paced without spinning a core
      else resolve();
    };
    tick();
  });
  const statuses = await Promise.all(pending);
  await waitFor(() => latencies.length >= total, 30_000);
  const actualRate = total / ((performance.now() - start) / 1000);
  if (process.env.BENCH_DEBUG) {
    const text = await (await fetch(`${url}/metrics`)).text();
    console.log(text.split('\n').filter((l) => /relay_(ingest_to_append|append_to_send)_seconds_bucket|eventloop_lag_p99|eventloop_lag_max/.test(l)).join('\n'));
  }
  timed.ws.terminate();
  for (const s of others) s.socket.destroy();
  agent.destroy();
  await stopRelayProcess(child);
  rmSync(dir, { recursive: true, force: true });
  const sorted = [...latencies].sort((a, b) => a - b);
  const pct = (p: number) => round(sorted[Math.min(sorted.length - 1, Math.floor((p / 100) * sorted.length))] ?? NaN);
  return {
    targetRatePerSec: ratePerSec,
    achievedRatePerSec: Math.round(actualRate),
    events: total,
    acked: statuses.filter((s) => s === 200).length,
    measured: latencies.length,
    subscribers: subscriberCount,
    verifyWorkers,
    p50Ms: pct(50),
    p90Ms: pct(90),
    p99Ms: pct(99),
    maxMs: round(sorted.at(-1) ?? NaN),
  };
}

function round(n: number): number {
  return Math.round(n * 1000) / 1000;
}

// ------------------------------------------------------------------ main

const began = Date.now();
const loadBefore = loadavg()[0]!;
// The machine yardstick (bench/calibration.ts): node:crypto's verify, as before. The ingest targets
// are judged against the check the relay itself runs (libsodium when sodium-native loads, ed25519.ts).
const benchKey = createPublicKey({ key: spki, format: 'der', type: 'spki' });
const nodeRaw = rawVerifyRate(3, (t, b, s) => verify(null, Buffer.concat([Buffer.from(`${t}|`), b]), benchKey, s));
const relayVerifier = await loadTelnyxVerifier([benchKey]);
const raw = relayVerifier.engine === 'node:crypto' ? nodeRaw : rawVerifyRate(3, (t, b, s) => relayVerifier.verify(t, b, s));
console.log(`raw Ed25519 verify: node:crypto ${Math.round(nodeRaw.perSec)}/s, the relay's (${relayVerifier.engine}) ${Math.round(raw.perSec)}/s`);
if (CLIENT_CPUS) spawnSync('taskset', ['-pc', CLIENT_CPUS, String(process.pid)], { stdio: 'ignore' });
const onlyWorkers = Number(process.env.BENCH_WORKERS ?? POOL_WORKERS);
if (process.env.BENCH_ONLY === 'latency') {
  console.log(await latencyAtRate(1000, 5, Number(process.env.BENCH_SUBS ?? 10), onlyWorkers));
  process.exit(0);
}
if (process.env.BENCH_ONLY === 'cost') {
  // Each store in turn after one do-nothing run (BENCH_COST_STORES, default file,sqlite): on a
  // shared machine compare the ratios of one run, not runs taken minutes apart.
  const events = Number(process.env.BENCH_EVENTS ?? 20_000);
  const stores = (process.env.BENCH_COST_STORES ?? 'file,sqlite').split(',') as BenchStore[];
  const noop = await perWebhookCost('noop', 0, events);
  console.log(noop, `load ${round(loadavg()[0]!)}`);
  const floor = await perWebhookCost('verify-only', 0, events);
  console.log(`verify-only: ${floor.serverCpuMicrosPerRequest} µs = ${round(floor.serverCpuMicrosPerRequest / noop.serverCpuMicrosPerRequest)}× do-nothing; refused ${floor.refused}; load ${round(loadavg()[0]!)}`);
  for (const subs of [1, 100]) {
    for (const store of stores) {
      const c = await perWebhookCost('relay', subs, events, Number(process.env.BENCH_WORKERS ?? 0), store);
      console.log(`${store} ${subs} sub: ${c.serverCpuMicrosPerRequest} µs (main thread ${c.mainThreadMicrosPerRequest}) = ${round(c.serverCpuMicrosPerRequest / noop.serverCpuMicrosPerRequest)}× do-nothing (${noop.serverCpuMicrosPerRequest} µs, main ${noop.mainThreadMicrosPerRequest}); ${c.perSec}/s, refused ${c.refused}, delivered ${c.delivered}; load ${round(loadavg()[0]!)}`);
    }
  }
  process.exit(0);
}
if (process.env.BENCH_ONLY === 'append') {
  console.log(await appendCosts());
  process.exit(0);
}
if (process.env.BENCH_ONLY === 'ingest') {
  console.log(await ingestRate(Number(process.env.BENCH_SUBS ?? 0), Number(process.env.BENCH_EVENTS ?? 20_000), onlyWorkers));
  process.exit(0);
}
// Each subscriber count twice: verify inline on the event loop (verifyWorkers 0, the API default)
// and on the pool (cores - 1 workers, the CLI default). The targets are judged on the pool.
const configs: Array<[number, number]> = [
  [0, 20_000],
  [10, 20_000],
  [100, 10_000],
];
const ingest: Array<Awaited<ReturnType<typeof ingestRate>>> = [];
for (const workers of [0, POOL_WORKERS]) {
  for (const [subs, events] of configs) {
    const r = await ingestRate(subs, events, workers);
    console.log(`ingest, ${subs} subscribers, ${workers} verify workers:`, r);
    ingest.push(r);
  }
}
const pooled = (subs: number) => ingest.find((r) => r.subscribers === subs && r.verifyWorkers === POOL_WORKERS)!;
const latency = await latencyAtRate(1000, 5, 10, POOL_WORKERS);
console.log('latency at 1,000/s:', latency);
const latencyInline = await latencyAtRate(1000, 5, 10, 0);
console.log('latency at 1,000/s, inline verify:', latencyInline);
const appendRows = await appendCosts();
console.log('durable append alone, µs CPU per append:', appendRows);
const COST_EVENTS = Number(process.env.BENCH_COST_EVENTS ?? 20_000);
const costNoop = await perWebhookCost('noop', 0, COST_EVENTS);
console.log('per-webhook cost, do-nothing server:', costNoop);
const costVerifyOnly = await perWebhookCost('verify-only', 0, COST_EVENTS);
console.log('per-webhook cost, do-nothing server + Ed25519 check:', costVerifyOnly);
const cost1 = await perWebhookCost('relay', 1, COST_EVENTS);
console.log(`per-webhook cost, relay (${STORE}), 1 subscriber:`, cost1);
// The other local store in the same run, for comparison (not a target).
const OTHER_STORE: BenchStore = STORE === 'file' ? 'sqlite' : 'file';
const costOther1 = await perWebhookCost('relay', 1, COST_EVENTS, 0, OTHER_STORE);
console.log(`per-webhook cost, relay (${OTHER_STORE}), 1 subscriber:`, costOther1);
const cost100 = await perWebhookCost('relay', 100, COST_EVENTS);
console.log(`per-webhook cost, relay (${STORE}), 100 subscribers:`, cost100);
const costOther100 = await perWebhookCost('relay', 100, COST_EVENTS, 0, OTHER_STORE);
console.log(`per-webhook cost, relay (${OTHER_STORE}), 100 subscribers:`, costOther100);
// smee.io, measured by the outside review with this load shape: 570 µs (1 subscriber) and
// 1,626 µs (100) against 163 µs for the do-nothing server — 10.0× it at 100 subscribers. smee is
// not reachable from here, so its cost is carried over as that ratio to this run's do-nothing server.
const SMEE_100_OVER_NOOP = 1626 / 163;
// The shared gate (bench/gate.ts): one target per figure, so the result file, the console and the
// exit code agree and scripts/bench-all.mjs can read it. Completeness and refusals are targets of
// their own: a fast run that lost or refused events fails.
const ingestTargets = (subs: number) => {
  const r = pooled(subs);
  const sent = configs.find(([n]) => n === subs)![1];
  return [
    target(`ingest, ${subs} subscribers: delivered rate ÷ raw verify`, round(r.deliveredAllPerSec / raw.perSec), '>=', 0.85, '×'),
    target(`ingest, ${subs} subscribers: webhooks not acknowledged`, sent - r.acked, '==', 0),
    target(`ingest, ${subs} subscribers: refused`, r.refused, '==', 0),
    target(`ingest, ${subs} subscribers: delivered to every subscriber`, r.allDelivered ? 1 : 0, '==', 1),
  ];
};
const costRatio = (c: typeof cost1) => round(c.serverCpuMicrosPerRequest / costNoop.serverCpuMicrosPerRequest);
const g = gate([
  ...ingestTargets(10),
  ...ingestTargets(100),
  target('latency at 1,000/s: p99 (POST sent → frame received)', latency.p99Ms, '<=', 5, 'ms'),
  target('latency at 1,000/s: events not acknowledged', latency.events - latency.acked, '==', 0),
  target('latency at 1,000/s: events not delivered', latency.events - latency.measured, '==', 0),
  target('per-webhook CPU, 1 subscriber ÷ do-nothing server', costRatio(cost1), '<=', 2, '×'),
  target('per-webhook CPU, 1 subscriber: refused or undelivered', cost1.refused + (cost1.delivered ? 0 : 1), '==', 0),
  // The floor row must really have verified every webhook, or it is no floor.
  target('per-webhook CPU, do-nothing + verify: refused', costVerifyOnly.refused, '==', 0),
  // "below a third of smee.io" (smee = 1,626 / 163 = 9.98× its do-nothing server): ≤ 3.32×.
  target('per-webhook CPU, 100 subscribers ÷ do-nothing server', costRatio(cost100), '<=', Math.floor((SMEE_100_OVER_NOOP / 3) * 100) / 100, '×'),
  target('per-webhook CPU, 100 subscribers: refused or undelivered', cost100.refused + (cost100.delivered ? 0 : 1), '==', 0),
]);

const results = {
  benchmark: 'relay',
  date: new Date().toISOString(),
  machine: {
    cpus: cpus().length,
    cpuModel: cpus()[0]?.model ?? 'unknown',
    node: process.version,
    // Other work on the machine steals cores from the relay and the load generator alike.
    loadAverage1mBefore: round(loadBefore),
    loadAverage1mAfter: round(loadavg()[0]!),
  },
  setup:
    `relay = the CLI as relay/Dockerfile bundles it, a child process, ${STORE === 'file' ? 'file store (segment log, written to the OS before each answer — the default, group write)' : 'sqlite store (WAL, synchronous=NORMAL, group commit)'}; load generator (pre-built HTTP/1.1 requests pipelined over ${SOCKETS} keep-alive sockets, ${WINDOW} unanswered per socket, answers counted by scanning bytes) and raw websocket subscribers (frame headers walked, event frames counted, nothing decoded) share the bench process; ` +
    `${RELAY_CPUS || CLIENT_CPUS ? `taskset: relay on CPUs ${RELAY_CPUS || 'any'}, bench on ${CLIENT_CPUS || 'any'}` : 'no CPU pinning'}; loopback only; webhooks signed and requests built before timing; 500 warm-up webhooks per ingest run, ${COST_WARMUP} per server in the per-webhook CPU runs`,
  rawVerifyPerSecOneCore: Math.round(raw.perSec),
  appendCpuMicros: appendRows,
  relayVerifyEngine: relayVerifier.engine,
  relayBuild: 'relay/src/cli.ts bundled by esbuild as relay/Dockerfile does, run by plain node',
  nodeCryptoVerifyPerSecOneCore: Math.round(nodeRaw.perSec),
  poolWorkers: POOL_WORKERS,
  ingest: ingest.map((r) => ({ ...r, ratioToRawVerify: round(r.ingestPerSec / raw.perSec) })),
  latencyAt1000PerSec: latency,
  latencyAt1000PerSecInlineVerify: latencyInline,
  perWebhookCost: { loadShape: `${COST_SOCKETS} keep-alive connections, one request in flight on each, ~1 KB signed bodies`, noop: costNoop, verifyOnly: costVerifyOnly, relay1: cost1, relay100: cost100, otherStore1: costOther1, otherStore100: costOther100 },
  targets: {
    // Delivered (every subscriber has every event), complete and without refusals, not just acknowledged.
    ingestDeliveredRatioToRawVerify: 0.85,
    // Over every event sent: p99 of the delivered ones, and all of them acknowledged and delivered.
    p99Ms: 5,
    relayCostOverNoop1: 2,
    relayCostOverNoop100: round(SMEE_100_OVER_NOOP / 3),
  },

  gate: g,
  durationSeconds: Math.round((Date.now() - began) / 1000),
};
writeFileSync(new URL('./results/relay.json', import.meta.url), `${JSON.stringify(results, null, 2)}\n`);
writeFileSync(new URL('./results/relay.md', import.meta.url), summary(results));
// Every target this bench reports gates its exit code.
finish(g);

function summary(r: typeof results): string {
  const yes = (ok: boolean) => (ok ? 'met' : '**not met**');
  // Met when every gate target whose name starts with `prefix` is.
  const metAll = (prefix: string) => r.gate.targets.filter((t) => t.name.startsWith(prefix)).every((t) => t.met);
  const rows = r.ingest
    .map(
      (i) =>
        `| ${i.subscribers} | ${i.verifyWorkers || 'inline'} | ${i.acked} | ${i.ingestPerSec} | ${i.ratioToRawVerify} | ${i.relayCpuMicrosPerEvent} µs | ${i.relayMainThreadMicrosPerEvent} µs | ${i.benchCpuMicrosPerEvent} µs | ${i.allDelivered ? 'all' : 'NOT all'} (${i.framesDelivered} frames) |`,
    )
    .join('\n');
  const l = r.latencyAt1000PerSec;
  const li = r.latencyAt1000PerSecInlineVerify;
  const verifyUs = Math.round(1e6 / r.rawVerifyPerSecOneCore);
  const targetRate = Math.round(0.85 * r.rawVerifyPerSecOneCore);
  const budget = Math.round((r.machine.cpus * 1e6) / targetRate);
  const p10 = r.ingest.find((i) => i.subscribers === 10 && i.verifyWorkers === r.poolWorkers)!;
  const p100 = r.ingest.find((i) => i.subscribers === 100 && i.verifyWorkers === r.poolWorkers)!;
  const total = (i: typeof p10) => i.relayCpuMicrosPerEvent + i.benchCpuMicrosPerEvent;
  const util = (i: typeof p10, rate: number) => Math.round((rate * total(i)) / (r.machine.cpus * 1e4));
  return `# Relay benchmark

${r.date} · ${r.machine.cpus} × ${r.machine.cpuModel} · Node ${r.machine.node} · load average ${r.machine.loadAverage1mBefore} → ${r.machine.loadAverage1mAfter} · ${r.durationSeconds} s.
Setup: ${r.setup}. Run: \`npx tsx bench/relay.bench.ts\` (optional \`BENCH_RELAY_CPUS\` / \`BENCH_CLIENT_CPUS\` pin the relay / the bench with taskset).

**Raw Ed25519 verify, one core:** the relay's check (${r.relayVerifyEngine}, \`relay/src/ed25519.ts\`) ${r.rawVerifyPerSecOneCore}/s (${verifyUs} µs each); node:crypto's \`crypto.verify\` ${r.nodeCryptoVerifyPerSecOneCore}/s (${Math.round(1e6 / r.nodeCryptoVerifyPerSecOneCore)} µs); each in a loop on the bench's main thread, before anything else runs. The ingest targets below are judged against the relay's check.

**Verified + persisted ingest (${r.perWebhookCost.relay1.store}), every event fanned out to every subscriber.** "pool" rows use
${r.poolWorkers} verify worker thread(s) (\`--verify-workers\`, the CLI default of cores − 1); "inline" rows verify on the
event loop. Relay CPU counts all its threads (main, workers, GC) from /proc; main thread = the event loop alone;
bench CPU = load generator + subscribers.

| subscribers | verify | events | ingest/s (wall) | × raw verify | relay CPU / event | of which main thread | bench CPU / event | delivered |
|---|---|---|---|---|---|---|---|---|
${rows}

**Ingest → deliver at ${l.targetRatePerSec}/s** (${l.achievedRatePerSec}/s achieved, ${l.events} events, ${l.subscribers} subscribers, POST sent → frame received, separate keep-alive HTTP connections like Telnyx):
pool: p50 ${l.p50Ms} ms · p90 ${l.p90Ms} ms · p99 ${l.p99Ms} ms · max ${l.maxMs} ms; inline: p50 ${li.p50Ms} ms · p99 ${li.p99Ms} ms · max ${li.maxMs} ms.

Before the verify pool, the fan-out change and this load generator (run of commit 03fa172: http.Agent clients, \`ws\`
subscribers, inline verify, 64 in flight): 10 subscribers 7293/s (0.467×), 100 subscribers 4980/s (0.319×).

Targets (pool): every event delivered to every subscriber at ≥ ${r.targets.ingestDeliveredRatioToRawVerify}× raw verify (${targetRate}/s), none refused, none missing — 10 subscribers ${yes(metAll('ingest, 10 '))} (${round(p10.deliveredAllPerSec / r.rawVerifyPerSecOneCore)}× delivered, ${p10.ratioToRawVerify}× acknowledged), 100 subscribers ${yes(metAll('ingest, 100 '))} (${round(p100.deliveredAllPerSec / r.rawVerifyPerSecOneCore)}× delivered, ${p100.ratioToRawVerify}× acknowledged); p99 ≤ ${r.targets.p99Ms} ms with every event acknowledged and delivered (${l.acked}/${l.events} acknowledged, ${l.measured}/${l.events} delivered) — ${yes(metAll('latency'))}.

**Server CPU per webhook, Telnyx's load shape** (${r.perWebhookCost.loadShape}; inline verify; each server a child process, CPU of all its threads from /proc, after ${COST_WARMUP} warm-up webhooks; the targets are judged on the ${r.perWebhookCost.relay1.store} store, the other local store ran in the same run for comparison):

| server | subscribers | webhooks | per s | server CPU / webhook | of which main thread | × do-nothing server |
|---|---|---|---|---|---|---|
${[r.perWebhookCost.noop, r.perWebhookCost.verifyOnly, r.perWebhookCost.relay1, r.perWebhookCost.otherStore1, r.perWebhookCost.relay100, r.perWebhookCost.otherStore100].map((c) => `| ${c.server === 'noop' ? 'do-nothing Node HTTP' : c.server === 'verify-only' ? "do-nothing + the relay's Ed25519 check" : `relay, ${c.store} store`} | ${c.subscribers} | ${c.acked}${c.refused ? ` (${c.refused} refused)` : ''} | ${c.perSec} | ${c.serverCpuMicrosPerRequest} µs | ${c.mainThreadMicrosPerRequest} µs | ${round(c.serverCpuMicrosPerRequest / r.perWebhookCost.noop.serverCpuMicrosPerRequest)} |`).join('\n')}

**The floor.** A relay must check every webhook's signature, so no relay costs less than the second row: the
do-nothing server plus the relay's own Ed25519 check, ${round(r.perWebhookCost.verifyOnly.serverCpuMicrosPerRequest / r.perWebhookCost.noop.serverCpuMicrosPerRequest)}× the do-nothing server in this run. The
relay's own work above that floor (parse, log, frame, subscriber write, KPIs, scopes, metrics) is
${r.perWebhookCost.relay1.serverCpuMicrosPerRequest - r.perWebhookCost.verifyOnly.serverCpuMicrosPerRequest} µs per webhook with 1 subscriber and ${r.perWebhookCost.relay100.serverCpuMicrosPerRequest - r.perWebhookCost.verifyOnly.serverCpuMicrosPerRequest} µs with 100. ${
  r.perWebhookCost.verifyOnly.serverCpuMicrosPerRequest > r.targets.relayCostOverNoop1 * r.perWebhookCost.noop.serverCpuMicrosPerRequest
    ? `With the floor above ${r.targets.relayCostOverNoop1}×, the "≤ ${r.targets.relayCostOverNoop1}× the do-nothing server" target cannot be met in this run by any relay that verifies with this check.`
    : `The floor is within ${r.targets.relayCostOverNoop1}× in this run, leaving ${r.targets.relayCostOverNoop1 * r.perWebhookCost.noop.serverCpuMicrosPerRequest - r.perWebhookCost.verifyOnly.serverCpuMicrosPerRequest} µs for the relay's own work.`
} The target was set from an outside measurement in which the do-nothing server cost 163 µs, ${round(163 / r.perWebhookCost.noop.serverCpuMicrosPerRequest)}× what it costs in this run after the warm-up.

**The durable append alone** (\`BENCH_ONLY=append\`: in the bench process, ~1 KB webhooks, CPU per \`append\` with 1 or 16
appends per event-loop turn sharing one write / one commit, two rounds alternating the stores; far less sensitive to
machine load than the table above): ${r.appendCpuMicros.map((a) => `${a.batch} per turn — file log ${a.fileMicros.join(' and ')} µs, SQLite ${a.sqliteMicros.join(' and ')} µs`).join('; ')}.

Where the time goes (\`perf record -e cpu-clock -g\` of the relay process, all threads, kernel included, with
\`BENCH_RELAY_NODE_ARGS=--perf-basic-prof\` for JavaScript names; 2026-12-02 10:50 UTC, 1 subscriber, file log,
steady state, load ~8): the Ed25519 verify (libsodium's field and group arithmetic, SHA-512) 29.5 %; the kernel
16 % (the answer's \`writev\`, the subscriber's \`write\`, which on loopback also does the receiving socket's TCP work,
reads, epoll, the log's \`write\`); Node's HTTP (llhttp, request and response objects, the answer's stream
machinery) most of what is left; the relay's own JavaScript a few per cent each (envelope parse, event frame,
file log with its CRC and index, fan-out, KPIs, scopes, metrics); V8's helper threads 9 %. With 1,000 warm-up
webhooks (this bench until 2026-12-02) the helper threads were still compiling (TurboFan) during the measured
window: 20 µs per webhook in the do-nothing server and 36 µs in the relay, which made both look dearer and the
relay's ratio look better than it is. The relay then ran under tsx; it now runs as the Dockerfile builds it.
With 100 subscribers the extra cost is the subscriber writes: one \`write\` per subscriber per batch (batches held
~11 events here), each doing the receiving socket's TCP work on loopback.

Earlier (same load shape, 1,000 warm-up webhooks, relay under tsx, 2026-12-02 01:46–06:12 UTC, other engineers' work
on the 2 cores): the verify moved from node:crypto to libsodium (~1.7× faster per verify, same answers, unit-tested
against node:crypto), SQLite got a 1 ms group-commit window, and the file log (\`file:<dir>\`, relay/README.md:
records framed with length + CRC-32 appended to segment files, one \`write\` per event-loop turn or 1 ms window,
acknowledged once written to the OS, index rebuilt by a scan at start that cuts off a torn tail) became the default
store, costing 21–33 % fewer µs per webhook than SQLite below heavy load; ratios then read 2.30–3.37× (1 subscriber)
and 3.72–4.91× (100) against a do-nothing server measured at 84–120 µs.

Targets: relay ≤ ${r.targets.relayCostOverNoop1}× the do-nothing server with 1 subscriber — ${yes(metAll('per-webhook CPU, 1 '))}; below a third of smee.io with 100 subscribers (smee measured by the outside review at 1,626 µs = ${round(1626 / 163)}× its do-nothing server, so < ${r.targets.relayCostOverNoop100}× here) — ${yes(metAll('per-webhook CPU, 100 '))}.

Reading it: ${targetRate}/s on this ${r.machine.cpus}-core machine leaves ${budget} µs of CPU per event for everything that runs
here — the relay (verify ${verifyUs} µs, HTTP, parse, the log, fan-out, GC) *and* the load generator and subscribers. With the pool
the event loop no longer verifies (it takes a few jobs only when the workers are full), so one event loop is no longer
the limit (${p10.relayMainThreadMicrosPerEvent} µs per event with 10 subscribers). What is left is total CPU on two shared cores: ${total(p10)} µs per event
with 10 subscribers (relay + bench; loopback work the kernel does outside them not counted), so the target needs both
cores ${util(p10, targetRate)} % busy with useful work; this run got ${util(p10, p10.ingestPerSec)} % (the relay's main thread, its worker, GC threads and the
bench's thread contend for two cores and idle in turn). With 100 subscribers it is ${total(p100)} µs per event — every event
is written to, copied through loopback TCP for, and read by 100 sockets on the same two cores — more than the
${budget} µs the target leaves, so 0.85× cannot be reached here unless each subscriber write itself gets cheaper. Pinning with taskset made
it worse (bench pinned to one CPU: ~7.6k/s vs ~12.6k/s with 10 subscribers), so nothing is pinned. A deployed relay
does not share its cores with its load and its subscribers; there the pool's ceiling is the verify spread over
cores − 1 workers plus the event loop's spare time.

${gateMarkdown(r.gate)}
`;
}
