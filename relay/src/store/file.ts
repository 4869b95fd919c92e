import { closeSync, fdatasyncSync, fstatSync, fsyncSync, ftruncateSync, mkdirSync, openSync, readdirSync, readFileSync, unlinkSync } from 'node:fs';
import { join, resolve as resolvePath } from 'node:path';
import { performance } from 'node:perf_hooks';
import { readAt, readOrCreateEpoch, releaseLock, SEGMENT_NAME, segmentName, takeLock, writeAt } from './log-dir';
import { decodeRecord, RecordBatch, scanRecords } from './segment-format';
import { SequencedStore } from './sequenced';
import type { AppendResult, IncomingEvent, RetentionPolicy, StoredEvent, StoreHooks } from './types';

export interface FileStoreOptions extends StoreHooks {
  /** Directory of the log: `epoch`, `lock` and the segment files `<first seq>.seg`. */
  dir: string;
  retention: RetentionPolicy;
  /**
   * `normal` (default): a batch is acknowledged once written to the OS (no fsync), so it survives
   * the relay process dying (kill -9, OOM, crash) but not the machine losing power — like SQLite's
   * WAL with synchronous=NORMAL. `full` fdatasyncs every batch: survives power loss too.
   */
  sync?: 'full' | 'normal';
  /** Group-commit window, as SqliteStoreOptions.commitWindowMs (default 1 ms; 0 = one write per turn). */
  commitWindowMs?: number;
  /** A new segment starts once the current one holds this many bytes (default 16 MiB). */
  segmentBytes?: number;
  /** Age-based pruning period (default 10 s). */
  pruneIntervalMs?: number;
  /** While writes fail, how often one probe write checks whether they work again (default 1 s). */
  probeIntervalMs?: number;
}

interface PendingAppend {
  event: IncomingEvent;
  resolve: (result: AppendResult) => void;
  reject: (error: unknown) => void;
}

/** One segment file; its records hold seqs firstSeq, firstSeq + 1, … in order. */
interface Segment {
  firstSeq: number;
  path: string;
  fd: number;
  /** Bytes of valid, written records (the active segment's next write goes here). */
  size: number;
  offsets: number[];
  receivedAt: number[];
  telnyxIds: string[];
}

const DEFAULT_SEGMENT_BYTES = 16 * 1024 * 1024;
const PROBE = Buffer.alloc(4096);

/**
 * The default single-instance log: append-only segment files. Appends of one event-loop turn (or
 * one commit window) are framed into one buffer and written with one write at the end of the log;
 * no webhook is acknowledged before that write returns. An in-memory index (seq → offset, Telnyx id
 * → seq over the retained events), rebuilt by scanning the segments at start, serves dedupe and
 * replays; the scan cuts off a torn tail. Retention is exact (a pruned event is never read back or
 * resumed from); the files go whole segments at a time. Failures (full disk, I/O error) refuse the
 * batch, cut the partial write back off, mark the store unhealthy and never throw out of a timer;
 * while unhealthy, appends fail at once and one probe write per `probeIntervalMs` finds out when
 * writes work again.
 */
export class FileStore extends SequencedStore {
  readonly kind = 'file' as const;
  private readonly segments: Segment[];
  private readonly seqByTelnyxId = new Map<string, number>();
  private readonly batch = new RecordBatch();
  private queue: PendingAppend[] = [];
  private flushScheduled = false;
  private flushTimer: NodeJS.Timeout | undefined;
  private lastFlushAt = -Infinity;
  private closed = false;
  private readonly ageTimer: NodeJS.Timeout;
  private probeTimer: NodeJS.Timeout | undefined;

  static async open(options: FileStoreOptions): Promise<FileStore> {
    const dir = resolvePath(options.dir);
    mkdirSync(dir, { recursive: true });
    takeLock(dir);
    try {
      return new FileStore({ ...options, dir }, readOrCreateEpoch(dir));
    } catch (error) {
      releaseLock(dir);
      throw error;
    }
  }

  private constructor(
    private readonly options: FileStoreOptions,
    epoch: string,
  ) {
    super(epoch, options);
    this.segments = this.scan();
    this.pruneByCount();
    this.pruneByAge();
    this.ageTimer = setInterval(() => this.pruneByAge(), options.pruneIntervalMs ?? 10_000).unref();
  }

  append(event: IncomingEvent): Promise<AppendResult> {
    if (this.closed) return Promise.reject(new Error('store closed'));
    if (!this.health.healthy) return Promise.reject(new Error('store unavailable (writes failing)'));
    return new Promise((resolve, reject) => {
      this.queue.push({ event, resolve, reject });
      if (!this.flushScheduled) {
        this.flushScheduled = true;
        const wait = this.lastFlushAt + (this.options.commitWindowMs ?? 1) - performance.now();
        if (wait <= 0) setImmediate(() => this.flush());
        else this.flushTimer = setTimeout(() => this.flush(), wait);
      }
    });
  }

