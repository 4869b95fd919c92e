/**
 * The composition root of core. Hosts (Electron main, the test harness) give it storage,
 * encryption, OS hooks, the updater and the demo launcher; it gives back `dispatch` for every
 * contract method and a stream of contract events. Nothing here imports `electron`.
 *
 * Follow a key press: the host's registrar → shortcuts.ts → engine.runShortcut
 * (agent/handlers.ts) → agent/shortcuts.ts → agent/commands/* → telnyx-gateway.ts.
 * Follow a webhook: agent/relay-link.ts → agent/event-intake.ts → agent/reducer.ts → agent/store.ts.
 */
import { relayOrigin, type AppInfo, type ShortcutAction } from '../contract';
import { createAgentEngine, trayTooltip, type AgentEngine, type WrapUpResult } from './agent';
import { systemClock, type CoreClock } from './clock';
import { createCoreHandlers } from './core-handlers';
import { createDispatcher, type Dispatch } from './dispatch';
import type { DemoLauncher, DemoServices } from './environment/demo-environment';
import type { TelnyxOverrides } from './environment/environment';
import { createEnvironments } from './environment/environments';
import { createEventBus, type EventListener } from './event-bus';
import { createHistoryService, type HistoryHost, type HistoryService } from './history';
import type { Logger } from './log';
import { createSecretsService, type SecretVault, type SecretsService } from './secrets-service';
import { createSettingsService, type KeyValueStore, type SettingsService } from './settings-service';
import { createShortcutService, type ShortcutRegistrar, type ShortcutService } from './shortcut-registration';
import { createAudioTestLine } from './softphone/audio-test-line';
import { createSoftphoneAudio, type AudioTestLine, type SoftphoneAudio } from './softphone/softphone-audio';
import { createSoftphoneHandlers } from './softphone/softphone-handlers';
import { createSoftphoneService, type SoftphoneService } from './softphone/softphone-service';
import { createTeamHandlers } from './team/team-handlers';
import { createTelnyxGateway, type TelnyxGateway } from './telnyx-gateway';
import { createUpdateHandlers, type UpdatesFactory } from './updates/updates-port';
import { recordTeammateTransfersIn, recordTransfersOut, rememberRingingTargets } from './transfer-history';
import { agentAddress } from './agent/address';

export interface CoreHost<D extends DemoServices = DemoServices> {
  store: KeyValueStore;
  vault: SecretVault;
  log: Logger;
  appVersion: string;
  platform: string;
  /** Global shortcuts (Electron `globalShortcut`); absent = in-app shortcuts only. */
  shortcuts?: ShortcutRegistrar;
  /** Native notification; the host shows it only while its window is unfocused. */
  notify?(notification: { title: string; body: string }): void;
  /** Opens an http(s) URL in the system browser (already validated by the contract). */
  openExternal?(url: string): Promise<void>;
  /** Overrides for the SDK client (e.g. TELNYX_BASE_URL for a staging API). */
  telnyx?: TelnyxOverrides;
  /** Starts demo mode's simulator and relay (electron/demo); absent = no demo here. */
  demo?: DemoLauncher<D>;
  /** The app's updater, made once the engine exists; absent = updates are disabled. */
  updates?: UpdatesFactory;
  /** Call history's folder (the app's user-data folder) and export target; absent = kept in memory only. */
  history?: HistoryHost;
  /** Core's one clock: wrap-up, the agent state's `since`, softphone token refresh, history retention, offer expiry (tests drive one); default: the system clock. */
  clock?: CoreClock;
}

export interface SwitchboardCore<D extends DemoServices = DemoServices> {
  dispatch: Dispatch;
  onEvent(listener: EventListener): () => void;
  runShortcut(action: ShortcutAction): void;
  start(options?: { demo?: boolean }): Promise<void>;
  stop(): Promise<void>;
  /** After the machine wakes from sleep: reload state from REST and reconnect the relay. */
  resumeAfterSleep(reason: string): Promise<void>;
  engine: AgentEngine;
  settings: SettingsService;
  secrets: SecretsService;
  shortcuts: ShortcutService;
  gateway: TelnyxGateway;
  softphone: SoftphoneService;
  /** The softphone's ringing notifications and call quality reports (softphone/softphone-audio.ts). */
  softphoneAudio: SoftphoneAudio;
  /** Call history: the port other features write through (annotate, recordQuality, markTransfer, recordOutbound). */
  history: HistoryService;
  /** Every secret currently in memory, for the log redactor (cached; cheap to call per line). */
  secretValues(): string[];
  /** The running demo, while demo mode runs (tests read the simulator's truth from it). */
  demo(): D | undefined;
  /** The tray tooltip now: state, reason and time in state (the host refreshes it each second). */
  statusText(): string;
  /** Each finished wrap-up, once (disposition, notes, seconds): what call history records. */
  onWrapUpResult(cb: (r: WrapUpResult) => void): () => void;
  clock: CoreClock;
  /** A tel:/callto: link the OS opened the app with (main: open-url, second-instance, argv; the harness: a test control). */
  openDialLink(link: string): { ok: true; to: string } | { ok: false; reason: string };
}

