/**
 * The agent engine, wired from its parts. Follow an event: relay client → relay-link.ts →
 * event-intake.ts → reducer → store. Follow a click or a key: handlers.ts → commands/* → the
 * gateway (api-health.ts records whether Telnyx answered). The REST truth: reconciler.ts.
 * What the console does by itself: reactions.ts. The team (presence, claims, offers): ../team/.
 * Host-agnostic: no Electron here.
 */
import type { AgentState, ConsoleMode, Settings, ShortcutAction } from '../../contract';
import { notConfigured } from '../errors';
import { isoAt, systemClock, type CoreClock } from '../clock';
import type { Logger } from '../log';
import { createTeamService, type TeamService, type TeamServiceDeps } from '../team/team-service';
import type { TelnyxGateway } from '../telnyx-gateway';
import { createActivityFeed, type AgentActivity } from './activity';
import { deriveAgentState } from './agent-state';
import { withApiHealth } from './api-health';
import * as agentStatus from './commands/agent-status';
import { createRun, type AgentLegTarget, type CommandContext } from './commands/context';
import { takeOffered } from './commands/queue';
import { joinTransferred } from './commands/teammate-transfer';
import { createEventIntake } from './event-intake';
import { createPhoneNumberCache } from '../outbound/phone-numbers';
import { openDialLink, type OutboundDeps, type OutboundHistory } from './commands/outbound';
import { createEngineHandlers, createShortcutRunner, type EngineHandlers } from './handlers';
import { startLegRecovery, type LegRecoveryDeps } from './leg-recovery';
import { initialModel, type AgentModel } from './model';
import { startReactions } from './reactions';
import { listParticipants } from './rest-snapshot';
import { createReconciler } from './reconciler';
import { setConnection, setEndpoint, setParticipants, setWatchedQueues } from './reducer';
import { createRelayLink, type RelayClientFactory, type RelayConfig } from './relay-link';
import { AgentStore } from './store';
import type { TelnyxEvent } from './telnyx-event';
import { createScreenPop } from './screen-pop';
import { createTransitions } from './transitions';
import { createWrapUpTimer, type WrapUpResult } from './wrap-up-timer';
import { createWaiters } from './waiters';
import { agentAddress } from './address';

