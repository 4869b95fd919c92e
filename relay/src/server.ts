import { STATUS_CODES, createServer, type IncomingMessage, type Server, type ServerResponse } from 'node:http';
import type { Socket } from 'node:net';
import type { Duplex } from 'node:stream';
import type { KeyObject } from 'node:crypto';
import { performance } from 'node:perf_hooks';
import type { Logger } from 'pino';
import { WebSocket, WebSocketServer } from 'ws';
import type { Authenticator, Principal } from './auth';
import { buildFilter, filterMatches, type SubscriptionFilter } from './filter';
import type { RelayMetrics } from './metrics';
import { CloseCode, eventFrame, type HelloFrame } from './protocol';
import type { EventStore, IncomingEvent, StoredEvent } from './store';
import { TELNYX_SIGNATURE_HEADER, TELNYX_TIMESTAMP_HEADER, parseTelnyxEnvelope, precheckTelnyxHeaders, verifyTelnyxSignature, type RefusalReason } from '@switchboard/telnyx';
import type { VerifyPool } from './verify-pool';

export const MAX_WEBHOOK_BYTES = 1024 * 1024;
const REPLAY_PAGE = 500;
/** Live events held for a subscriber that is still replaying; past this it is treated as slow. */
const MAX_PENDING_WHILE_REPLAYING = 50_000;
const SHUTDOWN_DRAIN_MS = 10_000;

export interface RelayServerConfig {
  telnyxKeys: KeyObject[];
  toleranceSecs: number;
  heartbeatMs: number;
  slowConsumerBytes: number;
  /** Ed25519 verifies go to these worker threads; absent = inline on the event loop. */
  verifyPool?: VerifyPool;
}

interface Subscriber {
  ws: WebSocket;
  /** The upgraded TCP socket under `ws`: event frames are written to it directly (see eventFrame). */
  socket: Socket;
  principal: Principal;
  filter: SubscriptionFilter;
  /** No filter at all: every event goes to this subscriber. */
  wantsAll: boolean;
  phase: 'replaying' | 'live';
  /** Live events that arrived while replaying; sent (minus what replay already covered) at the seam. */
  pending: StoredEvent[];
  /** Id of the newest event this subscriber is past (sent or filtered out). */
  cursor: string | null;
  alive: boolean;
  closing: boolean;
  expiryTimer?: NodeJS.Timeout;
}

const utf8 = new TextDecoder('utf-8', { fatal: true });

/** HTTP intake + websocket fan-out over one event store. */
export class RelayServer {
  readonly http: Server;
  private readonly wss = new WebSocketServer({ noServer: true, perMessageDeflate: false, maxPayload: 64 * 1024 });
  private readonly subscribers = new Set<Subscriber>();
  private readonly heartbeat: NodeJS.Timeout;
  private readonly stopListening: () => void;
  private ready = true;
  private shuttingDown = false;
  private inFlightWebhooks = 0;
  private drained: (() => void) | null = null;

  constructor(
    private readonly config: RelayServerConfig,
    private readonly store: EventStore,
    private readonly auth: Authenticator,
    private readonly metrics: RelayMetrics,
    private readonly log: Logger,
  ) {
    // A webhook is small: a client that takes longer than this to send one is not Telnyx.
    this.http = createServer({ requestTimeout: 30_000, headersTimeout: 10_000 }, (req, res) => this.route(req, res));
    this.http.on('upgrade', (req, socket, head) => void this.handleUpgrade(req, socket, head));
    this.stopListening = store.onAppended((events) => this.fanOut(events));
    this.heartbeat = setInterval(() => this.checkHeartbeats(), config.heartbeatMs);
  }

  // ---------------------------------------------------------------- HTTP routes

  private route(req: IncomingMessage, res: ServerResponse): void {
    const path = (req.url ?? '/').split('?')[0];
    if (req.method === 'POST' && path === '/webhooks/telnyx') return this.receiveWebhook(req, res);
    if (req.method === 'GET' && path === '/healthz') return sendJson(res, 200, { status: 'ok' });
    if (req.method === 'GET' && path === '/readyz') {
      const ready = this.ready && this.store.isHealthy();
      return sendJson(res, ready ? 200 : 503, { status: ready ? 'ready' : 'not ready', store: this.store.kind });
    }
    if (req.method === 'GET' && path === '/metrics') {
      void this.metrics.registry.metrics().then((text) => {
        res.writeHead(200, { 'content-type': this.metrics.registry.contentType });
        res.end(text);
      });
      return;
    }
    sendJson(res, 404, { error: 'not_found' });
  }

