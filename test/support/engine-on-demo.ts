// An agent engine on a demo environment (simulator + relay, in-process): the real engine, the
// real SDK and the real relay client, as in demo mode. Tests pick the endpoint, the timings and
// optionally wrap the relay client (to drop chosen events) or run without a relay (REST only).
import { defaultSettings, type Settings } from '../../electron/contract';
import { createAgentEngine, type AgentEngine } from '../../electron/core/agent';
import type { AgentEngineDeps } from '../../electron/core/agent/engine';
import { startDemo, type RunningDemo } from '../../electron/demo';
import { createHistoryService, type HistoryService } from '../../electron/core/history';
import { createLogger, type Logger } from '../../electron/core/log';
import { createRelayClient, type RelayClient, type RelayClientFrame, type TeamFrame, type VerifiedTelnyxEvent } from '../../electron/core/relay/relay-client';
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
  clock?: AgentEngineDeps['clock'];
  openExternal?: AgentEngineDeps['openExternal'];
  /** Settings on top of the demo's agent (wrap-up, away reasons, screen pop, `outbound`…); a function is read on every access, so a test may change them. */
  settings?: Partial<Settings> | (() => Partial<Settings>);
  /** Another agent on the demo's relay (demo.mintRelayToken); default the demo console's own token. */
  relayToken?: string;
  /** Records the engine's native notifications (offers). */
  notify?: AgentEngineDeps['notify'];
  /** Sees the team frames the engine sends, and can hand it team frames as if from the relay. */
  teamTap?: TeamTap;
  /** Call history the engine's own commands write to (outbound dials), as switchboard-core wires it. */
  history?: AgentEngineDeps['history'];
}

/** A tap on the engine's team protocol (see EngineOnDemoOptions.teamTap). */
export class TeamTap {
  readonly sent: RelayClientFrame[] = [];
  readonly listeners = new Set<(frame: TeamFrame) => void>();
  receive(frame: TeamFrame): void {
    for (const listener of this.listeners) listener(frame);
  }
}

export function engineOnDemo(demo: RunningDemo, o: EngineOnDemoOptions = {}): AgentEngine {
  const base: Settings = {
    ...defaultSettings,
    agent: { endpoint: o.endpoint ?? demo.agentEndpoint, connectionId: demo.connectionId, callerId: demo.callerId, displayName: '' },
    watchedQueues: ['support', 'sales'],
  };
  const extra = o.settings;
  const settings = (): Settings => ({ ...base, ...(typeof extra === 'function' ? extra() : extra) });
  const gateway = createTelnyxGateway(() => ({ apiKey: demo.apiKey, baseURL: demo.baseURL, maxRetries: 0, timeoutMs: 5000 }));
  const drop = o.dropEvent;
  const tap = o.teamTap;
  return createAgentEngine({
    gateway,
    settings,
    relayConfig: () =>
      o.relay === false ? undefined : { url: demo.relay.url, token: o.relayToken ?? demo.relayToken, telnyxPublicKey: demo.telnyxPublicKey },
    mode: () => 'demo',
    log: o.log ?? silentLog,
    ...(o.notify ? { notify: o.notify } : {}),
    timing: { pendingTimeoutMs: 1500, reconcileIntervalMs: 600_000, answerTimeoutMs: 5000, ...o.timing },
    ...(o.clock ? { clock: o.clock } : {}),
    ...(o.openExternal ? { openExternal: o.openExternal } : {}),
    ...(o.history ? { history: o.history } : {}),
    ...(drop || tap
      ? {
          createRelayClient: (opts): RelayClient => {
            const real = createRelayClient(opts);
            const on = real.on.bind(real) as (e: string, cb: (x: unknown) => void) => () => void;
            const wrapped = {
              start: () => real.start(),
              stop: () => real.stop(),
              forceReconnect: () => real.forceReconnect(),
              send: (frame: RelayClientFrame) => {
                tap?.sent.push(frame);
                return real.send(frame);
              },
              on: (e: string, cb: (x: unknown) => void) => {
                if (e === 'event' && drop) return on(e, (ev) => void (drop(ev as VerifiedTelnyxEvent) || cb(ev)));
                if (e === 'team' && tap) {
                  const listener = cb as (frame: TeamFrame) => void;
                  tap.listeners.add(listener);
                  const off = on(e, cb);
                  return () => (tap.listeners.delete(listener), off());
                }
                return on(e, cb);
              },
            };
            return wrapped as RelayClient;
          },
        }
      : {}),
  });
}

/** Call history following `engine` (in memory, or a database file in `dir`): what the console keeps of each call. */
export function historyOf(engine: AgentEngine, dir?: string): HistoryService {
  const history = createHistoryService({ host: dir ? { dir } : {}, settings: () => defaultSettings.history, log: silentLog });
  history.attach(engine);
  return history;
}

export const ALICE_ENDPOINT = 'sip:alice@demo.switchboard.invalid';
export const BOB_ENDPOINT = 'sip:bob@demo.switchboard.invalid';

/**
 * A demo (simulator at 20× speed + relay) with two consoles on it, alice and bob, each with its own
 * relay token (alice's a supervisor's when asked, so her console sees the team's presence); the
 * engines are not started yet. `stop` stops both consoles, then the demo.
 */
export async function demoWithTwoConsoles(seed: number, aliceRole: 'agent' | 'supervisor' = 'agent') {
  const demo = await startDemo({ log: silentLog, timeScale: 0.05, seed, scenario: 'none' });
  const alice = engineOnDemo(demo, { endpoint: ALICE_ENDPOINT, relayToken: await demo.mintRelayToken('alice', aliceRole) });
  const bob = engineOnDemo(demo, { endpoint: BOB_ENDPOINT, relayToken: await demo.mintRelayToken('bob') });
  const stop = async () => {
    await alice.stop();
    await bob.stop();
    await demo.stop();
  };
  return { demo, alice, bob, stop };
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
