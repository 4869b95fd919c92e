/**
 * The desktop's connection to the companion relay (protocol: relay/README.md). It re-verifies
 * every event's Telnyx signature itself (a relay, or anyone holding its token, cannot forge
 * call events), drops duplicates, resumes after any disconnect from the last relay id it saw,
 * and reconnects with full-jitter exponential backoff. Plain Node: no `electron` import.
 */
import type { KeyObject } from 'node:crypto';
import { WebSocket } from 'ws';
import { isTelnyxSignatureValid, parseTelnyxPublicKey } from './telnyx-signature';

export interface RelayClientOptions {
  url: string; // http(s) base of the relay
  token: string;
  telnyxPublicKey: string;
  since?: string;
  filter?: { types?: string[]; connectionIds?: string[]; queues?: string[] };
  backoff?: { initialMs?: number; maxMs?: number };
  WebSocketImpl?: typeof WebSocket; // the `ws` WebSocket class (or a stand-in for tests)
  /** Reconnect when the relay sends nothing (no frame, no ping) for this long. Default 45 s (3 missed relay pings). */
  idleTimeoutMs?: number;
}

export type RelayClientStatus = {
  state: 'connecting' | 'live' | 'replaying' | 'disconnected';
  lastEventId?: string;
  lastEventAt?: number;
  attempt: number;
  error?: string;
};

export interface VerifiedTelnyxEvent {
  relayId: string;
  id: string; // data.id
  eventType: string;
  occurredAt: string;
  payload: Record<string, unknown>;
  raw: string;
}

export interface RelayClient {
  start(): void;
  stop(): Promise<void>;
  on(e: 'event', cb: (ev: VerifiedTelnyxEvent) => void): () => void;
  on(e: 'status', cb: (s: RelayClientStatus) => void): () => void;
  on(e: 'resync', cb: (reason: 'not-recovered' | 'first-connect') => void): () => void; // core reloads state from REST
  on(e: 'rejected', cb: (info: { relayId: string; reason: string }) => void): () => void; // bad Telnyx signature: dropped, never applied
  forceReconnect(): void; // e.g. after the machine wakes from sleep
}

export function createRelayClient(o: RelayClientOptions): RelayClient {
  return new RelayConnection(o);
}

/** Close codes the relay uses (relay/src/protocol.ts). */
const CLOSE_SLOW_CONSUMER = 4008;
const CLOSE_SERVER_RESTARTING = 1012;
const DEDUPE_WINDOW = 10_000;
const STATUS_THROTTLE_MS = 1000;

interface Frame {
  type?: unknown;
  recovered?: unknown;
  last_id?: unknown;
  id?: unknown;
  raw?: unknown;
  headers?: Record<string, unknown>;
  received_at?: unknown;
}

type Listeners = {
  event: Set<(ev: VerifiedTelnyxEvent) => void>;
  status: Set<(s: RelayClientStatus) => void>;
  resync: Set<(reason: 'not-recovered' | 'first-connect') => void>;
  rejected: Set<(info: { relayId: string; reason: string }) => void>;
};

type ListenerArg<E extends keyof Listeners> = Listeners[E] extends Set<(arg: infer A) => void> ? A : never;

class RelayConnection implements RelayClient {
  private readonly key: KeyObject;
  private readonly listeners: Listeners = { event: new Set(), status: new Set(), resync: new Set(), rejected: new Set() };
  private readonly seenTelnyxIds = new Set<string>(); // insertion-ordered: oldest evicted first
  private status: RelayClientStatus = { state: 'disconnected', attempt: 0 };
  private lastRelayId: string | undefined;
  private ws: WebSocket | null = null;
  private running = false;
  private reconnectImmediately = false;
  private reconnectTimer: NodeJS.Timeout | undefined;
  private idleTimer: NodeJS.Timeout | undefined;
  private statusTimer: NodeJS.Timeout | undefined;
  private lastStatusEmit = 0;

  constructor(private readonly o: RelayClientOptions) {
    this.key = parseTelnyxPublicKey(o.telnyxPublicKey);
    this.lastRelayId = o.since;
    if (o.since) this.status.lastEventId = o.since;
  }

  on(e: keyof Listeners, cb: (arg: never) => void): () => void {
    const set = this.listeners[e] as Set<(arg: never) => void>;
    set.add(cb);
    return () => set.delete(cb);
  }

