// Seeded fuzzing of the relay's two doors (bounded: a few hundred cases, a few seconds). Intake:
// random bodies, signed malformed envelopes, broken headers, huge headers. Websocket: tokens with
// claims of random types, garbage and oversized frames after the upgrade, huge upgrade headers.
// Whatever arrives, the relay answers with a documented status, stores only genuine envelopes,
// keeps serving, and a well-behaved desktop still gets every stored event.
import { request } from 'node:http';
import { connect, type Socket } from 'node:net';
import { SignJWT } from 'jose';
import { WebSocket } from 'ws';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startRelay, type Relay } from '../../../relay/src/index';
import { postEvent, postRaw, TestSubscriber, upgradeStatus } from '../../support/relay-harness';
import { makeTelnyxSigningKey, signWebhook } from '../../support/telnyx-signing';
import { quietLogger } from '../../support/quiet-logger';

const key = makeTelnyxSigningKey();
const SECRET = 'fuzz-test-secret-0123456789abcdefghijkl';
const SEED = Number(process.env.RELAY_FUZZ_SEED ?? 20261201);

/** mulberry32: small, seeded, reproducible (print the seed on failure). */
function random(seed: number): () => number {
  let a = seed >>> 0;
  return () => {
    a = (a + 0x6d2b79f5) >>> 0;
    let t = a;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
}

const rand = random(SEED);
const int = (n: number) => Math.floor(rand() * n);
const pick = <T>(items: readonly T[]): T => items[int(items.length)]!;
const bytes = (n: number) => Buffer.from(Array.from({ length: n }, () => int(256)));
const anyJson = (depth = 0): unknown =>
  pick<() => unknown>([
    () => null,
    () => int(1e6) - 5e5,
    () => rand() < 0.5,
    () => 'x'.repeat(int(20)),
    () => bytes(int(12)).toString('latin1'),
    () => (depth > 2 ? [] : Array.from({ length: int(4) }, () => anyJson(depth + 1))),
    () => (depth > 2 ? {} : Object.fromEntries(Array.from({ length: int(4) }, (_, i) => [`k${i}`, anyJson(depth + 1)]))),
  ])();

let relay: Relay;
let watcher: TestSubscriber;

beforeAll(async () => {
  relay = await startRelay({ telnyxPublicKeys: [key.publicKeyBase64], tokens: ['t'], jwtSecret: SECRET, store: 'memory', logger: quietLogger() });
  watcher = new TestSubscriber(relay.url, 't');
  await watcher.until(() => watcher.frames.some((f) => f.type === 'live'));
});
afterAll(async () => {
  await watcher?.close();
  await relay?.close();
});

/** A request with arbitrary header bytes; resolves with the status or 0 when the relay just closed. */
function rawRequest(head: string, body: Buffer): Promise<number> {
  return new Promise((resolve) => {
    const socket = connect(relay.port, '127.0.0.1', () => socket.end(Buffer.concat([Buffer.from(head, 'latin1'), body])));
    let answer = '';
    socket.on('data', (d: Buffer) => (answer += d.toString('latin1')));
    socket.on('error', () => {});
    socket.on('close', () => resolve(Number(/^HTTP\/1\.1 (\d{3})/.exec(answer)?.[1] ?? 0)));
  });
}

describe(`relay fuzz (seed ${SEED})`, () => {
  it('intake: answers every mutated webhook with a documented status and stores only genuine envelopes', async () => {
    let stored = 0;
    for (let i = 0; i < 200; i++) {
      const kind = int(6);
      if (kind === 0) {
        // Random bytes, random or missing signature headers.
        const headers: Record<string, string> = {};
        if (rand() < 0.7) headers['telnyx-signature-ed25519'] = pick([bytes(64).toString('base64'), 'not base64 !', '']);
        if (rand() < 0.7) headers['telnyx-timestamp'] = pick([String(Math.floor(Date.now() / 1000)), '-1', '1e9', 'x', '']);
        const res = await postRaw(relay.url, bytes(int(2000)), headers);
        expect([400, 401]).toContain(res.status);
      } else if (kind === 1) {
        // Genuinely signed, but not a Telnyx envelope (or not UTF-8).
        const body = rand() < 0.2 ? Buffer.concat([Buffer.from('{"data":{"id":"'), bytes(8), Buffer.from('","event_type":"x"}}')]).toString('latin1') : JSON.stringify(pick([anyJson(), { data: anyJson() }, { data: { id: anyJson(), event_type: anyJson() } }]));
        const signed = signWebhook(key, body);
        const res = await postRaw(relay.url, signed.body, signed.headers);
        expect([200, 400], `${res.status} for ${body.slice(0, 80)}`).toContain(res.status);
        if (res.status === 200 && !(JSON.parse(res.body) as { duplicate: boolean }).duplicate) stored++;
      } else if (kind === 2) {
        // A genuine event with random payload values (queues, ids, conferences of any type).
        const payload = { queue: anyJson(), call_control_id: anyJson(), conference_id: anyJson(), connection_id: anyJson() };
        const res = await postEvent(relay.url, key, pick(['call.enqueued', 'conference.participant.joined', 'call.hangup']), payload);
        expect(res.status).toBe(200);
        stored++;
      } else if (kind === 3) {
        // Huge headers: refused by the HTTP parser (431) before any relay code runs.
        const status = await rawRequest(`POST /webhooks/telnyx HTTP/1.1\r\nHost: r\r\nX-Big: ${'a'.repeat(20_000 + int(50_000))}\r\nContent-Length: 2\r\n\r\n`, Buffer.from('{}'));
        expect([431, 0]).toContain(status);
      } else if (kind === 4) {
        // Broken request lines and framing.
        const head = pick([
          `POST /webhooks/telnyx HTTP/1.1\r\nHost: r\r\nContent-Length: -5\r\n\r\n`,
          `POST /webhooks/telnyx HTTP/1.1\r\nHost: r\r\nTransfer-Encoding: chunked\r\n\r\nzz\r\n`,
          `\u0000\u0001GARBAGE\r\n\r\n`,
          `POST /webhooks/telnyx HTTP/1.1\r\nHost: r\r\nContent-Length: 3\r\nContent-Length: 4\r\n\r\n`,
          `GET /${'%'.repeat(int(100))} HTTP/1.1\r\nHost: r\r\n\r\n`,
        ]);
        const status = await rawRequest(head, bytes(int(8)));
        expect([400, 404, 0]).toContain(status);
      } else {
        // Over the size cap.
        const res = await postRaw(relay.url, Buffer.alloc(1024 * 1024 + 1 + int(1000), 0x20), {});
        expect(res.status).toBe(413);
      }
    }
    expect((await fetch(`${relay.url}/healthz`)).status).toBe(200);
    await watcher.until(() => watcher.events.length === stored);
  });

  it('websocket: refuses tokens with claims of the wrong type and survives garbage frames', async () => {
    for (let i = 0; i < 60; i++) {
      const claims = { queues: anyJson(), connection_ids: anyJson() };
      const valid = (v: unknown) => Array.isArray(v) && v.length > 0 && v.every((x) => typeof x === 'string' && x.length > 0);
      const jwt = await new SignJWT(claims).setProtectedHeader({ alg: 'HS256' }).setSubject(pick(['agent', 'a'.repeat(300)])).setExpirationTime('1h').sign(new TextEncoder().encode(SECRET));
      const status = await upgradeStatus(relay.url, { authorization: `Bearer ${jwt}` });
      expect(status, JSON.stringify(claims)).toBe(valid(claims.queues) && valid(claims.connection_ids) ? 101 : 401);
    }
    for (let i = 0; i < 40; i++) {
      const ws = new WebSocket(`${relay.url.replace('http', 'ws')}/v1/events`, { headers: { authorization: 'Bearer t' } });
      ws.on('error', () => {});
      await new Promise<void>((resolve) => ws.once('open', () => resolve()));
      const closed = new Promise<void>((resolve) => ws.once('close', () => resolve()));
      const kind = int(3);
      if (kind === 0) ws.send(bytes(int(2000)), { binary: rand() < 0.5 });
      else if (kind === 1) ws.send(Buffer.alloc(64 * 1024 + 1 + int(10_000))); // over maxPayload: closed 1009
      else {
        // A complete frame that breaks RFC 6455 (random opcode/RSV bits, unmasked): closed with 1002.
        const length = int(100);
        (ws as unknown as { _socket: Socket })._socket.write(Buffer.concat([Buffer.from([int(256), length]), bytes(length)]));
      }
      if (kind === 0) ws.close();
      await closed;
    }
    const huge = await rawRequest(`GET /v1/events HTTP/1.1\r\nHost: r\r\nUpgrade: websocket\r\nConnection: Upgrade\r\nX-Big: ${'b'.repeat(40_000)}\r\n\r\n`, Buffer.alloc(0));
    expect([431, 0]).toContain(huge);
    // Still serving: a normal desktop connects and receives a new event.
    const after = new TestSubscriber(relay.url, 't');
    await after.until(() => after.frames.some((f) => f.type === 'live'));
    const posted = await postEvent(relay.url, key);
    await after.until(() => after.telnyxIds().includes(posted.telnyxId));
    await after.close();
    expect(await new Promise<number>((resolve) => request(`${relay.url}/readyz`, (res) => resolve(res.statusCode ?? 0)).end())).toBe(200);
  });
});
