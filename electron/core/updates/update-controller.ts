/**
 * The update policy, independent of Electron: when to check, what to download, and above all
 * when it is safe to install. An install restarts the app, so it never happens while the agent
 * is in a conference or available for calls: a downloaded update waits ("Update ready: installs
 * when you go away") and installs by itself the moment the agent goes away or offline.
 *
 * electron-updater does the feed, the staged rollout (`stagingPercentage` in latest.yml), the
 * download and the sha512 / code-signature checks; `UpdaterPort` is the part of its AppUpdater
 * this file drives, so tests can hand in a fake and main hands in the real one.
 */
import type {
  AdminUpdatePolicy,
  UpdateChannel,
  UpdateStatus,
  UpdateWaitReason,
} from '../../contract/updates';
import type { AgentActivity } from '../agent/activity';
import { CommandError } from '../errors';

/** The subset of electron-updater's AppUpdater that the controller uses. */
export interface UpdaterPort {
  /** electron-updater's channel name: "latest" for stable, "beta" for beta. */
  channel: string | null;
  allowDowngrade: boolean;
  allowPrerelease: boolean;
  autoDownload: boolean;
  autoInstallOnAppQuit: boolean;
  /** Resolves to null when the updater is inactive (an unpackaged dev build). */
  checkForUpdates(): Promise<{ downloadPromise?: Promise<unknown> | null } | null>;
  downloadUpdate(): Promise<unknown>;
  quitAndInstall(isSilent?: boolean, isForceRunAfter?: boolean): void;
  on(event: 'update-available' | 'update-not-available' | 'update-downloaded', listener: (info: UpdaterInfo) => void): unknown;
  on(event: 'download-progress', listener: (progress: UpdaterProgress) => void): unknown;
  on(event: 'error', listener: (error: Error) => void): unknown;
  removeListener(event: 'update-available' | 'update-not-available' | 'update-downloaded', listener: (info: UpdaterInfo) => void): unknown;
  removeListener(event: 'download-progress', listener: (progress: UpdaterProgress) => void): unknown;
  removeListener(event: 'error', listener: (error: Error) => void): unknown;
}

export interface UpdaterInfo {
  version: string;
}

export interface UpdaterProgress {
  percent: number;
  bytesPerSecond: number;
  transferred: number;
  total: number;
}

/** What the controller waits on: the engine reports it (agent/activity.ts). */
export type { AgentActivity };

export interface UpdateLog {
  info(message: string): void;
  warn(message: string): void;
  error(message: string): void;
}

export interface UpdateControllerDeps {
  updater: UpdaterPort;
  currentVersion: string;
  /** Re-read before every check, so IT can change the policy while the app runs. */
  readAdminPolicy: () => Promise<AdminUpdatePolicy | undefined>;
  getAgentActivity: () => AgentActivity;
  onAgentActivityChange: (listener: (activity: AgentActivity) => void) => () => void;
  checkIntervalMs: number;
  log: UpdateLog;
  /** The agent's saved channel choice (an admin-forced channel wins over it). */
  initialChannel?: UpdateChannel;
  /** Persist the agent's channel choice. */
  saveChannel?: (channel: UpdateChannel) => void;
  now?: () => Date;
}

export interface UpdateControllerApi {
  /** Apply the policy, check now, then on the interval. */
  start(): Promise<void>;
  stop(): void;
  status(): UpdateStatus;
  onStatus(listener: (status: UpdateStatus) => void): () => void;
  check(): Promise<UpdateStatus>;
  /** Throws a CommandError (POLICY) when the admin forces a channel. */
  setChannel(channel: UpdateChannel): Promise<UpdateStatus>;
  /** Throws a CommandError (INVALID_STATE) during a conference or with nothing downloaded. */
  installNow(): UpdateStatus;
}

/** A refused update command, as the contract's error (POLICY or INVALID_STATE). */
const refused = (code: 'POLICY' | 'INVALID_STATE', message: string) => new CommandError({ code, message });

export const READY_WAITING_MESSAGE = 'Update ready: installs when you go away';

/** Our channel names → electron-updater's (its default channel file is latest.yml). */
const updaterChannelName: Record<UpdateChannel, string> = { stable: 'latest', beta: 'beta' };

/** Why an install must wait right now, or null when it is safe to restart the app. */
export function installBlocker(activity: AgentActivity): UpdateWaitReason | null {
  if (activity.inConference) return 'in-conference';
  if (activity.status === 'available') return 'available-for-calls';
  if (activity.status === 'wrap-up') return 'wrapping-up';
  return null;
}