  private receiveWebhook(req: IncomingMessage, res: ServerResponse): void {
    const startedAt = performance.now();
    if (this.shuttingDown) return this.refuse(req, res, 503, 'shutting_down');
    if (Number(req.headers['content-length'] ?? 0) > MAX_WEBHOOK_BYTES) return this.refuse(req, res, 413, 'too_large');
    this.inFlightWebhooks++;
    res.once('close', () => {
      if (--this.inFlightWebhooks === 0) this.drained?.();
    });
    const chunks: Buffer[] = [];
    let size = 0;
    let tooLarge = false;
    req.on('data', (chunk: Buffer) => {
      size += chunk.length;
      if (size > MAX_WEBHOOK_BYTES) tooLarge = true;
      else chunks.push(chunk);
    });
    req.on('error', () => res.destroy());
    req.on('end', () => {
      if (tooLarge) return this.refuse(req, res, 413, 'too_large');
      void this.ingest(req, res, chunks.length === 1 ? chunks[0]! : Buffer.concat(chunks), startedAt);
    });
  }

  private async ingest(req: IncomingMessage, res: ServerResponse, body: Buffer, startedAt: number): Promise<void> {
    const signature = header(req, TELNYX_SIGNATURE_HEADER);
    const timestamp = header(req, TELNYX_TIMESTAMP_HEADER);
    const pre = precheckTelnyxHeaders(signature, timestamp, { nowSecs: Math.floor(Date.now() / 1000), toleranceSecs: this.config.toleranceSecs });
    if (!pre.ok) return this.refuseUnverified(req, res, pre.reason);
    const pool = this.config.verifyPool;
    const verified = pool
      ? await pool.verify(pre.timestamp, body, pre.signature)
      : verifyTelnyxSignature(this.config.telnyxKeys, pre.timestamp, body, pre.signature);
    if (!verified) return this.refuseUnverified(req, res, 'bad_signature');
    const event = parseEnvelope(body);
    if (!event) return this.refuse(req, res, 400, 'malformed');
    try {
      const result = await this.store.append({ ...event, signature: signature!, timestamp: timestamp!, receivedAt: Date.now() });
      this.metrics.ingestToAppend.observe((performance.now() - startedAt) / 1000);
      this.metrics.webhooks.inc({ outcome: result.duplicate ? 'duplicate' : 'accepted' });
      sendJson(res, 200, { id: result.id, duplicate: result.duplicate });
    } catch (error) {
      // Not stored, so not acknowledged: Telnyx retries (or fails over).
      this.log.error({ err: error }, 'append failed');
      this.refuse(req, res, 503, 'store_unavailable');
    }
  }

  private refuseUnverified(req: IncomingMessage, res: ServerResponse, reason: RefusalReason): void {
    this.metrics.verifyFailures.inc({ reason });
    this.refuse(req, res, 401, reason);
  }

  private refuse(req: IncomingMessage, res: ServerResponse, status: number, reason: string): void {
    this.metrics.webhooks.inc({ outcome: reason });
    this.log.warn({ status, reason, remote: req.socket.remoteAddress }, 'webhook refused');
    if (status === 413) {
      // Don't read a megabyte of junk: answer and drop the connection.
      res.setHeader('connection', 'close');
      req.resume();
    }
    sendJson(res, status, { error: reason });
  }

  // ---------------------------------------------------------------- websocket subscribers

  private async handleUpgrade(req: IncomingMessage, socket: Duplex, head: Buffer): Promise<void> {
    socket.on('error', () => socket.destroy());
    const url = new URL(req.url ?? '/', 'http://relay');
    if (url.pathname !== '/v1/events') return rejectUpgrade(socket, 404, 'not_found');
    if (this.shuttingDown) return rejectUpgrade(socket, 503, 'shutting_down');
    const principal = await this.auth.authenticate(req.headers.authorization);
    if (!principal) return rejectUpgrade(socket, 401, 'unauthorized');
    const filter = buildFilter(url.searchParams, principal);
    if ('forbidden' in filter) return rejectUpgrade(socket, 403, filter.forbidden);
    const since = url.searchParams.get('since') || null;
    this.wss.handleUpgrade(req, socket, head, (ws) => void this.serveSubscriber(ws, socket as Socket, principal, filter, since));
  }

