import type { Database, Statement } from 'better-sqlite3';
import { SequencedStore } from './sequenced';
import type { AppendResult, IncomingEvent, RetentionPolicy, StoredEvent, StoreHooks } from './types';
import { newEpoch } from './types';

interface EventRow {
  seq: number;
  telnyx_id: string;
  event_type: string;
  connection_id: string | null;
  queue: string | null;
  raw: string;
  signature: string;
  timestamp: string;
  received_at: number;
}

interface PendingAppend {
  event: IncomingEvent;
  resolve: (result: AppendResult) => void;
  reject: (error: unknown) => void;
}

export interface SqliteStoreOptions extends StoreHooks {
  path: string;
  retention: RetentionPolicy;
  /**
   * `normal` (default): WAL commits are not fsynced, so an acknowledged event survives the relay
   * process dying (kill -9, OOM, crash) but not the machine losing power. `full` fsyncs every group
   * commit: survives power loss, at the cost of the disk's fsync latency on every webhook.
   */
  synchronous?: 'full' | 'normal';
  /**
   * How long one write may wait for another connection's lock. better-sqlite3 waits on the event
   * loop, so this bounds how long a locked file can freeze the relay (default 100 ms).
   */
  busyTimeoutMs?: number;
  /** Age-based pruning period (default 10 s). */
  pruneIntervalMs?: number;
  /** While writes fail, how often one probe write checks whether they work again (default 1 s). */
  probeIntervalMs?: number;
  /**
   * Group-commit window: at most one commit per this many ms (default 1). A webhook that arrives
   * when the last commit is older than this commits at the end of its event-loop turn, as before;
   * under load the webhooks of the window share one commit (and one fan-out write per subscriber).
   * Each commit writes whole WAL pages and takes the file locks, ~60 µs of CPU on the benchmark
   * machine whether it carries one webhook or sixteen. 0 = one commit per event-loop turn.
   */
  commitWindowMs?: number;
}

const DEFAULT_COMMIT_WINDOW_MS = 1;

const SCHEMA = `
  CREATE TABLE IF NOT EXISTS meta (key TEXT PRIMARY KEY, value TEXT NOT NULL);
  CREATE TABLE IF NOT EXISTS events (
    seq INTEGER PRIMARY KEY AUTOINCREMENT,
    telnyx_id TEXT NOT NULL UNIQUE,
    event_type TEXT NOT NULL,
    connection_id TEXT,
    queue TEXT,
    raw TEXT NOT NULL,
    signature TEXT NOT NULL,
    timestamp TEXT NOT NULL,
    received_at INTEGER NOT NULL
  );`;

/** Creates the schema if needed and reads where the log stands. */
function openLog(db: Database, synchronous: 'full' | 'normal' | undefined) {
  db.pragma('journal_mode = WAL');
  db.pragma(`synchronous = ${synchronous === 'full' ? 'FULL' : 'NORMAL'}`);
  db.exec(SCHEMA);
  db.prepare(`INSERT OR IGNORE INTO meta (key, value) VALUES ('epoch', ?)`).run(newEpoch());
  db.prepare(`INSERT OR IGNORE INTO meta (key, value) VALUES ('pruned_through', '0')`).run();
  const meta = (key: string) => db.prepare<{ value: string }>('SELECT value FROM meta WHERE key = ?').get(key)!.value;
  const prunedThrough = Number(meta('pruned_through'));
  const bounds = db.prepare<{ lo: number | null; hi: number | null }>('SELECT MIN(seq) lo, MAX(seq) hi FROM events').get()!;
  // AUTOINCREMENT never reuses a seq, even when every row was pruned.
  const sequence = db.prepare<{ seq: number }>(`SELECT seq FROM sqlite_sequence WHERE name = 'events'`).get();
  const lastSeq = Math.max(bounds.hi ?? 0, sequence?.seq ?? 0, prunedThrough);
  return { epoch: meta('epoch'), prunedThrough, lastSeq, oldestSeq: bounds.lo ?? lastSeq + 1 };
}

