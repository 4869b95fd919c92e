/**
 * The agent engine: wires the relay client (events in), the Telnyx gateway (commands out and
 * REST reconcile) and the store, and exposes the contract's agent/queue/conference/supervisor
 * handlers plus the shortcut actions. Host-agnostic: no Electron here.
 */
import type { AgentState, AgentStatus, ConsoleMode, MethodName, Settings, ShortcutAction } from '../../contract';
import { CommandError, toSwitchboardError } from '../errors';
import type { Handlers } from '../dispatch';
import type { Logger } from '../log';
import type { TelnyxGateway } from '../telnyx-gateway';
import { randomUUID } from 'node:crypto';
import * as agentStatus from './commands/agent-status';
import * as conference from './commands/conference';
import { createRun, now, type CommandContext } from './commands/context';
import * as queue from './commands/queue';
import * as supervisor from './commands/supervisor';
import { initialModel, type AgentModel } from './model';
import { fetchSnapshot, listParticipants } from './reconcile';
import {
  applyEvent,
  applySnapshot,
  dismissFailure,
  failCommand,
  setConnection,
  setEndpoint,
  setParticipants,
  setWatchedQueues,
  type RestSnapshot,
} from './reducer';
import { runShortcutAction } from './shortcut-actions';
import { AgentStore } from './store';
import type { TelnyxEvent } from './telnyx-event';
import { createRelayClient as createRealRelayClient, type RelayClient, type RelayClientOptions, type VerifiedTelnyxEvent } from '../relay/relay-client';

/** How the engine makes its relay client (tests may wrap the real one). */
export type RelayClientFactory = (opts: RelayClientOptions) => RelayClient;

// ---------------------------------------------------------------------------------------------

export interface AgentEngineDeps {
  gateway: TelnyxGateway;
  settings(): Settings;
  relayConfig(): { url: string; token: string; telnyxPublicKey: string } | undefined;
  mode(): ConsoleMode;
  log: Logger;
  /** The host shows a native notification (only when its window is unfocused). */
  notify?(n: { title: string; body: string }): void;
  createRelayClient?: RelayClientFactory;
  timing?: {
    /** Slow safety-net reconcile (default 30 s). */
    reconcileIntervalMs?: number;
    /** A command's confirming event may take this long before a REST reconcile settles it (default 4 s). */
    pendingTimeoutMs?: number;
    /** Dialled legs (agent, supervisor, added participant) must answer within this (default 35 s). */
    answerTimeoutMs?: number;
    /** Events are held this long and applied in `occurred_at` order (default 10 ms). */
    reorderWindowMs?: number;
  };
}

/** The contract methods the engine answers: every agent, queue, conference and supervisor method. */
type EngineMethods =
  | Extract<MethodName, `agent.${string}` | `queue.${string}` | `conference.${string}` | `supervisor.${string}`>
  | 'failures.dismiss';

/** What the updater needs: an agent dialling in (`connecting`) counts as available. */
export interface AgentActivity {
  status: Exclude<AgentStatus, 'connecting'>;
  inConference: boolean;
}

function activityOf(m: AgentModel): AgentActivity {
  return { status: m.agent.status === 'connecting' ? 'available' : m.agent.status, inConference: Boolean(m.conference) };
}

export interface AgentEngine {
  handlers: Pick<Handlers, EngineMethods>;
  runShortcut(action: ShortcutAction): Promise<void>;
  state(): AgentState;
  /** Coalesced: at most one push per ~16 ms. */
  onState(cb: (s: AgentState) => void): () => void;
  /** Connects the relay and runs the first reconcile. */
  start(): Promise<void>;
  /** Config changed (settings, secrets, demo): tear down and start again. */
  restart(): Promise<void>;
  stop(): Promise<void>;
  /** Reloads the truth from REST; after sleep also reconnects the relay (its socket may be a zombie). */
  reconcile(reason: string, options?: { reconnectRelay?: boolean }): Promise<void>;
  activity(): AgentActivity;
  onActivityChange(cb: (a: AgentActivity) => void): () => void;
}

