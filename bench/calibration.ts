/**
 * Calibrations: a yardstick measured in the same run as a benchmark, on the same busy machine.
 * Absolute figures move 1.5–4× between runs on shared 2-core machines; a figure divided by a
 * yardstick measured minutes earlier moves far less, so every result file states its figures
 * both ways and the README quotes the ratio beside the absolute number.
 *
 * - `ed25519Verify`: raw `crypto.verify` of a signed webhook-sized body in a loop, one core
 *   (pure CPU; what the relay spends most of its time on).
 * - `noopHttpServer`: a do-nothing HTTP server (answers `{}`) under keep-alive closed-loop load
 *   (loopback, the kernel and Node's HTTP stack without any application work).
 * - `emptyReactCommit`: React rendering and committing a one-text-node root (React's fixed cost
 *   per update, without any of the console's components).
 *
 * Ratios: a rate is divided by the yardstick's rate (`rateRatio`: 0.8 = 80 % of what the do-nothing
 * server serves); a time is divided by one yardstick unit (`timeRatio`: 12 = as long as twelve
 * Ed25519 verifies / do-nothing requests / empty commits).
 */
import { spawn } from 'node:child_process';
import { generateKeyPairSync, sign, verify } from 'node:crypto';
import { readFileSync } from 'node:fs';
import net from 'node:net';
import { createInterface } from 'node:readline';
import { encodeRequest, runOpenLoop } from './open-loop';

export interface Calibration {
  name: 'ed25519-verify' | 'noop-http-server' | 'empty-react-commit';
  /** One sentence: what was measured and how. */
  what: string;
  /** Units of work per second. */
  rate: number;
  /** Milliseconds per unit of work (median where samples exist, else 1000 / rate). */
  unitMs: number;
  /** Units of work per second of the server's own CPU (do-nothing server only): load-independent capacity. */
  perCpuSecond?: number;
  measuredAt: string;
}

const round = (n: number, digits = 4) => Number(n.toPrecision(digits));

/** figure ÷ yardstick rate. */
export const rateRatio = (rate: number, c: Calibration) => round(rate / c.rate, 3);
/** figure ÷ one yardstick unit of time. */
export const timeRatio = (ms: number, c: Calibration) => round(ms / c.unitMs, 3);
/** "0.79× noop HTTP" / "12.3 Ed25519 verifies" for Markdown. */
export const rateLabel = (rate: number, c: Calibration) => `${rateRatio(rate, c)}× ${shortName[c.name]}`;
export const timeLabel = (ms: number, c: Calibration) => `${timeRatio(ms, c)} ${unitName[c.name]}`;
const shortName: Record<Calibration['name'], string> = {
  'ed25519-verify': 'Ed25519 verify rate',
  'noop-http-server': 'do-nothing HTTP server',
  'empty-react-commit': 'empty React commit rate',
};
const unitName: Record<Calibration['name'], string> = {
  'ed25519-verify': 'Ed25519 verifies',
  'noop-http-server': 'do-nothing requests',
  'empty-react-commit': 'empty commits',
};

/** One line for a result file: "Calibration (same run): …". */
export function calibrationMarkdown(c: Calibration): string {
  const perCpu = c.perCpuSecond === undefined ? '' : `, ${c.perCpuSecond} per second of its own CPU`;
  return `Calibration (same run, ${c.measuredAt}): **${shortName[c.name]} ${round(c.rate, 5)}/s** (${round(c.unitMs * 1000, 4)} µs each${perCpu}) — ${c.what}
A ratio takes out how fast the machine ran this time; it does not take out time slices lost to other processes, so on a loaded machine tails (p99, max) stay inflated even as ratios.`;
}

