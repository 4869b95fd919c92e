import type { Socket } from 'node:net';
import { performance } from 'node:perf_hooks';
import type { Logger } from 'pino';
import { WebSocket } from 'ws';
import type { Principal } from './auth';
import type { CallScopes } from './call-scopes';
import { filterMatches, type SubscriptionFilter } from './filter';
import { isTeamEvent } from './kpi-events';
import type { RelayMetrics } from './metrics';
import { CloseCode, eventFrame, type HelloFrame } from './protocol';
import type { EventStore, StoredEvent } from './store';

const REPLAY_PAGE = 500;
/** Live events held for a subscriber that is still replaying; past this it is treated as slow. */
const MAX_PENDING_WHILE_REPLAYING = 50_000;

export interface Subscriber {
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

/**
 * The websocket side: hello, replay from `since`, then live events from `publish` (wired to the
 * store's `onAppended`), with no gap and no duplicate at the seam, and 4008 for slow consumers.
 */
export class FanOut {
  readonly subscribers = new Set<Subscriber>();

  constructor(
    private readonly store: EventStore,
    private readonly scopes: CallScopes,
    private readonly slowConsumerBytes: number,
    private readonly metrics: RelayMetrics,
    private readonly log: Logger,
  ) {}

  /** Subscribers of one agent (or static token), for the per-agent connection cap. */
  countFor(agentId: string): number {
    let n = 0;
    for (const sub of this.subscribers) if (sub.principal.agentId === agentId) n++;
    return n;
  }

  async serve(ws: WebSocket, socket: Socket, principal: Principal, filter: SubscriptionFilter, since: string | null): Promise<void> {
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
      sub.expiryTimer = setTimeout(() => this.close(sub, CloseCode.TokenExpired, 'token expired'), ms);
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
      return this.close(sub, CloseCode.InternalError, 'replay failed');
    }
    if (sub.closing || ws.readyState !== WebSocket.OPEN) return;
    // The seam: whatever arrived during replay, minus what replay already sent, then live.
    const pending = sub.pending;
    sub.pending = [];
    sub.phase = 'live';
    this.deliver(sub, pending);
    if (!sub.closing) ws.send('{"type":"live"}');
  }

  /** Hands a batch of newly appended events (ascending ids) to every subscriber. */
  publish(appended: StoredEvent[]): void {
    const started = performance.now();
    // The relay's own events (offers) stay in the log for KPIs and restarts; desktops never get them.
    const events = appended.some(isTeamEvent) ? appended.filter((e) => !isTeamEvent(e)) : appended;
    if (!events.length) return;
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

  close(sub: Subscriber, code: number, reason: string): void {
    if (sub.closing) return;
    sub.closing = true;
    sub.pending = [];
    sub.ws.close(code, reason);
  }

  /** Closes every subscriber with 1012; resolves when they are gone (or after `maxMs`, then terminates). */
  async closeAll(maxMs: number): Promise<void> {
    const gone = [...this.subscribers].map((sub) => {
      const closed = new Promise<void>((resolve) => sub.ws.once('close', () => resolve()));
      this.close(sub, CloseCode.ServerRestarting, 'server restarting');
      return closed;
    });
    await Promise.race([Promise.all(gone), new Promise((resolve) => setTimeout(resolve, maxMs).unref())]);
    for (const sub of this.subscribers) sub.ws.terminate();
  }

  private async replay(sub: Subscriber): Promise<void> {
    for (;;) {
      const read = await this.store.readAfter(sub.cursor!, REPLAY_PAGE);
      if (sub.closing || sub.ws.readyState !== WebSocket.OPEN) return;
      // Only events whose scope is already known; later ones reach `pending` through publish().
      let known = read.length;
      while (known > 0 && !this.scopes.hasObserved(read[known - 1]!.id)) known--;
      const page = known === read.length ? read : read.slice(0, known);
      const frames = page.filter((event) => this.matches(sub, event)).map(eventFrame);
      if (page.length) sub.cursor = page[page.length - 1]!.id;
      this.metrics.replayedEvents.inc(frames.length);
      const last = frames.pop();
      sub.socket.cork();
      for (const frame of frames) sub.socket.write(frame);
      sub.socket.uncork();
      // Wait until this page is handed to the kernel: replay goes at the subscriber's pace.
      if (last) await new Promise<void>((resolve) => sub.socket.write(last, () => resolve()));
      if (read.length < REPLAY_PAGE || known < read.length) return;
    }
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
        if (this.matches(sub, events[i]!)) sub.socket.write(eventFrame(events[i]!));
      }
      sub.socket.uncork();
    }
    if (sub.socket.writableLength > this.slowConsumerBytes) this.closeSlow(sub);
  }

  private matches(sub: Subscriber, event: StoredEvent): boolean {
    if (isTeamEvent(event)) return false;
    return sub.wantsAll || filterMatches(sub.filter, event, this.scopes.scopeOf(event));
  }

  private closeSlow(sub: Subscriber): void {
    if (sub.closing) return;
    this.metrics.slowConsumerCloses.inc();
    this.log.warn({ agent: sub.principal.agentId, buffered: sub.socket.writableLength }, 'slow consumer closed');
    this.close(sub, CloseCode.SlowConsumer, 'slow consumer');
  }
}