type StatusBody = UpdateStatus extends infer S ? (S extends unknown ? Omit<S, 'channel' | 'currentVersion' | 'policy' | 'lastCheckedAt'> : never) : never;

export function createUpdateController(deps: UpdateControllerDeps): UpdateControllerApi {
  const { updater, log } = deps;
  const now = deps.now ?? (() => new Date());
  const listeners = new Set<(status: UpdateStatus) => void>();

  let chosenChannel: UpdateChannel = deps.initialChannel ?? 'stable';
  let policy: AdminUpdatePolicy | undefined;
  let body: StatusBody = { state: 'idle' };
  let lastCheckedAt: string | undefined;
  /** The version electron-updater has downloaded and verified, waiting to be installed. */
  let downloadedVersion: string | undefined;
  let timer: ReturnType<typeof setInterval> | undefined;
  let unsubscribeActivity: (() => void) | undefined;
  let detachFromUpdater: (() => void) | undefined;

  const effectiveChannel = (): UpdateChannel => policy?.channel ?? chosenChannel;

  function status(): UpdateStatus {
    return {
      ...body,
      channel: effectiveChannel(),
      currentVersion: deps.currentVersion,
      ...(policy ? { policy } : {}),
      ...(lastCheckedAt ? { lastCheckedAt } : {}),
    } as UpdateStatus;
  }

  function publish(next: StatusBody): void {
    body = next;
    const snapshot = status();
    for (const listener of listeners) listener(snapshot);
  }

  /** Point electron-updater at the effective channel, with the guarantees we never give up. */
  function configureUpdater(): void {
    const channel = effectiveChannel();
    // Setting `channel` makes electron-updater turn allowDowngrade ON; we set it back after.
    updater.channel = updaterChannelName[channel];
    updater.allowPrerelease = channel === 'beta';
    updater.allowDowngrade = false;
    updater.autoInstallOnAppQuit = false; // we decide when to install, never on a plain quit
    // A pinned fleet downloads only the pinned version, so the download is started by hand.
    updater.autoDownload = policy?.pinnedVersion === undefined;
  }

  async function refreshPolicy(): Promise<void> {
    const previous = policy;
    policy = await deps.readAdminPolicy();
    if (policy?.invalid && policy.invalid !== previous?.invalid) log.error(policy.invalid);
    configureUpdater();
  }

  function disabledMessage(p: AdminUpdatePolicy): string {
    return p.invalid ?? `Updates are turned off by your administrator (${p.source}).`;
  }

  function pinnedMessage(pinned: string): string {
    return `Your administrator pinned Switchboard to version ${pinned}.`;
  }

  const busy = (): boolean => ['downloading', 'ready-waiting', 'installing'].includes(body.state);

  async function check(): Promise<UpdateStatus> {
    if (busy()) return status();
    try {
      await refreshPolicy();
    } catch (error) {
      publish({ state: 'error', message: `Cannot read the update policy: ${(error as Error).message}` });
      return status();
    }
    if (policy?.disabled) {
      publish({ state: 'disabled', message: disabledMessage(policy) });
      return status();
    }
    publish({ state: 'checking' });
    try {
      const result = await updater.checkForUpdates();
      lastCheckedAt = now().toISOString();
      if (result === null) {
        publish({ state: 'disabled', message: 'Updates run only in the installed app.' });
        return status();
      }
      // A failed automatic download is reported through the 'error' event; don't leave the
      // promise unhandled.
      result.downloadPromise?.catch(() => undefined);
      // Events set the outcome; if none came (a fake or a quiet provider), we are up to date.
      if (body.state === 'checking') publish({ state: 'up-to-date' });
    } catch (error) {
      lastCheckedAt = now().toISOString();
      publish({ state: 'error', message: `Update check failed: ${(error as Error).message}` });
    }
    return status();
  }

  function onUpdateAvailable(info: UpdaterInfo): void {
    const pinned = policy?.pinnedVersion;
    if (pinned !== undefined) {
      if (info.version !== pinned) {
        log.info(`update ${info.version} available but the admin policy pins ${pinned}; not downloading`);
        publish({ state: 'pinned', pinnedVersion: pinned, availableVersion: info.version, message: pinnedMessage(pinned) });
        return;
      }
      updater.downloadUpdate().catch(() => undefined); // failures arrive as 'error'
    }
    publish({ state: 'downloading', version: info.version, percent: 0, bytesPerSecond: 0, transferred: 0, total: 0 });
  }

  function onUpdateNotAvailable(info: UpdaterInfo): void {
    const pinned = policy?.pinnedVersion;
    if (pinned !== undefined) {
      publish({ state: 'pinned', pinnedVersion: pinned, message: pinnedMessage(pinned) });
    } else if (info.version === deps.currentVersion) {
      publish({ state: 'up-to-date', latestVersion: info.version });
    } else {
      // The feed has another version that is not for us: outside its staged rollout
      // (stagingPercentage), older than ours (no downgrades), or not supported on this OS.
      log.info(`feed offers ${info.version}, not offered to this installation`);
      publish({ state: 'up-to-date' });
    }
  }

  function onProgress(progress: UpdaterProgress): void {
    const version = body.state === 'downloading' ? body.version : '';
    publish({
      state: 'downloading',
      version,
      percent: Math.max(0, Math.min(100, progress.percent)),
      bytesPerSecond: progress.bytesPerSecond,
      transferred: progress.transferred,
      total: progress.total,
    });
  }

  function onDownloaded(info: UpdaterInfo): void {
    const pinned = policy?.pinnedVersion;
    if (pinned !== undefined && info.version !== pinned) {
      log.warn(`downloaded ${info.version} but the admin policy pins ${pinned}; it will not be installed`);
      publish({ state: 'pinned', pinnedVersion: pinned, availableVersion: info.version, message: pinnedMessage(pinned) });
      return;
    }
    log.info(`update ${info.version} downloaded and verified`);
    downloadedVersion = info.version;
    installWhenSafe();
  }

  function onError(error: Error): void {
    log.error(`updater: ${error.message}`);
    // A downloaded update stays installable even if a later check fails.
    if (downloadedVersion !== undefined) return;
    publish({ state: 'error', message: error.message });
  }

  /** Install now if the agent can be interrupted; otherwise say why we wait. */
  function installWhenSafe(): void {
    if (downloadedVersion === undefined || body.state === 'installing') return;
    if (policy?.disabled) return;
    const reason = installBlocker(deps.getAgentActivity());
    if (reason !== null) {
      if (body.state !== 'ready-waiting' || body.reason !== reason) {
        publish({ state: 'ready-waiting', version: downloadedVersion, reason, message: READY_WAITING_MESSAGE });
      }
      return;
    }
    install(downloadedVersion);
  }

  function install(version: string): void {
    log.info(`installing update ${version}`);
    publish({ state: 'installing', version });
    // Silent installer, and start the app again afterwards: the agent clicks nothing.
    updater.quitAndInstall(true, true);
  }

  function attachToUpdater(): () => void {
    updater.on('update-available', onUpdateAvailable);
    updater.on('update-not-available', onUpdateNotAvailable);
    updater.on('download-progress', onProgress);
    updater.on('update-downloaded', onDownloaded);
    updater.on('error', onError);
    return () => {
      updater.removeListener('update-available', onUpdateAvailable);
      updater.removeListener('update-not-available', onUpdateNotAvailable);
      updater.removeListener('download-progress', onProgress);
      updater.removeListener('update-downloaded', onDownloaded);
      updater.removeListener('error', onError);
    };
  }

  return {
    async start() {
      if (timer !== undefined) return;
      detachFromUpdater = attachToUpdater();
      unsubscribeActivity = deps.onAgentActivityChange(() => installWhenSafe());
      timer = setInterval(() => void check(), deps.checkIntervalMs);
      timer.unref?.();
      await check();
    },
    stop() {
      if (timer !== undefined) clearInterval(timer);
      timer = undefined;
      unsubscribeActivity?.();
      unsubscribeActivity = undefined;
      detachFromUpdater?.();
      detachFromUpdater = undefined;
    },
    status,
    onStatus(listener) {
      listeners.add(listener);
      return () => listeners.delete(listener);
    },
    check,
    async setChannel(channel) {
      if (policy?.channel !== undefined && policy.channel !== channel) {
        throw refused('POLICY', `Your administrator set the update channel to ${policy.channel}.`);
      }
      chosenChannel = channel;
      deps.saveChannel?.(channel);
      configureUpdater();
      publish(body);
      return check();
    },
    installNow() {
      if (downloadedVersion === undefined) {
        throw refused('INVALID_STATE', 'No update has been downloaded yet.');
      }
      if (deps.getAgentActivity().inConference) {
        throw refused('INVALID_STATE', 'Switchboard cannot restart during a conference.');
      }
      if (policy?.disabled) {
        throw refused('POLICY', disabledMessage(policy));
      }
      install(downloadedVersion);
      return status();
    },
  };
}