/** Raw Ed25519 verify of a ~1 KB webhook body, in a loop on this thread, for `ms`. */
export function ed25519Verify(ms = 1000): Calibration {
  const { privateKey, publicKey } = generateKeyPairSync('ed25519');
  const body = Buffer.from(`1764620000|${JSON.stringify({ data: { event_type: 'call.enqueued', payload: { pad: 'x'.repeat(900) } } })}`);
  const signature = sign(null, body, privateKey);
  for (let i = 0; i < 200; i++) verify(null, body, publicKey, signature); // warm-up
  let count = 0;
  const started = performance.now();
  let elapsed = 0;
  while (elapsed < ms) {
    for (let i = 0; i < 100; i++) if (!verify(null, body, publicKey, signature)) throw new Error('verify failed');
    count += 100;
    elapsed = performance.now() - started;
  }
  const rate = (count / elapsed) * 1000;
  return {
    name: 'ed25519-verify',
    what: `\`crypto.verify\` of a signed ~1 KB webhook body in a loop on the bench's main thread for ${ms} ms.`,
    rate: Math.round(rate),
    unitMs: 1000 / rate,
    measuredAt: new Date().toISOString(),
  };
}

/**
 * A do-nothing HTTP server in a child process (optionally behind `pin`, e.g. `taskset -c 0`),
 * driven by `connections` raw keep-alive sockets from this process for `ms` after a short
 * warm-up: closed loop (one request in flight per connection), or — with `openLoopRate` — by the
 * very open-loop client a benchmark uses (bench/open-loop.ts), so its figures compare like for
 * like. unitMs is the median round trip (open loop: median latency from the intended send time);
 * perCpuSecond is answers per second of the server's own CPU (from /proc).
 */
export async function noopHttpServer(options: { connections?: number; ms?: number; pin?: string[]; openLoopRate?: number } = {}): Promise<Calibration> {
  const connections = options.connections ?? 8;
  const ms = options.ms ?? 3000;
  const script = `const s=require('node:http').createServer((q,r)=>{q.resume();q.on('end',()=>{r.writeHead(200,{'content-type':'application/json','content-length':'2'});r.end('{}')})});s.keepAliveTimeout=60000;s.listen(0,'127.0.0.1',()=>console.log(s.address().port));process.on('SIGTERM',()=>process.exit(0));`;
  const [cmd, ...args] = [...(options.pin ?? []), process.execPath, '-e', script];
  const child = spawn(cmd!, args, { stdio: ['ignore', 'pipe', 'inherit'] });
  try {
    const port = await new Promise<number>((resolve, reject) => {
      createInterface({ input: child.stdout! }).once('line', (line) => resolve(Number(line)));
      child.once('exit', (code) => reject(new Error(`do-nothing server exited ${code}`)));
    });
    if (options.openLoopRate) {
      const cpuBefore = cpuSeconds(child.pid!);
      const rate = options.openLoopRate;
      const run = await runOpenLoop({
        host: '127.0.0.1', port, rate, connections, warmupMs: 500, durationMs: ms,
        request: () => encodeRequest('GET', '/', { accept: 'application/json' }),
      });
      const cpu = cpuSeconds(child.pid!) - cpuBefore;
      const answered = Math.floor(((500 + ms) / 1000) * rate) - run.unanswered;
      run.latencies.sort((a, b) => a - b);
      return {
        name: 'noop-http-server',
        what: `a do-nothing Node HTTP server (child process${options.pin?.length ? `, \`${options.pin.join(' ')}\`` : ''}) answering \`{}\`, offered ${rate} req/s open-loop by the bench's own client over ${connections} sockets for ${ms} ms; the unit is its median latency from the intended send time (p99 ${Math.round((run.latencies[Math.floor(run.latencies.length * 0.99)] ?? NaN) * 1000) / 1000} ms).`,
        rate: Math.round(run.answeredPerS),
        unitMs: run.latencies[Math.floor(run.latencies.length / 2)] ?? NaN,
        perCpuSecond: Math.round(answered / cpu),
        measuredAt: new Date().toISOString(),
      };
    }
    const request = Buffer.from('GET / HTTP/1.1\r\nhost: 127.0.0.1\r\nconnection: keep-alive\r\naccept: application/json\r\n\r\n');
    const samples: number[] = [];
    let measuring = false;
    let stop = false;
    const sockets = await Promise.all(
      Array.from({ length: connections }, () => new Promise<net.Socket>((resolve, reject) => {
        const socket = net.connect({ host: '127.0.0.1', port, noDelay: true }, () => resolve(socket));
        socket.once('error', reject);
      })),
    );
    const loops = sockets.map(
      (socket) =>
        new Promise<void>((resolve) => {
          let t0 = 0;
          let received = '';
          const send = () => {
            if (stop) return resolve();
            received = '';
            t0 = performance.now();
            socket.write(request);
          };
          socket.on('data', (chunk: Buffer) => {
            received += chunk.toString('latin1');
            if (!received.endsWith('\r\n\r\n{}')) return; // the whole (tiny) answer is in
            if (measuring) samples.push(performance.now() - t0);
            send();
          });
          send();
        }),
    );
    await new Promise((r) => setTimeout(r, 500));
    const cpuBefore = cpuSeconds(child.pid!);
    measuring = true;
    const started = performance.now();
    await new Promise((r) => setTimeout(r, ms));
    measuring = false;
    const elapsed = performance.now() - started;
    const cpu = cpuSeconds(child.pid!) - cpuBefore;
    const count = samples.length;
    stop = true;
    await Promise.all(loops);
    for (const socket of sockets) socket.destroy();
    samples.sort((a, b) => a - b);
    return {
      name: 'noop-http-server',
      what: `a do-nothing Node HTTP server (child process${options.pin?.length ? `, \`${options.pin.join(' ')}\`` : ''}) answering \`{}\` to ${connections} raw keep-alive connections, closed loop, ${ms} ms; the unit is its median round trip.`,
      rate: Math.round((count / elapsed) * 1000),
      unitMs: samples[Math.floor(samples.length / 2)] ?? NaN,
      perCpuSecond: Math.round(count / cpu),
      measuredAt: new Date().toISOString(),
    };
  } finally {
    child.kill('SIGTERM');
  }
}

