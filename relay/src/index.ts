import { randomUUID } from 'node:crypto';
import { parseTelnyxPublicKey } from '@switchboard/telnyx';
import type { Logger } from 'pino';
import { pino } from 'pino';
import { Authenticator } from './auth';
import { systemClock, type Clock } from './clock';
import { pinoOver, type HostLog } from './log';
import { createRelayMetrics } from './metrics';
import { RelayServer } from './server';
import { describeStore, openStore } from './store';
import { readQueueConfig, type QueueConfigInput } from './queue-config';
import { openTeamStores } from './team-stores';
import { VerifyPool } from './verify-pool';
import { loadTelnyxVerifier } from './ed25519';

export { CloseCode } from './protocol';
export type { HostLog } from './log';
export type {
  HelloFrame,
  EventFrame,
  LiveFrame,
  ServerFrame,
  TeamServerFrame,
  PresenceFrame,
  ClaimResultFrame,
  ErrorFrame,
  ClientFrame,
  PresenceUpdateFrame,
  ClaimFrame,
  ReleaseFrame,
  OfferFrame,
  OfferEndedFrame,
  OfferReplyFrame,
  OfferTransfer,
  TransferOfferFrame,
  TransferOfferResultFrame,
  TransferOfferEndedFrame,
  TransferOfferCancelFrame,
  TransferOfferOutcome,
  KpisFrame,
  AgentPresence,
  AgentState,
} from './protocol';
export type { Clock } from './clock';
export type { QueueKpis, AgentKpis, KpiWindow } from './protocol';
export type { QueueConfigInput, QueueMode } from './queue-config';
export { mintAgentToken } from './token-cli';

export interface RelayOptions {
  port?: number; // default 0 (a free port)
  host?: string; // default '127.0.0.1'
  telnyxPublicKeys: string[]; // base64 raw 32-byte Ed25519 keys (several = rotation)
  tokens?: string[]; // static bearer tokens
  jwtSecret?: string; // HS256 secret (≥ 32 bytes) for signed agent tokens (claims: sub = agent id, exp, optional queues[], connection_ids[])
  jwtMaxLifetimeSecs?: number; // longest accepted token lifetime, default 24 h
  jwtAudience?: string; // when set, tokens must carry this `aud`
  jwtIssuer?: string; // when set, tokens must carry this `iss`
  store?: string; // 'memory' | 'file:<dir>' (default file:./relay-log) | 'sqlite:<path>' | 'redis://host:port[/db]'
  retention?: { maxAgeSecs?: number; maxEvents?: number };
  heartbeatMs?: number;
  slowConsumerBytes?: number;
  toleranceSecs?: number; // default 300
  requestTimeoutMs?: number; // close a connection that sends no complete request within this (default 10 s)
  maxConnections?: number; // open TCP connections overall (default 10,000)
  maxConnectionsPerAgent?: number; // websockets per agent / static token (default 100)
  verifyWorkers?: number; // Ed25519 verify worker threads; 0 (default here; the CLI defaults to cores - 1) = verify on the event loop
  presenceGraceMs?: number; // an agent whose sockets are all gone this long is marked offline (default 30 s)
  queues?: QueueConfigInput; // per-queue mode (offer | pull), service-level threshold, offer timeout (queue-config.ts)
  clock?: Clock; // timers for presence grace and claim leases (tests drive one); default the system clock
  logger?: Logger; // default: pino to stderr, secrets redacted
  log?: HostLog; // a host's own logger (message first, then fields), used instead of `logger`
}

export interface Relay {
  url: string; // http://127.0.0.1:PORT
  port: number;
  close(): Promise<void>; // graceful
}

export const RELAY_DEFAULTS = {
  host: '127.0.0.1',
  store: 'file:./relay-log',
  retention: { maxAgeSecs: 24 * 3600, maxEvents: 100_000 },
  heartbeatMs: 15_000,
  slowConsumerBytes: 4 * 1024 * 1024,
  toleranceSecs: 300,
  verifyWorkers: 0,
  jwtMaxLifetimeSecs: 24 * 3600,
  requestTimeoutMs: 10_000,
  maxConnections: 10_000,
  maxConnectionsPerAgent: 100,
  presenceGraceMs: 30_000,
} as const;

/** Default logger: JSON to stderr, with anything that could carry a secret redacted. */
export function createRelayLogger(level = process.env.LOG_LEVEL ?? 'info'): Logger {
  return pino(
    {
      name: 'relay',
      level,
      redact: ['req.headers.authorization', 'headers.authorization', 'token', 'jwtSecret', 'tokens'],
    },
    pino.destination(2),
  );
}