  async readAfter(since: string, limit: number): Promise<StoredEvent[]> {
    let seq = Math.max(this.ids.seq(since) ?? 0, this.prunedThrough) + 1;
    const out: StoredEvent[] = [];
    for (const seg of this.segments) {
      const count = seg.offsets.length;
      if (out.length >= limit) break;
      if (seg.firstSeq + count <= seq) continue;
      const from = Math.max(seq, seg.firstSeq) - seg.firstSeq;
      const to = Math.min(count, from + limit - out.length);
      const start = seg.offsets[from]!;
      const bytes = readAt(seg.fd, start, (to < count ? seg.offsets[to]! : seg.size) - start);
      for (let i = from; i < to; i++) out.push({ ...decodeRecord(bytes, seg.offsets[i]! - start), id: this.ids.id(seg.firstSeq + i) });
      seq = seg.firstSeq + to;
    }
    return out;
  }

  async close(): Promise<void> {
    if (this.closed) return;
    clearTimeout(this.flushTimer);
    this.flush();
    this.closed = true;
    clearInterval(this.ageTimer);
    clearTimeout(this.probeTimer);
    this.listeners.clear();
    for (const seg of this.segments) closeSync(seg.fd);
    releaseLock(this.options.dir);
  }

  private get active(): Segment {
    return this.segments[this.segments.length - 1]!;
  }

  private flush(): void {
    this.flushScheduled = false;
    this.flushTimer = undefined;
    const pending = this.queue;
    if (pending.length === 0) return;
    this.queue = [];
    this.lastFlushAt = performance.now();
    // Dedupe against the log and within the batch; new events get the next seqs, in order.
    const results: Array<AppendResult & { seq: number; at: number }> = [];
    const inBatch = new Map<string, number>();
    let seq = this.lastSeq;
    this.batch.reset();
    for (const { event } of pending) {
      const existing = this.seqByTelnyxId.get(event.telnyxId) ?? inBatch.get(event.telnyxId);
      if (existing !== undefined) {
        results.push({ id: this.ids.id(existing), seq: existing, duplicate: true, at: -1 });
        continue;
      }
      inBatch.set(event.telnyxId, ++seq);
      results.push({ id: this.ids.id(seq), seq, duplicate: false, at: this.batch.add(event) });
    }
    let seg: Segment;
    try {
      seg = this.writeBatch();
    } catch (error) {
      this.writeFailed('append', error);
      for (const p of pending) p.reject(error);
      return;
    }
    this.health.ok();
    const appended: StoredEvent[] = [];
    results.forEach((result, i) => {
      const { event, resolve } = pending[i]!;
      if (!result.duplicate) {
        seg.offsets.push(seg.size + result.at);
        seg.receivedAt.push(event.receivedAt);
        seg.telnyxIds.push(event.telnyxId);
        this.seqByTelnyxId.set(event.telnyxId, result.seq);
        appended.push({ ...event, id: result.id });
      }
      resolve({ id: result.id, duplicate: result.duplicate });
    });
    seg.size += this.batch.length;
    this.lastSeq = seq;
    this.pruneByCount();
    if (appended.length) this.listeners.emit(appended);
  }

  /** Writes the framed batch at the end of the log (a new segment when the active one is full). */
  private writeBatch(): Segment {
    if (this.batch.length === 0) return this.active;
    let seg = this.active;
    if (seg.size >= (this.options.segmentBytes ?? DEFAULT_SEGMENT_BYTES) && seg.offsets.length > 0) {
      seg = this.createSegment(this.lastSeq + 1);
      this.segments.push(seg);
    }
    try {
      writeAt(seg.fd, this.batch.bytes(), seg.size);
      if (this.options.sync === 'full') fdatasyncSync(seg.fd);
    } catch (error) {
      // A partial write must not stay in front of the next batch; the probe retries if this fails.
      try {
        ftruncateSync(seg.fd, seg.size);
      } catch {
        // left for the probe
      }
      throw error;
    }
    return seg;
  }

  private pruneByCount(): void {
    const { maxEvents } = this.options.retention;
    if (this.lastSeq - this.prunedThrough > maxEvents) this.pruneThrough(this.lastSeq - maxEvents);
  }

  private pruneByAge(): void {
    if (this.closed) return;
    try {
      const cutoff = Date.now() - this.options.retention.maxAgeSecs * 1000;
      let through = this.prunedThrough;
      for (const seg of this.segments) {
        let i = Math.max(0, through + 1 - seg.firstSeq);
        while (i < seg.receivedAt.length && seg.receivedAt[i]! < cutoff) i++;
        through = Math.max(through, seg.firstSeq + i - 1);
        if (i < seg.receivedAt.length) break;
      }
      this.pruneThrough(through);
    } catch (error) {
      this.writeFailed('prune', error);
    }
  }

