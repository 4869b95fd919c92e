// Webhook delivery: ONE ordered outbound queue, so per-call causal order holds end to end. Each
// attempt is freshly signed (the body carries meta.attempt), failures retry the head of the queue
// with capped exponential backoff, and nothing here ever blocks an API response. Bodies are signed
// exactly as Telnyx signs them (API-NOTES §6.1): Ed25519 over `${timestamp}|${body}`. Delivery is
// transport, on real time even when the simulator's clock is manual (clock.ts): the signature's
// timestamp is the wall clock the receiver checks freshness against, and retries back off in real ms.
import http from 'node:http';
import https from 'node:https';
import type { KeyObject } from 'node:crypto';
import { signTelnyxWebhook, type TelnyxEventData, type TelnyxWebhookBody } from '@switchboard/telnyx';
import type { SimLog } from './log';

/** An event the engine emits: the webhook body's `data`. */
export type WebhookEventData = TelnyxEventData;

export interface WebhookDispatcherOptions {
  signingKey: KeyObject;
  log: SimLog;
  /** First retry delay; doubles per attempt up to maxBackoffMs. */
  initialBackoffMs?: number;
  maxBackoffMs?: number;
  /** Events kept while no URL is set or the receiver is down; beyond this the oldest are dropped (and logged). */
  maxBuffered?: number;
  requestTimeoutMs?: number;
}

interface PendingEvent {
  data: WebhookEventData;
  attempts: number;
}

export class WebhookDispatcher {
  private readonly queue: PendingEvent[] = [];
  private head = 0; // index of the next event to deliver (avoids O(n) shift)
  private url: URL | undefined;
  private inFlight = false;
  private retryTimer: NodeJS.Timeout | undefined;
  private closed = false;
  /** whenDelivered() callers, released once nothing is left to deliver. */
  private drainWaiters: Array<() => void> = [];
  private readonly httpAgent = new http.Agent({ keepAlive: true, maxSockets: 1 });
  private readonly httpsAgent = new https.Agent({ keepAlive: true, maxSockets: 1 });
  private readonly initialBackoffMs: number;
  private readonly maxBackoffMs: number;
  private readonly maxBuffered: number;
  private readonly requestTimeoutMs: number;

  constructor(private readonly options: WebhookDispatcherOptions) {
    this.initialBackoffMs = options.initialBackoffMs ?? 100;
    this.maxBackoffMs = options.maxBackoffMs ?? 3000;
    this.maxBuffered = options.maxBuffered ?? 100_000;
    this.requestTimeoutMs = options.requestTimeoutMs ?? 5000;
  }

  setUrl(url: string | undefined): void {
    this.url = url ? new URL(url) : undefined;
    this.kick();
    this.releaseIfDrained();
  }

  get deliveryUrl(): string | undefined {
    return this.url?.toString();
  }

  enqueue(data: WebhookEventData): void {
    if (this.closed) return;
    this.queue.push({ data, attempts: 0 });
    if (this.backlog() > this.maxBuffered) {
      const dropped = this.queue[this.head];
      this.head++;
      this.options.log.warn(`webhook buffer full: dropped ${dropped?.data.event_type} ${dropped?.data.id}`);
    }
    this.kick();
  }

  backlog(): number {
    return this.queue.length - this.head;
  }

  /**
   * Resolves once every event enqueued so far has been delivered (2xx), retries included; at once
   * when there is no URL to deliver to (events then wait for one) or on close.
   */
  whenDelivered(): Promise<void> {
    if (this.drained()) return Promise.resolve();
    return new Promise((resolve) => this.drainWaiters.push(resolve));
  }

  close(): void {
    this.closed = true;
    this.releaseIfDrained();
    if (this.retryTimer) clearTimeout(this.retryTimer);
    this.httpAgent.destroy();
    this.httpsAgent.destroy();
  }

  private kick(): void {
    if (this.closed || this.inFlight || this.retryTimer || !this.url || this.backlog() === 0) return;
    this.inFlight = true;
    // Deliver on a later tick so the API response that caused the event goes out first.
    setImmediate(() => this.deliverHead());
  }

  private deliverHead(): void {
    const event = this.queue[this.head];
    const url = this.url;
    if (this.closed || !event || !url) {
      this.inFlight = false;
      return;
    }
    event.attempts++;
    const envelope: TelnyxWebhookBody = { data: event.data, meta: { attempt: event.attempts, delivered_to: url.toString() } };
    const body = JSON.stringify(envelope); // signed as is: never re-serialised
    const headers = {
      'content-type': 'application/json',
      'content-length': String(Buffer.byteLength(body)),
      'user-agent': 'telnyx-webhooks (switchboard simulator)',
      ...signTelnyxWebhook(body, this.options.signingKey),
    };
    const transport = url.protocol === 'https:' ? https : http;
    let settled = false;
    const finish = (ok: boolean, why: string) => {
      if (settled) return;
      settled = true;
      this.inFlight = false;
      if (this.closed) return;
      if (ok) {
        this.head++;
        this.compact();
        this.kick();
        this.releaseIfDrained();
        return;
      }
      const delay = Math.min(this.maxBackoffMs, this.initialBackoffMs * 2 ** (event.attempts - 1));
      this.options.log.debug(`webhook ${event.data.event_type} attempt ${event.attempts} failed (${why}); retry in ${delay} ms`);
      this.retryTimer = setTimeout(() => {
        this.retryTimer = undefined;
        this.kick();
      }, delay);
    };
    const request = transport.request(
      url,
      {
        method: 'POST',
        headers,
        agent: url.protocol === 'https:' ? this.httpsAgent : this.httpAgent,
        timeout: this.requestTimeoutMs,
      },
      (response) => {
        response.resume();
        const status = response.statusCode ?? 0;
        response.on('end', () => finish(status >= 200 && status < 300, `HTTP ${status}`));
        response.on('error', (err) => finish(false, err.message));
      },
    );
    request.on('timeout', () => request.destroy(new Error('timeout')));
    request.on('error', (err) => finish(false, err.message));
    request.end(body);
  }

  private drained(): boolean {
    return this.closed || !this.url || this.backlog() === 0;
  }

  private releaseIfDrained(): void {
    if (!this.drained() || this.drainWaiters.length === 0) return;
    const waiters = this.drainWaiters;
    this.drainWaiters = [];
    for (const release of waiters) release();
  }

  /** Drops delivered events from the front once enough have accumulated. */
  private compact(): void {
    if (this.head > 1024 && this.head * 2 > this.queue.length) {
      this.queue.splice(0, this.head);
      this.head = 0;
    }
  }
}
