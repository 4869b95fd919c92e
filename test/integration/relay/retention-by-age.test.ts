// Retention by age in each relay store (memory, file segment log, SQLite file, real redis-server): an event older
// than `maxAgeSecs` is pruned, a desktop can no longer resume from it (it must resync from REST),
// and newer events stay. Time is driven by Vitest's fake Date and setInterval (the stores' age
// sweeps run on a 10 s interval); Redis itself keeps real time, so its test moves our clock
// forward past its stream ids instead.
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterEach, describe, expect, it, vi } from 'vitest';
import { MemoryStore } from '../../../relay/src/store/memory';
import { FileStore } from '../../../relay/src/store/file';
import { SqliteStore } from '../../../relay/src/store/sqlite';
import { RedisStore } from '../../../relay/src/store/redis';
import type { EventStore, IncomingEvent } from '../../../relay/src/store/types';
import { redisServerMissing, startRedisServer } from '../../support/redis-server';

const MAX_AGE_SECS = 60;
const retention = { maxAgeSecs: MAX_AGE_SECS, maxEvents: 1000 };
const SWEEP_MS = 10_000;

let n = 0;
function incoming(): IncomingEvent {
  n++;
  return {
    telnyxId: `evt-${n}-${Math.random().toString(36).slice(2)}`,
    eventType: 'call.initiated',
    connectionId: '1111',
    queue: null,
    raw: JSON.stringify({ data: { id: n } }),
    signature: 'sig',
    timestamp: String(Math.floor(Date.now() / 1000)),
    receivedAt: Date.now(),
  };
}

/** Everything still in the log, oldest first, as a desktop resuming from the start would read it. */
async function telnyxIdsIn(store: EventStore): Promise<string[]> {
  return (await store.readAfter(`${store.epoch}.0`, 1000)).map((e) => e.telnyxId);
}

/** Polls an async condition a bounded number of times (real setTimeout; Date is fake here). */
async function eventually(check: () => Promise<boolean>, what: string): Promise<void> {
  for (let i = 0; i < 500; i++) {
    if (await check()) return;
    await new Promise((r) => setTimeout(r, 10));
  }
  throw new Error(`never happened: ${what}`);
}

const cleanups: Array<() => Promise<void> | void> = [];
afterEach(async () => {
  vi.useRealTimers();
  for (const c of cleanups.splice(0).reverse()) await c();
});

function fakeClock() {
  vi.useFakeTimers({ toFake: ['Date', 'setInterval', 'clearInterval'], now: Date.now() });
}