/** CPU seconds (user + system) a process has used so far, from /proc (NaN where unavailable). */
export function cpuSeconds(pid: number): number {
  try {
    const fields = readFileSync(`/proc/${pid}/stat`, 'utf8').split(') ')[1]!.split(' ');
    return (Number(fields[11]) + Number(fields[12])) / 100; // utime, stime in clock ticks (USER_HZ = 100)
  } catch {
    return NaN;
  }
}

/**
 * React's cost per update with nothing to render: a root holding one text node, updated with
 * `flushSync` (render + commit) for `ms` after a warm-up (long enough to sample the machine's
 * load, not one quiet moment). Needs a DOM in the globals
 * (happy-dom in the render bench) and uses the React the caller loaded. unitMs is the median.
 */
export async function emptyReactCommit(container: Element, ms = 1000): Promise<Calibration> {
  const { createElement } = (await import('react')).default;
  const { flushSync } = (await import('react-dom')).default;
  const { createRoot } = (await import('react-dom/client')).default;
  const root = createRoot(container);
  const samples: number[] = [];
  const until = performance.now() + ms;
  let n = 0;
  for (; n < 200 || performance.now() < until; n++) {
    const started = performance.now();
    flushSync(() => root.render(createElement('span', null, String(n))));
    if (n >= 200) samples.push(performance.now() - started);
  }
  if (container.textContent !== String(n - 1)) throw new Error('empty commit calibration: the DOM did not update');
  root.unmount();
  samples.sort((a, b) => a - b);
  const median = samples[Math.floor(samples.length / 2)]!;
  return {
    name: 'empty-react-commit',
    what: `\`flushSync\` render + commit of a root holding one changing text node, ${samples.length} times in ${ms} ms after 200 warm-up (same React build and DOM as the bench); the unit is the median.`,
    rate: Math.round(1000 / median),
    unitMs: median,
    measuredAt: new Date().toISOString(),
  };
}
