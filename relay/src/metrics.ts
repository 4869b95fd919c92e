import { Counter, Gauge, Histogram, Registry, collectDefaultMetrics } from 'prom-client';

const LATENCY_BUCKETS = [0.0005, 0.001, 0.002, 0.005, 0.01, 0.025, 0.05, 0.1, 0.25, 0.5, 1];

/** One registry per relay instance, so several relays (tests, demo mode) never share counters. */
export function createRelayMetrics() {
  const registry = new Registry();
  collectDefaultMetrics({ register: registry, prefix: 'relay_process_' });
  return {
    registry,
    webhooks: new Counter({
      name: 'relay_webhooks_total',
      help: 'Webhook requests by outcome (accepted, duplicate, or the reason they were refused)',
      labelNames: ['outcome'] as const,
      registers: [registry],
    }),
    verifyFailures: new Counter({
      name: 'relay_verify_failures_total',
      help: 'Webhooks refused because the Telnyx signature or timestamp did not verify',
      labelNames: ['reason'] as const,
      registers: [registry],
    }),
    ingestToAppend: new Histogram({
      name: 'relay_ingest_to_append_seconds',
      help: 'From webhook request start to durable append',
      buckets: LATENCY_BUCKETS,
      registers: [registry],
    }),
    appendToSend: new Histogram({
      name: 'relay_append_to_send_seconds',
      help: 'From append (as seen by this instance) to the event being written to every live subscriber',
      buckets: LATENCY_BUCKETS,
      registers: [registry],
    }),
    subscribers: new Gauge({ name: 'relay_subscribers', help: 'Connected websocket subscribers', registers: [registry] }),
    replays: new Counter({
      name: 'relay_replays_total',
      help: 'Subscriber connections by whether they resumed from `since`',
      labelNames: ['recovered'] as const,
      registers: [registry],
    }),
    replayedEvents: new Counter({ name: 'relay_replayed_events_total', help: 'Events sent during replay', registers: [registry] }),
    slowConsumerCloses: new Counter({
      name: 'relay_slow_consumer_closes_total',
      help: 'Subscribers closed with 4008 because their send buffer passed the cap',
      registers: [registry],
    }),
    refusedSubscribers: new Counter({
      name: 'relay_refused_subscribers_total',
      help: 'Websocket upgrades refused, by HTTP status (401 token, 403 filter, 429 per-agent cap)',
      labelNames: ['status'] as const,
      registers: [registry],
    }),
    refusedConnections: new Counter({
      name: 'relay_refused_connections_total',
      help: 'TCP connections answered 503 and closed because the relay was at its connection cap',
      registers: [registry],
    }),
    deadPeerCloses: new Counter({ name: 'relay_dead_peer_closes_total', help: 'Subscribers terminated for missing pongs', registers: [registry] }),
    offerPasses: new Counter({ name: 'relay_offer_passes_total', help: 'Completed looks at the waiting callers of offer-mode queues', registers: [registry] }),
    offers: new Counter({
      name: 'relay_offers_total',
      help: 'Offers made by this relay (offered) and how the ones it closed ended',
      labelNames: ['outcome'] as const,
      registers: [registry],
    }),
  };
}

export type RelayMetrics = ReturnType<typeof createRelayMetrics>;
