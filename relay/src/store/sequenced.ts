import { StoreHealth } from './health';
import type { AppendResult, EventStore, IncomingEvent, StoredEvent, StoreHooks } from './types';
import { AppendListeners, SequenceIds } from './types';

/**
 * What the memory, file and SQLite logs share: ids `<epoch>.<seq>` numbered 1, 2, 3… by this process,
 * resumability (`since` within the epoch and not pruned), listeners and health.
 */
export abstract class SequencedStore implements EventStore {
  abstract readonly kind: 'memory' | 'file' | 'sqlite';
  protected readonly ids: SequenceIds;
  protected readonly listeners = new AppendListeners();
  protected readonly health: StoreHealth;
  /** Highest seq ever assigned (never reused, even after pruning). */
  protected lastSeq = 0;
  /** Every seq up to this one has been pruned. */
  protected prunedThrough = 0;

  constructor(
    readonly epoch: string,
    hooks: StoreHooks = {},
  ) {
    this.ids = new SequenceIds(epoch);
    this.health = new StoreHealth(hooks.onProblem);
  }

  abstract append(event: IncomingEvent): Promise<AppendResult>;
  abstract readAfter(since: string, limit: number): Promise<StoredEvent[]>;
  abstract close(): Promise<void>;

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
    return this.health.healthy;
  }
}
