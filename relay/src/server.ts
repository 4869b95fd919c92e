import { createServer, type IncomingMessage, type Server, type ServerResponse } from 'node:http';
import type { Socket } from 'node:net';
import type { Logger } from 'pino';
import type { Authenticator } from './auth';
import { CallScopes } from './call-scopes';
import { FanOut } from './fanout';
import { startHeartbeats } from './heartbeat';
import { rejectSocket, sendJson } from './http-answers';
import { WebhookIntake, type IntakeConfig } from './intake';
import type { RelayMetrics } from './metrics';
import type { EventStore } from './store';
import { QueueLog } from './kpi-events';
import { QueueKpiTracker } from './kpis';
import { OfferEngine } from './offers';
import { PresenceView } from './presence-view';
import { policyOf, type QueueConfig } from './queue-config';
import { Team, type TeamConfig } from './team';
import { serveWallboard } from './wallboard';
import type { TeamStores } from './team-stores';
import { SubscriberGate } from './upgrade';

export { MAX_WEBHOOK_BYTES } from './intake';

const SHUTDOWN_DRAIN_MS = 10_000;
const SHUTDOWN_CLOSE_MS = 2000;

export interface ConnectionLimits {
  /** A connection that has not sent one complete request within this is answered 408 and closed. */
  requestTimeoutMs: number;
  /** Open TCP connections (webhooks + websockets); past it a new one gets 503 and is closed. */
  maxConnections: number;
  /** Websockets per agent (JWT `sub`) or static token; past it the upgrade gets 429. */
  maxConnectionsPerAgent: number;
}

export interface RelayServerConfig extends IntakeConfig, ConnectionLimits {
  heartbeatMs: number;
  slowConsumerBytes: number;
}

/**
 * One relay instance, four parts joined by the store: the webhook intake appends, the store's
 * `onAppended` feeds the call scopes and then the fan-out, the subscriber gate admits websockets to
 * the fan-out, and heartbeats ping them. This class only routes HTTP and bounds connections.
 */
export class RelayServer {
  readonly http: Server;
  readonly scopes: CallScopes;
  private readonly intake: WebhookIntake;
  private readonly fanOut: FanOut;
  private readonly gate: SubscriberGate;
  private readonly team: Team;
  private readonly kpis: QueueKpiTracker;
  private readonly presenceView: PresenceView;
  private readonly offers: OfferEngine;
  /** Parses each queue event of the log once, for the KPIs and the offer log. */
  private readonly queueLog: QueueLog;
  private readonly stopHeartbeats: () => void;
  private readonly stopListening: () => void;
  private readonly connections = new Set<Socket>();
  private lastCapWarning = 0;
  private shuttingDown = false;

  constructor(
    config: RelayServerConfig,
    private readonly store: EventStore,
    auth: Authenticator,
    teamStores: TeamStores & TeamConfig & { queueConfig: QueueConfig },
    private readonly metrics: RelayMetrics,
    private readonly log: Logger,
  ) {
    this.scopes = new CallScopes((a, b) => store.compareIds(a, b));
    this.intake = new WebhookIntake(config, store, metrics, log);
    this.fanOut = new FanOut(store, this.scopes, config.slowConsumerBytes, metrics, log);
    const queueConfig = teamStores.queueConfig;
    this.kpis = new QueueKpiTracker((queue) => policyOf(queueConfig, queue).serviceLevelSecs);
    this.presenceView = new PresenceView(teamStores.presence);
    this.offers = new OfferEngine(store, teamStores.claims, this.presenceView, teamStores.presence, queueConfig, teamStores.clock, teamStores.instanceId, metrics, log);
    this.queueLog = new QueueLog([this.kpis, this.offers.log]);
    this.team = new Team(teamStores.presence, teamStores.claims, this.scopes, this.kpis, this.offers, this.presenceView, teamStores, log, store);
    this.gate = new SubscriberGate(auth, this.fanOut, this.team, config.maxConnectionsPerAgent, metrics, log);
    this.http = createServer(
      {
        // Silent or trickling clients are not Telnyx: answer 408 and close them after the timeout.
        requestTimeout: config.requestTimeoutMs,
        headersTimeout: config.requestTimeoutMs,
        connectionsCheckingInterval: Math.max(10, Math.min(1000, Math.floor(config.requestTimeoutMs / 4))),
      },
      (req, res) => this.route(req, res),
    );
    this.http.on('connection', (socket: Socket) => this.admit(socket, config.maxConnections));
    this.http.on('upgrade', (req, socket, head) => void this.gate.upgrade(req, socket, head));
    // Scopes first: the fan-out asks them about the events of the same batch.
    this.stopListening = store.onAppended((events) => {
      this.scopes.observe(events);
      this.queueLog.observe(events);
      this.offers.observed(events);
      this.fanOut.publish(events);
      this.team.eventsAppended(events);
    });
    this.stopHeartbeats = startHeartbeats(this.fanOut.subscribers, config.heartbeatMs, metrics);
  }

  /** Reads the retained log so queue scopes and KPIs survive a restart; call before listening. */
  async start(): Promise<void> {
    await Promise.all([this.scopes.rebuild(this.store), this.queueLog.rebuild(this.store), this.presenceView.start()]);
    this.offers.start();
  }

  private admit(socket: Socket, max: number): void {
    if (this.connections.size >= max) {
      this.metrics.refusedConnections.inc();
      // One line per second at most: a flood must not also flood the log.
      if (Date.now() - this.lastCapWarning > 1000) {
        this.lastCapWarning = Date.now();
        this.log.warn({ max, remote: socket.remoteAddress }, 'connection refused: relay at its connection cap');
      }
      socket.on('error', () => socket.destroy());
      rejectSocket(socket, 503, 'too_many_connections');
      socket.destroySoon();
      return;
    }
    this.connections.add(socket);
    socket.once('close', () => this.connections.delete(socket));
  }

  private route(req: IncomingMessage, res: ServerResponse): void {
    const path = (req.url ?? '/').split('?')[0] ?? '/';
    if (req.method === 'POST' && path === '/webhooks/telnyx') return this.intake.receive(req, res);
    if (req.method === 'GET' && serveWallboard(req, path, res)) return;
    if (req.method === 'GET' && path === '/healthz') return sendJson(res, 200, { status: 'ok' });
    if (req.method === 'GET' && path === '/readyz') {
      const ready = !this.shuttingDown && this.store.isHealthy();
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

  /** Readiness fails, new webhooks get 503, in-flight ones finish, sockets close with 1012. */
  async close(): Promise<void> {
    if (this.shuttingDown) return;
    this.shuttingDown = true;
    this.gate.stopAccepting();
    const closed = new Promise<void>((resolve) => this.http.close(() => resolve()));
    await this.intake.drain(SHUTDOWN_DRAIN_MS);
    this.stopHeartbeats();
    this.stopListening();
    // The team first: sockets closing for the shutdown must not start offline timers.
    this.team.close();
    this.offers.close();
    this.presenceView.close();
    await this.fanOut.closeAll(SHUTDOWN_CLOSE_MS);
    this.http.closeAllConnections();
    await closed;
  }
}
