/**
 * Updates: what the renderer may ask of the updater, and what it is told back.
 * The policy lives in electron/core/updates; electron-updater itself only in electron/main/updater.ts.
 */
export const updateChannels = ['stable', 'beta'] as const;
export type UpdateChannel = (typeof updateChannels)[number];

/**
 * What an IT department set in the admin policy file (see docs/RELEASING.md for its location
 * on each OS). `source` is the file it came from, so the UI can say where the rule lives.
 */
export interface AdminUpdatePolicy {
  source: string;
  /** Updates are off: no check, no download, no install. */
  disabled?: boolean;
  /** Never install any version other than this one. */
  pinnedVersion?: string;
  /** The agent cannot change the channel. */
  channel?: UpdateChannel;
  /** Set when the file exists but could not be read or validated: updates are then disabled. */
  invalid?: string;
}

/** Why a downloaded update is waiting instead of installing. */
export type UpdateWaitReason = 'in-conference' | 'available-for-calls' | 'wrapping-up';

interface UpdateStatusBase {
  channel: UpdateChannel;
  currentVersion: string;
  /** Present when an admin policy file is in force; the UI shows it. */
  policy?: AdminUpdatePolicy;
  /** ISO time of the last finished check. */
  lastCheckedAt?: string;
}

export type UpdateStatus = UpdateStatusBase &
  (
    | { state: 'idle' }
    | { state: 'checking' }
    | { state: 'up-to-date'; latestVersion?: string }
    /** Updates are off, by admin policy (or a broken policy file) or because the app is not packaged. */
    | { state: 'disabled'; message: string }
    /** A newer version exists but the admin pinned another one; nothing is downloaded. */
    | { state: 'pinned'; pinnedVersion: string; availableVersion?: string; message: string }
    | { state: 'downloading'; version: string; percent: number; bytesPerSecond: number; transferred: number; total: number }
    /** Downloaded and verified; installs by itself once the agent is away and in no conference. */
    | { state: 'ready-waiting'; version: string; reason: UpdateWaitReason; message: string }
    | { state: 'installing'; version: string }
    | { state: 'error'; message: string }
  );

export type UpdateState = UpdateStatus['state'];
