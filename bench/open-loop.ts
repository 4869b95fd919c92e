/**
 * An open-loop HTTP/1.1 load generator: request i is due at start + i / rate whatever happened to
 * the requests before it, and its latency runs from that intended time to the end of its answer.
 * When the server stalls, the requests that fall due meanwhile wait and their wait counts (no
 * coordinated omission: a closed loop would send fewer and report a flattering tail).
 *
 * Cheap on the client so that the client is not what is measured: requests are pre-encoded
 * bytes written to raw keep-alive sockets (pipelined, each goes to the socket with the fewest
 * unanswered), answers are delimited by Content-Length without parsing bodies. The client's own
 * lateness (intended → written) is reported separately; it is part of the latency.
 */
import net from 'node:net';

export interface OpenLoopOptions {
  host: string;
  port: number;
  /** Offered requests per second. */
  rate: number;
  connections: number;
  warmupMs: number;
  durationMs: number;
  /** The n-th request, as complete HTTP/1.1 bytes (keep-alive). */
  request(n: number): Buffer;
  /** After the window: how long unanswered requests still get before they count as unanswered. */
  drainMs?: number;
}

export interface OpenLoopResult {
  /** Latency from intended send time, ms, for requests due inside the measured window (unsorted). */
  latencies: number[];
  /** Intended → written to the socket, ms, same requests. */
  sendLag: number[];
  /** Answers that arrived inside the window, per second. */
  answeredPerS: number;
  /** Answers other than 2xx among measured requests. */
  errors: number;
  /** Measured requests never answered (server stalled past the drain, or a socket closed). */
  unanswered: number;
  windowStart: number;
  windowEnd: number;
}

interface Pending {
  intended: number;
  measured: boolean;
}

export async function runOpenLoop(o: OpenLoopOptions): Promise<OpenLoopResult> {
  const latencies: number[] = [];
  const sendLag: number[] = [];
  let errors = 0;
  let answeredInWindow = 0;
  const started = performance.now() + 20; // sockets connect first
  const windowStart = started + o.warmupMs;
  const windowEnd = windowStart + o.durationMs;
  const total = Math.floor(((o.warmupMs + o.durationMs) / 1000) * o.rate);

  const sockets = await Promise.all(
    Array.from({ length: o.connections }, () => {
      return new Promise<{ socket: net.Socket; queue: Pending[] }>((resolve, reject) => {
        const socket = net.connect({ host: o.host, port: o.port, noDelay: true }, () => resolve({ socket, queue: [] }));
        socket.once('error', reject);
      });
    }),
  );
  for (const s of sockets) {
    let buffer: Buffer = Buffer.alloc(0);
    s.socket.on('data', (chunk: Buffer) => {
      buffer = buffer.length ? Buffer.concat([buffer, chunk]) : chunk;
      for (;;) {
        const headEnd = buffer.indexOf('\r\n\r\n');
        if (headEnd < 0) return;
        const head = buffer.subarray(0, headEnd).toString('latin1');
        if (/\r\ntransfer-encoding:\s*chunked/i.test(head)) throw new Error('open-loop client: chunked answers are not supported');
        const length = Number(/\r\ncontent-length:\s*(\d+)/i.exec(head)?.[1] ?? 0);
        if (buffer.length < headEnd + 4 + length) return;
        buffer = buffer.subarray(headEnd + 4 + length);
        const at = performance.now();
        const pending = s.queue.shift();
        if (!pending) continue;
        if (at >= windowStart && at < windowEnd) answeredInWindow += 1;
        if (!pending.measured) continue;
        latencies.push(at - pending.intended);
        const status = Number(head.slice(9, 12));
        if (status < 200 || status > 299) errors += 1;
      }
    });
  }

  let sent = 0;
  await new Promise<void>((resolve) => {
    const tick = () => {
      const now = performance.now();
      const due = Math.min(total, Math.floor(((now - started) / 1000) * o.rate));
      // At most 256 per tick, so a client that fell behind still reads its answers; a request
      // written late keeps its intended time.
      const until = Math.min(due, sent + 256);
      while (sent < until) {
        const intended = started + (sent * 1000) / o.rate;
        const measured = intended >= windowStart && intended < windowEnd;
        let target = sockets[0]!;
        for (const s of sockets) if (s.queue.length < target.queue.length) target = s;
        target.queue.push({ intended, measured });
        target.socket.write(o.request(sent));
        if (measured) sendLag.push(performance.now() - intended);
        sent += 1;
      }
      if (sent >= total) resolve();
      else if (sent < due) setImmediate(tick);
      else setTimeout(tick, 1);
    };
    tick();
  });
  const drainUntil = performance.now() + (o.drainMs ?? 10_000);
  while (sockets.some((s) => s.queue.length > 0) && performance.now() < drainUntil) await new Promise((r) => setTimeout(r, 5));
  const unanswered = sockets.reduce((n, s) => n + s.queue.filter((p) => p.measured).length, 0);
  for (const s of sockets) s.socket.destroy();
  return { latencies, sendLag, answeredPerS: answeredInWindow / (o.durationMs / 1000), errors, unanswered, windowStart, windowEnd };
}

/** A keep-alive HTTP/1.1 request as bytes. */
export function encodeRequest(method: string, path: string, headers: Record<string, string>, body?: unknown): Buffer {
  const payload = body === undefined ? '' : JSON.stringify(body);
  const lines = [`${method} ${path} HTTP/1.1`, 'host: 127.0.0.1', 'connection: keep-alive', ...Object.entries(headers).map(([k, v]) => `${k}: ${v}`)];
  if (payload) lines.push('content-type: application/json', `content-length: ${Buffer.byteLength(payload)}`);
  return Buffer.from(`${lines.join('\r\n')}\r\n\r\n${payload}`);
}
