/**
 * Demo mode: the simulator (synthetic callers) and a relay, in-process on free loopback ports,
 * with generated keys. The console then runs exactly the production path: SDK → simulator REST,
 * simulator → signed webhooks → relay → relay client → agent store.
 */
import { generateKeyPairSync, randomBytes } from 'node:crypto';
import { startSimulator, type ScenarioConfig, type Simulator } from '@switchboard/sim';
import { mintAgentToken, startRelay, type Clock as RelayClock, type QueueConfigInput, type Relay } from '@switchboard/relay';
import Telnyx from 'telnyx';
import type { DemoServices } from '../core/environment/demo-environment';
import type { Logger } from '../core/log';

/** A running demo: what core needs (DemoServices) and what tests read (the simulator, the relay). */
export interface RunningDemo extends DemoServices {
  supervisorEndpoint?: string;
  /** The simulator itself: tests read its truth (`snapshot()`) and inject callers and faults. */
  sim: Simulator;
  /** The relay currently running (a new instance after `interruptRelay`). */
  readonly relay: Relay;
  /**
   * A relay outage that lasts until `restore()`: resolves once the relay is closed; `restore`
   * starts a fresh one on the same port with the same keys (its memory log is empty, as after a
   * crash). The simulator keeps retrying its webhooks meanwhile; the relay client reconnects and
   * the engine reconciles. The caller ends the outage (not a timer) so a slow machine cannot
   * end it before whatever should happen during it has happened.
   */
  interruptRelay(): Promise<{ restore(): Promise<void> }>;
  /** A per-agent relay token for another console on this demo (tests run a team of consoles). */
  mintRelayToken(agentId: string, role?: 'agent' | 'supervisor'): Promise<string>;
}

export interface DemoOptions {
  log: Logger;
  /** Multiplies simulated durations (tests use e.g. 0.05). */
  timeScale?: number;
  seed?: number;
  /** Default 'callcenter' (callers arrive on their own into `support` and `sales`). */
  scenario?: 'none' | 'callcenter' | Partial<ScenarioConfig>;
  /** What a long demo keeps in memory at most (defaults: DEMO_RETENTION). */
  retention?: Partial<DemoRetention>;
  /** The relay's queue config (offer-mode queues, offer timeout); default: every queue in pull mode. */
  queues?: QueueConfigInput;
  /** The relay's team timers (offer timeouts, claim leases, presence grace): a test harness passes its clock. */
  relayClock?: RelayClock;
}

/**
 * Demo mode runs for hours at simulated speed: the simulator's ended calls and conferences and
 * the relay's event log (which only has to bridge a reconnect here) are bounded by count.
 */
export interface DemoRetention {
  simEndedCalls: number;
  simEndedConferences: number;
  relayEvents: number;
}
export const DEMO_RETENTION: DemoRetention = { simEndedCalls: 500, simEndedConferences: 100, relayEvents: 2000 };

export const DEMO_QUEUES = ['support', 'sales'] as const;
export const DEMO_AGENT_ENDPOINT = 'sip:agent@demo.switchboard.invalid';
export const DEMO_SUPERVISOR_ENDPOINT = 'sip:supervisor@demo.switchboard.invalid';
/** The far end of the loopback audio test: the simulator answers it and speaks a synthetic voice. */
export const DEMO_AUDIO_TEST_ENDPOINT = 'sip:audio-test@demo.switchboard.invalid';
export const DEMO_CALLER_ID = '+15550100001';
export const DEMO_CONNECTION_ID = 'sim-connection';
/** The demo console's agent on its relay: a supervisor, so the team view shows the demo's team too. */
export const DEMO_AGENT_ID = 'demo-agent';
const DEMO_TOKEN_TTL_SECS = 23 * 3600;

