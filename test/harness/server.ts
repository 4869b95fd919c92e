/**
 * The test harness: the real electron/core hosted in Node, the contract bound to a websocket,
 * and the built renderer served with a `window.switchboard` backed by that socket. Playwright
 * drives Chromium against it exactly as an agent would use the app.
 *
 * Test-only controls live under /harness/control/ (simulator truth, fault injection, relay
 * outage), served only when started for tests; the renderer never calls them. Every request
 * and the websocket need this run's key and a loopback Host/Origin (see access.ts).
 */
import { build } from 'esbuild';
import { mkdir, mkdtemp, readFile } from 'node:fs/promises';
import os from 'node:os';
import http from 'node:http';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { WebSocketServer, type WebSocket } from 'ws';
import { buildContentSecurityPolicy, rtcHostOption } from '../../electron/main/csp';
import { defaultSettings, type EndpointMode } from '../../electron/contract';
import { createLogger, type Logger } from '../../electron/core/log';
import { startSimulator, type Simulator } from '@switchboard/sim';
import type { QueueConfigInput } from '@switchboard/relay';
import { randomBytes } from 'node:crypto';
import { startDemo, type RunningDemo } from '../../electron/demo';
import { createSwitchboardCore, type SwitchboardCore } from '../../electron/core/switchboard-core';
import { createAesVault, createMemoryStore } from './host-adapters';
import { createHarnessAccess } from './access';
import { handleControl, type ControlContext } from './control';
import { createAdjustableClock, type AdjustableClock } from './clock';

const repoRoot = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '..', '..');

export interface HarnessOptions {
  port?: number;
  /** Start in demo mode (simulator + relay in-process). Default true. */
  demo?: boolean;
  /** Simulated-time multiplier for the demo simulator (e2e tests use small values). */
  timeScale?: number;
  seed?: number;
  rendererDir?: string;
  /** Secret storage backend name to report ("basic_text" exercises the weak-storage opt-in). */
  secretBackend?: string;
  /**
   * Live mode talks to a simulator standing in for api.telnyx.com (no internet here), which
   * accepts only its own random key: any key an agent types answers 401 like Telnyx would.
   */
  telnyxSim?: boolean;
  /** Synthetic callers: 'callcenter' (default, callers arrive on their own) or 'none' (tests inject their own). */
  scenario?: 'none' | 'callcenter';
  log?: Logger;
  /** Serve /harness/control/* (simulator truth, faults, outages). Only tests and scripts ask for it. */
  testControls?: boolean;
  /**
   * The agent's endpoint mode at start. Default 'external' (the demo's SIP endpoint the simulator
   * answers by itself); 'softphone' makes the page's own @telnyx/webrtc the agent's phone.
   */
  endpointMode?: EndpointMode;
  /**
   * The "user-data folder": call history's database, and where a CSV export is written
   * (`exports/`). A second harness on the same folder finds the first one's history. Default: a
   * new temp dir.
   */
  userDataDir?: string;
  /**
   * A teammate's console: join this running demo (its simulator and relay) as another agent,
   * with its own per-agent relay token, instead of starting a demo of its own.
   */
  joinDemo?: { demo: RunningDemo; agentId: string; role?: 'agent' | 'supervisor' };
  /** Queues the demo relay runs in offer mode (the relay offers each caller to an Available agent). */
  offerQueues?: string[];
  /** How long an offer rings before it goes to the next agent (default: the relay's 15 s). */
  offerTimeoutMs?: number;
  /**
   * The clock to share (a teammate's console shares the first console's): one clock drives both
   * cores and the demo relay's team timers, so one advance ends an offer on both sides.
   */
  clock?: AdjustableClock;
}

export interface Harness {
  /** Opens the console: carries this run's key (see access.ts). */
  url: string;
  /** This run's key, for `X-Harness-Key` on control requests. */
  key: string;
  port: number;
  core: SwitchboardCore<RunningDemo>;
  /** Core's clock, which also drives the demo relay's team timers (tests advance it). */
  clock: AdjustableClock;
  /** URLs the console asked to open in the system browser (`app.openExternal`), oldest first. */
  openedUrls: string[];
  /** Native notifications the console asked for (Electron `Notification` in the app), oldest first. */
  notifications: Array<{ title: string; body: string }>;
  close(): Promise<void>;
}

