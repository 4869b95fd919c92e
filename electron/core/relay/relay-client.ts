/**
 * The desktop's connection to the companion relay (protocol: relay/README.md): every event is
 * checked again here (event-check.ts: Telnyx signature, freshness, duplicates), the connection
 * resumes after any disconnect from the last relay id it saw, rotates through fallback relays, and
 * reconnects with full-jitter exponential backoff. Plain Node: no `electron` import.
 */
import {
  CloseCode,
  type ClaimFrame,
  type EventFrame,
  type OfferReplyFrame,
  type PresenceUpdateFrame,
  type ReleaseFrame,
  type TransferOfferCancelFrame,
  type TransferOfferFrame,
} from '@switchboard/relay/protocol';
import { WebSocket } from 'ws';
import { RelayEventCheck, type RelayRejection, type VerifiedTelnyxEvent } from './event-check';
import { readFrame, type IncompleteEventFrame } from './relay-frames';
import type { TeamFrame } from './team-frames';

export type { TeamFrame } from './team-frames';
export type { RelayRejection, VerifiedTelnyxEvent } from './event-check';
/** What the desktop sends the relay on the same socket (the team protocol). */
export type RelayClientFrame = PresenceUpdateFrame | ClaimFrame | ReleaseFrame | OfferReplyFrame | TransferOfferFrame | TransferOfferCancelFrame;

export interface RelayClientOptions {
  url: string; // http(s) base of the relay
  /**
   * Other relays on the same log (one Redis), tried in order after `url` when a connection fails:
   * a relay that dies sends its desktops to the next one, which resumes them from the same ids.
   */
  fallbackUrls?: string[];
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

/** A decoded Telnyx event whose signature verified, with the relay's id for it and the exact signed body. */
export interface RelayClient {
  start(): void;
  stop(): Promise<void>;
  on(e: 'event', cb: (ev: VerifiedTelnyxEvent) => void): () => void;
  on(e: 'status', cb: (s: RelayClientStatus) => void): () => void;
  on(e: 'resync', cb: (reason: 'not-recovered' | 'first-connect') => void): () => void; // core reloads state from REST
  on(e: 'rejected', cb: (info: RelayRejection) => void): () => void; // dropped, never applied
  on(e: 'hello', cb: () => void): () => void; // a (re)connected session: the team state is published again
  on(e: 'team', cb: (frame: TeamFrame) => void): () => void; // presence, KPIs, claim answers, offers
  forceReconnect(): void; // e.g. after the machine wakes from sleep
  /** Sends a team frame on the open socket; false when there is none (not connected). */
  send(frame: RelayClientFrame): boolean;
}

export function createRelayClient(o: RelayClientOptions): RelayClient {
  return new RelayConnection(o);
}

const STATUS_THROTTLE_MS = 1000;

type Listeners = {
  event: Set<(ev: VerifiedTelnyxEvent) => void>;
  status: Set<(s: RelayClientStatus) => void>;
  resync: Set<(reason: 'not-recovered' | 'first-connect') => void>;
  rejected: Set<(info: RelayRejection) => void>;
  hello: Set<() => void>;
  team: Set<(frame: TeamFrame) => void>;
};

type ListenerArg<E extends keyof Listeners> = Listeners[E] extends Set<(arg: infer A) => void> ? A : never;

class RelayConnection implements RelayClient {
  private readonly events: RelayEventCheck;
  private readonly listeners: Listeners = { event: new Set(), status: new Set(), resync: new Set(), rejected: new Set(), hello: new Set(), team: new Set() };
  private status: RelayClientStatus = { state: 'disconnected', attempt: 0 };
  private lastRelayId: string | undefined;
  private ws: WebSocket | null = null;
  private running = false;
  private reconnectImmediately = false;
  private reconnectTimer: NodeJS.Timeout | undefined;
  private idleTimer: NodeJS.Timeout | undefined;
  private statusTimer: NodeJS.Timeout | undefined;
  private lastStatusEmit = 0;
  /** Index into `urls` of the relay to connect to next. */
  private urlIndex = 0;
  private readonly urls: string[];

  constructor(private readonly o: RelayClientOptions) {
    this.events = new RelayEventCheck(o.telnyxPublicKey);
    this.urls = [o.url, ...(o.fallbackUrls ?? []).filter((u) => u !== o.url)];
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

  send(frame: RelayClientFrame): boolean {
    const ws = this.ws;
    if (!ws || ws.readyState !== WebSocket.OPEN) return false;
    ws.send(JSON.stringify(frame));
    return true;
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
    let greeted = false;
    this.setStatus({ state: 'connecting', error: undefined });
    ws.on('open', () => this.touch());
    ws.on('ping', () => this.touch());
    ws.on('message', (data, isBinary) => {
      this.touch();
      if (!isBinary) greeted = this.handleFrame(data.toString()) === 'hello' || greeted;
    });
    // e.g. "Unexpected server response: 401" for a bad or expired token.
    ws.on('error', (err) => (error = err.message));
    ws.on('close', (code, reason) => {
      if (this.ws === ws) this.ws = null;
      clearTimeout(this.idleTimer);
      if (!this.running) return;
      const why = error ?? (code === 1006 ? 'connection lost' : `closed by relay (${code}${reason.length ? ` ${reason.toString()}` : ''})`);
      // A relay that refused us, vanished (1006) or is restarting (1012): the next one in the list.
      if (!greeted || code === 1006 || code === CloseCode.ServerRestarting) this.urlIndex = (this.urlIndex + 1) % this.urls.length;
      this.scheduleReconnect(code, why);
    });
  }

  private eventsUrl(): string {
    const base = this.urls[this.urlIndex]!.replace(/\/+$/, '').replace(/^http/i, 'ws');
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
    const immediate = this.reconnectImmediately || (this.status.attempt === 0 && (code === CloseCode.ServerRestarting || code === CloseCode.SlowConsumer));
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

  /** Handles one text frame; returns its type when it was a delivery frame. */
  private handleFrame(text: string): string | undefined {
    const frame = readFrame(text);
    if (!frame) return undefined; // not ours to interpret
    if (frame.type === 'hello') {
      const hadPosition = this.lastRelayId !== undefined;
      if (!frame.recovered) {
        // The relay cannot fill the gap (first connect, retention passed, new log epoch): the
        // position now is its newest event, and the core reloads state from REST.
        this.lastRelayId = frame.last_id ?? undefined;
      }
      this.setStatus({ state: 'replaying', attempt: 0, error: undefined });
      if (!frame.recovered) this.emit('resync', hadPosition ? 'not-recovered' : 'first-connect');
      this.emit('hello', undefined);
    } else if (frame.type === 'live') {
      this.setStatus({ state: 'live' });
    } else if (frame.type === 'event') {
      this.handleEvent(frame);
    } else {
      this.emit('team', frame);
    }
    return frame.type;
  }

  private handleEvent(frame: EventFrame | IncompleteEventFrame): void {
    // The position advances even for a rejected event: asking for it again would not fix it.
    this.lastRelayId = frame.id;
    const verdict = this.events.check(frame, this.status.state === 'live');
    if (verdict.kind === 'rejected') return this.emit('rejected', verdict.rejection);
    this.status.lastEventId = frame.id;
    this.status.lastEventAt = Date.now();
    this.throttledStatus();
    if (!verdict.duplicate) this.emit('event', verdict.event);
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