/**
 * The default single-instance log: better-sqlite3 in WAL mode. Appends that arrive in the same
 * event-loop turn share one transaction (group commit), so one fsync covers many webhooks and no
 * webhook is acknowledged before its commit. A failed write (locked file, full disk) refuses the
 * webhooks it carried, marks the store unhealthy and never throws out of a timer; while unhealthy,
 * appends fail at once and one probe write per `probeIntervalMs` finds out when writes work again.
 */
export class SqliteStore extends SequencedStore {
  readonly kind = 'sqlite' as const;
  private queue: PendingAppend[] = [];
  private flushScheduled = false;
  private flushTimer: NodeJS.Timeout | undefined;
  /** performance.now() of the last commit, for the group-commit window. */
  private lastFlushAt = -Infinity;
  private oldestSeq: number;
  private closed = false;
  private readonly ageTimer: NodeJS.Timeout;
  private probeTimer: NodeJS.Timeout | undefined;
  private readonly insert: Statement<{ seq: number }>;
  private readonly findByTelnyxId: Statement<{ seq: number }>;
  private readonly selectAfter: Statement<EventRow>;
  private readonly commitBatch: (batch: PendingAppend[]) => Array<AppendResult & { seq: number }>;

  static async open(options: SqliteStoreOptions): Promise<SqliteStore> {
    // Loaded on demand so bundles that only use the memory store never load native code.
    const { default: DatabaseCtor } = await import('better-sqlite3');
    return new SqliteStore(new DatabaseCtor(options.path, { timeout: options.busyTimeoutMs ?? 100 }), options);
  }

  private constructor(
    private readonly db: Database,
    private readonly options: SqliteStoreOptions,
  ) {
    const log = openLog(db, options.synchronous);
    super(log.epoch, options);
    this.prunedThrough = log.prunedThrough;
    this.lastSeq = log.lastSeq;
    this.oldestSeq = log.oldestSeq;
    this.insert = db.prepare(`
      INSERT INTO events (telnyx_id, event_type, connection_id, queue, raw, signature, timestamp, received_at)
      VALUES (?, ?, ?, ?, ?, ?, ?, ?) ON CONFLICT (telnyx_id) DO NOTHING RETURNING seq`);
    this.findByTelnyxId = db.prepare('SELECT seq FROM events WHERE telnyx_id = ?');
    this.selectAfter = db.prepare('SELECT * FROM events WHERE seq > ? ORDER BY seq LIMIT ?');
    this.commitBatch = db.transaction((batch: PendingAppend[]) =>
      batch.map(({ event: e }) => {
        const inserted = this.insert.get(e.telnyxId, e.eventType, e.connectionId, e.queue, e.raw, e.signature, e.timestamp, e.receivedAt);
        if (inserted) return { id: this.ids.id(inserted.seq), seq: inserted.seq, duplicate: false };
        const existing = this.findByTelnyxId.get(e.telnyxId)!;
        return { id: this.ids.id(existing.seq), seq: existing.seq, duplicate: true };
      }),
    );
    this.pruneByAge();
    this.ageTimer = setInterval(() => this.pruneByAge(), options.pruneIntervalMs ?? 10_000).unref();
  }

  append(event: IncomingEvent): Promise<AppendResult> {
    if (this.closed) return Promise.reject(new Error('store closed'));
    // Retrying a failing write on every webhook would freeze the event loop for a busy timeout
    // each time; the probe finds out when writes work again.
    if (!this.health.healthy) return Promise.reject(new Error('store unavailable (writes failing)'));
    return new Promise((resolve, reject) => {
      this.queue.push({ event, resolve, reject });
      if (!this.flushScheduled) {
        this.flushScheduled = true;
        const wait = this.lastFlushAt + (this.options.commitWindowMs ?? DEFAULT_COMMIT_WINDOW_MS) - performance.now();
        if (wait <= 0) setImmediate(() => this.flush());
        else this.flushTimer = setTimeout(() => this.flush(), wait);
      }
    });
  }