  private async serveSubscriber(ws: WebSocket, socket: Socket, principal: Principal, filter: SubscriptionFilter, since: string | null): Promise<void> {
    // Registered before reading the log, so every event appended from now on lands in `pending`.
    const wantsAll = !filter.types && !filter.connectionIds && !filter.queues;
    const sub: Subscriber = { ws, socket, principal, filter, wantsAll, phase: 'replaying', pending: [], cursor: null, alive: true, closing: false };
    this.subscribers.add(sub);
    this.metrics.subscribers.inc();
    const log = this.log.child({ agent: principal.agentId });
    ws.on('pong', () => (sub.alive = true));
    ws.on('error', (error) => log.debug({ err: error }, 'subscriber socket error'));
    ws.on('close', (code) => {
      this.subscribers.delete(sub);
      this.metrics.subscribers.dec();
      clearTimeout(sub.expiryTimer);
      log.info({ code }, 'subscriber disconnected');
    });
    if (principal.expiresAt !== undefined) {
      const ms = Math.min(Math.max(principal.expiresAt - Date.now(), 0), 2 ** 31 - 1);
      sub.expiryTimer = setTimeout(() => this.closeSubscriber(sub, CloseCode.TokenExpired, 'token expired'), ms);
    }

    try {
      const lastId = await this.store.lastId();
      const recovered = since !== null && (await this.store.canResumeAfter(since));
      this.metrics.replays.inc({ recovered: String(recovered) });
      log.info({ since, recovered }, 'subscriber connected');
      sub.cursor = recovered ? since : lastId;
      const hello: HelloFrame = { type: 'hello', recovered, epoch: this.store.epoch, last_id: lastId };
      ws.send(JSON.stringify(hello));
      if (recovered) await this.replay(sub);
    } catch (error) {
      log.error({ err: error }, 'replay failed');
      return this.closeSubscriber(sub, CloseCode.InternalError, 'replay failed');
    }
    if (sub.closing || ws.readyState !== WebSocket.OPEN) return;
    // The seam: whatever arrived during replay, minus what replay already sent, then live.
    const pending = sub.pending;
    sub.pending = [];
    sub.phase = 'live';
    this.deliver(sub, pending);
    if (!sub.closing) ws.send('{"type":"live"}');
  }

  private async replay(sub: Subscriber): Promise<void> {
    for (;;) {
      const page = await this.store.readAfter(sub.cursor!, REPLAY_PAGE);
      if (sub.closing || sub.ws.readyState !== WebSocket.OPEN) return;
      const frames = page.filter((event) => filterMatches(sub.filter, event)).map(eventFrame);
      if (page.length) sub.cursor = page[page.length - 1]!.id;
      this.metrics.replayedEvents.inc(frames.length);
      const last = frames.pop();
      sub.socket.cork();
      for (const frame of frames) sub.socket.write(frame);
      sub.socket.uncork();
      // Wait until this page is handed to the kernel: replay goes at the subscriber's pace.
      if (last) await new Promise<void>((resolve) => sub.socket.write(last, () => resolve()));
      if (page.length < REPLAY_PAGE) return;
    }
  }

  private fanOut(events: StoredEvent[]): void {
    const started = performance.now();
    // Every unfiltered live subscriber gets the same bytes: the batch's frames, concatenated once.
    let batchFrames: Buffer | undefined;
    const allFrames = () => (batchFrames ??= events.length === 1 ? eventFrame(events[0]!) : Buffer.concat(events.map(eventFrame)));
    for (const sub of this.subscribers) {
      if (sub.phase === 'replaying') {
        for (const event of events) sub.pending.push(event);
        if (sub.pending.length > MAX_PENDING_WHILE_REPLAYING) this.closeSlow(sub);
      } else {
        this.deliver(sub, events, allFrames);
      }
    }
    const seconds = (performance.now() - started) / 1000;
    for (let i = 0; i < events.length; i++) this.metrics.appendToSend.observe(seconds);
  }

