import type { IncomingMessage } from 'node:http';
import type { Socket } from 'node:net';
import type { Duplex } from 'node:stream';
import type { Logger } from 'pino';
import { WebSocketServer } from 'ws';
import type { Authenticator } from './auth';
import type { FanOut } from './fanout';
import { buildFilter } from './filter';
import { rejectSocket } from './http-answers';
import type { RelayMetrics } from './metrics';
import type { Team } from './team';
import { WALLBOARD_PROTOCOL, bearerFromProtocols } from './wallboard';

/**
 * `GET /v1/events` upgrades: everything is decided before the 101 — path, shutdown, token (401),
 * filter (403), the per-agent connection cap (429) — then the socket is handed to the fan-out.
 */
export class SubscriberGate {
  private readonly wss = new WebSocketServer({
    noServer: true,
    perMessageDeflate: false,
    maxPayload: 64 * 1024,
    // The wallboard's subprotocol is chosen; its `bearer.<token>` companion is never echoed back.
    handleProtocols: (offered) => (offered.has(WALLBOARD_PROTOCOL) ? WALLBOARD_PROTOCOL : false),
  });
  private closing = false;

  constructor(
    private readonly auth: Authenticator,
    private readonly fanOut: FanOut,
    private readonly team: Team,
    private readonly maxPerAgent: number,
    private readonly metrics: RelayMetrics,
    private readonly log: Logger,
  ) {}

  stopAccepting(): void {
    this.closing = true;
  }

  async upgrade(req: IncomingMessage, socket: Duplex, head: Buffer): Promise<void> {
    socket.on('error', () => socket.destroy());
    const url = new URL(req.url ?? '/', 'http://relay');
    if (url.pathname !== '/v1/events') return rejectSocket(socket, 404, 'not_found');
    if (this.closing) return rejectSocket(socket, 503, 'shutting_down');
    // A browser (the wallboard) cannot set Authorization on a websocket: it offers the token as a subprotocol.
    const fromProtocol = req.headers.authorization ? undefined : bearerFromProtocols(req.headers['sec-websocket-protocol']);
    const auth = await this.auth.authenticate(req.headers.authorization ?? fromProtocol);
    if ('refused' in auth) return this.refuse(req, socket, 401, 'unauthorized', auth.refused);
    const { principal } = auth;
    if (fromProtocol && principal.role === 'agent') {
      return this.refuse(req, socket, 403, 'supervisor_token_required', 'the wallboard needs a supervisor (or account) token', principal.agentId);
    }
    const filter = buildFilter(url.searchParams, principal);
    if ('forbidden' in filter) return this.refuse(req, socket, 403, filter.forbidden, filter.forbidden, principal.agentId);
    if (this.fanOut.countFor(principal.agentId) >= this.maxPerAgent) {
      return this.refuse(req, socket, 429, 'too_many_connections', `over ${this.maxPerAgent} connections for this agent`, principal.agentId);
    }
    const since = url.searchParams.get('since') || null;
    // Supervisors watch their team's presence; any other token may ask for it with `presence=1`.
    const watchesPresence = principal.role === 'supervisor' || fromProtocol !== undefined || url.searchParams.get('presence') === '1';
    this.wss.handleUpgrade(req, socket, head, (ws) => {
      this.team.attach(ws, principal);
      void this.fanOut.serve(ws, socket as Socket, principal, filter, since).then(() => {
        if (watchesPresence) void this.team.watch(ws, principal);
      });
    });
  }

  private refuse(req: IncomingMessage, socket: Duplex, status: number, answer: string, reason: string, agent?: string): void {
    this.metrics.refusedSubscribers.inc({ status: String(status) });
    this.log.warn({ status, reason, agent, remote: req.socket.remoteAddress }, 'subscriber refused');
    rejectSocket(socket, status, answer);
  }
}