  start(): void {
    if (this.running) return;
    this.running = true;
    this.connect();
  }

  async stop(): Promise<void> {
    this.running = false;
    clearTimeout(this.reconnectTimer);
    clearTimeout(this.idleTimer);
    clearTimeout(this.statusTimer);
    const ws = this.ws;
    if (ws && ws.readyState !== WebSocket.CLOSED) {
      await new Promise<void>((resolve) => {
        const force = setTimeout(() => ws.terminate(), 2000);
        ws.once('close', () => {
          clearTimeout(force);
          resolve();
        });
        if (ws.readyState === WebSocket.CONNECTING) ws.terminate();
        else ws.close(1000, 'client stopping');
      });
    }
    this.setStatus({ state: 'disconnected' });
  }

  forceReconnect(): void {
    if (!this.running) return;
    this.status.attempt = 0;
    if (this.ws) {
      this.reconnectImmediately = true;
      this.ws.terminate(); // the close handler reconnects at once
    } else {
      clearTimeout(this.reconnectTimer);
      this.connect();
    }
  }

  // ------------------------------------------------------------------------------------------

  private connect(): void {
    const Impl = this.o.WebSocketImpl ?? WebSocket;
    const ws = new Impl(this.eventsUrl(), {
      headers: { authorization: `Bearer ${this.o.token}` },
      perMessageDeflate: false,
      handshakeTimeout: 10_000,
    });
    this.ws = ws;
    let error: string | undefined;
    this.setStatus({ state: 'connecting', error: undefined });
    ws.on('open', () => this.touch());
    ws.on('ping', () => this.touch());
    ws.on('message', (data, isBinary) => {
      this.touch();
      if (!isBinary) this.handleFrame(data.toString());
    });
    // e.g. "Unexpected server response: 401" for a bad or expired token.
    ws.on('error', (err) => (error = err.message));
    ws.on('close', (code, reason) => {
      if (this.ws === ws) this.ws = null;
      clearTimeout(this.idleTimer);
      if (!this.running) return;
      const why = error ?? (code === 1006 ? 'connection lost' : `closed by relay (${code}${reason.length ? ` ${reason.toString()}` : ''})`);
      this.scheduleReconnect(code, why);
    });
  }

  private eventsUrl(): string {
    const base = this.o.url.replace(/\/+$/, '').replace(/^http/i, 'ws');
    const query = new URLSearchParams();
    if (this.lastRelayId) query.set('since', this.lastRelayId);
    const { types, connectionIds, queues } = this.o.filter ?? {};
    if (types?.length) query.set('types', types.join(','));
    if (connectionIds?.length) query.set('connection_ids', connectionIds.join(','));
    if (queues?.length) query.set('queues', queues.join(','));
    const qs = query.toString();
    return `${base}/v1/events${qs ? `?${qs}` : ''}`;
  }

  private scheduleReconnect(code: number, error: string): void {
    const initial = this.o.backoff?.initialMs ?? 500;
    const max = this.o.backoff?.maxMs ?? 30_000;
    // A relay that restarts (1012), a forced reconnect, or a slow-consumer close (we were reading,
    // just not fast enough) deserve an immediate first retry; everything else backs off.
    const immediate = this.reconnectImmediately || (this.status.attempt === 0 && (code === CLOSE_SERVER_RESTARTING || code === CLOSE_SLOW_CONSUMER));
    this.reconnectImmediately = false;
    const attempt = this.status.attempt + 1;
    // Full jitter: uniform in [0, min(max, initial * 2^attempt)), so a fleet of desktops
    // reconnecting after a relay restart spreads out instead of arriving together.
    const delay = immediate ? 0 : Math.random() * Math.min(max, initial * 2 ** (attempt - 1));
    this.setStatus({ state: 'disconnected', attempt, error });
    this.reconnectTimer = setTimeout(() => {
      if (this.running) this.connect();
    }, delay);
  }

  private touch(): void {
    clearTimeout(this.idleTimer);
    const idleMs = this.o.idleTimeoutMs ?? 45_000;
    const ws = this.ws;
    this.idleTimer = setTimeout(() => {
      if (ws && this.ws === ws) ws.terminate(); // dead relay or dead network: reconnect
    }, idleMs);
  }

