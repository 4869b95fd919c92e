// A SQLite file locked by another process (or any failing write) must not freeze or kill the relay:
// webhooks get a quick 503 (Telnyx retries), /readyz says 503 while writes fail and 200 once they
// work again, and age pruning reports the failure instead of throwing out of its timer.
import { mkdtempSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { spawn } from 'node:child_process';
import { once } from 'node:events';
import { afterEach, describe, expect, it, vi } from 'vitest';
import { startRelay, type Relay } from '../../../relay/src/index';
import { SqliteStore } from '../../../relay/src/store/sqlite';
import type { IncomingEvent } from '../../../relay/src/store';
import { postEvent } from '../../support/relay-harness';
import { makeTelnyxSigningKey } from '../../support/telnyx-signing';
import { quietLogger } from '../../support/quiet-logger';
import { until, untilAsync } from '../../support/until';

const key = makeTelnyxSigningKey();
const cleanup: Array<() => Promise<void> | void> = [];
const dbPath = () => join(mkdtempSync(join(tmpdir(), 'relay-faults-')), 'relay.db');

/** Another process holding SQLite's write lock, as a backup tool or a stuck writer would. */
async function lockWrites(path: string): Promise<{ release(): Promise<void> }> {
  const holder = spawn(
    process.execPath,
    ['-e', "const db = new (require('better-sqlite3'))(process.argv[1]); db.exec('BEGIN IMMEDIATE'); console.log('locked'); process.stdin.once('data', () => { db.exec('COMMIT'); db.close(); process.exit(0); });", path],
    { stdio: ['pipe', 'pipe', 'inherit'] },
  );
  await once(holder.stdout, 'data');
  let released: Promise<void> | undefined;
  const release = () => (released ??= (async () => {
    const exited = once(holder, 'exit');
    holder.stdin.write('go\n');
    await exited;
  })());
  cleanup.push(release);
  return { release };
}


const readyStatus = async (relay: Relay) => (await fetch(`${relay.url}/readyz`)).status;

afterEach(async () => {
  for (const fn of cleanup.splice(0).reverse()) await fn();
});

describe('a locked SQLite log', () => {
  it('refuses webhooks quickly with 503, fails readiness, and recovers when the lock goes', async () => {
    const path = dbPath();
    const relay = await startRelay({ telnyxPublicKeys: [key.publicKeyBase64], tokens: ['t'], store: `sqlite:${path}`, logger: quietLogger() });
    cleanup.push(() => relay.close());
    expect((await postEvent(relay.url, key)).status).toBe(200);
    expect(await readyStatus(relay)).toBe(200);

    const lock = await lockWrites(path);
    const started = Date.now();
    const refused = await Promise.all(Array.from({ length: 5 }, () => postEvent(relay.url, key)));
    // The busy timeout is 100 ms and appends fail fast once the store knows it is unhealthy.
    expect(Date.now() - started).toBeLessThan(1500);
    expect(refused.map((r) => r.status)).toEqual([503, 503, 503, 503, 503]);
    expect(await readyStatus(relay)).toBe(503);
    const healthz = Date.now();
    expect((await fetch(`${relay.url}/healthz`)).status).toBe(200);
    expect(Date.now() - healthz).toBeLessThan(500); // the event loop is not stuck on the lock

    await lock.release();
    await untilAsync(async () => (await readyStatus(relay)) === 200, '/readyz 200', 10_000);
    expect((await postEvent(relay.url, key)).status).toBe(200);
  });

  it('age pruning that fails marks the store unhealthy, reports once, and never throws', async () => {
    const path = dbPath();
    const problems: string[] = [];
    // The prune timer is driven by the test (setInterval only; probes and flushes run for real).
    vi.useFakeTimers({ toFake: ['setInterval'] });
    cleanup.push(() => void vi.useRealTimers());
    const store = await SqliteStore.open({
      path,
      retention: { maxAgeSecs: 1, maxEvents: 1000 },
      pruneIntervalMs: 1000,
      probeIntervalMs: 20,
      onProblem: (what) => problems.push(what),
    });
    cleanup.push(() => store.close());
    const old = (i: number): IncomingEvent => ({
      telnyxId: `old-${i}`, eventType: 'call.initiated', connectionId: null, queue: null, raw: '{}', signature: 's', timestamp: '0', receivedAt: Date.now() - 60_000,
    });
    const lock = await lockWrites(path);
    await expect(store.append(old(0))).rejects.toThrow();
    expect(store.isHealthy()).toBe(false);
    await lock.release();
    await until(() => store.isHealthy(), 'store healthy', 5000);
    // The probe pruned nothing yet (nothing was stored); now three events past retention.
    for (let i = 1; i <= 3; i++) await store.append(old(i));
    const lock2 = await lockWrites(path);
    expect(() => vi.advanceTimersByTime(1000)).not.toThrow(); // the prune runs into the lock
    expect(problems).toEqual(['append', 'prune']);
    expect(store.isHealthy()).toBe(false);
    await lock2.release();
    await until(() => store.isHealthy(), 'store healthy', 5000);
    expect(await store.readAfter('', 10)).toEqual([]); // the probe's prune caught up
    expect(problems).toEqual(['append', 'prune']);
  });
});
