// The file segment log's own promises, on real files: a write torn by kill -9 (a partial record, a
// record whose bytes do not match their CRC) is cut off at start — nothing acknowledged lost, nothing
// garbage read, and the next appends are not hidden behind it; segments rotate and old ones are
// deleted whole while retention stays exact; damage before the newest segment (power loss without
// fsync) is never read back as data; one process per log directory.
import { spawnSync } from 'node:child_process';
import { appendFileSync, mkdtempSync, readdirSync, readFileSync, rmSync, statSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterEach, describe, expect, it } from 'vitest';
import { openStore } from '../../../relay/src/store';
import { FileStore } from '../../../relay/src/store/file';
import { RecordBatch } from '../../../relay/src/store/segment-format';
import type { EventStore, IncomingEvent } from '../../../relay/src/store/types';

const retention = { maxAgeSecs: 3600, maxEvents: 1000 };
const cleanups: Array<() => Promise<void> | void> = [];
afterEach(async () => {
  for (const c of cleanups.splice(0).reverse()) await c();
});

function logDir(): string {
  const dir = mkdtempSync(join(tmpdir(), 'relay-file-'));
  cleanups.push(() => rmSync(dir, { recursive: true, force: true }));
  return join(dir, 'log');
}

let n = 0;
function incoming(): IncomingEvent {
  n++;
  return { telnyxId: `evt-${n}-${Math.random().toString(36).slice(2)}`, eventType: 'call.hangup', connectionId: null, queue: 'sales', raw: JSON.stringify({ data: { id: n, note: 'x'.repeat(200) } }), signature: 'sig', timestamp: '1700000000', receivedAt: Date.now() };
}

async function open(dir: string, options: Partial<Parameters<typeof FileStore.open>[0]> = {}): Promise<FileStore> {
  const store = await FileStore.open({ dir, retention, ...options });
  cleanups.push(() => store.close());
  return store;
}

const segments = (dir: string) => readdirSync(dir).filter((f) => f.endsWith('.seg')).sort();
const all = async (store: EventStore) => (await store.readAfter(`${store.epoch}.0`, 10_000)).map((e) => e.telnyxId);

/** The bytes one record of `event` takes in a segment. */
function framed(event: IncomingEvent): Buffer {
  const batch = new RecordBatch();
  batch.add(event);
  return Buffer.from(batch.bytes());
}

describe('file log: torn tail', () => {
  it.each([
    ['a partial record (the write was cut short)', (bytes: Buffer) => bytes.subarray(0, bytes.length - 37)],
    ['just part of a header', (bytes: Buffer) => bytes.subarray(0, 5)],
    ['a whole record whose bytes do not match its CRC', (bytes: Buffer) => Buffer.from(bytes).fill(0x41, 60, 70)],
  ])('%s is cut off at start; what was acknowledged is all there and later appends are read back', async (_what, tear) => {
    const dir = logDir();
    const first = await FileStore.open({ dir, retention });
    const acknowledged = [incoming(), incoming(), incoming()];
    const ids = [];
    for (const e of acknowledged) ids.push((await first.append(e)).id);
    await first.close();
    const [segment] = segments(dir);
    const path = join(dir, segment!);
    const validSize = statSync(path).size;
    appendFileSync(path, tear(framed(incoming())));

    const second = await FileStore.open({ dir, retention });
    expect(statSync(path).size).toBe(validSize);
    expect(await all(second)).toEqual(acknowledged.map((e) => e.telnyxId));
    expect(await second.lastId()).toBe(ids[2]);
    const later = incoming();
    const { id: laterId } = await second.append(later);
    expect(second.compareIds(laterId, ids[2]!)).toBeGreaterThan(0);
    await second.close();

    const third = await open(dir);
    expect(await all(third)).toEqual([...acknowledged, later].map((e) => e.telnyxId));
    expect((await third.readAfter(ids[2]!, 10))[0]).toMatchObject({ id: laterId, raw: later.raw, queue: 'sales', connectionId: null });
  });
});

describe('file log: segments', () => {
  it('rotates, deletes whole segments once every event in them is past retention, and reads across them', async () => {
    const dir = logDir();
    const store = await open(dir, { retention: { maxAgeSecs: 3600, maxEvents: 30 }, segmentBytes: 4096 });
    const events = Array.from({ length: 100 }, incoming);
    const ids: string[] = [];
    for (const e of events) ids.push((await store.append(e)).id);
    const files = segments(dir);
    // ~400-byte records, 4 KiB segments: 30 retained events span a handful, none wholly pruned.
    expect(files.length).toBeGreaterThan(1);
    expect(files.length).toBeLessThan(6);
    expect(Number(files[0]!.slice(0, 16))).toBeLessThanOrEqual(71);
    expect(await all(store)).toEqual(events.slice(70).map((e) => e.telnyxId));
    expect((await store.readAfter(ids[80]!, 7)).map((e) => e.id)).toEqual(ids.slice(81, 88));
    expect(await store.canResumeAfter(ids[68]!)).toBe(false);
    expect(await store.canResumeAfter(ids[69]!)).toBe(true);
  });

  it('counts a damaged older segment as pruned: its events are neither read back nor resumed from', async () => {
    const dir = logDir();
    const first = await FileStore.open({ dir, retention, segmentBytes: 4096 });
    const events = Array.from({ length: 30 }, incoming);
    const ids: string[] = [];
    for (const e of events) ids.push((await first.append(e)).id);
    await first.close();
    const files = segments(dir);
    expect(files.length).toBeGreaterThan(2);
    const oldest = join(dir, files[0]!);
    const bytes = readFileSync(oldest);
    writeFileSync(oldest, bytes.subarray(0, bytes.length - 100)); // a lost tail, not the newest segment
    const secondFirstSeq = Number(files[1]!.slice(0, 16));

    const second = await open(dir, { segmentBytes: 4096 });
    expect(await all(second)).toEqual(events.slice(secondFirstSeq - 1).map((e) => e.telnyxId));
    expect(await second.canResumeAfter(ids[0]!)).toBe(false);
    expect(await second.canResumeAfter(ids[secondFirstSeq - 2]!)).toBe(true);
  });
});

describe('file log: one process per directory', () => {
  it('refuses a second open of an open log, and takes over the lock of a process that is gone', async () => {
    const dir = logDir();
    const store = await open(dir);
    await expect(FileStore.open({ dir, retention })).rejects.toThrow(/already open/);
    await store.close();

    const gone = spawnSync(process.execPath, ['-e', 'process.stdout.write(String(process.pid))']).stdout.toString();
    writeFileSync(join(dir, 'lock'), gone);
    const reopened = await open(dir);
    expect(reopened.kind).toBe('file');

    const alive = join(dir, '..', 'other');
    await (await openStore(`file:${alive}`, retention)).close();
    writeFileSync(join(alive, 'lock'), String(process.ppid));
    await expect(FileStore.open({ dir: alive, retention })).rejects.toThrow(new RegExp(`in use by process ${process.ppid}`));
  });

  it('refuses store specs it cannot honour', async () => {
    const dir = logDir();
    for (const bad of ['?sync=sometimes', '?commit_window_ms=-1', '?segment_bytes=10', '?segment_bytes=abc']) {
      await expect(openStore(`file:${dir}${bad}`, retention)).rejects.toThrow(/sync|commit_window_ms|segment_bytes/);
    }
    await expect(openStore('file:', retention)).rejects.toThrow(/directory/);
  });
});
