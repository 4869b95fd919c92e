// Durability: a relay killed with SIGKILL while webhooks are pouring in must still have every
// webhook it acknowledged (2xx) after a restart on the same log — the file segment log (the
// default; the kill may tear its last write, which the restart cuts off) and SQLite.
import type { ChildProcess } from 'node:child_process';
import { mkdtempSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterEach, describe, expect, it } from 'vitest';
import { postEvent, TestSubscriber } from '../../support/relay-harness';
import { spawnRelayProcess } from '../../support/relay-process';
import { makeTelnyxSigningKey } from '../../support/telnyx-signing';

const key = makeTelnyxSigningKey();
const TOKEN = 'desk-token';
const children: ChildProcess[] = [];

async function startRelayProcess(store: string): Promise<{ child: ChildProcess; url: string }> {
  const started = await spawnRelayProcess(['--telnyx-public-key', key.publicKeyBase64, '--store', store], { RELAY_TOKENS: TOKEN });
  children.push(started.child);
  return started;
}

afterEach(() => {
  for (const child of children.splice(0)) if (child.exitCode === null) child.kill('SIGKILL');
});

const stores = [
  { name: 'file', spec: (dir: string) => `file:${join(dir, 'log')}` },
  { name: 'sqlite', spec: (dir: string) => `sqlite:${join(dir, 'relay.db')}` },
];

describe.each(stores)('$name relay under kill -9', ({ spec }) => {
  it('loses no acknowledged webhook', async () => {
    const store = spec(mkdtempSync(join(tmpdir(), 'relay-kill9-')));
    const first = await startRelayProcess(store);
    const acknowledged: string[] = [];
    let killed = false;
    // 24 concurrent posters, so group commits are in flight at the moment of the kill.
    const posters = Array.from({ length: 24 }, async () => {
      for (let i = 0; i < 400 && !killed; i++) {
        try {
          const result = await postEvent(first.url, key);
          if (result.status === 200) acknowledged.push(result.telnyxId);
        } catch {
          return; // connection refused/reset after the kill: not acknowledged
        }
      }
    });
    while (acknowledged.length < 500) await new Promise((r) => setTimeout(r, 10));
    const exited = new Promise((resolve) => first.child.once('exit', resolve));
    first.child.kill('SIGKILL');
    killed = true;
    await exited;
    await Promise.all(posters);
    expect(acknowledged.length).toBeGreaterThanOrEqual(500);

    const second = await startRelayProcess(store);
    const probe = new TestSubscriber(second.url, TOKEN);
    await probe.until(() => probe.hello !== undefined);
    await probe.close();
    // `<epoch>.0` resumes from the very start of this log.
    const all = new TestSubscriber(second.url, TOKEN, `?since=${probe.hello!.epoch}.0`);
    await all.until(() => all.frames.some((f) => f.type === 'live'));
    expect(all.hello!.recovered).toBe(true);
    const stored = all.telnyxIds();
    expect(new Set(stored).size).toBe(stored.length); // no duplicates
    const storedSet = new Set(stored);
    const lost = acknowledged.filter((id) => !storedSet.has(id));
    expect(lost).toEqual([]);
    await all.close();
  });
});