export async function startRelay(o: RelayOptions): Promise<Relay> {
  if (!o.telnyxPublicKeys.length) throw new Error('at least one Telnyx public key is required');
  if (!o.tokens?.length && !o.jwtSecret) throw new Error('configure static tokens or a JWT secret, or no desktop can connect');
  for (const name of ['requestTimeoutMs', 'maxConnections', 'maxConnectionsPerAgent', 'jwtMaxLifetimeSecs', 'presenceGraceMs'] as const) {
    const value = o[name];
    if (value !== undefined && !(Number.isFinite(value) && value > 0)) throw new Error(`${name} must be a positive number`);
  }
  const queueConfig = readQueueConfig(o.queues ?? {});
  const log = o.log ? pinoOver(o.log) : (o.logger ?? createRelayLogger());
  // Checked before anything is opened: a weak secret refuses to start.
  const auth = new Authenticator(
    o.tokens ?? [],
    o.jwtSecret
      ? {
          secret: o.jwtSecret,
          maxLifetimeSecs: o.jwtMaxLifetimeSecs ?? RELAY_DEFAULTS.jwtMaxLifetimeSecs,
          ...(o.jwtAudience ? { audience: o.jwtAudience } : {}),
          ...(o.jwtIssuer ? { issuer: o.jwtIssuer } : {}),
        }
      : undefined,
  );
  const storeSpec = o.store ?? RELAY_DEFAULTS.store;
  const store = await openStore(
    storeSpec,
    {
      maxAgeSecs: o.retention?.maxAgeSecs ?? RELAY_DEFAULTS.retention.maxAgeSecs,
      maxEvents: o.retention?.maxEvents ?? RELAY_DEFAULTS.retention.maxEvents,
    },
    { onProblem: (what, error) => log.error({ err: error, what }, 'store write failed: not ready until one succeeds') },
  );
  const telnyxKeys = o.telnyxPublicKeys.map(parseTelnyxPublicKey);
  const telnyxVerifier = await loadTelnyxVerifier(telnyxKeys);
  const verifyWorkers = o.verifyWorkers ?? RELAY_DEFAULTS.verifyWorkers;
  if (!Number.isInteger(verifyWorkers) || verifyWorkers < 0) throw new Error('verifyWorkers must be a non-negative integer');
  const verifyPool = verifyWorkers > 0 ? new VerifyPool(telnyxKeys, verifyWorkers, log, telnyxVerifier) : undefined;
  const clock = o.clock ?? systemClock;
  let team;
  try {
    team = await openTeamStores(storeSpec, clock);
  } catch (error) {
    await verifyPool?.close();
    await store.close();
    throw error;
  }
  const closeTeam = async () => {
    await team.presence.close();
    await team.claims.close();
  };
  const server = new RelayServer(
    {
      telnyxVerifier,
      ...(verifyPool ? { verifyPool } : {}),
      toleranceSecs: o.toleranceSecs ?? RELAY_DEFAULTS.toleranceSecs,
      heartbeatMs: o.heartbeatMs ?? RELAY_DEFAULTS.heartbeatMs,
      slowConsumerBytes: o.slowConsumerBytes ?? RELAY_DEFAULTS.slowConsumerBytes,
      requestTimeoutMs: o.requestTimeoutMs ?? RELAY_DEFAULTS.requestTimeoutMs,
      maxConnections: o.maxConnections ?? RELAY_DEFAULTS.maxConnections,
      maxConnectionsPerAgent: o.maxConnectionsPerAgent ?? RELAY_DEFAULTS.maxConnectionsPerAgent,
    },
    store,
    auth,
    { ...team, queueConfig, instanceId: randomUUID(), graceMs: o.presenceGraceMs ?? RELAY_DEFAULTS.presenceGraceMs, clock },
    createRelayMetrics(),
    log,
  );
  const host = o.host ?? RELAY_DEFAULTS.host;
  try {
    await server.start();
    await new Promise<void>((resolve, reject) => {
      server.http.once('error', reject);
      server.http.listen(o.port ?? 0, host, () => resolve());
    });
  } catch (error) {
    await server.close().catch(() => {});
    await verifyPool?.close();
    await closeTeam();
    await store.close();
    throw error;
  }
  const address = server.http.address();
  const port = typeof address === 'object' && address ? address.port : 0;
  const url = `http://${host.includes(':') ? `[${host}]` : host}:${port}`;
  log.info({ url, store: describeStore(storeSpec), epoch: store.epoch, keys: o.telnyxPublicKeys.length, verify: telnyxVerifier.engine, verifyWorkers }, 'relay listening');
  let closing: Promise<void> | undefined;
  return {
    url,
    port,
    close: () =>
      (closing ??= (async () => {
        await server.close();
        await verifyPool?.close();
        await closeTeam();
        await store.close();
        log.info('relay stopped');
      })()),
  };
}
