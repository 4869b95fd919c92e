import type { AppendResult, EventStore, IncomingEvent, RetentionPolicy, StoredEvent } from './types';
import { AppendListeners, newEpoch, SequenceIds } from './types';

/** In-process log for tests and the desktop's demo mode. Lost on exit. */
export class MemoryStore implements EventStore {
  readonly kind = 'memory' as const;
  private readonly ids = new SequenceIds(newEpoch());
  readonly epoch = this.ids.epoch;
  private readonly events: Array<StoredEvent & { seq: number }> = [];
  private readonly idByTelnyxId = new Map<string, string>();
  private readonly listeners = new AppendListeners();
  private lastSeq = 0;
  private prunedThrough = 0;

  constructor(private readonly retention: RetentionPolicy) {}

  async append(event: IncomingEvent): Promise<AppendResult> {
    const existing = this.idByTelnyxId.get(event.telnyxId);
    if (existing) return { id: existing, duplicate: true };
    const seq = ++this.lastSeq;
    const stored = { ...event, seq, id: this.ids.id(seq) };
    this.events.push(stored);
    this.idByTelnyxId.set(event.telnyxId, stored.id);
    this.prune(Date.now());
    this.listeners.emit([stored]);
    return { id: stored.id, duplicate: false };
  }

  async readAfter(since: string, limit: number): Promise<StoredEvent[]> {
    const seq = this.ids.seq(since) ?? 0;
    const start = this.events.findIndex((e) => e.seq > seq);
    return start < 0 ? [] : this.events.slice(start, start + limit);
  }

  async canResumeAfter(since: string): Promise<boolean> {
    const seq = this.ids.seq(since);
    return seq !== null && seq >= this.prunedThrough && seq <= this.lastSeq;
  }

  async lastId(): Promise<string | null> {
    return this.lastSeq === 0 ? null : this.ids.id(this.lastSeq);
  }

  compareIds(a: string, b: string): number {
    return this.ids.compare(a, b);
  }

  onAppended(listener: (events: StoredEvent[]) => void): () => void {
    return this.listeners.add(listener);
  }

  isHealthy(): boolean {
    return true;
  }

  async close(): Promise<void> {
    this.listeners.clear();
  }

  private prune(now: number): void {
    const oldestAllowed = now - this.retention.maxAgeSecs * 1000;
    let drop = 0;
    while (
      drop < this.events.length &&
      (this.events.length - drop > this.retention.maxEvents || this.events[drop]!.receivedAt < oldestAllowed)
    ) {
      drop++;
    }
    for (const event of this.events.splice(0, drop)) {
      this.idByTelnyxId.delete(event.telnyxId);
      this.prunedThrough = event.seq;
    }
  }
}