export function createAgentEngine(deps: AgentEngineDeps): AgentEngine {
  const log = deps.log;
  const timing = {
    reconcileIntervalMs: deps.timing?.reconcileIntervalMs ?? 30_000,
    pendingTimeoutMs: deps.timing?.pendingTimeoutMs ?? 4_000,
    answerTimeoutMs: deps.timing?.answerTimeoutMs ?? 35_000,
    reorderWindowMs: deps.timing?.reorderWindowMs ?? 10,
  };
  const relayFactory: RelayClientFactory = deps.createRelayClient ?? createRealRelayClient;

  const freshModel = (): AgentModel => {
    const s = deps.settings();
    return initialModel({ mode: deps.mode(), endpoint: s.agent.endpoint, watchedQueues: s.watchedQueues });
  };
  const store = new AgentStore(freshModel());

  // --- API connection state: every SDK call through the engine reports reachability.
  const markApi = (error?: unknown) => {
    const api = store.model().connection.api;
    if (!error) {
      if (api.state !== 'ok') store.update((m) => setConnection(m, { api: { state: 'ok', checkedAt: now() } }));
      return;
    }
    const e = toSwitchboardError(error);
    if (e.code === 'NOT_CONFIGURED') store.update((m) => setConnection(m, { api: { state: 'not-configured', checkedAt: now() } }));
    else if (e.code === 'NETWORK' || e.code === 'TIMEOUT' || e.telnyx?.status === 401 || e.telnyx?.status === 403 || (e.telnyx?.status ?? 0) >= 500) {
      store.update((m) => setConnection(m, { api: { state: 'error', checkedAt: now(), error: e.telnyx?.title ?? e.message } }));
    } else if (api.state !== 'ok') store.update((m) => setConnection(m, { api: { state: 'ok', checkedAt: now() } }));
  };
  const gateway: TelnyxGateway = {
    ...deps.gateway,
    isConfigured: () => deps.gateway.isConfigured(),
    testConnection: () => deps.gateway.testConnection(),
    async call(operation, fn) {
      try {
        const result = await deps.gateway.call(operation, fn);
        markApi();
        return result;
      } catch (e) {
        markApi(e);
        throw e;
      }
    },
  };

  // --- Waiting for the model to reach a state (confirmations, answered legs).
  const waiters = new Set<{ predicate: (m: AgentModel) => boolean; done: (ok: boolean) => void }>();
  const waitFor = (predicate: (m: AgentModel) => boolean, timeoutMs: number): Promise<boolean> => {
    if (predicate(store.model())) return Promise.resolve(true);
    return new Promise((resolve) => {
      const waiter = {
        predicate,
        done: (ok: boolean) => {
          clearTimeout(timer);
          waiters.delete(waiter);
          resolve(ok);
        },
      };
      const timer = setTimeout(() => waiter.done(false), timeoutMs);
      waiters.add(waiter);
    });
  };

  // --- Conference moves in flight (create → join, leave): a snapshot taken meanwhile is not truth about our conference.
  let transitionsInFlight = 0;
  let transitionEpoch = 0;
  const inTransition = async <T>(work: () => Promise<T>): Promise<T> => {
    transitionsInFlight += 1;
    transitionEpoch += 1;
    try {
      return await work();
    } finally {
      transitionsInFlight -= 1;
      transitionEpoch += 1;
    }
  };

  // --- Reconcile from REST: single flight; a request during a run causes one more run.
  let generation = 0;
  let reconciling: Promise<void> | undefined;
  let reconcileAgain = false;
  let arrivalsDuringReconcile: TelnyxEvent[] | undefined;

  const reconcileOnce = async (reason: string) => {
    const gen = generation;
    const before = store.model();
    const epoch = transitionEpoch;
    const legs = { agent: before.agent.leg?.callControlId, supervisor: before.supervisorLeg };
    arrivalsDuringReconcile = [];
    try {
      let snap: RestSnapshot = await fetchSnapshot(gateway, before);
      if (gen !== generation) return;
      const m = store.model();
      // Drop the parts of the snapshot that our own in-flight commands have made stale.
      if (transitionsInFlight > 0 || transitionEpoch !== epoch) {
        const { myConference: _mc, ...rest } = snap;
        snap = rest;
      }
      if (m.agent.leg?.callControlId !== legs.agent) {
        const { agentLegAlive: _a, ...rest } = snap;
        snap = rest;
      }
      if (m.supervisorLeg !== legs.supervisor) {
        const { supervisorLegAlive: _s, ...rest } = snap;
        snap = rest;
      }
      const replay = arrivalsDuringReconcile;
      const installed = snap;
      store.update((x) => {
        let next = applySnapshot(x, installed);
        for (const ev of replay) next = applyEvent(next, ev, { force: true }).model;
        return setConnection(next, { api: { state: 'ok', checkedAt: installed.takenAt } });
      });
      log.debug('reconciled', { reason, queues: snap.queues.length, conferences: snap.conferences.length });
    } catch (e) {
      log.warn('reconcile failed', { reason, code: toSwitchboardError(e).code });
    } finally {
      arrivalsDuringReconcile = undefined;
    }
  };

  const reconcile = (reason: string): Promise<void> => {
    if (!deps.gateway.isConfigured()) return Promise.resolve();
    if (reconciling) {
      reconcileAgain = true;
      return reconciling;
    }
    reconciling = (async () => {
      let why = reason;
      do {
        reconcileAgain = false;
        await reconcileOnce(why);
        why = `${reason} (again)`;
      } while (reconcileAgain);
    })().finally(() => {
      reconciling = undefined;
    });
    return reconciling;
  };

  const refreshParticipants: CommandContext['refreshParticipants'] = async (conferenceId, confirm = []) => {
    const participants = await listParticipants(gateway, conferenceId);
    store.update((m) => setParticipants(m, conferenceId, participants, confirm));
  };

  const ctx: CommandContext = {
    gateway,
    store,
    settings: deps.settings,
    log,
    timing,
    run: createRun(store, log),
    waitFor,
    async confirm(predicate, reason) {
      if (await waitFor(predicate, timing.pendingTimeoutMs)) return;
      log.info('no confirming event in time; asking Telnyx', { reason });
      await reconcile(`unconfirmed: ${reason}`);
    },
    reconcile,
    refreshParticipants,
    inTransition,
  };

  // --- Reactions: what the console does by itself when the truth changes.
  const autoLeaving = new Set<string>();
  const hangingUp = new Set<string>();
  const react = (m: AgentModel, prev: AgentModel) => {
    for (const w of [...waiters]) if (w.predicate(m)) w.done(true);

    // The caller is gone (hung up, moved to a queue): the agent's leg leaves and parks, wrap-up begins.
    const c = m.conference;
    const pc = prev.conference;
    if (c && pc && c.id === pc.id && c.myRole === 'agent' && !autoLeaving.has(c.id) && transitionsInFlight === 0) {
      const others = (conf: typeof c) => conf.participants.filter((p) => p.kind !== 'agent' && p.kind !== 'supervisor').length;
      const meJoined = c.participants.some((p) => p.callControlId === m.agent.leg?.callControlId && p.status === 'joined');
      if (others(pc) > 0 && others(c) === 0 && meJoined && m.agent.leg) {
        autoLeaving.add(c.id);
        const leg = m.agent.leg.callControlId;
        void gateway
          .call('leave after caller left', (client, commandId) => client.conferences.actions.leave(c.id, { call_control_id: leg, command_id: commandId }))
          .then(() => ctx.confirm((x) => x.conference?.id !== c.id, 'left after caller left'))
          .catch((e: unknown) => {
            log.warn('could not leave after the caller left', { code: toSwitchboardError(e).code });
            return reconcile('auto-leave failed');
          })
          .finally(() => autoLeaving.delete(c.id));
      }
    }

    // A supervisor leg outside any conference has nothing to do: hang it up.
    if (prev.conference?.myRole === 'supervisor' && !m.conference && m.supervisorLeg && !hangingUp.has(m.supervisorLeg)) {
      const leg = m.supervisorLeg;
      hangingUp.add(leg);
      void gateway
        .call('hang up supervisor leg', (client, commandId) => client.calls.actions.hangup(leg, { command_id: commandId }))
        .catch(() => undefined)
        .finally(() => hangingUp.delete(leg));
    }

    const a = activityOf(m);
    if (a.status !== lastActivity.status || a.inConference !== lastActivity.inConference) {
      lastActivity = a;
      for (const cb of activityListeners) cb(a);
    }
  };
  let lastActivity: AgentActivity = activityOf(store.model());
  const activityListeners = new Set<(a: AgentActivity) => void>();
  store.onModel(react);

  // --- Events in: held for a few ms and applied in occurred_at order.
  let buffer: TelnyxEvent[] = [];
  let flushTimer: NodeJS.Timeout | undefined;
  let lastRelayId: string | undefined;

  const applyIncoming = (ev: TelnyxEvent) => {
    let applied = false;
    store.update((m) => {
      const r = applyEvent(m, ev);
      applied = r.applied;
      return r.model;
    });
    if (!applied) return;
    arrivalsDuringReconcile?.push(ev);
    if (ev.eventType === 'conference.created') void nameConference(ev);
    if (ev.eventType === 'call.enqueued' && deps.notify) {
      const queueName = typeof ev.payload.queue === 'string' ? ev.payload.queue : '';
      const m = store.model();
      if (m.queues.some((q) => q.name === queueName)) {
        const ccid = typeof ev.payload.call_control_id === 'string' ? ev.payload.call_control_id : '';
        const from = m.calls.get(ccid)?.from;
        deps.notify({ title: `New caller in ${queueName}`, body: from ? `${from} is waiting` : 'A caller is waiting' });
      }
    }
  };

  /** `conference.created` carries no name; the supervisor list should not show a UUID until the next reconcile. */
  const nameConference = async (ev: TelnyxEvent) => {
    const id = typeof ev.payload.conference_id === 'string' ? ev.payload.conference_id : undefined;
    if (!id || store.model().conferences.find((c) => c.id === id)?.name !== id) return;
    try {
      const { data } = await gateway.call('retrieve conference', (client) => client.conferences.retrieve(id));
      if (!data?.name) return;
      store.update((m) => ({ ...m, conferences: m.conferences.map((c) => (c.id === id ? { ...c, name: data.name } : c)) }));
    } catch (e) {
      log.debug('could not name a new conference', { id, code: toSwitchboardError(e).code });
    }
  };

  const flush = () => {
    flushTimer = undefined;
    const batch = buffer.sort((a, b) => Date.parse(a.occurredAt) - Date.parse(b.occurredAt));
    buffer = [];
    for (const ev of batch) applyIncoming(ev);
    store.update((m) => setConnection(m, { relay: { ...m.connection.relay, lastEventAt: now() } }));
  };

  const onRelayEvent = (ev: VerifiedTelnyxEvent) => {
    lastRelayId = ev.relayId;
    buffer.push({ id: ev.id, eventType: ev.eventType, occurredAt: ev.occurredAt, payload: ev.payload });
    flushTimer ??= setTimeout(flush, timing.reorderWindowMs);
  };

  // --- Lifecycle
  let relay: RelayClient | undefined;
  let relayUrl: string | undefined;
  let timer: NodeJS.Timeout | undefined;
  let wasDisconnected = false;
  let running = false;

  const start = async () => {
    if (running) return;
    running = true;
    generation += 1;
    const s = deps.settings();
    const mode = deps.mode();
    if (store.model().mode !== mode) store.update(() => ({ ...freshModel(), failures: [] }));
    store.update((m) => setWatchedQueues(setEndpoint({ ...m, mode }, s.agent.endpoint || undefined), s.watchedQueues));
    if (!deps.gateway.isConfigured()) store.update((m) => setConnection(m, { api: { state: 'not-configured' } }));
    else if (store.model().connection.api.state === 'not-configured') store.update((m) => setConnection(m, { api: { state: 'unknown' } }));

    const rc = deps.relayConfig();
    if (rc) {
      if (relayUrl !== rc.url) lastRelayId = undefined; // another relay: its ids mean nothing to us
      relayUrl = rc.url;
      const client = relayFactory({ ...rc, ...(lastRelayId ? { since: lastRelayId } : {}) });
      relay = client;
      client.on('event', (ev) => {
        if (relay === client) onRelayEvent(ev);
      });
      client.on('status', (st) => {
        if (relay !== client) return;
        store.update((m) =>
          setConnection(m, {
            relay: {
              state: st.state,
              attempt: st.attempt,
              ...(m.connection.relay.lastEventAt
                ? { lastEventAt: m.connection.relay.lastEventAt }
                : st.lastEventAt
                  ? { lastEventAt: new Date(st.lastEventAt).toISOString() }
                  : {}),
              ...(st.error ? { error: st.error } : {}),
            },
          }),
        );
        if (st.state === 'disconnected') wasDisconnected = true;
        if (st.state === 'live' && wasDisconnected) {
          wasDisconnected = false;
          void reconcile('relay reconnected');
        }
      });
      client.on('resync', (reason) => {
        if (relay === client) void reconcile(`relay resync: ${reason}`);
      });
      client.on('rejected', (info) => {
        log.warn('relay event rejected', { relayId: info.relayId, reason: info.reason });
        if (relay !== client) return;
        // Never applied, so the screen could fall behind: say why, and take the truth from REST.
        store.update((m) =>
          setConnection(m, {
            relay: { ...m.connection.relay, error: `An event was ignored (${info.reason}); check the Telnyx public key in Settings` },
          }),
        );
        void reconcile('relay event rejected');
      });
      store.update((m) => setConnection(m, { relay: { state: 'connecting', attempt: 0 } }));
      client.start();
    } else {
      store.update((m) => setConnection(m, { relay: { state: 'not-configured', attempt: 0 } }));
    }
    timer = setInterval(() => void reconcile('timer'), timing.reconcileIntervalMs);
    timer.unref?.();
    await reconcile('start');
  };

  const stop = async () => {
    running = false;
    generation += 1;
    if (timer) clearInterval(timer);
    timer = undefined;
    if (flushTimer) {
      clearTimeout(flushTimer);
      flush();
    }
    const client = relay;
    relay = undefined;
    if (client) await client.stop();
    for (const w of [...waiters]) w.done(false);
    store.flush();
  };

  // --- Handlers: shortcuts and clicks run exactly the same command functions.
  const handlers: AgentEngine['handlers'] = {
    'agent.getState': async () => store.state(),
    'agent.setStatus': ({ status }) => agentStatus.setStatus(ctx, status),
    'agent.finishWrapUp': () => agentStatus.finishWrapUp(ctx),
    'queue.takeNext': ({ queue: name }) => queue.takeNext(ctx, name),
    'queue.takeCall': ({ callControlId }) => queue.takeCall(ctx, callControlId),
    'queue.enqueue': ({ callControlId, queue: name }) => queue.enqueue(ctx, callControlId, name),
    'queue.remove': ({ callControlId }) => queue.remove(ctx, callControlId),
    'conference.list': () => conference.list(ctx),
    'conference.get': (p) => conference.get(ctx, p),
    'conference.mute': (p) => conference.mute(ctx, p),
    'conference.unmute': (p) => conference.unmute(ctx, p),
    'conference.hold': (p) => conference.hold(ctx, p),
    'conference.unhold': (p) => conference.unhold(ctx, p),
    'conference.play': (p) => conference.play(ctx, p),
    'conference.stopAudio': (p) => conference.stopAudio(ctx, p),
    'conference.speak': (p) => conference.speak(ctx, p),
    'conference.recordStart': (p) => conference.recordStart(ctx, p),
    'conference.recordPause': (p) => conference.recordPause(ctx, p),
    'conference.recordResume': (p) => conference.recordResume(ctx, p),
    'conference.recordStop': (p) => conference.recordStop(ctx, p),
    'conference.addParticipant': (p) => conference.addParticipant(ctx, p),
    'conference.leave': (p) => conference.leave(ctx, p),
    'conference.end': (p) => conference.end(ctx, p),
    'supervisor.join': (p) => supervisor.join(ctx, p),
    'supervisor.setRole': (p) => supervisor.setRole(ctx, p),
    'failures.dismiss': async ({ id }) => {
      store.update((m) => dismissFailure(m, id));
      return null;
    },
  };

  /** Recorded failures carry the method; a shortcut refused before any call still shows one. */
  const runShortcut = async (action: ShortcutAction) => {
    const failuresBefore = store.model().failures.length;
    try {
      await runShortcutAction(ctx, action);
    } catch (e) {
      const error = toSwitchboardError(e);
      if (store.model().failures.length === failuresBefore) {
        store.update((m) => failCommand(m, { id: randomUUID(), method: `shortcut.${action}`, error, at: now() }));
      }
      throw e instanceof CommandError ? e : new CommandError(error);
    }
  };

  return {
    handlers,
    runShortcut,
    state: () => store.state(),
    onState: (cb) => store.onState(cb),
    start,
    async restart() {
      await stop();
      await start();
    },
    stop,
    reconcile(reason, options = {}) {
      // The relay client resumes from its last event id, so reconnecting loses nothing.
      if (options.reconnectRelay) relay?.forceReconnect();
      return reconcile(reason);
    },
    activity: () => activityOf(store.model()),
    onActivityChange(cb) {
      activityListeners.add(cb);
      return () => activityListeners.delete(cb);
    },
  };
}