  async readAfter(since: string, limit: number): Promise<StoredEvent[]> {
    return this.selectAfter.all(this.ids.seq(since) ?? 0, limit).map((row) => this.toStored(row));
  }

  async close(): Promise<void> {
    if (this.closed) return;
    clearTimeout(this.flushTimer);
    this.flush();
    this.closed = true;
    clearInterval(this.ageTimer);
    clearTimeout(this.probeTimer);
    this.listeners.clear();
    this.db.close();
  }

  private flush(): void {
    this.flushScheduled = false;
    this.flushTimer = undefined;
    const batch = this.queue;
    if (batch.length === 0) return;
    this.queue = [];
    this.lastFlushAt = performance.now();
    let results: Array<AppendResult & { seq: number }>;
    try {
      results = this.commitBatch(batch);
    } catch (error) {
      this.writeFailed('append', error);
      for (const pending of batch) pending.reject(error);
      return;
    }
    this.health.ok();
    const wasEmpty = this.oldestSeq > this.lastSeq;
    const appended: StoredEvent[] = [];
    results.forEach((result, i) => {
      const { event, resolve } = batch[i]!;
      if (!result.duplicate) {
        this.lastSeq = result.seq;
        appended.push({ ...event, id: result.id });
      }
      resolve({ id: result.id, duplicate: result.duplicate });
    });
    if (wasEmpty && appended.length) this.oldestSeq = this.ids.seq(appended[0]!.id)!;
    if (this.lastSeq - this.oldestSeq + 1 > this.options.retention.maxEvents) {
      this.tryPruneThrough(this.lastSeq - this.options.retention.maxEvents);
    }
    if (appended.length) this.listeners.emit(appended);
  }

  private pruneByAge(): void {
    if (this.closed) return;
    const cutoff = Date.now() - this.options.retention.maxAgeSecs * 1000;
    try {
      const newest = this.db.prepare<{ seq: number | null }>('SELECT MAX(seq) seq FROM events WHERE received_at < ?').get(cutoff);
      if (newest?.seq) this.tryPruneThrough(newest.seq);
    } catch (error) {
      this.writeFailed('prune', error);
    }
  }

  /** Pruning is housekeeping: a failure is reported (health, log) and retried later, never thrown. */
  private tryPruneThrough(seq: number): void {
    if (seq < this.oldestSeq) return;
    try {
      this.db.transaction(() => {
        this.db.prepare('DELETE FROM events WHERE seq <= ?').run(seq);
        this.db.prepare(`UPDATE meta SET value = ? WHERE key = 'pruned_through'`).run(String(seq));
      })();
    } catch (error) {
      this.writeFailed('prune', error);
      return;
    }
    this.health.ok();
    this.prunedThrough = seq;
    this.oldestSeq = seq + 1;
  }

  private writeFailed(what: string, error: unknown): void {
    this.health.failed(what, error);
    if (!this.probeTimer && !this.closed) this.scheduleProbe();
  }

  /** One small real write per interval until one succeeds. */
  private scheduleProbe(): void {
    this.probeTimer = setTimeout(() => {
      this.probeTimer = undefined;
      if (this.closed) return;
      try {
        this.db.prepare(`INSERT OR REPLACE INTO meta (key, value) VALUES ('write_probe', ?)`).run(String(Date.now()));
        this.health.ok();
        this.pruneByAge();
      } catch {
        this.scheduleProbe();
      }
    }, this.options.probeIntervalMs ?? 1000).unref();
  }

  private toStored(row: EventRow): StoredEvent {
    return {
      id: this.ids.id(row.seq),
      telnyxId: row.telnyx_id,
      eventType: row.event_type,
      connectionId: row.connection_id,
      queue: row.queue,
      raw: row.raw,
      signature: row.signature,
      timestamp: row.timestamp,
      receivedAt: row.received_at,
    };
  }
}
