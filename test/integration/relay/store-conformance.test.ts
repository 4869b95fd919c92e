// What every numbered event log of the relay promises (store/types.ts), checked on each of them —
// memory, the file segment log (the default) and SQLite — over real files: dedupe by Telnyx id,
// ordered ids, listeners after durability, paged reads and resume, exact retention by count, and
// for the durable ones the same log (epoch, events, dedupe, numbering) after a reopen.
// Retention by age is in retention-by-age.test.ts, faults in store-faults.test.ts and
// file-store-faults.test.ts, kill -9 in kill9.test.ts.
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterEach, describe, expect, it } from 'vitest';
import { openStore } from '../../../relay/src/store';
import type { EventStore, IncomingEvent, RetentionPolicy, StoredEvent } from '../../../relay/src/store/types';

interface Kind {
  name: string;
  durable: boolean;
  /** A store spec on a fresh location, the same one on every call of `spec()` for one test. */
  location(): () => string;
}

const kinds: Kind[] = [
  { name: 'memory', durable: false, location: () => () => 'memory' },
  { name: 'file', durable: true, location: freshDir((dir) => `file:${join(dir, 'log')}?segment_bytes=4096`) },
  { name: 'file, sync=full', durable: true, location: freshDir((dir) => `file:${join(dir, 'log')}?sync=full&segment_bytes=4096`) },
  { name: 'sqlite', durable: true, location: freshDir((dir) => `sqlite:${join(dir, 'relay.db')}`) },
];

const cleanups: Array<() => Promise<void> | void> = [];
afterEach(async () => {
  for (const c of cleanups.splice(0).reverse()) await c();
});

function freshDir(spec: (dir: string) => string): () => () => string {
  return () => {
    const dir = mkdtempSync(join(tmpdir(), 'relay-conformance-'));
    cleanups.push(() => rmSync(dir, { recursive: true, force: true }));
    return () => spec(dir);
  };
}

async function open(spec: string, retention: RetentionPolicy = { maxAgeSecs: 3600, maxEvents: 1000 }): Promise<EventStore> {
  const store = await openStore(spec, retention);
  cleanups.push(() => store.close());
  return store;
}

let n = 0;
function incoming(overrides: Partial<IncomingEvent> = {}): IncomingEvent {
  n++;
  const raw = JSON.stringify({ data: { id: `evt-${n}`, event_type: 'call.initiated', payload: { caller: 'Zoë ☎', n } } });
  return { telnyxId: `evt-${n}-${Math.random().toString(36).slice(2)}`, eventType: 'call.initiated', connectionId: 'conn-1', queue: null, raw, signature: `sig-${n}`, timestamp: '1700000000', receivedAt: Date.now(), ...overrides };
}

const fromStart = (store: EventStore) => `${store.epoch}.0`;
const telnyxIds = (events: StoredEvent[]) => events.map((e) => e.telnyxId);

