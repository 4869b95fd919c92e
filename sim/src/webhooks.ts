// Webhook delivery: ONE ordered outbound queue, so per-call causal order holds end to end. Each
// attempt is freshly signed (the body carries meta.attempt), failures retry the head of the queue
// with capped exponential backoff, and nothing here ever blocks an API response. Bodies are signed
// exactly as Telnyx signs them (API-NOTES §6.1): Ed25519 over `${timestamp}|${body}`.
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

  close(): void {
    this.closed = true;
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

  /** Drops delivered events from the front once enough have accumulated. */
  private compact(): void {
    if (this.head > 1024 && this.head * 2 > this.queue.length) {
      this.queue.splice(0, this.head);
      this.head = 0;
    }
  }
}