const contentTypes: Record<string, string> = {
  '.html': 'text/html; charset=utf-8',
  '.js': 'text/javascript; charset=utf-8',
  '.css': 'text/css; charset=utf-8',
  '.svg': 'image/svg+xml',
  '.png': 'image/png',
  '.json': 'application/json',
  '.woff2': 'font/woff2',
  '.map': 'application/json',
};

async function bundleBridge(): Promise<string> {
  const result = await build({
    entryPoints: [path.join(repoRoot, 'test/harness/bridge.ts')],
    bundle: true,
    write: false,
    format: 'iife',
    platform: 'browser',
    target: 'chrome120',
    logLevel: 'silent',
  });
  return result.outputFiles[0]!.text;
}

export async function startHarness(options: HarnessOptions = {}): Promise<Harness> {
  const rendererDir = options.rendererDir ?? path.join(repoRoot, 'out', 'renderer');
  const indexHtml = await readFile(path.join(rendererDir, 'index.html'), 'utf8').catch(() => {
    throw new Error(`No built renderer in ${rendererDir}: run \`npm run build\` first`);
  });
  // The bridge must define window.switchboard before the renderer's module script runs.
  const page = indexHtml.replace('<head>', '<head>\n    <script src="/harness/bridge.js"></script>');
  const bridge = await bundleBridge();

  // Filled in once core exists (core keeps the list of secrets in memory for the redactor).
  let secretValues: () => string[] = () => [];
  // The harness's "system browser": remembers what the console opened, for the tests to check.
  const openedUrls: string[] = [];
  // The harness's "OS notifications": recorded for the tests (Electron shows them while unfocused).
  const notifications: Array<{ title: string; body: string }> = [];
  const log =
    options.log ??
    createLogger({ level: process.env.HARNESS_LOG === 'debug' ? 'debug' : 'warn', secrets: () => secretValues() });
  const telnyxSim: Simulator | undefined = options.telnyxSim
    ? await startSimulator({ port: 0, apiKeys: [`KEYsim_${randomBytes(18).toString('base64url')}`], scenario: 'none' })
    : undefined;
  const userDataDir = options.userDataDir ?? (await mkdtemp(path.join(os.tmpdir(), 'switchboard-harness-')));
  const store = createMemoryStore();
  // Core's clock, moved forward by tests (/harness/control/clock/advance) instead of waiting; the
  // demo relay's offer timeouts, claim leases and presence grace run on it too.
  const clock = options.clock ?? createAdjustableClock();
  store.set('settings', { ...defaultSettings, endpointMode: options.endpointMode ?? 'external' });
  const core = createSwitchboardCore({
    store,
    vault: createAesVault(options.secretBackend ? { backend: options.secretBackend } : {}),
    log,
    appVersion: (JSON.parse(await readFile(path.join(repoRoot, 'package.json'), 'utf8')) as { version: string }).version,
    platform: process.platform,
    openExternal: async (url) => void openedUrls.push(url),
    notify: (notification) => void notifications.push(notification),
    history: {
      dir: userDataDir,
      exportPath: async (name) => {
        await mkdir(path.join(userDataDir, 'exports'), { recursive: true });
        return path.join(userDataDir, 'exports', name);
      },
    },
    clock,
    ...(telnyxSim ? { telnyx: { baseURL: telnyxSim.baseUrl, maxRetries: 0 } } : {}),
    demo: options.joinDemo
      ? teammateDemo(options.joinDemo)
      : (demoLog) =>
          startDemo({
            log: demoLog,
            timeScale: options.timeScale ?? 1,
            ...(options.seed !== undefined ? { seed: options.seed } : {}),
            ...(options.scenario ? { scenario: options.scenario } : {}),
            relayClock: { now: clock.now, setTimeout: clock.schedule },
            ...(options.offerQueues?.length ? { queues: offerQueueConfig(options.offerQueues, options.offerTimeoutMs) } : {}),
          }),
  });
  secretValues = core.secretValues;

  const access = createHarnessAccess();
  let port = 0;
  // The same policy main serves: it follows the mode (demo adds the simulator's rtc websocket).
  const csp = () => buildContentSecurityPolicy(rtcHostOption(core.softphone.session().host));
  // One context for the harness's life: a relay outage started by one request ends by another.
  const control: ControlContext = { core, openedUrls, clock, notifications };
  const server = http.createServer((req, res) => {
    void (async () => {
      const url = new URL(req.url ?? '/', 'http://harness');
      const refusal = access.refuseRequest(req, url, port);
      if (refusal) return send(res, 403, 'text/plain', `forbidden: ${refusal}`);
      if (url.pathname.startsWith('/harness/control/')) {
        if (!options.testControls) return send(res, 404, 'text/plain', 'not found');
        return handleControl(control, url, req, res);
      }
      if (url.pathname === '/harness/bridge.js') return send(res, 200, contentTypes['.js']!, bridge);
      if (url.pathname === '/' || url.pathname === '/index.html') return send(res, 200, contentTypes['.html']!, page, { 'Set-Cookie': access.cookie(port) }, csp());
      const file = path.resolve(rendererDir, '.' + path.posix.normalize(decodeURIComponent(url.pathname)));
      if (!file.startsWith(rendererDir + path.sep)) return send(res, 404, 'text/plain', 'not found');
      try {
        const body = await readFile(file);
        send(res, 200, contentTypes[path.extname(file)] ?? 'application/octet-stream', body, {}, csp());
      } catch {
        send(res, 404, 'text/plain', 'not found');
      }
    })().catch((e: unknown) => {
      log.error('harness request failed', { cause: String(e) });
      if (!res.headersSent) send(res, 500, 'text/plain', 'harness error');
    });
  });

  const sockets = new WebSocketServer({
    server,
    path: '/harness/ws',
    verifyClient: ({ req }, done) => {
      const refusal = access.refuseUpgrade(req, port);
      if (refusal) log.warn('harness websocket refused', { reason: refusal });
      done(!refusal, 403, refusal ?? undefined);
    },
  });
  const clients = new Set<WebSocket>();
  sockets.on('connection', (socket) => {
    clients.add(socket);
    socket.on('close', () => clients.delete(socket));
    socket.on('message', (data) => {
      let request: { id?: unknown; method?: unknown; params?: unknown };
      try {
        request = JSON.parse(String(data)) as typeof request;
      } catch {
        return;
      }
      if (typeof request.id !== 'number') return;
      void core.dispatch(String(request.method), request.params).then((outcome) => {
        if (socket.readyState === socket.OPEN) socket.send(JSON.stringify({ type: 'result', id: request.id, outcome }));
      });
    });
  });
  const unsubscribe = core.onEvent((event, payload) => {
    const frame = JSON.stringify({ type: 'event', event, payload });
    for (const client of clients) if (client.readyState === client.OPEN) client.send(frame);
  });

  await new Promise<void>((resolve, reject) => {
    server.once('error', reject);
    server.listen(options.port ?? 0, '127.0.0.1', resolve);
  });
  port = (server.address() as { port: number }).port;
  await core.start({ demo: options.demo ?? true });

  return {
    url: access.consoleUrl(port),
    key: access.key,
    port,
    core,
    clock,
    openedUrls,
    notifications,
    async close() {
      unsubscribe();
      for (const client of clients) client.terminate();
      sockets.close();
      control.otherDevices?.forEach((ws) => ws.terminate());
      await core.stop();
      await telnyxSim?.close();
      server.closeAllConnections();
      await new Promise<void>((resolve) => server.close(() => resolve()));
    },
  };
}

