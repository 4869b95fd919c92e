/** A verified webhook, as the relay keeps it: the exact bytes Telnyx sent plus its signature headers. */
export interface IncomingEvent {
  telnyxId: string; // data.id, the dedupe key
  eventType: string; // data.event_type
  connectionId: string | null; // data.payload.connection_id, for subscriber filters
  queue: string | null; // data.payload.queue (call.enqueued / call.dequeued)
  /** data.payload.call_control_id / conference_id, for call scopes; absent on events read back from a file or SQLite log. */
  callControlId?: string | null;
  conferenceId?: string | null;
  raw: string; // exact request body
  /**
   * The body as intake parsed it, kept in memory only (the file, SQLite and Redis logs store `raw`): followers in
   * the relay that received it (KPIs, offers) read it instead of parsing `raw` a second time.
   */
  parsed?: { occurredAt: string | undefined; payload: Record<string, unknown> };
  signature: string; // telnyx-signature-ed25519 header
  timestamp: string; // telnyx-timestamp header
  receivedAt: number; // epoch ms
}

export interface StoredEvent extends IncomingEvent {
  /** Relay event id: `<epoch>.<position>`, ordered within an epoch, opaque to clients. */
  id: string;
}

export interface AppendResult {
  id: string;
  duplicate: boolean;
}

export interface RetentionPolicy {
  maxAgeSecs: number;
  maxEvents: number;
}

export interface StoreHooks {
  /** A write (append, prune) started failing; called once per outage, for the log. */
  onProblem?: (what: string, error: unknown) => void;
}

/**
 * The ordered event log. Every implementation guarantees:
 * - `append` resolves only once the event is durable (for its kind of storage);
 * - `onAppended` listeners see every event, once, in id order, only after it is readable by `readAfter`.
 */
export interface EventStore {
  readonly kind: 'memory' | 'file' | 'sqlite' | 'redis';
  readonly epoch: string;
  append(event: IncomingEvent): Promise<AppendResult>;
  /** Events strictly after `since` (a relay id of this epoch), oldest first. */
  readAfter(since: string, limit: number): Promise<StoredEvent[]>;
  /** True when `since` belongs to this epoch and no event after it has been pruned. */
  canResumeAfter(since: string): Promise<boolean>;
  lastId(): Promise<string | null>;
  compareIds(a: string, b: string): number;
  onAppended(listener: (events: StoredEvent[]) => void): () => void;
  isHealthy(): boolean;
  close(): Promise<void>;
}

/** Splits `<epoch>.<position>`; returns null for anything else. */
export function splitRelayId(id: string): { epoch: string; position: string } | null {
  const dot = id.indexOf('.');
  if (dot <= 0 || dot === id.length - 1) return null;
  return { epoch: id.slice(0, dot), position: id.slice(dot + 1) };
}

export function newEpoch(): string {
  return `${Date.now().toString(36)}${Math.floor(Math.random() * 36 ** 4).toString(36).padStart(4, '0')}`;
}

/** Ids of a log numbered 1, 2, 3… within one epoch — `<epoch>.<seq>` (the memory, file and SQLite stores). */
export class SequenceIds {
  constructor(readonly epoch: string) {}

  id(seq: number): string {
    return `${this.epoch}.${seq}`;
  }

  /** The sequence number of one of this log's ids; null for another epoch or any other shape. */
  seq(id: string): number | null {
    const parts = splitRelayId(id);
    if (!parts || parts.epoch !== this.epoch || !/^\d+$/.test(parts.position)) return null;
    return Number(parts.position);
  }

  compare(a: string, b: string): number {
    return (this.seq(a) ?? 0) - (this.seq(b) ?? 0);
  }
}

/** The `onAppended` listeners of a store. */
export class AppendListeners {
  private readonly listeners = new Set<(events: StoredEvent[]) => void>();

  add(listener: (events: StoredEvent[]) => void): () => void {
    this.listeners.add(listener);
    return () => this.listeners.delete(listener);
  }

  emit(events: StoredEvent[]): void {
    for (const listener of this.listeners) {
      try {
        listener(events);
      } catch {
        // A failing listener must not stop the others (every subscriber depends on this fan-out)
        // nor the store's own work (the append that triggered it is already durable).
      }
    }
  }

  clear(): void {
    this.listeners.clear();
  }
}
