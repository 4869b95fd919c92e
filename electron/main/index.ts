/**
 * Electron main: lifecycle and OS integration only. The agent engine is core; this file
 * gives it storage, encryption, global shortcuts, notifications, the tray and the updater,
 * and binds the contract to IPC.
 */
import { app, type BrowserWindow, dialog, globalShortcut, Notification, powerMonitor, shell } from 'electron';
import fs from 'node:fs';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { updateChannels, type UpdateChannel } from '../contract/updates';
import { startDemo } from '../demo';
import { createLogger, type Logger } from '../core/log';
import { createSwitchboardCore, type SwitchboardCore } from '../core/switchboard-core';
import type { AgentActivitySource, UpdateLog } from '../core/updates';
import { registerAppScheme, serveRenderer } from './app-protocol';
import { bindContract, sendEvent } from './ipc';
import { createSafeStorageVault } from './secret-vault';
import { createSettingsStore } from './settings-store';
import { createStatusTray, type StatusTray } from './tray';
import { startUpdater } from './updater';
import { telnyxOverride } from './dev-overrides';
import { buildContentSecurityPolicy, rtcHostOption } from './csp';
import { createMainWindow, hardenSession, hardenWebContents, isSafeExternalUrl } from './window';

const UPDATE_CHANNEL_KEY = 'updateChannel';
const isUpdateChannel = (value: unknown): boolean => (updateChannels as readonly unknown[]).includes(value);
/** electron-updater logs messages (sometimes objects); ours takes strings. */
const updaterLog = (log: Logger): UpdateLog => ({
  info: (message) => log.info(String(message)),
  warn: (message) => log.warn(String(message)),
  error: (message) => log.error(String(message)),
});

/** out/main/index.js → out/ */
const outDir = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '..');

if (!app.requestSingleInstanceLock()) {
  // A second launch focuses the running console instead of starting another agent session.
  app.quit();
} else {
  registerAppScheme();
  void main();
}

async function main(): Promise<void> {
  await app.whenReady();

  const logDir = app.getPath('logs');
  fs.mkdirSync(logDir, { recursive: true });
  const logFile = fs.createWriteStream(path.join(logDir, 'main.log'), { flags: 'a' });
  // Filled in once core exists; until then there are no secrets in memory to redact.
  let secretValues: () => string[] = () => [];
  const log = createLogger({
    level: app.isPackaged ? 'info' : 'debug',
    secrets: () => secretValues(),
    sink: (line) => {
      logFile.write(line + '\n');
      if (!app.isPackaged) process.stderr.write(line + '\n');
    },
  });

  let window: BrowserWindow | undefined;
  const showWindow = () => {
    if (!window || window.isDestroyed()) window = createMainWindow(outDir);
    if (window.isMinimized()) window.restore();
    window.show();
    window.focus();
  };

  const store = createSettingsStore(app.getVersion());
  const demoTimeScale = Number(process.env.SWITCHBOARD_DEMO_TIME_SCALE);
  const core: SwitchboardCore = createSwitchboardCore({
    store,
    vault: createSafeStorageVault(process.platform),
    log,
    appVersion: app.getVersion(),
    platform: process.platform,
    shortcuts: {
      register: (accelerator, callback) => {
        try {
          return globalShortcut.register(accelerator, callback);
        } catch {
          return false; // Electron throws on accelerators the platform cannot express
        }
      },
      unregisterAll: () => globalShortcut.unregisterAll(),
    },
    notify: ({ title, body }) => {
      if (window?.isFocused() || !Notification.isSupported()) return;
      const notification = new Notification({ title, body, silent: false });
      notification.on('click', showWindow);
      notification.show();
    },
    openExternal: async (url) => {
      if (isSafeExternalUrl(url)) await shell.openExternal(url);
    },
    // Call history's SQLite file lives in the user-data folder; an export goes where the agent saves it.
    history: {
      dir: app.getPath('userData'),
      exportPath: async (suggestedName) => {
        const options = { title: 'Export call history', defaultPath: path.join(app.getPath('downloads'), suggestedName), filters: [{ name: 'CSV', extensions: ['csv'] }] };
        const result = window ? await dialog.showSaveDialog(window, options) : await dialog.showSaveDialog(options);
        return result.canceled ? undefined : result.filePath;
      },
    },
    // TELNYX_BASE_URL (a staging API) only in unpackaged builds: it would redirect the API key.
    ...telnyxOverride(process.env, app.isPackaged),
    // Demo callers arrive faster under test (the _electron suite sets 0.2).
    demo: (demoLog) => startDemo({ log: demoLog, ...(demoTimeScale > 0 ? { timeScale: demoTimeScale } : {}) }),
    ...(app.isPackaged && process.env.SWITCHBOARD_DISABLE_UPDATES !== '1'
      ? {
          updates: (agent: AgentActivitySource) =>
            startUpdater({
              agent,
              ...(isUpdateChannel(store.get(UPDATE_CHANNEL_KEY)) ? { initialChannel: store.get(UPDATE_CHANNEL_KEY) as UpdateChannel } : {}),
              saveChannel: (channel) => store.set(UPDATE_CHANNEL_KEY, channel),
              log: updaterLog(log.child({ area: 'updater' })),
            }),
        }
      : {}),
  });
  secretValues = core.secretValues;

  hardenSession();
  app.on('web-contents-created', (_event, contents) => hardenWebContents(contents));
  serveRenderer(path.join(outDir, 'renderer'), () => buildContentSecurityPolicy(rtcHostOption(core.softphone.session().host)));
  bindContract(core.dispatch, () => window?.webContents, log.child({ area: 'ipc' }));
  core.onEvent((event, payload) => sendEvent(window?.webContents, event, payload));

  let tray: StatusTray | undefined;
  try {
    const resources = app.isPackaged ? process.resourcesPath : path.join(app.getAppPath(), 'build');
    tray = createStatusTray(resources, { show: showWindow, quit: () => app.quit() });
  } catch (e) {
    log.warn('no tray on this desktop', { cause: String(e) });
  }
  core.engine.onActivityChange(({ status, inConference }) => tray?.update(status, inConference));

  // A sleeping laptop misses webhooks and its sockets die quietly: reload the truth on wake.
  powerMonitor.on('resume', () => void core.resumeAfterSleep('resume'));
  powerMonitor.on('unlock-screen', () => void core.resumeAfterSleep('unlock'));

  app.on('second-instance', showWindow);
  app.on('activate', showWindow);
  app.on('window-all-closed', () => {
    if (process.platform !== 'darwin') app.quit();
  });
  app.on('will-quit', () => {
    globalShortcut.unregisterAll();
    void core.stop();
    tray?.destroy();
  });

  // `npm start` sets SWITCHBOARD_AUTO_DEMO=1: with no API key the console opens in demo mode.
  const autoDemo = process.env.SWITCHBOARD_AUTO_DEMO === '1' && !core.secrets.status().apiKey.configured;
  // The window first: the first REST reconcile can take as long as Telnyx's timeout, and the
  // status bar is where the agent should see that, not a blank screen.
  showWindow();
  await core.start({ demo: autoDemo });
}
