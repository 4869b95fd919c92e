import type { Redis as RedisClient } from 'ioredis';
import { StoreHealth } from './health';
import type { AppendResult, EventStore, IncomingEvent, RetentionPolicy, StoredEvent, StoreHooks } from './types';
import { AppendListeners, newEpoch, splitRelayId } from './types';

// Dedupe and append in one atomic step, so a redelivery that reaches another relay instance
// (or races this one) can never be appended twice, and a crash can never mark an event seen
// without appending it. Returns {1, streamId} for a new event, {0, streamId} for a duplicate.
const APPEND_SCRIPT = `
local existing = redis.call('GET', KEYS[2])
if existing then return {0, existing} end
local id = redis.call('XADD', KEYS[1], 'MAXLEN', '~', ARGV[1], '*', 'e', ARGV[3])
redis.call('SET', KEYS[2], id, 'EX', ARGV[2])
return {1, id}`;

type StreamEntry = [id: string, fields: string[]];
interface AppendCommand {
  relayAppend(streamKey: string, seenKey: string, maxLen: number, ttlSecs: number, json: string): Promise<[number, string]>;
}

export interface RedisStoreOptions extends StoreHooks {
  url: string;
  retention: RetentionPolicy;
  keyPrefix?: string;
}

/**
 * Redis Streams as a log shared by several relay instances: every instance appends with XADD and
 * tails the whole stream with XREAD, so a desktop connected to any instance sees every event,
 * once, in stream order. Durability is Redis's own (configure appendonly/appendfsync to taste).
 */
export class RedisStore implements EventStore {
  readonly kind = 'redis' as const;
  private readonly listeners = new AppendListeners();
  private readonly streamKey: string;
  private closed = false;
  private tailing: Promise<void> = Promise.resolve();
  private trimTimer: NodeJS.Timeout | undefined;
  private readonly health: StoreHealth;

  static async open(options: RedisStoreOptions): Promise<RedisStore> {
    // Loaded on demand so bundles that do not use Redis never load it.
    const { Redis } = await import('ioredis');
    const connect = async (tail: boolean) => {
      const client = new Redis(options.url, {
        lazyConnect: true,
        protocol: 2, // RESP2 reply shapes (XREAD as [[key, entries]]) on every Redis version
        maxRetriesPerRequest: tail ? null : 2,
        connectionName: tail ? 'switchboard-relay-tail' : 'switchboard-relay',
      });
      await client.connect();
      return client;
    };
    const commands = await connect(false);
    const tail = await connect(true);
    const prefix = options.keyPrefix ?? 'switchboard:relay';
    await commands.set(`${prefix}:epoch`, newEpoch(), 'NX');
    const epoch = (await commands.get(`${prefix}:epoch`))!;
    const store = new RedisStore(commands, tail, epoch, prefix, options.retention, new StoreHealth(options.onProblem));
    const startAfter = (await store.streamInfo())?.lastGenerated ?? '0-0';
    store.tailing = store.tail(startAfter);
    return store;
  }

  private constructor(
    private readonly redis: RedisClient,
    private readonly tailClient: RedisClient,
    readonly epoch: string,
    private readonly prefix: string,
    private readonly retention: RetentionPolicy,
    health: StoreHealth,
  ) {
    this.health = health;
    this.streamKey = `${prefix}:events`;
    redis.defineCommand('relayAppend', { numberOfKeys: 2, lua: APPEND_SCRIPT });
    this.trimTimer = setInterval(
      () =>
        void this.trimByAge().then(
          () => this.health.ok(),
          (error: unknown) => this.health.failed('prune', error),
        ),
      10_000,
    ).unref();
  }

  async append(event: IncomingEvent): Promise<AppendResult> {
    const { parsed: _parsed, ...stored } = event; // the raw body is what is kept
    try {
      const [isNew, streamId] = await (this.redis as unknown as AppendCommand).relayAppend(
        this.streamKey,
        `${this.prefix}:seen:${event.telnyxId}`,
        this.retention.maxEvents,
        this.retention.maxAgeSecs,
        JSON.stringify(stored),
      );
      this.health.ok();
      return { id: `${this.epoch}.${streamId}`, duplicate: isNew === 0 };
    } catch (error) {
      this.health.failed('append', error);
      throw error;
    }
  }

  async readAfter(since: string, limit: number): Promise<StoredEvent[]> {
    const position = this.positionOf(since) ?? '0-0';
    const entries = (await this.redis.call('XRANGE', this.streamKey, `(${position}`, '+', 'COUNT', String(limit))) as StreamEntry[];
    return entries.map((entry) => this.toStored(entry));
  }