export async function startDemo(opts: DemoOptions): Promise<RunningDemo> {
  const apiKey = `KEYdemo_${randomBytes(18).toString('base64url')}`;
  // A per-agent token (not a static one): presence and claims need an agent id, as in production.
  const jwtSecret = randomBytes(32).toString('base64url');
  const mintRelayToken = (agentId: string, role: 'agent' | 'supervisor' = 'agent') =>
    mintAgentToken({ secret: jwtSecret, agent: agentId, role, ttlSecs: DEMO_TOKEN_TTL_SECS, maxLifetimeSecs: 24 * 3600 });
  const relayToken = await mintRelayToken(DEMO_AGENT_ID, 'supervisor');
  const signingKey = generateKeyPairSync('ed25519').privateKey;
  const retention = { ...DEMO_RETENTION, ...opts.retention };
  const sim = await startSimulator({
    port: 0,
    apiKeys: [apiKey],
    signingKey,
    scenario: opts.scenario ?? demoScenario(),
    ...(opts.seed !== undefined ? { seed: opts.seed } : {}),
    ...(opts.timeScale !== undefined ? { timeScale: opts.timeScale } : {}),
    log: opts.log.child({ area: 'sim' }),
    keepEnded: { calls: retention.simEndedCalls, conferences: retention.simEndedConferences },
  });
  const launchRelay = (port: number) =>
    startRelay({
      port, telnyxPublicKeys: [sim.publicKey], jwtSecret, store: 'memory', log: opts.log.child({ area: 'relay' }),
      retention: { maxEvents: retention.relayEvents },
      ...(opts.queues ? { queues: opts.queues } : {}),
      ...(opts.relayClock ? { clock: opts.relayClock } : {}),
    });
  let relay: Relay;
  try {
    relay = await launchRelay(0);
  } catch (e) {
    await sim.close();
    throw e;
  }
  sim.setWebhookUrl(`${relay.url}/webhooks/telnyx`);
  let credentialConnectionId: string;
  try {
    credentialConnectionId = await createSoftphoneConnection(sim.baseUrl, apiKey);
  } catch (e) {
    await Promise.allSettled([sim.close(), relay.close()]);
    throw e;
  }
  let stopped = false;
  return {
    apiKey,
    baseURL: sim.baseUrl,
    relayUrl: relay.url,
    relayToken,
    telnyxPublicKey: sim.publicKey,
    agentEndpoint: DEMO_AGENT_ENDPOINT,
    supervisorEndpoint: DEMO_SUPERVISOR_ENDPOINT,
    connectionId: DEMO_CONNECTION_ID,
    callerId: DEMO_CALLER_ID,
    queues: DEMO_QUEUES,
    softphone: { credentialConnectionId, rtcUrl: sim.rtcUrl },
    audioTest: {
      farEnd: DEMO_AUDIO_TEST_ENDPOINT,
      heardRms: (callControlId) => Math.max(0, ...(sim.snapshot().media.find((m) => m.call_control_id === callControlId)?.heard_history ?? [])),
    },
    sim,
    get relay() {
      return relay;
    },
    async interruptRelay() {
      const port = relay.port;
      await relay.close();
      return {
        async restore() {
          if (stopped) return;
          relay = await launchRelay(port);
        },
      };
    },
    mintRelayToken,
    async stop() {
      if (stopped) return;
      stopped = true;
      sim.setWebhookUrl(undefined);
      await Promise.allSettled([sim.close(), relay.close()]);
    },
  };
}

/**
 * The account's SIP credential connection, as an admin sets it up once on real Telnyx (README):
 * made here through the official SDK so the softphone path is the production one.
 */
async function createSoftphoneConnection(baseURL: string, apiKey: string): Promise<string> {
  const client = new Telnyx({ apiKey, baseURL, maxRetries: 0, logLevel: 'off' });
  const created = await client.credentialConnections.create({
    connection_name: 'switchboard-demo-softphones',
    user_name: `demo${randomBytes(6).toString('hex')}`,
    password: randomBytes(18).toString('base64url'),
  });
  if (!created.data?.id) throw new Error('the simulator did not return a credential connection id');
  return created.data.id;
}

/** The demo's call-center traffic: the callcenter scenario on the demo queues. */
function demoScenario(): Partial<ScenarioConfig> {
  return { queues: [...DEMO_QUEUES], connectionId: DEMO_CONNECTION_ID };
}
