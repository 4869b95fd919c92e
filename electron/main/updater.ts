/**
 * The only file that imports electron-updater. It creates the platform's AppUpdater (NSIS on
 * Windows, Squirrel.Mac on macOS, AppImage/deb on Linux), fixes the settings we never give up,
 * and hands it to the host-agnostic controller in electron/core/updates, which decides when to
 * check, what to download and when it is safe to restart.
 *
 * The feed comes from app-update.yml, which electron-builder writes into the installed app from
 * `publish` in electron-builder.yml. On Windows electron-updater also checks that the downloaded
 * installer is signed by `publisherName` before running it.
 */
import electronUpdater, { type AppUpdater } from 'electron-updater';
import type { UpdateChannel } from '../contract/updates';
import {
  adminPolicyPath,
  createUpdateController,
  readAdminPolicy,
  type AgentActivitySource,
  type UpdateControllerApi,
  type UpdateLog,
} from '../core/updates';

/** Four hours: a fleet picks up a release within a shift without hammering the feed. */
export const UPDATE_CHECK_INTERVAL_MS = 4 * 60 * 60 * 1000;

export interface StartUpdaterDeps {
  /** Installs wait until the agent is away (core's engine). */
  agent: AgentActivitySource;
  log: UpdateLog;
  /** The agent's saved channel, and where to save a new choice (electron-store settings). */
  initialChannel?: UpdateChannel;
  saveChannel?: (channel: UpdateChannel) => void;
  checkIntervalMs?: number;
  /** Defaults to the OS's system location; see docs/RELEASING.md. */
  policyFile?: string;
}

export function startUpdater(deps: StartUpdaterDeps): UpdateControllerApi {
  // electron-updater is CommonJS and defines autoUpdater as a lazy getter, so take it from the
  // default export (a named ESM import cannot see it).
  const updater: AppUpdater = electronUpdater.autoUpdater;
  updater.logger = deps.log;
  updater.autoDownload = true;
  updater.autoInstallOnAppQuit = false; // the controller installs only when the agent is away
  updater.allowDowngrade = false;
  updater.disableWebInstaller = true; // only full, signed installers

  const policyFile = deps.policyFile ?? adminPolicyPath();
  const controller = createUpdateController({
    updater,
    currentVersion: updater.currentVersion.version,
    readAdminPolicy: () => readAdminPolicy(policyFile),
    getAgentActivity: () => deps.agent.activity(),
    onAgentActivityChange: (listener) => deps.agent.onActivityChange(listener),
    checkIntervalMs: deps.checkIntervalMs ?? UPDATE_CHECK_INTERVAL_MS,
    log: deps.log,
    ...(deps.initialChannel ? { initialChannel: deps.initialChannel } : {}),
    ...(deps.saveChannel ? { saveChannel: deps.saveChannel } : {}),
  });
  controller.start().catch((error: unknown) => deps.log.error(`updater failed to start: ${String(error)}`));
  return controller;
}
