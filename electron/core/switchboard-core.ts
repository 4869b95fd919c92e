/**
 * The composition root of the agent engine. Hosts (Electron main, the test harness) give it
 * storage, encryption and OS hooks; it gives back `dispatch` for every contract method and a
 * stream of contract events. Nothing here imports `electron`.
 */
import type { AppInfo, EventName, EventPayloads, Notice, ShortcutAction, UpdateChannel, UpdateStatus } from '../contract';
import { createAgentEngine, type AgentEngine } from './agent';
import { startDemo, type DemoEnvironment, type DemoOptions } from './demo';
import { createDispatcher, type Dispatch, type Handlers } from './dispatch';
import { CommandError } from './errors';
import type { Logger } from './log';
import { createSecretsService, type SecretVault, type SecretsService } from './secrets-service';
import { createSettingsService, type KeyValueStore, type SettingsService } from './settings-service';
import { createShortcutService, type ShortcutRegistrar, type ShortcutService } from './shortcuts';
import { createTelnyxGateway, type TelnyxConfig, type TelnyxGateway } from './telnyx-gateway';

/** What the updater offers core (electron/main/updater.ts in the app). */
export interface UpdatesPort {
  status(): UpdateStatus;
  onStatus(listener: (status: UpdateStatus) => void): () => void;
  check(): unknown;
  setChannel(channel: UpdateChannel): unknown;
  installNow(): unknown;
}

export interface CoreHost {
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
  telnyx?: Omit<TelnyxConfig, 'apiKey'>;
  /** Demo-mode knobs (tests run the simulator faster, or without synthetic callers). */
  demo?: { timeScale?: number; seed?: number; scenario?: DemoOptions['scenario']; retention?: DemoOptions['retention'] };
}

export interface SwitchboardCore {
  dispatch: Dispatch;
  onEvent(listener: <E extends EventName>(event: E, payload: EventPayloads[E]) => void): () => void;
  runShortcut(action: ShortcutAction): void;
  start(options?: { demo?: boolean }): Promise<void>;
  stop(): Promise<void>;
  /** After the machine wakes from sleep: reload state from REST and reconnect the relay. */
  resumeAfterSleep(reason: string): Promise<void>;
  /** The app's updater (created after core, since it watches the agent's activity). */
  attachUpdates(port: UpdatesPort): void;
  engine: AgentEngine;
  settings: SettingsService;
  secrets: SecretsService;
  shortcuts: ShortcutService;
  gateway: TelnyxGateway;
  /** Every secret currently in memory, for the log redactor (cached; cheap to call per line). */
  secretValues(): string[];
  /** Demo environment, while demo mode runs (tests read the simulator's truth from it). */
  demo(): DemoEnvironment | undefined;
}

