import { describe, expect, it } from 'vitest';
import { MemoryStore } from '../../../relay/src/store/memory';
import type { IncomingEvent, StoredEvent } from '../../../relay/src/store/types';

const event = (telnyxId: string): IncomingEvent => ({
  telnyxId,
  eventType: 'call.initiated',
  connectionId: null,
  queue: null,
  raw: '{}',
  signature: 's',
  timestamp: '0',
  receivedAt: Date.now(),
});

describe('store fan-out', () => {
  it('a throwing listener neither fails the append nor starves the other listeners', async () => {
    const store = new MemoryStore({ maxAgeSecs: 3600, maxEvents: 100 });
    const seen: StoredEvent[] = [];
    store.onAppended(() => {
      throw new Error('broken subscriber');
    });
    store.onAppended((events) => seen.push(...events));
    const first = await store.append(event('a'));
    const second = await store.append(event('b'));
    expect(seen.map((e) => e.id)).toEqual([first.id, second.id]);
    expect(store.compareIds(first.id, second.id)).toBeLessThan(0);
    expect(await store.readAfter(first.id, 10)).toMatchObject([{ id: second.id }]);
  });
});
