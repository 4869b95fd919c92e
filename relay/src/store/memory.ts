import { SequencedStore } from './sequenced';
import type { AppendResult, IncomingEvent, RetentionPolicy, StoredEvent } from './types';
import { newEpoch } from './types';

/** In-process log for tests and the desktop's demo mode. Lost on exit. */
export class MemoryStore extends SequencedStore {
  readonly kind = 'memory' as const;
  private readonly events: Array<StoredEvent & { seq: number }> = [];
  private readonly idByTelnyxId = new Map<string, string>();

  constructor(private readonly retention: RetentionPolicy) {
    super(newEpoch());
  }

  async append(event: IncomingEvent): Promise<AppendResult> {
    const existing = this.idByTelnyxId.get(event.telnyxId);
    if (existing) return { id: existing, duplicate: true };
    const seq = ++this.lastSeq;
    // The parsed body goes to the listeners, not into the log (it would double what the log holds).
    const { parsed, ...kept } = event;
    const stored = { ...kept, seq, id: this.ids.id(seq) };
    this.events.push(stored);
    this.idByTelnyxId.set(event.telnyxId, stored.id);
    this.prune(Date.now());
    this.listeners.emit([parsed ? { ...stored, parsed } : stored]);
    return { id: stored.id, duplicate: false };
  }

  async readAfter(since: string, limit: number): Promise<StoredEvent[]> {
    const seq = this.ids.seq(since) ?? 0;
    const start = this.events.findIndex((e) => e.seq > seq);
    return start < 0 ? [] : this.events.slice(start, start + limit);
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