export function createSwitchboardCore(host: CoreHost): SwitchboardCore {
  const log = host.log;
  const settings = createSettingsService(host.store);
  const secrets = createSecretsService(host.store, host.vault);
  let demo: DemoEnvironment | undefined;
  const listeners = new Set<<E extends EventName>(event: E, payload: EventPayloads[E]) => void>();
  const emit = <E extends EventName>(event: E, payload: EventPayloads[E]) => listeners.forEach((l) => l(event, payload));

  const notice = (level: Notice['level'], message: string) =>
    emit('notice', { id: crypto.randomUUID(), level, message, at: new Date().toISOString() });

  const gateway = createTelnyxGateway(() =>
    demo
      ? { ...host.telnyx, apiKey: demo.apiKey, baseURL: demo.baseURL }
      : { ...host.telnyx, apiKey: secrets.reveal('apiKey') },
  );

  const mode = () => (demo ? 'demo' : secrets.status().apiKey.configured ? 'live' : 'unconfigured') as AppInfo['mode'];

  const engine = createAgentEngine({
    gateway,
    log: log.child({ area: 'agent' }),
    mode,
    // Demo mode supplies its own agent endpoint without touching the saved settings.
    settings: () => {
      const saved = settings.get();
      if (!demo) return saved;
      return {
        ...saved,
        agent: { ...saved.agent, endpoint: demo.agentEndpoint, connectionId: demo.connectionId, callerId: demo.callerId },
        watchedQueues: saved.watchedQueues.length ? saved.watchedQueues : ['support', 'sales'],
      };
    },
    relayConfig: () => {
      if (demo) return { url: demo.relayUrl, token: demo.relayToken, telnyxPublicKey: demo.telnyxPublicKey };
      const token = secrets.reveal('relayToken');
      const { relayUrl, telnyxPublicKey } = settings.get();
      return relayUrl && token && telnyxPublicKey ? { url: relayUrl, token, telnyxPublicKey } : undefined;
    },
    ...(host.notify ? { notify: host.notify } : {}),
  });
  engine.onState((state) => emit('state', state));

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

  const restartEngine = () =>
    engine.restart().catch((e: unknown) => log.error('agent engine restart failed', { cause: String(e) }));

  settings.onChange((next, previous) => {
    if (JSON.stringify([next.shortcuts, next.globalShortcuts]) !== JSON.stringify([previous.shortcuts, previous.globalShortcuts])) {
      shortcuts.apply().filter((s) => s.state === 'refused').forEach((s) => s.message && notice('warning', s.message));
    }
    const engineInputs = (s: typeof next) => JSON.stringify([s.relayUrl, s.telnyxPublicKey, s.agent, s.watchedQueues]);
    if (!demo && engineInputs(next) !== engineInputs(previous)) void restartEngine();
  });
  // The log redactor asks for these on every line: keep them ready instead of decrypting each time.
  let secretCache: string[] = [];
  const refreshSecretCache = () => {
    secretCache = [secrets.reveal('apiKey'), secrets.reveal('relayToken'), demo?.apiKey, demo?.relayToken].filter(
      (v): v is string => Boolean(v),
    );
  };
  refreshSecretCache();
  secrets.onChange(() => {
    refreshSecretCache();
    if (!demo) void restartEngine();
  });

  const appInfo = (): AppInfo => ({ version: host.appVersion, platform: host.platform, mode: mode(), demoAvailable: true });

  const startDemoMode = async () => {
    if (demo) return;
    demo = await startDemo({ log: log.child({ area: 'demo' }), ...host.demo });
    refreshSecretCache();
    log.info('demo mode started', { api: demo.baseURL, relay: demo.relayUrl });
    await engine.restart();
  };
  const stopDemoMode = async () => {
    if (!demo) return;
    const running = demo;
    demo = undefined;
    refreshSecretCache();
    await engine.stop();
    await running.stop();
    await engine.restart();
  };

  const updatesDisabled = (): UpdateStatus => ({
    state: 'disabled',
    channel: 'stable',
    currentVersion: host.appVersion,
    message: 'Updates are managed by the installed app',
  });
  let updates: UpdatesPort | undefined;

  const handlers: Handlers = {
    'app.getInfo': async () => appInfo(),
    'app.openExternal': async ({ url }) => {
      if (!host.openExternal) throw new CommandError({ code: 'INVALID_STATE', message: 'Opening links is not available here' });
      await host.openExternal(url);
      return null;
    },
    'settings.get': async () => settings.get(),
    'settings.set': async (patch) => settings.set(patch),
    'secrets.status': async () => secrets.status(),
    'secrets.set': async ({ name, value }) => secrets.set(name, value),
    'secrets.clear': async ({ name }) => secrets.clear(name),
    'secrets.acceptWeakStorage': async ({ accept }) => secrets.acceptWeakStorage(accept),
    'telnyx.testConnection': async () => gateway.testConnection(),
    'demo.start': async () => {
      await startDemoMode();
      return appInfo();
    },
    'demo.stop': async () => {
      await stopDemoMode();
      return appInfo();
    },
    ...engine.handlers,
    'shortcuts.status': async () => shortcuts.status(),
    'shortcuts.set': async ({ action, accelerator }) => shortcuts.set(action, accelerator),
    'shortcuts.reset': async () => shortcuts.reset(),
    'shortcuts.trigger': async ({ action }) => {
      await engine.runShortcut(action);
      return null;
    },
    'updates.getStatus': async () => updates?.status() ?? updatesDisabled(),
    'updates.check': async () => {
      await updates?.check();
      return updates?.status() ?? updatesDisabled();
    },
    'updates.setChannel': async ({ channel }) => {
      await updates?.setChannel(channel);
      return updates?.status() ?? updatesDisabled();
    },
    'updates.installNow': async () => {
      await updates?.installNow();
      return updates?.status() ?? updatesDisabled();
    },
  };

  return {
    dispatch: createDispatcher(handlers, log.child({ area: 'dispatch' })),
    onEvent(listener) {
      listeners.add(listener);
      return () => listeners.delete(listener);
    },
    runShortcut,
    async start(options = {}) {
      shortcuts.apply();
      if (options.demo) await startDemoMode();
      else await engine.start();
    },
    async stop() {
      shortcuts.dispose();
      await engine.stop();
      if (demo) await demo.stop();
      demo = undefined;
    },
    resumeAfterSleep: (reason) => engine.reconcile(reason, { reconnectRelay: true }),
    attachUpdates(port) {
      updates = port;
      port.onStatus((status) => emit('updates.status', status));
    },
    engine,
    settings,
    secrets,
    shortcuts,
    gateway,
    secretValues: () => secretCache,
    demo: () => demo,
  };
}