  /** Sends `events` (ascending ids) past the subscriber's cursor; `allFrames` = all of them as one buffer. */
  private deliver(sub: Subscriber, events: StoredEvent[], allFrames?: () => Buffer): void {
    if (sub.closing || sub.ws.readyState !== WebSocket.OPEN) return;
    // Ids ascend, so what the subscriber is already past (replayed at the seam) is a prefix.
    let from = 0;
    if (sub.cursor !== null) while (from < events.length && this.store.compareIds(events[from]!.id, sub.cursor) <= 0) from++;
    if (from === events.length) return;
    sub.cursor = events[events.length - 1]!.id;
    if (sub.wantsAll && from === 0 && allFrames) {
      sub.socket.write(allFrames());
    } else {
      // One write per subscriber per batch, not one syscall per event.
      sub.socket.cork();
      for (let i = from; i < events.length; i++) {
        if (filterMatches(sub.filter, events[i]!)) sub.socket.write(eventFrame(events[i]!));
      }
      sub.socket.uncork();
    }
    if (sub.socket.writableLength > this.config.slowConsumerBytes) this.closeSlow(sub);
  }

  private closeSlow(sub: Subscriber): void {
    if (sub.closing) return;
    this.metrics.slowConsumerCloses.inc();
    this.log.warn({ agent: sub.principal.agentId, buffered: sub.socket.writableLength }, 'slow consumer closed');
    this.closeSubscriber(sub, CloseCode.SlowConsumer, 'slow consumer');
  }

  private closeSubscriber(sub: Subscriber, code: number, reason: string): void {
    if (sub.closing) return;
    sub.closing = true;
    sub.pending = [];
    sub.ws.close(code, reason);
  }

  private checkHeartbeats(): void {
    for (const sub of this.subscribers) {
      if (!sub.alive) {
        this.metrics.deadPeerCloses.inc();
        sub.ws.terminate();
        continue;
      }
      sub.alive = false;
      sub.ws.ping();
    }
  }

  // ---------------------------------------------------------------- shutdown

  /** Readiness fails, new webhooks get 503, in-flight ones finish, sockets close with 1012. */
  async close(): Promise<void> {
    if (this.shuttingDown) return;
    this.shuttingDown = true;
    this.ready = false;
    const closed = new Promise<void>((resolve) => this.http.close(() => resolve()));
    if (this.inFlightWebhooks > 0) {
      await Promise.race([
        new Promise<void>((resolve) => (this.drained = resolve)),
        new Promise((resolve) => setTimeout(resolve, SHUTDOWN_DRAIN_MS).unref()),
      ]);
    }
    clearInterval(this.heartbeat);
    this.stopListening();
    const sockets = [...this.subscribers].map((sub) => {
      const gone = new Promise<void>((resolve) => sub.ws.once('close', () => resolve()));
      this.closeSubscriber(sub, CloseCode.ServerRestarting, 'server restarting');
      return gone;
    });
    await Promise.race([Promise.all(sockets), new Promise((resolve) => setTimeout(resolve, 2000).unref())]);
    for (const sub of this.subscribers) sub.ws.terminate();
    this.http.closeAllConnections();
    await closed;
  }
}

function header(req: IncomingMessage, name: string): string | undefined {
  const value = req.headers[name];
  return Array.isArray(value) ? value[0] : value;
}

/** The fields the relay needs from a Telnyx envelope (any event type); null when it is not one. */
function parseEnvelope(body: Buffer): Omit<IncomingEvent, 'signature' | 'timestamp' | 'receivedAt'> | null {
  let raw: string;
  try {
    raw = utf8.decode(body); // invalid UTF-8 could not be re-verified byte-for-byte by a desktop
  } catch {
    return null;
  }
  const envelope = parseTelnyxEnvelope(raw);
  if (!envelope.ok) return null;
  const { id, eventType, payload } = envelope.event;
  return {
    telnyxId: id,
    eventType,
    connectionId: typeof payload.connection_id === 'string' ? payload.connection_id : null,
    queue: typeof payload.queue === 'string' ? payload.queue : null,
    raw,
  };
}

function sendJson(res: ServerResponse, status: number, body: unknown): void {
  const text = JSON.stringify(body);
  res.writeHead(status, { 'content-type': 'application/json', 'content-length': Buffer.byteLength(text) });
  res.end(text);
}

function rejectUpgrade(socket: Duplex, status: number, reason: string): void {
  const body = JSON.stringify({ error: reason });
  socket.end(
    `HTTP/1.1 ${status} ${STATUS_CODES[status]}\r\n` +
      (status === 401 ? 'WWW-Authenticate: Bearer\r\n' : '') +
      `Content-Type: application/json\r\nContent-Length: ${Buffer.byteLength(body)}\r\nConnection: close\r\n\r\n${body}`,
  );
}
