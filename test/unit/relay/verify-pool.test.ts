// The relay's Ed25519 verify worker pool: same answers as the inline check, settled in submission
// order whichever worker finishes first, and a worker crash loses nothing and accepts nothing.
import { Writable } from 'node:stream';
import { afterEach, describe, expect, it } from 'vitest';
import { pino } from 'pino';
import { VerifyPool } from '../../../relay/src/verify-pool';
import { loadTelnyxVerifier } from '../../../relay/src/ed25519';
import { parseTelnyxPublicKey } from '@switchboard/telnyx';
import { makeTelnyxSigningKey, signWebhook, telnyxEvent } from '../../support/telnyx-signing';

const key = makeTelnyxSigningKey();
const rotated = makeTelnyxSigningKey();
const stranger = makeTelnyxSigningKey();
const keys = [parseTelnyxPublicKey(key.publicKeyBase64), parseTelnyxPublicKey(rotated.publicKeyBase64)];

interface Case {
  name: string;
  timestamp: string;
  body: Buffer;
  signature: Buffer;
  genuine: boolean;
}

/** A mix of genuine (either key) and forged / tampered / re-timed webhooks. */
function cases(n: number): Case[] {
  return Array.from({ length: n }, (_, i) => {
    const { body } = telnyxEvent('call.initiated', { i });
    const kind = i % 5;
    const signer = kind === 1 ? rotated : kind === 2 ? stranger : key;
    const signed = signWebhook(signer, body);
    const timestamp = kind === 4 ? String(Number(signed.headers['telnyx-timestamp']) - 1) : signed.headers['telnyx-timestamp'];
    const sentBody = kind === 3 ? body.replace('call.initiated', 'call.answered') : body;
    return {
      name: ['genuine', 'rotated key', 'forged (unknown key)', 'tampered body', 'timestamp swapped'][kind]!,
      timestamp,
      body: Buffer.from(sentBody),
      signature: Buffer.from(signed.headers['telnyx-signature-ed25519'], 'base64'),
      genuine: kind <= 1,
    };
  });
}

function capturingLogger() {
  const lines: Array<{ level: number; msg: string }> = [];
  const stream = new Writable({
    write(chunk: Buffer, _enc, done) {
      lines.push(JSON.parse(chunk.toString()) as { level: number; msg: string });
      done();
    },
  });
  return { log: pino({ level: 'info' }, stream), lines };
}

/** Submits every case at once; returns the results and the order the promises settled in. */
async function verifyAll(pool: VerifyPool, all: Case[]): Promise<{ results: boolean[]; settled: number[] }> {
  const settled: number[] = [];
  const results = await Promise.all(
    all.map((c, i) =>
      pool.verify(c.timestamp, c.body, c.signature).then((ok) => {
        settled.push(i);
        return ok;
      }),
    ),
  );
  return { results, settled };
}

/** Makes a worker throw (an uncaught exception kills it) before it answers anything queued after. */
function crash(pool: VerifyPool, index: number): void {
  pool.workers[index]!.postMessage({ id: -1, buffer: 'not an ArrayBuffer' });
}

let pool: VerifyPool | undefined;
afterEach(async () => {
  await pool?.close();
  pool = undefined;
});

describe('verify worker pool', () => {
  it('accepts exactly the genuine signatures (both rotation keys) and refuses forged, tampered and re-timed ones', async () => {
    pool = new VerifyPool(keys, 2, capturingLogger().log);
    const all = cases(200);
    const { results } = await verifyAll(pool, all);
    expect(results.map((ok, i) => [all[i]!.name, ok])).toEqual(all.map((c) => [c.name, c.genuine]));
    expect(pool.liveWorkers).toBe(2);
  });

  it('with libsodium (the CLI’s check), workers and the inline fallback give the same answers', async () => {
    const verifier = await loadTelnyxVerifier(keys);
    expect(verifier.engine).toBe('libsodium');
    pool = new VerifyPool(keys, 2, capturingLogger().log, verifier);
    const all = cases(200);
    const pending = verifyAll(pool, all);
    crash(pool, 1); // its jobs are verified inline, by libsodium on the main thread
    const { results, settled } = await pending;
    expect(results.map((ok, i) => [all[i]!.name, ok])).toEqual(all.map((c) => [c.name, c.genuine]));
    expect(settled).toEqual(all.map((_, i) => i));
    expect(pool.liveWorkers).toBe(1);
  });

  it('settles in submission order, whichever worker finishes first', async () => {
    pool = new VerifyPool(keys, 3, capturingLogger().log);
    const all = cases(300);
    const { settled } = await verifyAll(pool, all);
    expect(settled).toEqual(all.map((_, i) => i));
  });

  it('verifies a crashed worker’s jobs inline, logs it, and keeps refusing forgeries', async () => {
    const { log, lines } = capturingLogger();
    pool = new VerifyPool(keys, 1, log);
    const all = cases(60);
    const pending = verifyAll(pool, all); // batched on the next turn, queued behind the poison
    crash(pool, 0);
    const { results, settled } = await pending;
    expect(results).toEqual(all.map((c) => c.genuine));
    expect(settled).toEqual(all.map((_, i) => i));
    expect(pool.liveWorkers).toBe(0);
    expect(lines.some((l) => l.level === 50 && /verify worker failed/.test(l.msg))).toBe(true);

    // With no worker left, everything is verified on the main thread, just as strictly.
    const later = cases(10);
    expect((await verifyAll(pool, later)).results).toEqual(later.map((c) => c.genuine));
  });

  it('keeps using the surviving workers after one crashes', async () => {
    pool = new VerifyPool(keys, 2, capturingLogger().log);
    const first = cases(100);
    const pending = verifyAll(pool, first);
    crash(pool, 1);
    expect((await pending).results).toEqual(first.map((c) => c.genuine));
    expect(pool.liveWorkers).toBe(1);
    const second = cases(100);
    const { results, settled } = await verifyAll(pool, second);
    expect(results).toEqual(second.map((c) => c.genuine));
    expect(settled).toEqual(second.map((_, i) => i));
  });
});
