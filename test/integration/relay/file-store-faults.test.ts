// A file log whose writes fail must not freeze or kill the relay (issue 11, fault 3, for the default
// store): webhooks get a quick 503 (Telnyx retries), /readyz says 503 while writes fail and 200 once
// they work again, a half-done write is cut back so nothing refused or torn is ever read, and a
// segment that cannot be deleted is reported, never thrown out of a timer.
// The failing disk is real: the relay process's file size limit (RLIMIT_FSIZE, set with util-linux
// `prlimit` on the running process) makes its next write fail with EFBIG part-way, as a full disk
// fails with ENOSPC; Node ignores SIGXFSZ, so the write returns the error.
import { spawnSync, type ChildProcess } from 'node:child_process';
import { mkdirSync, mkdtempSync, readdirSync, renameSync, rmSync, statSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterEach, describe, expect, it } from 'vitest';
import { FileStore } from '../../../relay/src/store/file';
import type { IncomingEvent } from '../../../relay/src/store/types';
import { postEvent, TestSubscriber } from '../../support/relay-harness';
import { spawnRelayProcess } from '../../support/relay-process';
import { makeTelnyxSigningKey } from '../../support/telnyx-signing';
import { until, untilAsync } from '../../support/until';

const key = makeTelnyxSigningKey();
const TOKEN = 'desk-token';
const children: ChildProcess[] = [];
const cleanups: Array<() => Promise<void> | void> = [];
afterEach(async () => {
  for (const child of children.splice(0)) if (child.exitCode === null) child.kill('SIGKILL');
  for (const c of cleanups.splice(0).reverse()) await c();
});

const prlimitMissing = spawnSync('prlimit', ['--version']).status === 0 ? null : 'util-linux prlimit not installed';
if (prlimitMissing) console.warn(`SKIPPING the failing-disk relay test: ${prlimitMissing}`);

function tempDir(): string {
  const dir = mkdtempSync(join(tmpdir(), 'relay-file-faults-'));
  cleanups.push(() => rmSync(dir, { recursive: true, force: true }));
  return dir;
}

const segments = (dir: string) => readdirSync(dir).filter((f) => f.endsWith('.seg')).sort();

/** The soft limit on the size of any file the process writes (the hard limit stays unlimited). */
function limitFileSize(pid: number, bytes: number | 'unlimited'): void {
  const run = spawnSync('prlimit', ['--pid', String(pid), `--fsize=${bytes}:unlimited`]);
  if (run.status !== 0) throw new Error(`prlimit failed: ${run.stderr.toString()}`);
}

async function startRelayProcess(store: string): Promise<{ child: ChildProcess; url: string }> {
  const started = await spawnRelayProcess(['--telnyx-public-key', key.publicKeyBase64, '--store', store], { RELAY_TOKENS: TOKEN });
  children.push(started.child);
  return started;
}

const readyStatus = async (url: string) => (await fetch(`${url}/readyz`)).status;

describe('a file log on a disk that refuses writes', () => {
  it.skipIf(prlimitMissing !== null)('refuses webhooks quickly with 503, fails readiness, recovers, and keeps nothing refused or torn', async () => {
    const dir = join(tempDir(), 'log');
    const first = await startRelayProcess(`file:${dir}`);
    const acknowledged: string[] = [];
    for (let i = 0; i < 3; i++) {
      const posted = await postEvent(first.url, key);
      expect(posted.status).toBe(200);
      acknowledged.push(posted.telnyxId);
    }
    const segment = join(dir, segments(dir)[0]!);
    const size = statSync(segment).size;
    // Room for 100 more bytes: the next write (a ~700-byte record) gets part-way, then fails.
    limitFileSize(first.child.pid!, size + 100);

    const started = Date.now();
    const refused = await Promise.all(Array.from({ length: 5 }, () => postEvent(first.url, key)));
    expect(Date.now() - started).toBeLessThan(1500);
    expect(refused.map((r) => r.status)).toEqual([503, 503, 503, 503, 503]);
    expect(await readyStatus(first.url)).toBe(503);
    const healthz = Date.now();
    expect((await fetch(`${first.url}/healthz`)).status).toBe(200);
    expect(Date.now() - healthz).toBeLessThan(500); // the event loop is not stuck
    expect(statSync(segment).size).toBe(size); // the part-written record was cut back off

    limitFileSize(first.child.pid!, 'unlimited');
    await untilAsync(async () => (await readyStatus(first.url)) === 200, '/readyz 200', 10_000);
    const after = await postEvent(first.url, key);
    expect(after.status).toBe(200);
    acknowledged.push(after.telnyxId);

    // The log on disk, read by a fresh process: every acknowledged webhook in order, nothing else.
    const exited = new Promise((resolve) => first.child.once('exit', resolve));
    first.child.kill('SIGKILL');
    await exited;
    const second = await startRelayProcess(`file:${dir}`);
    const probe = new TestSubscriber(second.url, TOKEN);
    await probe.until(() => probe.hello !== undefined);
    await probe.close();
    const all = new TestSubscriber(second.url, TOKEN, `?since=${probe.hello!.epoch}.0`);
    await all.until(() => all.frames.some((f) => f.type === 'live'));
    expect(all.telnyxIds()).toEqual(acknowledged);
    await all.close();
  });

  it('a segment that cannot be deleted marks the store unhealthy, reports once, never throws, and recovers', async () => {
    const dir = join(tempDir(), 'log');
    const problems: string[] = [];
    const store = await FileStore.open({
      dir,
      retention: { maxAgeSecs: 3600, maxEvents: 20 },
      segmentBytes: 4096,
      probeIntervalMs: 20,
      onProblem: (what) => problems.push(what),
    });
    cleanups.push(() => store.close());
    let n = 0;
    const incoming = (): IncomingEvent => ({
      telnyxId: `evt-${++n}`, eventType: 'call.initiated', connectionId: null, queue: null, raw: JSON.stringify({ n, pad: 'x'.repeat(300) }), signature: 's', timestamp: '0', receivedAt: Date.now(),
    });
    while (segments(dir).length < 2) await store.append(incoming());
    // The oldest segment's name now holds a directory (something else took it): unlink fails.
    const oldest = join(dir, segments(dir)[0]!);
    renameSync(oldest, `${oldest}.moved`);
    mkdirSync(oldest);
    writeFileSync(join(oldest, 'not-ours'), '');
    for (let i = 0; i < 200 && store.isHealthy(); i++) await store.append(incoming());
    expect(store.isHealthy()).toBe(false);
    expect(problems).toEqual(['prune']);
    await expect(store.append(incoming())).rejects.toThrow(/unavailable/);

    rmSync(oldest, { recursive: true });
    await until(() => store.isHealthy(), 'store healthy', 5000);
    expect(problems).toEqual(['prune']);
    expect((await store.append(incoming())).duplicate).toBe(false);
    expect(await store.readAfter('', 100)).toHaveLength(20);
    // Whole segments are deleted again as retention moves on (20 events of ~400 bytes: ≤ 3 of 4 KiB).
    for (let i = 0; i < 60; i++) await store.append(incoming());
    expect(segments(dir).length).toBeLessThanOrEqual(4);
    expect(store.isHealthy()).toBe(true);
  });
});
