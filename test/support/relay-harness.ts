// Helpers for talking to a real relay over loopback sockets in tests.
import { request } from 'node:http';
import { WebSocket } from 'ws';
import { startRelay, type QueueConfigInput, type Relay } from '../../relay/src/index';
import { ManualClock } from './manual-clock';
import type { RedisServerHandle } from './redis-server';
import { quietLogger } from './quiet-logger';
import { signWebhook, telnyxEvent, type TelnyxSigningKey } from './telnyx-signing';

export interface PostResult {
  status: number;
  body: string;
}

/** POSTs raw bytes with the given headers; never throws on HTTP errors. */
export function postRaw(url: string, body: string | Buffer, headers: Record<string, string>): Promise<PostResult> {
  return new Promise((resolve, reject) => {
    const req = request(`${url}/webhooks/telnyx`, { method: 'POST', headers: { ...headers, 'content-length': String(Buffer.byteLength(body)) } }, (res) => {
      const chunks: Buffer[] = [];
      res.on('data', (c: Buffer) => chunks.push(c));
      res.on('end', () => resolve({ status: res.statusCode ?? 0, body: Buffer.concat(chunks).toString() }));
    });
    req.on('error', reject);
    req.end(body);
  });
}

/** Signs and posts a fresh event; returns the Telnyx event id and the relay's answer. */
export async function postEvent(
  url: string,
  key: TelnyxSigningKey,
  eventType = 'call.initiated',
  payload: Record<string, unknown> = {},
  occurredAt?: string,
): Promise<{ telnyxId: string; status: number; relayId?: string }> {
  const event = telnyxEvent(eventType, payload, undefined, occurredAt);
  const signed = signWebhook(key, event.body);
  const res = await postRaw(url, signed.body, signed.headers);
  const relayId = res.status === 200 ? (JSON.parse(res.body) as { id: string }).id : undefined;
  return { telnyxId: event.id, status: res.status, ...(relayId ? { relayId } : {}) };
}

/**
 * A relay whose clock stands at `now` (a scripted day's webhooks carry their own times), taking
 * team tokens signed with `jwtSecret`, with a quiet log. It is added to `started`, the suite's
 * list to close; a second call on the same store is a restart (rebuilt from the log).
 */
export async function startScriptedRelay(
  started: Relay[],
  o: { key: TelnyxSigningKey; jwtSecret: string; store: string; now: number; queues: QueueConfigInput },
): Promise<Relay> {
  const relay = await startRelay({
    telnyxPublicKeys: [o.key.publicKeyBase64],
    jwtSecret: o.jwtSecret,
    store: o.store,
    clock: new ManualClock(o.now),
    queues: o.queues,
    logger: quietLogger(),
  });
  started.push(relay);
  return relay;
}

/**
 * A suite's teardown: its subscribers, then its relays (those that started), then the Redis they
 * share — Redis is stopped even when a close fails, so no server outlives the suite.
 */
export async function closeRelaySuite(subs: ReadonlyArray<{ close(): Promise<unknown> }>, relays: ReadonlyArray<Relay | undefined>, redis?: RedisServerHandle): Promise<void> {
  try {
    await Promise.allSettled(subs.map((s) => s.close()));
    await Promise.allSettled(relays.map((r) => r?.close()));
  } finally {
    await redis?.stop();
  }
}

export interface RelayFrame {
  type: string;
  id?: string;
  raw?: string;
  recovered?: boolean;
  last_id?: string | null;
  epoch?: string;
  headers?: Record<string, string>;
}

/** A raw websocket subscriber that records every frame and the close code. */
export class TestSubscriber {
  readonly frames: RelayFrame[] = [];
  closeCode: number | undefined;
  private waiters: Array<() => void> = [];
  readonly opened: Promise<void>;

  constructor(
    relayUrl: string,
    token: string,
    query = '',
    readonly ws = new WebSocket(`${relayUrl.replace(/^http/, 'ws')}/v1/events${query}`, { headers: { authorization: `Bearer ${token}` } }),
  ) {
    this.opened = new Promise((resolve, reject) => {
      ws.once('open', () => resolve());
      ws.once('unexpected-response', (_req, res) => reject(new Error(`upgrade refused: ${res.statusCode}`)));
      ws.once('error', reject);
    });
    ws.on('message', (data, isBinary) => {
      if (isBinary) throw new Error('relay sent a binary frame');
      this.frames.push(JSON.parse(data.toString()) as RelayFrame);
      this.notify();
    });
    ws.on('close', (code) => {
      this.closeCode = code;
      this.notify();
    });
  }

  get events(): RelayFrame[] {
    return this.frames.filter((f) => f.type === 'event');
  }

  get hello(): RelayFrame | undefined {
    return this.frames.find((f) => f.type === 'hello');
  }

  /** Telnyx ids of received events, in arrival order. */
  telnyxIds(): string[] {
    return this.events.map((f) => (JSON.parse(f.raw!) as { data: { id: string } }).data.id);
  }

  async until(predicate: () => boolean, timeoutMs = 10_000): Promise<void> {
    const deadline = Date.now() + timeoutMs;
    while (!predicate()) {
      if (Date.now() > deadline) throw new Error(`timed out; frames so far: ${this.frames.length}, close ${this.closeCode}`);
      await new Promise<void>((resolve) => {
        this.waiters.push(resolve);
        setTimeout(resolve, 50);
      });
    }
  }

  close(): Promise<void> {
    if (this.ws.readyState === WebSocket.CLOSED) return Promise.resolve();
    return new Promise((resolve) => {
      this.ws.once('close', () => resolve());
      this.ws.close();
    });
  }

  private notify(): void {
    const waiters = this.waiters;
    this.waiters = [];
    for (const w of waiters) w();
  }
}

/** The status code of a refused websocket upgrade (or 101 when it was accepted). */
export function upgradeStatus(relayUrl: string, headers: Record<string, string>, query = ''): Promise<number> {
  return new Promise((resolve, reject) => {
    const ws = new WebSocket(`${relayUrl.replace(/^http/, 'ws')}/v1/events${query}`, { headers });
    ws.once('open', () => {
      ws.close();
      resolve(101);
    });
    ws.once('unexpected-response', (_req, res) => {
      resolve(res.statusCode ?? 0);
      res.resume();
    });
    ws.once('error', reject);
  });
}