  /**
   * Forgets every event up to `seq` (never read, resumed from, or deduped against again), then
   * deletes the segments that hold nothing newer; the active segment always stays. A deletion that
   * fails is reported (health, log) and retried by the probe, never thrown.
   */
  private pruneThrough(seq: number): void {
    for (const seg of this.segments) {
      const from = Math.max(this.prunedThrough + 1, seg.firstSeq);
      const to = Math.min(seq, seg.firstSeq + seg.offsets.length - 1);
      for (let s = from; s <= to; s++) {
        const id = seg.telnyxIds[s - seg.firstSeq]!;
        if (this.seqByTelnyxId.get(id) === s) this.seqByTelnyxId.delete(id);
      }
    }
    this.prunedThrough = Math.max(this.prunedThrough, seq);
    while (this.segments.length > 1 && this.segments[0]!.firstSeq + this.segments[0]!.offsets.length - 1 <= this.prunedThrough) {
      const oldest = this.segments[0]!;
      try {
        unlinkSync(oldest.path);
      } catch (error) {
        if ((error as NodeJS.ErrnoException).code !== 'ENOENT') {
          this.writeFailed('prune', error);
          return;
        }
      }
      closeSync(oldest.fd);
      this.segments.shift();
    }
  }

  private writeFailed(what: string, error: unknown): void {
    this.health.failed(what, error);
    if (!this.probeTimer && !this.closed) this.scheduleProbe();
  }

  /** Cuts off what a failed write left, then one small real write (undone) per interval until one succeeds. */
  private scheduleProbe(): void {
    this.probeTimer = setTimeout(() => {
      this.probeTimer = undefined;
      if (this.closed) return;
      const seg = this.active;
      try {
        ftruncateSync(seg.fd, seg.size);
        writeAt(seg.fd, PROBE, seg.size);
        ftruncateSync(seg.fd, seg.size);
      } catch {
        try {
          ftruncateSync(seg.fd, seg.size); // not even the probe's bytes stay behind
        } catch {
          // the next probe tries again
        }
        this.scheduleProbe();
        return;
      }
      this.health.ok();
      this.pruneByAge();
    }, this.options.probeIntervalMs ?? 1000).unref();
  }

  /** Reads every segment into the index, cutting a torn tail off the newest. */
  private scan(): Segment[] {
    const names = readdirSync(this.options.dir).filter((n) => SEGMENT_NAME.test(n)).sort();
    const segments: Segment[] = [];
    for (const [i, name] of names.entries()) {
      const path = join(this.options.dir, name);
      const { records, validBytes } = scanRecords(readFileSync(path));
      const fd = openSync(path, 'r+');
      const seg: Segment = {
        firstSeq: Number(SEGMENT_NAME.exec(name)![1]),
        path,
        fd,
        size: validBytes,
        offsets: records.map((r) => r.offset),
        receivedAt: records.map((r) => r.receivedAt),
        telnyxIds: records.map((r) => r.telnyxId),
      };
      segments.push(seg);
      if (fstatSync(fd).size === validBytes) continue;
      if (i === names.length - 1) {
        ftruncateSync(fd, validBytes); // a torn tail: never acknowledged
      } else {
        // Damage before the newest segment (a power loss under sync=normal): what this segment and
        // those before it held can no longer be vouched for, so it counts as pruned.
        this.prunedThrough = Number(SEGMENT_NAME.exec(names[i + 1]!)![1]) - 1;
      }
    }
    if (segments.length === 0) segments.push(this.createSegment(1));
    const newest = segments[segments.length - 1]!;
    this.lastSeq = newest.firstSeq + newest.offsets.length - 1;
    this.prunedThrough = Math.max(this.prunedThrough, segments[0]!.firstSeq - 1);
    for (const seg of segments) {
      seg.telnyxIds.forEach((id, i) => {
        if (seg.firstSeq + i > this.prunedThrough) this.seqByTelnyxId.set(id, seg.firstSeq + i);
      });
    }
    return segments;
  }

  private createSegment(firstSeq: number): Segment {
    const path = join(this.options.dir, segmentName(firstSeq));
    // 'w': a file left by a rotation that failed half-way holds nothing acknowledged.
    const fd = openSync(path, 'w+');
    if (this.options.sync === 'full') {
      // The new file's directory entry must survive a power cut too, or its records go with it.
      const dir = openSync(this.options.dir, 'r');
      try {
        fsyncSync(dir);
      } finally {
        closeSync(dir);
      }
    }
    return { firstSeq, path, fd, size: 0, offsets: [], receivedAt: [], telnyxIds: [] };
  }
}
