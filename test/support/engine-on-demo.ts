// An agent engine on a demo environment (simulator + relay, in-process): the real engine, the
// real SDK and the real relay client, as in demo mode. Tests pick the endpoint, the timings and
// optionally wrap the relay client (to drop chosen events) or run without a relay (REST only).
import { defaultSettings, type Settings } from '../../electron/contract';
import { createAgentEngine, type AgentEngine } from '../../electron/core/agent';
import type { AgentEngineDeps } from '../../electron/core/agent/engine';
import type { RunningDemo } from '../../electron/demo';
import { createHistoryService, type HistoryService } from '../../electron/core/history';
import { createLogger, type Logger } from '../../electron/core/log';
import { createRelayClient, type RelayClient, type VerifiedTelnyxEvent } from '../../electron/core/relay/relay-client';
import { createTelnyxGateway } from '../../electron/core/telnyx-gateway';
import { until } from './until';

export const silentLog = createLogger({ level: 'error', sink: () => {} });

export interface EngineOnDemoOptions {
  endpoint?: string;
  timing?: AgentEngineDeps['timing'];
  /** false = no relay: the engine learns everything from REST reconciles. */
  relay?: boolean;
  /** Events for which this returns true never reach the engine (a lost webhook). */
  dropEvent?: (ev: VerifiedTelnyxEvent) => boolean;
  log?: Logger;
}

export function engineOnDemo(demo: RunningDemo, o: EngineOnDemoOptions = {}): AgentEngine {
  const settings: Settings = {
    ...defaultSettings,
    agent: { endpoint: o.endpoint ?? demo.agentEndpoint, connectionId: demo.connectionId, callerId: demo.callerId, displayName: '' },
    watchedQueues: ['support', 'sales'],
  };
  const gateway = createTelnyxGateway(() => ({ apiKey: demo.apiKey, baseURL: demo.baseURL, maxRetries: 0, timeoutMs: 5000 }));
  const drop = o.dropEvent;
  return createAgentEngine({
    gateway,
    settings: () => settings,
    relayConfig: () =>
      o.relay === false ? undefined : { url: demo.relay.url, token: demo.relayToken, telnyxPublicKey: demo.telnyxPublicKey },
    mode: () => 'demo',
    log: o.log ?? silentLog,
    timing: { pendingTimeoutMs: 1500, reconcileIntervalMs: 600_000, answerTimeoutMs: 5000, ...o.timing },
    ...(drop
      ? {
          createRelayClient: (opts): RelayClient => {
            const real = createRelayClient(opts);
            const on = real.on.bind(real) as (e: string, cb: (x: unknown) => void) => () => void;
            const wrapped = {
              start: () => real.start(),
              stop: () => real.stop(),
              forceReconnect: () => real.forceReconnect(),
              on: (e: string, cb: (x: unknown) => void) =>
                e === 'event' ? on(e, (ev) => void (drop(ev as VerifiedTelnyxEvent) || cb(ev))) : on(e, cb),
            };
            return wrapped as RelayClient;
          },
        }
      : {}),
  });
}

/** Call history following `engine` (an in-memory database): what the console keeps of each call. */
export function historyOf(engine: AgentEngine): HistoryService {
  const history = createHistoryService({ host: {}, settings: () => defaultSettings.history, log: silentLog });
  history.attach(engine);
  return history;
}

/** Starts the engine, waits for the relay (when it has one) and goes available on a parked leg. */
export async function startAvailable(engine: AgentEngine, withRelay = true): Promise<void> {
  await engine.start();
  if (withRelay) await until(() => engine.state().connection.relay.state === 'live', 'relay live', 8000);
  await engine.handlers['agent.setStatus']({ status: 'available' });
  await until(() => engine.state().agent.status === 'available' && engine.state().agent.leg?.state === 'parked', 'agent available', 8000);
}

/** A caller waits in `queue`; the engine takes it. Returns the caller's leg and the conference. */
export async function takeCaller(demo: RunningDemo, engine: AgentEngine, queue = 'support', from = '+15557654321') {
  const { callControlId: caller } = await demo.sim.injectInboundCall({ queue, from });
  await until(() => engine.state().queues.some((q) => q.calls.some((c) => c.callControlId === caller)), 'caller queued', 8000);
  const { conferenceId } = await engine.handlers['queue.takeCall']({ callControlId: caller });
  return { caller, conferenceId };
}
