import type { KeyObject } from 'node:crypto';
import { Worker } from 'node:worker_threads';
import type { Logger } from 'pino';
import { nodeCryptoVerifier, rawEd25519PublicKey, type TelnyxVerifier } from './ed25519';

/**
 * The Ed25519 verifications of webhooks, spread over `worker_threads` so the event loop keeps doing
 * HTTP, parsing, appends and fan-out while other cores do the ~65 µs verify.
 *
 * - Batched: the jobs submitted during one event-loop turn go out in one message per worker, as one
 *   transferred ArrayBuffer (`[count][results][len, signature, timestamp|body]…`), and come back in
 *   the same buffer with one result byte per job. Per-webhook message passing costs a copy of the
 *   body, not a structured clone and a round trip.
 * - In order: `verify()` promises settle in submission order, whichever worker finished first, so
 *   the appends that follow them keep arrival order (a sender that pipelines, or several workers,
 *   cannot reorder the log).
 * - Fail-safe: only a result byte of exactly 1 for that job accepts it. If a worker dies (crash,
 *   `messageerror`, a malformed reply) the jobs it held are verified inline on the main thread and
 *   the worker is not used again; with no workers left everything is verified inline.
 */
export class VerifyPool {
  private readonly slots: WorkerSlot[] = [];
  /** Every submitted job, oldest first; settled from the head only, so in submission order. */
  private order: Job[] = [];
  private head = 0;
  private batch: Job[] = [];
  private flushScheduled = false;
  private nextBatchId = 1;
  private closing = false;

  constructor(
    private readonly keys: readonly KeyObject[],
    size: number,
    private readonly log: Logger,
    /** The main thread's check (inline fallback); with libsodium the workers load it too. */
    private readonly inline: TelnyxVerifier = nodeCryptoVerifier(keys),
  ) {
    for (let i = 0; i < size; i++) this.slots.push(this.spawn(i));
  }

  /** Workers still in use (0 = everything is verified inline). */
  get liveWorkers(): number {
    return this.slots.filter((slot) => slot.alive).length;
  }

  /** The worker threads, for tests and diagnostics. */
  get workers(): readonly Worker[] {
    return this.slots.map((slot) => slot.worker);
  }

  /** Does `signature` (64 bytes) sign `${timestamp}|${body}` under one of the keys? */
  verify(timestamp: string, body: Buffer, signature: Buffer): Promise<boolean> {
    return new Promise((resolve) => {
      const job: Job = { timestamp, body, signature, result: undefined, resolve };
      this.order.push(job);
      this.batch.push(job);
      if (!this.flushScheduled) {
        this.flushScheduled = true;
        // Everything the HTTP parser hands over in this turn goes out together.
        setImmediate(() => this.flush());
      }
    });
  }

  async close(): Promise<void> {
    this.flush();
    this.closing = true;
    await Promise.all(this.slots.map((slot) => slot.worker.terminate()));
  }

  private spawn(index: number): WorkerSlot {
    // KeyObjects cross to worker threads as they are: the workers need no key parsing of their own.
    const sodiumPath = this.inline.sodiumModulePath;
    const workerData = { keys: this.keys, ...(sodiumPath ? { sodiumPath, rawKeys: this.keys.map(rawEd25519PublicKey) } : {}) };
    const worker = new Worker(WORKER_SOURCE, { eval: true, workerData, name: `relay-verify-${index}` });
    worker.unref(); // the HTTP server keeps the process alive, not the pool
    const slot: WorkerSlot = { worker, alive: true, inFlight: new Map(), jobsInFlight: 0 };
    worker.on('message', (reply: unknown) => this.onReply(slot, reply));
    worker.on('messageerror', (error) => this.retire(slot, error));
    worker.on('error', (error) => this.retire(slot, error));
    worker.on('exit', (code) => this.retire(slot, new Error(`verify worker exited with code ${code}`)));
    return slot;
  }

  /**
   * Hands queued jobs to workers, each up to {@link MAX_JOBS_IN_FLIGHT} (a few messages deep, so a
   * worker never waits for the event loop). When every worker is full the event loop verifies a few
   * of the oldest jobs itself and comes back after polling I/O: spare main-thread time verifies too
   * (caller runs), instead of queueing without bound behind the workers.
   */
  private flush(): void {
    this.flushScheduled = false;
    this.feedWorkers();
    const backlog = this.batch;
    if (backlog.length === 0) return;
    const inline = this.slots.some((slot) => slot.alive) ? Math.min(INLINE_CHUNK, backlog.length) : backlog.length;
    for (const job of backlog.splice(0, inline)) this.verifyInline(job);
    this.settle();
    if (backlog.length && !this.flushScheduled) {
      this.flushScheduled = true;
      setImmediate(() => this.flush());
    }
  }

  private feedWorkers(): void {
    const backlog = this.batch;
    for (;;) {
      if (backlog.length === 0) return;
      let slot: WorkerSlot | undefined;
      for (const candidate of this.slots) {
        if (candidate.alive && candidate.jobsInFlight < MAX_JOBS_IN_FLIGHT && (!slot || candidate.jobsInFlight < slot.jobsInFlight)) slot = candidate;
      }
      if (!slot) return;
      const take = Math.min(backlog.length, MAX_JOBS_PER_MESSAGE, MAX_JOBS_IN_FLIGHT - slot.jobsInFlight);
      this.send(slot, backlog.splice(0, take));
    }
  }