describe('relay retention by age', () => {
  it('memory: an append prunes what is older than maxAgeSecs', async () => {
    fakeClock();
    const store = new MemoryStore(retention);
    cleanups.push(() => store.close());
    const { id: beforeId } = await store.append(incoming());
    const old = incoming();
    const { id: oldId } = await store.append(old);
    vi.advanceTimersByTime((MAX_AGE_SECS - 1) * 1000);
    const kept = incoming();
    await store.append(kept);
    expect(await telnyxIdsIn(store)).toHaveLength(3); // 59 s old: still kept
    expect(await store.canResumeAfter(beforeId)).toBe(true);

    vi.advanceTimersByTime(2000); // the first two are now 61 s old
    const fresh = incoming();
    await store.append(fresh);
    expect(await telnyxIdsIn(store)).toEqual([kept.telnyxId, fresh.telnyxId]);
    // A desktop that last saw the first event missed a pruned one: it must resync from REST.
    expect(await store.canResumeAfter(beforeId)).toBe(false);
    // One that saw the newest pruned event missed nothing.
    expect(await store.canResumeAfter(oldId)).toBe(true);
    // A pruned event may be delivered again by Telnyx: it is new to the log, not a duplicate.
    expect((await store.append({ ...old, receivedAt: Date.now() })).duplicate).toBe(false);
  });

  it('SQLite: the age sweep prunes old rows, and a reopened file prunes on open', async () => {
    fakeClock();
    const dir = mkdtempSync(join(tmpdir(), 'relay-retention-'));
    cleanups.push(() => rmSync(dir, { recursive: true, force: true }));
    const path = join(dir, 'relay.db');
    let store = await SqliteStore.open({ path, retention });
    cleanups.push(() => store.close());
    const { id: beforeId } = await store.append(incoming());
    const { id: oldId } = await store.append(incoming());
    vi.advanceTimersByTime(30_000);
    const middle = incoming();
    const { id: middleId } = await store.append(middle);

    vi.advanceTimersByTime(40_000); // the first two are 70 s old, middle 40 s; the 10 s sweep has run
    expect(await telnyxIdsIn(store)).toEqual([middle.telnyxId]);
    expect(await store.canResumeAfter(beforeId)).toBe(false);
    expect(await store.canResumeAfter(oldId)).toBe(true);
    expect(await store.canResumeAfter(middleId)).toBe(true);

    // Closed while middle is still young; reopened after it has aged out: pruned on open, and
    // the pruning survives the restart (a desktop holding its id must resync).
    await store.close();
    vi.setSystemTime(Date.now() + (MAX_AGE_SECS + 5) * 1000);
    store = await SqliteStore.open({ path, retention });
    expect(await telnyxIdsIn(store)).toEqual([]);
    expect(await store.canResumeAfter(oldId)).toBe(false);
    expect(await store.canResumeAfter(middleId)).toBe(true);
    const { id: nextId } = await store.append(incoming());
    expect(store.compareIds(nextId, middleId)).toBeGreaterThan(0); // ids never go back
  });

  it('file log: the age sweep prunes old events, and a reopened log prunes on open', async () => {
    fakeClock();
    const dir = mkdtempSync(join(tmpdir(), 'relay-retention-'));
    cleanups.push(() => rmSync(dir, { recursive: true, force: true }));
    const path = join(dir, 'log');
    let store = await FileStore.open({ dir: path, retention });
    cleanups.push(() => store.close());
    const { id: beforeId } = await store.append(incoming());
    const { id: oldId } = await store.append(incoming());
    vi.advanceTimersByTime(30_000);
    const middle = incoming();
    const { id: middleId } = await store.append(middle);

    vi.advanceTimersByTime(40_000); // the first two are 70 s old, middle 40 s; the 10 s sweep has run
    expect(await telnyxIdsIn(store)).toEqual([middle.telnyxId]);
    expect(await store.canResumeAfter(beforeId)).toBe(false);
    expect(await store.canResumeAfter(oldId)).toBe(true);
    expect(await store.canResumeAfter(middleId)).toBe(true);

    // Closed while middle is still young; reopened after it has aged out: pruned on open (a
    // desktop holding an older id must resync), and ids carry on from where they were.
    await store.close();
    vi.setSystemTime(Date.now() + (MAX_AGE_SECS + 5) * 1000);
    store = await FileStore.open({ dir: path, retention });
    expect(await telnyxIdsIn(store)).toEqual([]);
    expect(await store.canResumeAfter(oldId)).toBe(false);
    expect(await store.canResumeAfter(middleId)).toBe(true);
    const { id: nextId } = await store.append(incoming());
    expect(store.compareIds(nextId, middleId)).toBeGreaterThan(0); // ids never go back
  });

  it.skipIf(redisServerMissing !== null)('Redis: the age sweep trims the stream by id time', async () => {
    const redis = await startRedisServer();
    cleanups.push(() => redis.stop());
    fakeClock();
    const store = await RedisStore.open({ url: redis.url, retention, keyPrefix: `retention-${Date.now()}` });
    cleanups.push(() => store.close());
    const old = incoming();
    const { id: oldId } = await store.append(old);
    const second = incoming();
    const { id: secondId } = await store.append(second);
    expect(await telnyxIdsIn(store)).toEqual([old.telnyxId, second.telnyxId]);

    // Stream ids carry Redis's (real) clock: move ours past them by more than maxAgeSecs and sweep.
    vi.advanceTimersByTime(MAX_AGE_SECS * 1000 + SWEEP_MS);
    await eventually(async () => (await telnyxIdsIn(store)).length === 0, 'old entries trimmed');
    expect(await store.canResumeAfter(oldId)).toBe(false);
    expect(await store.canResumeAfter(secondId)).toBe(true);
    const fresh = incoming();
    const { id: freshId } = await store.append(fresh);
    expect(await telnyxIdsIn(store)).toEqual([fresh.telnyxId]);
    expect(await store.canResumeAfter(freshId)).toBe(true);
  });
});
