// A started simulator + a real webhook receiver on 127.0.0.1 + an SDK client whose every
// response is validated against the Telnyx spec. Every received webhook is checked twice: the
// official SDK's `client.webhooks.unwrap` must accept its signature, and its body must match the
// spec's webhook schema. `problems` collects any failure; tests assert it stays empty.
import http from 'node:http';
import type { AddressInfo } from 'node:net';
import Telnyx from 'telnyx';
import { startSimulator, type Simulator, type SimulatorOptions } from '../../sim/src/index';
import { validateWebhook, validatingFetch, type ValidatedExchange } from './telnyx-openapi';
import { expect } from 'vitest';
import { until } from './until';

export interface ReceivedWebhook {
  raw: string;
  headers: http.IncomingHttpHeaders;
  body: { data: { event_type: string; id: string; occurred_at: string; payload: Record<string, any> }; meta: { attempt: number; delivered_to: string } };
}

export interface SimHarness {
  sim: Simulator;
  client: Telnyx;
  webhookUrl: string;
  webhooks: ReceivedWebhook[];
  exchanges: ValidatedExchange[];
  /** Validation or signature failures seen so far (responses and webhooks). */
  problems: string[];
  /** Resolves with the first received webhook (already received or future) matching. */
  waitForWebhook(eventType: string, match?: (payload: Record<string, any>) => boolean, timeoutMs?: number): Promise<ReceivedWebhook>;
  /** Events for one call leg, in arrival order. */
  eventsFor(callControlId: string): string[];
  /** Answer the next `n` deliveries with this status (simulates a receiver that is down). */
  failNextDeliveries(n: number, status?: number): void;
  close(): Promise<void>;
}

export const TEST_API_KEY = 'KEY_test_simulator';

export async function startSimHarness(options: Partial<SimulatorOptions> = {}): Promise<SimHarness> {
  const webhooks: ReceivedWebhook[] = [];
  const problems: string[] = [];
  const waiters: Array<{ test: (w: ReceivedWebhook) => boolean; resolve: (w: ReceivedWebhook) => void }> = [];
  let failRemaining = 0;
  let failStatus = 503;
  // Assigned once the simulator is up; the receiver callback above reads it later.
  // eslint-disable-next-line prefer-const
  let client: Telnyx | undefined;
  const pendingChecks = new Set<Promise<void>>();

  const receiver = http.createServer((req, res) => {
    const chunks: Buffer[] = [];
    req.on('data', (c: Buffer) => chunks.push(c));
    req.on('end', () => {
      if (failRemaining > 0) {
        failRemaining--;
        res.writeHead(failStatus).end();
        return;
      }
      const raw = Buffer.concat(chunks).toString('utf8');
      const received = { raw, headers: req.headers, body: JSON.parse(raw) } as ReceivedWebhook;
      try {
        validateWebhook(received.body);
      } catch (err) {
        problems.push((err as Error).message);
      }
      if (req.headers['content-type'] !== 'application/json') problems.push(`content-type ${req.headers['content-type']}`);
      const check = client!.webhooks.unwrap(raw, { headers: req.headers as Record<string, string> }).then(
        () => undefined,
        (err: unknown) => {
          problems.push(`unwrap rejected ${received.body.data.event_type}: ${(err as Error).message}`);
        },
      );
      pendingChecks.add(check);
      void check.finally(() => pendingChecks.delete(check));
      webhooks.push(received);
      for (const w of [...waiters]) {
        if (w.test(received)) {
          waiters.splice(waiters.indexOf(w), 1);
          w.resolve(received);
        }
      }
      res.writeHead(200).end();
    });
  });
  await new Promise<void>((resolve) => receiver.listen(0, '127.0.0.1', () => resolve()));
  const webhookUrl = `http://127.0.0.1:${(receiver.address() as AddressInfo).port}/telnyx/webhooks`;
  const sim = await startSimulator({
    apiKeys: [TEST_API_KEY], scenario: 'none', timeScale: 0.02, webhookUrl, seed: 42,
    webhookBackoffMs: { initial: 20, max: 200 }, ...options,
  });
  const validating = validatingFetch();
  client = new Telnyx({ apiKey: TEST_API_KEY, baseURL: sim.baseUrl, maxRetries: 0, publicKey: sim.publicKey, fetch: validating.fetch });
  const c = client;

  return {
    sim, client: c, webhookUrl, webhooks, exchanges: validating.exchanges,
    get problems() {
      return [...validating.failures, ...problems];
    },
    waitForWebhook(eventType, match = () => true, timeoutMs = 5000) {
      const test = (w: ReceivedWebhook) => w.body.data.event_type === eventType && match(w.body.data.payload);
      const existing = webhooks.find(test);
      if (existing) return Promise.resolve(existing);
      return new Promise((resolve, reject) => {
        const timer = setTimeout(() => reject(new Error(`no ${eventType} webhook within ${timeoutMs} ms; got ${webhooks.map((w) => w.body.data.event_type).join(', ')}`)), timeoutMs);
        waiters.push({ test, resolve: (w) => { clearTimeout(timer); resolve(w); } });
      });
    },
    eventsFor(callControlId) {
      return webhooks.filter((w) => w.body.data.payload.call_control_id === callControlId).map((w) => w.body.data.event_type);
    },
    failNextDeliveries(n, status = 503) {
      failRemaining = n;
      failStatus = status;
    },
    async close() {
      await sim.close();
      await Promise.all(pendingChecks);
      receiver.closeAllConnections();
      await new Promise<void>((resolve) => receiver.close(() => resolve()));
    },
  };
}

/** Waits until `condition()` is true (polling), or fails after `timeoutMs`. */

/**
 * Ends a test's simulator: waits for every webhook to be delivered, fails the test if any
 * response or webhook broke the spec or its signature, then closes it.
 */
export async function closeChecked(h: SimHarness): Promise<void> {
  await until(() => h.sim.webhookBacklog() === 0, 'webhooks delivered', 5000);
  expect(h.problems).toEqual([]);
  await h.close();
}