describe.each(kinds)('event store conformance: $name', (kind) => {
  it('numbers events in order, stores every field, and dedupes by Telnyx id', async () => {
    const store = await open(kind.location()());
    expect(await store.lastId()).toBeNull();
    const first = incoming({ queue: 'sales', connectionId: null });
    const second = incoming();
    const a = await store.append(first);
    const b = await store.append(second);
    expect(a.duplicate).toBe(false);
    expect(store.compareIds(b.id, a.id)).toBeGreaterThan(0);
    expect(await store.lastId()).toBe(b.id);

    const again = await store.append({ ...first, signature: 'resigned', receivedAt: Date.now() + 5 });
    expect(again).toEqual({ id: a.id, duplicate: true });
    const read = await store.readAfter(fromStart(store), 10);
    expect(read).toHaveLength(2);
    const { parsed: _parsed, callControlId: _cc, conferenceId: _conf, ...kept } = first;
    expect(read[0]).toMatchObject({ ...kept, id: a.id }); // exact bytes, headers and fields, the first copy
    expect(read[1]!.raw).toBe(second.raw);
    expect(await store.lastId()).toBe(b.id);
  });

  it('tells listeners about each new event once, in order, only once it is readable', async () => {
    const store = await open(kind.location()());
    const seen: string[] = [];
    const readable: boolean[] = [];
    store.onAppended((events) => {
      for (const e of events) seen.push(e.telnyxId);
      // Listeners run synchronously: check readability right here, before anything else runs.
      const last = events[events.length - 1]!;
      void store.readAfter(fromStart(store), 1000).then((all) => readable.push(all.some((e) => e.id === last.id)));
    });
    const events = Array.from({ length: 20 }, () => incoming());
    // Concurrent appends (one event-loop turn, so one batch) including a duplicate within the batch.
    const results = await Promise.all([...events, events[3]!].map((e) => store.append(e)));
    expect(results.at(-1)).toEqual({ id: results[3]!.id, duplicate: true });
    expect(new Set(results.map((r) => r.id)).size).toBe(20);
    expect(seen).toEqual(events.map((e) => e.telnyxId));
    await new Promise((resolve) => setImmediate(resolve));
    expect(readable.every(Boolean)).toBe(true);
    const ids = results.slice(0, 20).map((r) => r.id);
    expect([...ids].sort((x, y) => store.compareIds(x, y))).toEqual(ids);
  });

  it('reads after an id in pages, from the start for another epoch, and resumes only within this log', async () => {
    const store = await open(kind.location()());
    const ids: string[] = [];
    const events = Array.from({ length: 25 }, () => incoming());
    for (const e of events) ids.push((await store.append(e)).id);
    expect(telnyxIds(await store.readAfter(ids[9]!, 5))).toEqual(events.slice(10, 15).map((e) => e.telnyxId));
    expect(telnyxIds(await store.readAfter(ids[24]!, 5))).toEqual([]);
    expect(telnyxIds(await store.readAfter('otherepoch.3', 3))).toEqual(events.slice(0, 3).map((e) => e.telnyxId));
    expect(telnyxIds(await store.readAfter('', 100))).toHaveLength(25);
    expect(await store.canResumeAfter(ids[0]!)).toBe(true);
    expect(await store.canResumeAfter(fromStart(store))).toBe(true);
    expect(await store.canResumeAfter('otherepoch.3')).toBe(false);
    expect(await store.canResumeAfter(`${store.epoch}.999`)).toBe(false); // ahead of this log
  });

  it('keeps exactly maxEvents: older events are never read or resumed from, and may arrive again as new', async () => {
    const store = await open(kind.location()(), { maxAgeSecs: 3600, maxEvents: 10 });
    const events = Array.from({ length: 15 }, () => incoming());
    const ids: string[] = [];
    for (const e of events) ids.push((await store.append(e)).id);
    expect(telnyxIds(await store.readAfter(fromStart(store), 100))).toEqual(events.slice(5).map((e) => e.telnyxId));
    expect(telnyxIds(await store.readAfter(ids[1]!, 100))).toEqual(events.slice(5).map((e) => e.telnyxId));
    expect(await store.canResumeAfter(ids[3]!)).toBe(false); // event 5 is gone: a gap
    expect(await store.canResumeAfter(ids[4]!)).toBe(true); // nothing after it is missing
    const redelivered = await store.append({ ...events[0]!, receivedAt: Date.now() });
    expect(redelivered.duplicate).toBe(false);
    expect(store.compareIds(redelivered.id, ids[14]!)).toBeGreaterThan(0);
    expect((await store.append(events[14]!)).duplicate).toBe(true); // still retained
  });

  it.runIf(kind.durable)('is the same log after a reopen: epoch, events, dedupe and numbering', async () => {
    const spec = kind.location();
    const retention = { maxAgeSecs: 3600, maxEvents: 30 };
    const first = await openStore(spec(), retention);
    const events = Array.from({ length: 40 }, () => incoming());
    const ids: string[] = [];
    for (const e of events) ids.push((await first.append(e)).id);
    const epoch = first.epoch;
    await first.close();

    const second = await open(spec(), retention);
    expect(second.epoch).toBe(epoch);
    expect(await second.lastId()).toBe(ids[39]);
    expect(telnyxIds(await second.readAfter(fromStart(second), 100))).toEqual(events.slice(10).map((e) => e.telnyxId));
    expect(await second.canResumeAfter(ids[8]!)).toBe(false);
    expect(await second.canResumeAfter(ids[9]!)).toBe(true);
    expect(await second.append(events[20]!)).toEqual({ id: ids[20], duplicate: true });
    const next = await second.append(incoming());
    expect(second.compareIds(next.id, ids[39]!)).toBeGreaterThan(0);
    expect(telnyxIds(await second.readAfter(ids[38]!, 10))).toEqual([events[39]!.telnyxId, expect.any(String)]);
  });
});