export function createSwitchboardCore<D extends DemoServices = DemoServices>(host: CoreHost<D>): SwitchboardCore<D> {
  const log = host.log;
  const events = createEventBus();
  const settings = createSettingsService(host.store);
  const secrets = createSecretsService(host.store, host.vault, {
    relayOrigin: () => relayOrigin(settings.get().relayUrl),
    relayFailoverOrigins: () => settings.get().relayFailover.urls.map(relayOrigin),
  });
  const environments = createEnvironments({
    settings,
    secrets,
    log: log.child({ area: 'demo' }),
    ...(host.telnyx ? { telnyx: host.telnyx } : {}),
    ...(host.demo ? { launchDemo: host.demo } : {}),
  });
  const environment = () => environments.current();

  const gateway = createTelnyxGateway(() => environment().telnyx());
  const effectiveSettings = () => environment().settings(settings.get());
  const clock = host.clock ?? systemClock;
  const softphone = createSoftphoneService({
    gateway,
    settings: effectiveSettings,
    account: () => environment().softphone(settings.get()),
    log: log.child({ area: 'softphone' }),
    clock,
  });
  const history = createHistoryService({
    host: host.history ?? {},
    settings: () => settings.get().history,
    configuredDispositions: () => settings.get().wrapUp.dispositions,
    log: log.child({ area: 'history' }),
    clock,
  });
  // The demo's loopback audio test: one line per running demo (live mode has none).
  const audioTestLines = new WeakMap<DemoServices, AudioTestLine>();
  const audioTest = (): AudioTestLine | undefined => {
    const demo = environments.demo();
    if (!demo?.audioTest) return undefined;
    let line = audioTestLines.get(demo);
    if (!line) {
      line = createAudioTestLine({ gateway, account: () => environment().softphone(settings.get()), settings: effectiveSettings, source: demo.audioTest, log: log.child({ area: 'audio-test' }) });
      audioTestLines.set(demo, line);
    }
    return line;
  };

  const engine = createAgentEngine({
    gateway,
    clock,
    ...(host.openExternal ? { openExternal: host.openExternal } : {}),
    log: log.child({ area: 'agent' }),
    mode: () => environment().mode(),
    settings: effectiveSettings,
    agentLegTarget: softphone.agentLegTarget,
    relayConfig: () => environment().relay(),
    softphone,
    ...(host.notify ? { notify: host.notify } : {}),
    notice: (level, message) => events.notice(level, message),
    history: () => history,
    // No lost callers: a softphone leg that drops mid-call is re-dialled into the same conference.
    legRecovery: {
      enabled: () => effectiveSettings().endpointMode === 'softphone',
      notice: (level, message) => events.notice(level, message),
      signedInElsewhere: () => softphone.signedInElsewhere(),
    },
  });
  engine.onState((state) => events.emit('state', state));
  history.attach(engine);
  recordTransfersOut(engine, history);
  recordTeammateTransfersIn(engine, history);
  rememberRingingTargets(engine, history.transferLegs, () => clock.now());
  const softphoneAudio = createSoftphoneAudio({ ...(host.notify ? { notify: host.notify } : {}), audioTest, history });
  history.onChange((revision) => events.emit('history.changed', { revision }));

  // Each wrap-up's disposition, notes and length land on the call's history row (the saved
  // length wins over the one history measures from the status).
  engine.onWrapUpResult((r) => {
    const saved = history.annotate(r.conferenceId, { ...(r.disposition ? { disposition: r.disposition } : {}), notes: r.notes, wrapUpSecs: r.wrapUpSecs });
    if (!saved) log.warn('wrap-up result for a call history does not know', { conferenceId: r.conferenceId });
  });
  engine.team.onChange((team) => events.emit('team', team));
  const restartEngine = () => engine.restart().catch((e: unknown) => log.error('agent engine restart failed', { cause: String(e) }));

  const runShortcut = (action: ShortcutAction) => {
    // Failures land in the agent state next to the control; nothing to throw to an OS callback.
    engine.runShortcut(action).catch((e: unknown) => log.warn('shortcut failed', { action, cause: String(e) }));
  };
  const shortcuts = createShortcutService({
    settings,
    run: runShortcut,
    log: log.child({ area: 'shortcuts' }),
    ...(host.shortcuts ? { registrar: host.shortcuts } : {}),
  });

  // Saved configuration changed: re-register shortcuts; restart the engine if it runs on that config.
  settings.onChange((next, previous) => {
    if (JSON.stringify([next.shortcuts, next.globalShortcuts]) !== JSON.stringify([previous.shortcuts, previous.globalShortcuts])) {
      shortcuts.apply().filter((s) => s.state === 'refused').forEach((s) => s.message && events.notice('warning', s.message));
    }
    // The relay token belongs to the relay it was saved for: another origin must never receive it.
    if (relayOrigin(next.relayUrl) !== relayOrigin(previous.relayUrl) && secrets.hasStored('relayToken')) {
      secrets.clear('relayToken');
      events.notice('warning', 'The relay URL now points to another relay, so the saved relay token was cleared. Enter the token for the new relay.');
    } else if (secrets.hasStored('relayToken')) {
      // A failover relay the token was not saved for would receive it too: the same rule as the relay URL.
      const known = new Set([previous.relayUrl, ...previous.relayFailover.urls].map(relayOrigin));
      const added = next.relayFailover.urls.map(relayOrigin).filter((origin) => !known.has(origin));
      if (added.length) {
        secrets.clear('relayToken');
        events.notice('warning', `The failover relays now include ${added.join(', ')}, so the saved relay token was cleared. Enter the token again to send it to these relays.`);
      }
    }
    if (next.history.retentionDays < previous.history.retentionDays) history.prune();
    const engineInputs = (s: typeof next) => JSON.stringify([s.relayUrl, s.relayFailover, s.telnyxPublicKey, s.agent, s.watchedQueues, s.endpointMode]);
    // Another credential connection or mode: the token minted for the old one must not be handed out.
    if (JSON.stringify([next.endpointMode, next.softphone.credentialConnectionId]) !== JSON.stringify([previous.endpointMode, previous.softphone.credentialConnectionId])) softphone.reset();
    if (environment().followsSavedConfig && engineInputs(next) !== engineInputs(previous)) void restartEngine();
    else if (agentAddress(next) !== agentAddress(previous)) engine.addressChanged();
  });
  secrets.onChange(() => {
    if (environment().followsSavedConfig) void restartEngine();
  });
  // A keyring locked at start-up may open later (the engine's timer reconcile reads the key): an
  // engine that started without the key then comes up live, without restarting the app.
  let started = false;
  secrets.onReadable(() => {
    // Deferred: this runs inside whichever read decrypted the key, possibly the engine's own start.
    setImmediate(() => {
      if (started && environment().followsSavedConfig && engine.state().mode !== environment().mode()) void restartEngine();
    });
  });

  const demoMode = {
    async start() {
      const demo = await environments.enterDemo();
      if (!demo) return;
      softphone.reset();
      log.info('demo mode started', { api: demo.baseURL, relay: demo.relayUrl });
      await engine.restart();
    },
    async stop() {
      const demo = environments.leaveDemo();
      if (!demo) return;
      softphone.reset();
      await engine.stop();
      await demo.stop();
      await engine.restart();
    },
  };

  const updates = host.updates?.(engine);
  updates?.onStatus((status) => events.emit('updates.status', status));

  const appInfo = (): AppInfo => ({
    version: host.appVersion,
    platform: host.platform,
    mode: environment().mode(),
    demoAvailable: environments.demoAvailable,
  });
  const dispatch = createDispatcher(
    {
      ...createCoreHandlers({
        appInfo,
        ...(host.openExternal ? { openExternal: host.openExternal } : {}),
        settings,
        secrets,
        gateway,
        shortcuts,
        demoMode,
        runShortcut: engine.runShortcut,
      }),
      ...engine.handlers,
      ...createUpdateHandlers(updates, host.appVersion),
      ...createSoftphoneHandlers(softphone),
      ...softphoneAudio.handlers,
      ...history.handlers,
      ...createTeamHandlers(engine.team),
    },
    log.child({ area: 'dispatch' }),
  );

  return {
    dispatch,
    onEvent: events.on,
    runShortcut,
    async start(options = {}) {
      started = true;
      shortcuts.apply();
      if (options.demo) await demoMode.start();
      else await engine.start();
      // What the app left behind when it last stopped: calls that ended meanwhile are closed in
      // history, transfer targets left ringing are hung up (both from Telnyx's REST state).
      if (gateway.isConfigured()) {
        void history.closeCallsEndedOffline(gateway);
        void history.transferLegs.hangUpOrphans(gateway, log.child({ area: 'transfer' }));
      }
    },
    async stop() {
      started = false;
      shortcuts.dispose();
      await engine.stop();
      await environments.leaveDemo()?.stop();
      history.close();
    },
    resumeAfterSleep: (reason) => engine.reconcile(reason, { reconnectRelay: true }),
    engine,
    settings,
    secrets,
    shortcuts,
    gateway,
    softphone,
    softphoneAudio,
    history,
    secretValues: environments.secretValues,
    demo: environments.demo,
    statusText: () => trayTooltip(engine.state(), clock.now()),
    onWrapUpResult: engine.onWrapUpResult,
    clock,
    openDialLink: (link) => engine.openDialLink(link),
  };
}