  private handleFrame(text: string): void {
    let frame: Frame;
    try {
      frame = JSON.parse(text) as Frame;
    } catch {
      return; // not ours to interpret
    }
    if (frame.type === 'hello') {
      const hadPosition = this.lastRelayId !== undefined;
      if (frame.recovered !== true) {
        // The relay cannot fill the gap (first connect, retention passed, new log epoch): the
        // position now is its newest event, and the core reloads state from REST.
        this.lastRelayId = typeof frame.last_id === 'string' ? frame.last_id : undefined;
      }
      this.setStatus({ state: 'replaying', attempt: 0, error: undefined });
      if (frame.recovered !== true) this.emit('resync', hadPosition ? 'not-recovered' : 'first-connect');
    } else if (frame.type === 'live') {
      this.setStatus({ state: 'live' });
    } else if (frame.type === 'event' && typeof frame.id === 'string') {
      this.handleEvent(frame.id, frame);
    }
  }

  private handleEvent(relayId: string, frame: Frame): void {
    // The position advances even for a rejected event: asking for it again would not fix it.
    this.lastRelayId = relayId;
    const raw = typeof frame.raw === 'string' ? frame.raw : undefined;
    const signature = frame.headers?.['telnyx-signature-ed25519'];
    const timestamp = frame.headers?.['telnyx-timestamp'];
    if (raw === undefined || typeof signature !== 'string' || typeof timestamp !== 'string') {
      return this.emit('rejected', { relayId, reason: 'missing body or signature headers' });
    }
    if (!isTelnyxSignatureValid(this.key, raw, signature, timestamp)) {
      return this.emit('rejected', { relayId, reason: 'Telnyx signature does not verify' });
    }
    const event = toVerifiedEvent(relayId, raw, typeof frame.received_at === 'string' ? frame.received_at : undefined);
    if (!event) return this.emit('rejected', { relayId, reason: 'not a Telnyx event envelope' });
    this.status.lastEventId = relayId;
    this.status.lastEventAt = Date.now();
    this.throttledStatus();
    if (this.seenTelnyxIds.has(event.id)) return;
    this.seenTelnyxIds.add(event.id);
    if (this.seenTelnyxIds.size > DEDUPE_WINDOW) this.seenTelnyxIds.delete(this.seenTelnyxIds.values().next().value!);
    this.emit('event', event);
  }

  private setStatus(patch: Partial<RelayClientStatus>): void {
    const next = { ...this.status, ...patch };
    if (patch.error === undefined && 'error' in patch) delete next.error;
    this.status = next;
    this.emitStatus();
  }

  /** lastEventAt changes on every event; tell listeners at most once a second about that alone. */
  private throttledStatus(): void {
    if (this.statusTimer) return;
    const wait = Math.max(0, this.lastStatusEmit + STATUS_THROTTLE_MS - Date.now());
    if (wait === 0) return this.emitStatus();
    this.statusTimer = setTimeout(() => this.emitStatus(), wait);
  }

  private emitStatus(): void {
    clearTimeout(this.statusTimer);
    this.statusTimer = undefined;
    this.lastStatusEmit = Date.now();
    this.emit('status', { ...this.status });
  }

  private emit<E extends keyof Listeners>(e: E, arg: ListenerArg<E>): void {
    for (const cb of this.listeners[e] as Set<(a: ListenerArg<E>) => void>) {
      try {
        cb(arg);
      } catch {
        // A failing listener must not break the connection or starve the others.
      }
    }
  }
}

function toVerifiedEvent(relayId: string, raw: string, receivedAt: string | undefined): VerifiedTelnyxEvent | null {
  let envelope: unknown;
  try {
    envelope = JSON.parse(raw);
  } catch {
    return null;
  }
  const data = (envelope as { data?: unknown } | null)?.data as Record<string, unknown> | undefined;
  if (!data || typeof data !== 'object' || typeof data.id !== 'string' || typeof data.event_type !== 'string') return null;
  const payload = (data.payload && typeof data.payload === 'object' && !Array.isArray(data.payload) ? data.payload : {}) as Record<string, unknown>;
  const occurredAt =
    (typeof data.occurred_at === 'string' && data.occurred_at) ||
    (typeof payload.occurred_at === 'string' && payload.occurred_at) ||
    receivedAt ||
    new Date().toISOString();
  return { relayId, id: data.id, eventType: data.event_type, occurredAt, payload, raw };
}