/** The demo relay's queue config: these queues in offer mode, the others pulled as before. */
function offerQueueConfig(queues: string[], offerTimeoutMs: number | undefined): QueueConfigInput {
  const offer = { mode: 'offer' as const, ...(offerTimeoutMs !== undefined ? { offerTimeoutMs } : {}) };
  return { queues: Object.fromEntries(queues.map((q) => [q, offer])) };
}

/** Another console's view of a running demo: the same simulator and relay, its own agent token; stopping it leaves the demo running. */
function teammateDemo({ demo, agentId, role }: NonNullable<HarnessOptions['joinDemo']>): () => Promise<RunningDemo> {
  return async () => {
    const relayToken = await demo.mintRelayToken(agentId, role ?? 'agent');
    const agentEndpoint = `sip:${agentId}@demo.switchboard.invalid`;
    return Object.assign(Object.create(demo) as RunningDemo, { relayToken, agentEndpoint, stop: async () => {} });
  };
}

function send(res: http.ServerResponse, status: number, type: string, body: string | Buffer, extraHeaders: Record<string, string> = {}, csp = buildContentSecurityPolicy()): void {
  res.writeHead(status, {
    ...extraHeaders,
    'Content-Type': type,
    'Content-Security-Policy': csp,
    'X-Content-Type-Options': 'nosniff',
    'Cache-Control': 'no-store',
  });
  res.end(body);
}
