/**
 * What the reducer remembers about events already applied: their ids (dedupe) and the newest
 * `occurred_at` per entity (ordering). Both are bounded (oldest forgotten first) and both are
 * consulted on every webhook, so they are the one mutable part of the agent model: copying a
 * 5,000-entry set per event made applyEvent O(limit) (bench/engine.bench.ts). The store is the
 * single writer; a model that is not the newest must not be given another event (checked).
 */
export class EventLedger {
  private readonly seen = new Set<string>();
  private readonly clock = new Map<string, number>();
  /** Events noted so far: a model records the count it was made at to detect reuse of an old model. */
  private notedCount = 0;

  constructor(private readonly limit: number) {}

  get size(): number {
    return this.seen.size;
  }

  get count(): number {
    return this.notedCount;
  }

  has(eventId: string): boolean {
    return this.seen.has(eventId);
  }

  newest(entityKey: string): number | undefined {
    return this.clock.get(entityKey);
  }

  /** Notes an event id (and, if given, its entity's clock); the oldest entries go past the limit. */
  note(eventId: string, entity?: { key: string; at: number }): number {
    this.seen.add(eventId);
    if (this.seen.size > this.limit) this.seen.delete(this.seen.values().next().value as string);
    if (entity) {
      const newest = this.clock.get(entity.key);
      this.clock.delete(entity.key); // re-insert so the newest entry is last (forgotten last)
      this.clock.set(entity.key, Math.max(entity.at, newest ?? entity.at));
      if (this.clock.size > this.limit) this.clock.delete(this.clock.keys().next().value as string);
    }
    return ++this.notedCount;
  }
}
