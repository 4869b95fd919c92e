// The SQLite log's group-commit window: a webhook after a quiet spell commits at the end of its
// event-loop turn; webhooks arriving within `commitWindowMs` of the last commit wait for one shared
// commit, and none is acknowledged (its append resolved) before that commit. Time is Vitest's fake
// setTimeout and performance clock; event-loop turns (setImmediate) stay real.
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterEach, describe, expect, it, vi } from 'vitest';
import { openStore } from '../../../relay/src/store';
import { SqliteStore } from '../../../relay/src/store/sqlite';
import type { AppendResult, IncomingEvent } from '../../../relay/src/store/types';

const retention = { maxAgeSecs: 3600, maxEvents: 1000 };
let n = 0;
function incoming(): IncomingEvent {
  n++;
  return { telnyxId: `evt-${n}`, eventType: 'call.initiated', connectionId: '1111', queue: null, raw: JSON.stringify({ data: { id: n } }), signature: 'sig', timestamp: '1700000000', receivedAt: Date.now() };
}
const nextTurn = () => new Promise((resolve) => setImmediate(resolve));

const cleanups: Array<() => Promise<void> | void> = [];
afterEach(async () => {
  vi.useRealTimers();
  for (const c of cleanups.splice(0).reverse()) await c();
});

describe('SQLite group-commit window', () => {
  it('commits after a quiet spell at once, then holds what arrives within the window for one commit', async () => {
    vi.useFakeTimers({ toFake: ['setTimeout', 'clearTimeout', 'performance'] });
    const dir = mkdtempSync(join(tmpdir(), 'relay-window-'));
    const store = await SqliteStore.open({ path: join(dir, 'relay.db'), retention, commitWindowMs: 50 });
    cleanups.push(() => rmSync(dir, { recursive: true, force: true }), () => store.close());
    const commits: string[][] = [];
    store.onAppended((events) => commits.push(events.map((e) => e.telnyxId)));

    const first = incoming();
    await store.append(first); // nothing committed for 50 ms: no wait
    expect(commits).toEqual([[first.telnyxId]]);

    const acked: AppendResult[] = [];
    const second = incoming();
    const third = incoming();
    const pending = [store.append(second).then((r) => acked.push(r)), nextTurn().then(() => store.append(third).then((r) => acked.push(r)))];
    await nextTurn();
    await nextTurn();
    expect(commits).toHaveLength(1); // within the window: not committed, not acknowledged
    expect(acked).toEqual([]);

    vi.advanceTimersByTime(50);
    await Promise.all(pending);
    expect(commits).toEqual([[first.telnyxId], [second.telnyxId, third.telnyxId]]);
    expect(acked.map((r) => r.duplicate)).toEqual([false, false]);
    expect((await store.readAfter(`${store.epoch}.0`, 10)).map((e) => e.telnyxId)).toEqual([first.telnyxId, second.telnyxId, third.telnyxId]);
  });

  it('flushes what the window holds when the store closes', async () => {
    vi.useFakeTimers({ toFake: ['setTimeout', 'clearTimeout', 'performance'] });
    const dir = mkdtempSync(join(tmpdir(), 'relay-window-'));
    const path = join(dir, 'relay.db');
    cleanups.push(() => rmSync(dir, { recursive: true, force: true }));
    const store = await SqliteStore.open({ path, retention, commitWindowMs: 1000 });
    await store.append(incoming());
    const held = incoming();
    const ack = store.append(held);
    await store.close();
    expect((await ack).duplicate).toBe(false);
    vi.useRealTimers();
    const reopened = await SqliteStore.open({ path, retention });
    cleanups.push(() => reopened.close());
    expect((await reopened.readAfter(`${reopened.epoch}.0`, 10)).map((e) => e.telnyxId)).toContain(held.telnyxId);
  });

  it('refuses a window that is not a number of milliseconds from 0 to 1000', async () => {
    const dir = mkdtempSync(join(tmpdir(), 'relay-window-'));
    cleanups.push(() => rmSync(dir, { recursive: true, force: true }));
    for (const bad of ['-1', 'abc', '5000']) {
      await expect(openStore(`sqlite:${join(dir, 'r.db')}?commit_window_ms=${bad}`, retention)).rejects.toThrow(/commit_window_ms/);
    }
  });
});
