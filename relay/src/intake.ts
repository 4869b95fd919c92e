import type { IncomingMessage, ServerResponse } from 'node:http';
import { performance } from 'node:perf_hooks';
import type { Logger } from 'pino';
import { header, sendJson } from './http-answers';
import type { RelayMetrics } from './metrics';
import type { EventStore, IncomingEvent } from './store';
import { TELNYX_SIGNATURE_HEADER, TELNYX_TIMESTAMP_HEADER, parseTelnyxEnvelope, precheckTelnyxHeaders, type RefusalReason } from '@switchboard/telnyx';
import type { TelnyxVerifier } from './ed25519';
import type { VerifyPool } from './verify-pool';

export const MAX_WEBHOOK_BYTES = 1024 * 1024;

export interface IntakeConfig {
  /** The Ed25519 check of the signature (libsodium or node:crypto, see ed25519.ts). */
  telnyxVerifier: TelnyxVerifier;
  toleranceSecs: number;
  /** Ed25519 verifies go to these worker threads; absent = inline on the event loop. */
  verifyPool?: VerifyPool;
}

const utf8 = new TextDecoder('utf-8', { fatal: true });

/** `POST /webhooks/telnyx`: verify, then append; acknowledged only once the event is in the log. */
export class WebhookIntake {
  // The hot path's counters, resolved once (a labelled inc() hashes its labels on every call).
  private readonly acceptedCount: { inc(): void };
  private readonly duplicateCount: { inc(): void };
  private inFlight = 0;
  private drained: (() => void) | null = null;
  private closing = false;

  constructor(
    private readonly config: IntakeConfig,
    private readonly store: EventStore,
    private readonly metrics: RelayMetrics,
    private readonly log: Logger,
  ) {
    this.acceptedCount = metrics.webhooks.labels('accepted');
    this.duplicateCount = metrics.webhooks.labels('duplicate');
  }

  receive(req: IncomingMessage, res: ServerResponse): void {
    const startedAt = performance.now();
    if (this.closing) return this.refuse(req, res, 503, 'shutting_down');
    if (Number(req.headers['content-length'] ?? 0) > MAX_WEBHOOK_BYTES) return this.refuse(req, res, 413, 'too_large');
    this.inFlight++;
    res.once('close', () => {
      if (--this.inFlight === 0) this.drained?.();
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

  /** New webhooks get 503; resolves when the in-flight ones have been answered (or after `maxMs`). */
  async drain(maxMs: number): Promise<void> {
    this.closing = true;
    if (this.inFlight === 0) return;
    await Promise.race([
      new Promise<void>((resolve) => (this.drained = resolve)),
      new Promise((resolve) => setTimeout(resolve, maxMs).unref()),
    ]);
  }

  private async ingest(req: IncomingMessage, res: ServerResponse, body: Buffer, startedAt: number): Promise<void> {
    const signature = header(req, TELNYX_SIGNATURE_HEADER);
    const timestamp = header(req, TELNYX_TIMESTAMP_HEADER);
    const pre = precheckTelnyxHeaders(signature, timestamp, { nowSecs: Math.floor(Date.now() / 1000), toleranceSecs: this.config.toleranceSecs });
    if (!pre.ok) return this.refuseUnverified(req, res, pre.reason);
    const pool = this.config.verifyPool;
    const verified = pool
      ? await pool.verify(pre.timestamp, body, pre.signature)
      : this.config.telnyxVerifier.verify(pre.timestamp, body, pre.signature);
    if (!verified) return this.refuseUnverified(req, res, 'bad_signature');
    const event = parseEnvelope(body, signature!, timestamp!);
    if (!event) return this.refuse(req, res, 400, 'malformed');
    try {
      const result = await this.store.append(event);
      this.metrics.ingestToAppend.observe((performance.now() - startedAt) / 1000);
      (result.duplicate ? this.duplicateCount : this.acceptedCount).inc();
      // Relay ids are `<epoch>.<position>` (no characters JSON must escape): no JSON.stringify needed.
      const answer = `{"id":"${result.id}","duplicate":${result.duplicate}}`;
      res.writeHead(200, ACK_HEADERS(answer.length)).end(answer);
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
}

const ACK_HEADERS = (length: number) => ['content-type', 'application/json', 'content-length', String(length)];

/** The event to store from a verified Telnyx envelope and its signature headers; null when it is not one. */
export function parseEnvelope(body: Buffer, signature: string, timestamp: string): IncomingEvent | null {
  let raw: string;
  try {
    raw = utf8.decode(body); // invalid UTF-8 could not be re-verified byte-for-byte by a desktop
  } catch {
    return null;
  }
  const envelope = parseTelnyxEnvelope(raw);
  if (!envelope.ok) return null;
  const { id, eventType, payload, occurredAt } = envelope.event;
  const text = (value: unknown) => (typeof value === 'string' ? value : null);
  return {
    telnyxId: id,
    eventType,
    connectionId: text(payload.connection_id),
    queue: text(payload.queue),
    callControlId: text(payload.call_control_id),
    conferenceId: text(payload.conference_id),
    raw,
    parsed: { occurredAt, payload },
    signature,
    timestamp,
    receivedAt: Date.now(),
  };
}