  async canResumeAfter(since: string): Promise<boolean> {
    const position = this.positionOf(since);
    const info = await this.streamInfo();
    if (position === null || !info) return false;
    if (compareStreamIds(position, info.lastGenerated) > 0 || compareStreamIds(position, info.maxDeleted) < 0) return false;
    // XTRIM (age and MAXLEN retention) does not move max-deleted-entry-id, so that alone cannot
    // tell. Trims only remove from the head: if nothing was ever removed, or `since` is the newest
    // id, or its entry is still there, then every entry after it is still there too.
    if (info.entriesAdded === info.length || compareStreamIds(position, info.lastGenerated) === 0) return true;
    const still = (await this.redis.call('XRANGE', this.streamKey, position, position, 'COUNT', '1')) as StreamEntry[];
    return still.length > 0;
  }

  async lastId(): Promise<string | null> {
    const info = await this.streamInfo();
    return info && info.length > 0 ? `${this.epoch}.${info.lastGenerated}` : null;
  }

  compareIds(a: string, b: string): number {
    return compareStreamIds(this.positionOf(a) ?? '0-0', this.positionOf(b) ?? '0-0');
  }

  onAppended(listener: (events: StoredEvent[]) => void): () => void {
    return this.listeners.add(listener);
  }

  isHealthy(): boolean {
    return !this.closed && this.redis.status === 'ready' && this.health.healthy;
  }

  async close(): Promise<void> {
    if (this.closed) return;
    this.closed = true;
    clearInterval(this.trimTimer);
    this.tailClient.disconnect(); // aborts the blocking XREAD
    await this.tailing.catch(() => {});
    this.listeners.clear();
    await this.redis.quit().catch(() => this.redis.disconnect());
  }

  /** Follows the stream from `after`, handing each batch to the listeners in order. */
  private async tail(after: string): Promise<void> {
    let cursor = after;
    while (!this.closed) {
      let reply: Array<[key: string, entries: StreamEntry[]]> | null;
      try {
        reply = (await this.tailClient.call('XREAD', 'COUNT', '1000', 'BLOCK', '5000', 'STREAMS', this.streamKey, cursor)) as typeof reply;
      } catch {
        if (this.closed) return;
        await new Promise((r) => setTimeout(r, 200));
        continue;
      }
      const entries = reply?.[0]?.[1] ?? [];
      if (entries.length === 0) continue;
      cursor = entries[entries.length - 1]![0];
      const events = entries.map((entry) => this.toStored(entry));
      this.listeners.emit(events);
    }
  }

  private async streamInfo(): Promise<{ length: number; entriesAdded: number; lastGenerated: string; maxDeleted: string } | null> {
    let flat: unknown[];
    try {
      flat = (await this.redis.call('XINFO', 'STREAM', this.streamKey)) as unknown[];
    } catch (error) {
      // Only a missing stream means "no history yet"; anything else (connection lost, wrong type,
      // permissions) is an error, never a silent `recovered: false`.
      if (error instanceof Error && /no such key/i.test(error.message)) return null;
      throw error;
    }
    const field = (name: string) => flat[flat.indexOf(name) + 1];
    return {
      length: Number(field('length')),
      entriesAdded: Number(field('entries-added')),
      lastGenerated: String(field('last-generated-id')),
      maxDeleted: String(field('max-deleted-entry-id') ?? '0-0'),
    };
  }

  private async trimByAge(): Promise<void> {
    const cutoffMs = Date.now() - this.retention.maxAgeSecs * 1000;
    await this.redis.call('XTRIM', this.streamKey, 'MINID', '~', `${cutoffMs}-0`);
  }

  private positionOf(id: string): string | null {
    const parts = splitRelayId(id);
    if (!parts || parts.epoch !== this.epoch || !/^\d+-\d+$/.test(parts.position)) return null;
    return parts.position;
  }

  private toStored([streamId, fields]: StreamEntry): StoredEvent {
    const event = JSON.parse(fields[1]!) as IncomingEvent;
    return { ...event, id: `${this.epoch}.${streamId}` };
  }
}

function compareStreamIds(a: string, b: string): number {
  const [aMs = 0, aSeq = 0] = a.split('-').map(Number);
  const [bMs = 0, bSeq = 0] = b.split('-').map(Number);
  return aMs - bMs || aSeq - bSeq;
}