export interface AgentEngineDeps {
  gateway: TelnyxGateway;
  settings(): Settings;
  /** Where going available dials (the softphone service); default: the external endpoint in settings. */
  agentLegTarget?(): Promise<AgentLegTarget>;
  relayConfig(): RelayConfig | undefined;
  mode(): ConsoleMode;
  log: Logger;
  /** Opens a screen pop in the system browser (the host's checked openExternal). */
  openExternal?(url: string): Promise<void>;
  /** The host shows a native notification (only when its window is unfocused). */
  notify?(n: { title: string; body: string }): void;
  /** A message for the agent no control shows (e.g. a tel: link that names no number). */
  notice?(level: 'info' | 'warning' | 'error', message: string): void;
  /** Call history's port (made by the host after the engine): outbound calls are recorded as such. */
  history?(): OutboundHistory | undefined;
  createRelayClient?: RelayClientFactory;
  /** Time for the wrap-up timer and the agent state's `since` (default: the system clock). */
  clock?: CoreClock;
  /** The built-in softphone's registration, published in the team's presence. */
  softphone?: TeamServiceDeps['softphone'];
  /** Re-dials a softphone leg that dropped mid-call and rejoins the same conference (leg-recovery.ts); absent = off. */
  legRecovery?: Omit<LegRecoveryDeps, 'log'>;
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

/**
 * A passive reader of the engine (call history): told of every model change, synchronously and
 * before the coalesced push to the renderer, and of every applied Telnyx event with the model as
 * it was before that event. It must not change the store.
 */
export interface EngineObserver {
  change?(next: AgentModel, prev: AgentModel): void;
  event?(ev: TelnyxEvent, before: AgentModel): void;
}

export interface AgentEngine {
  handlers: EngineHandlers;
  observe(observer: EngineObserver): () => void;
  runShortcut(action: ShortcutAction): Promise<void>;
  state(): AgentState;
  /** Coalesced: at most one push per ~16 ms. */
  onState(cb: (s: AgentState) => void): () => void;
  /** Connects the relay and runs the first reconcile. */
  start(): Promise<void>;
  /** Config changed (settings, secrets, demo): tear down and start again. */
  restart(): Promise<void>;
  /** The agent's address (agentAddress) changed without a restart: the softphone's credential was just made. */
  addressChanged(): void;
  stop(): Promise<void>;
  /** Reloads the truth from REST; after sleep also reconnects the relay (its socket may be a zombie). */
  reconcile(reason: string, options?: { reconnectRelay?: boolean }): Promise<void>;
  activity(): AgentActivity;
  onActivityChange(cb: (a: AgentActivity) => void): () => void;
  /** Each finished wrap-up's disposition, notes and duration, once (wrap-up-timer.ts). */
  onWrapUpResult(cb: (r: WrapUpResult) => void): () => void;
  /** A tel:/callto: link the OS handed over: confirmed in the renderer, or dialled (Settings). */
  openDialLink(link: string): { ok: true; to: string } | { ok: false; reason: string };
  /** The console on its team: presence, claims, offers, what a supervisor sees. */
  team: TeamService;
}

export function createAgentEngine(deps: AgentEngineDeps): AgentEngine {
  const { log } = deps;
  const timing = {
    reconcileIntervalMs: deps.timing?.reconcileIntervalMs ?? 30_000,
    pendingTimeoutMs: deps.timing?.pendingTimeoutMs ?? 4_000,
    answerTimeoutMs: deps.timing?.answerTimeoutMs ?? 35_000,
    reorderWindowMs: deps.timing?.reorderWindowMs ?? 10,
  };
  const clock = deps.clock ?? systemClock;
  const freshModel = (): AgentModel => {
    const s = deps.settings();
    return initialModel({ mode: deps.mode(), endpoint: agentAddress(s), watchedQueues: s.watchedQueues, since: isoAt(clock.now()) });
  };

  const store = new AgentStore(freshModel(), (next, prev) => deriveAgentState(next, prev, () => deps.settings().wrapUp, clock.now()));
  const gateway = withApiHealth(deps.gateway, store);
  // Subscribed to the store in this order: waiters settle before reactions act on the same change.
  const waiters = createWaiters(store);
  const transitions = createTransitions();
  const reconciler = createReconciler({ gateway, store, transitions, log });
  const reconcile = (reason: string) => reconciler.reconcile(reason);

  const intake = createEventIntake({
    store,
    gateway,
    reconciler,
    log,
    reorderWindowMs: timing.reorderWindowMs,
    ...(deps.notify ? { notify: deps.notify } : {}),
    applied(ev, before) {
      for (const o of observers) if (o.event) tell(ev.eventType, () => o.event!(ev, before));
    },
  });
  const relay = createRelayLink({
    store,
    intake,
    reconcile,
    log,
    ...(deps.createRelayClient ? { createRelayClient: deps.createRelayClient } : {}),
  });

  const team = createTeamService({
    store,
    link: relay,
    relayToken: () => deps.relayConfig()?.token,
    settings: deps.settings,
    ...(deps.softphone ? { softphone: deps.softphone } : {}),
    ...(deps.notify ? { notify: deps.notify } : {}),
    take: (call) => takeOffered(ctx, call),
    joinTransfer: (offer) => joinTransferred(ctx, offer),
    goAway: (reason) => agentStatus.setStatus(ctx, { status: 'away', reason }),
    clock,
    log: log.child({ area: 'team' }),
  });

  const ctx: CommandContext = {
    gateway,
    store,
    settings: deps.settings,
    agentLegTarget: deps.agentLegTarget ?? (async () => {
      const endpoint = deps.settings().agent.endpoint;
      if (!endpoint) throw notConfigured('Set your agent endpoint (phone or SIP URI) in Settings');
      return { to: endpoint };
    }),
    log,
    clock,
    timing,
    run: createRun(store, log),
    waitFor: waiters.waitFor,
    async confirm(predicate, reason) {
      if (await waiters.waitFor(predicate, timing.pendingTimeoutMs)) return;
      log.info('no confirming event in time; asking Telnyx', { reason });
      await reconcile(`unconfirmed: ${reason}`);
    },
    reconcile,
    refresh: (reason) => reconciler.refresh(reason),
    async refreshParticipants(conferenceId, confirm = []) {
      const participants = await listParticipants(gateway, conferenceId);
      store.update((m) => setParticipants(m, conferenceId, participants, confirm));
    },
    inTransition: transitions.run,
    claims: team.claims,
    teammates: team.transfers,
  };

  // The account's numbers (caller ids) are cached per account: a start may be another account.
  const outboundDeps: OutboundDeps = {
    ctx,
    numbers: createPhoneNumberCache(gateway),
    notice: deps.notice ?? ((level, message) => log.info('notice', { level, message })),
    history: () => deps.history?.(),
  };
  startReactions({ store, gateway, transitions, confirm: ctx.confirm, reconcile, log });
  if (deps.legRecovery) startLegRecovery(ctx, { ...deps.legRecovery, log });
  const observers = new Set<EngineObserver>();
  const tell = (what: string, fn: () => void) => {
    // An observer's failure (a full disk under history) must not stop the engine.
    try {
      fn();
    } catch (e) {
      log.error(`engine observer failed on ${what}`, { cause: String(e) });
    }
  };
  store.onModel((next, prev) => {
    for (const o of observers) if (o.change) tell('a change', () => o.change!(next, prev));
  });
  const wrapUpTimer = createWrapUpTimer({ store, clock, finish: () => agentStatus.finishWrapUp(ctx, {}, 'timer'), log });
  const screenPop = createScreenPop({ store, settings: deps.settings, ...(deps.openExternal ? { open: deps.openExternal } : {}), log });
  const activity = createActivityFeed(store);
  let timer: NodeJS.Timeout | undefined;
  let running = false;

  const start = async () => {
    if (running) return;
    running = true;
    reconciler.invalidate();
    outboundDeps.numbers.clear();
    const s = deps.settings();
    const mode = deps.mode();
    if (store.model().mode !== mode) store.update(() => ({ ...freshModel(), failures: [] }));
    store.update((m) => setWatchedQueues(setEndpoint({ ...m, mode }, agentAddress(s)), s.watchedQueues));
    if (!deps.gateway.isConfigured()) store.update((m) => setConnection(m, { api: { state: 'not-configured' } }));
    else if (store.model().connection.api.state === 'not-configured') store.update((m) => setConnection(m, { api: { state: 'unknown' } }));
    team.start();
    relay.connect(deps.relayConfig());
    timer = setInterval(() => void reconcile('timer'), timing.reconcileIntervalMs);
    timer.unref?.();
    await reconcile('start');
  };

  const stop = async () => {
    running = false;
    reconciler.invalidate();
    if (timer) clearInterval(timer);
    timer = undefined;
    intake.drain();
    wrapUpTimer.cancel();
    team.stop();
    await relay.disconnect();
    waiters.cancelAll();
    store.flush();
  };

  return {
    handlers: createEngineHandlers(ctx, { screenPop, outbound: outboundDeps }),
    observe(observer) {
      observers.add(observer);
      return () => observers.delete(observer);
    },
    runShortcut: createShortcutRunner(ctx),
    state: () => store.state(),
    onState: (cb) => store.onState(cb),
    start,
    async restart() {
      await stop();
      await start();
    },
    stop,
    addressChanged: () => store.update((m) => setEndpoint(m, agentAddress(deps.settings()))),
    reconcile(reason, options = {}) {
      if (options.reconnectRelay) relay.forceReconnect();
      return reconcile(reason);
    },
    activity: activity.current,
    onActivityChange: activity.onChange,
    onWrapUpResult: wrapUpTimer.onResult,
    openDialLink: (link) => openDialLink(outboundDeps, link),
    team,
  };
}