  private send(slot: WorkerSlot, jobs: Job[]): void {
    let size = 4 + jobs.length;
    for (const job of jobs) size += 4 + 64 + job.timestamp.length + 1 + job.body.length;
    const buffer = new ArrayBuffer(size);
    const bytes = Buffer.from(buffer);
    bytes.writeUInt32LE(jobs.length, 0);
    let offset = 4 + jobs.length;
    for (const job of jobs) {
      bytes.writeUInt32LE(job.timestamp.length + 1 + job.body.length, offset);
      job.signature.copy(bytes, offset + 4);
      offset += 68;
      offset += bytes.write(job.timestamp, offset, 'latin1'); // digits only (checked before)
      bytes[offset++] = 0x7c; // '|'
      offset += job.body.copy(bytes, offset);
    }
    const id = this.nextBatchId++;
    slot.inFlight.set(id, jobs);
    slot.jobsInFlight += jobs.length;
    try {
      slot.worker.postMessage({ id, buffer }, [buffer]);
    } catch (error) {
      this.retire(slot, error);
    }
  }

  private onReply(slot: WorkerSlot, reply: unknown): void {
    const { id, buffer } = (reply ?? {}) as { id?: unknown; buffer?: unknown };
    const jobs = typeof id === 'number' ? slot.inFlight.get(id) : undefined;
    if (!jobs || !(buffer instanceof ArrayBuffer) || buffer.byteLength < 4 + jobs.length || new DataView(buffer).getUint32(0, true) !== jobs.length) {
      return this.retire(slot, new Error('malformed reply from verify worker'));
    }
    slot.inFlight.delete(id as number);
    slot.jobsInFlight -= jobs.length;
    const results = new Uint8Array(buffer, 4, jobs.length);
    for (let i = 0; i < jobs.length; i++) jobs[i]!.result = results[i] === 1;
    this.feedWorkers();
    this.settle();
  }

  /** A worker that failed in any way: its jobs are verified here, and it gets no more. */
  private retire(slot: WorkerSlot, reason: unknown): void {
    if (slot.alive) {
      slot.alive = false;
      if (!this.closing) {
        this.log.error(
          { err: reason, worker: slot.worker.threadId, jobs: slot.jobsInFlight, workersLeft: this.liveWorkers },
          'verify worker failed; its webhooks are verified inline',
        );
      }
      void slot.worker.terminate();
    }
    if (slot.inFlight.size === 0) return;
    for (const jobs of slot.inFlight.values()) for (const job of jobs) this.verifyInline(job);
    slot.inFlight.clear();
    slot.jobsInFlight = 0;
    this.settle();
  }

  private verifyInline(job: Job): void {
    if (job.result === undefined) job.result = this.inline.verify(job.timestamp, job.body, job.signature);
  }

  /** Resolves finished jobs from the oldest on, stopping at the first one still being verified. */
  private settle(): void {
    const order = this.order;
    let head = this.head;
    while (head < order.length && order[head]!.result !== undefined) {
      const job = order[head]!;
      order[head++] = undefined as unknown as Job; // let the body be collected
      job.resolve(job.result!);
    }
    if (head === order.length) {
      this.order = [];
      head = 0;
    } else if (head > 1024 && head * 2 > order.length) {
      this.order = order.slice(head);
      head = 0;
    }
    this.head = head;
  }
}

/** Jobs per message to a worker (one transferred buffer), and unanswered jobs a worker may hold. */
const MAX_JOBS_PER_MESSAGE = 32;
const MAX_JOBS_IN_FLIGHT = 96;
/** Jobs the event loop verifies itself per turn when every worker is full (~65 µs each). */
const INLINE_CHUNK = 8;

interface Job {
  timestamp: string;
  body: Buffer;
  signature: Buffer;
  result: boolean | undefined;
  resolve: (ok: boolean) => void;
}

interface WorkerSlot {
  worker: Worker;
  alive: boolean;
  inFlight: Map<number, Job[]>;
  jobsInFlight: number;
}

// Plain CommonJS evaluated in the worker (`eval: true`): no file to resolve, so it runs the same under
// tsx, vitest and the esbuild bundle. Writes 1 into the result byte of each job that verifies, 0
// otherwise, and hands the buffer back. Anything unexpected throws, which kills the worker and
// sends its jobs back to the main thread. With \`sodiumPath\` (the main thread verifies with
// libsodium, ed25519.ts) the worker loads that module file and verifies with it too; if it cannot,
// it uses node:crypto.
const WORKER_SOURCE = `
'use strict';
const { parentPort, workerData } = require('node:worker_threads');
const { verify } = require('node:crypto');
const keys = workerData.keys;
let sodium = null;
let rawKeys = [];
if (workerData.sodiumPath) {
  try {
    sodium = require(workerData.sodiumPath);
    rawKeys = workerData.rawKeys.map((key) => Buffer.from(key));
  } catch {
    sodium = null;
  }
}
function verifies(signed, signature) {
  if (sodium) {
    for (const key of rawKeys) {
      try {
        if (sodium.crypto_sign_verify_detached(signature, signed, key) === true) return true;
      } catch {}
    }
    return false;
  }
  for (const key of keys) {
    if (verify(null, signed, key, signature)) return true;
  }
  return false;
}
parentPort.on('message', (message) => {
  const { id, buffer } = message;
  if (!(buffer instanceof ArrayBuffer)) throw new Error('verify worker: bad message');
  const bytes = Buffer.from(buffer);
  const count = bytes.readUInt32LE(0);
  let offset = 4 + count;
  for (let i = 0; i < count; i++) {
    const length = bytes.readUInt32LE(offset);
    const signature = bytes.subarray(offset + 4, offset + 68);
    const signed = bytes.subarray(offset + 68, offset + 68 + length);
    if (signed.length !== length) throw new Error('verify worker: truncated batch');
    offset += 68 + length;
    bytes[4 + i] = verifies(signed, signature) ? 1 : 0;
  }
  parentPort.postMessage({ id, buffer }, [buffer]);
});
`;
