/**
 * A stand-in for electron-updater's AppUpdater with the same observable rules that matter to
 * the controller: events fire during checkForUpdates, autoDownload starts the download from the
 * check, and setting `channel` switches allowDowngrade ON (as electron-updater does). The real
 * AppUpdater runs against a real feed in test/integration/updates.
 */
import { EventEmitter } from 'node:events';
import type { UpdaterInfo, UpdaterPort, UpdaterProgress } from '../../../electron/core/updates';

export type FeedAnswer =
  | { kind: 'none'; latest: string }
  | { kind: 'update'; version: string; download?: 'ok' | 'fail' }
  | { kind: 'fail'; message: string }
  | { kind: 'inactive' };

export class FakeUpdater extends EventEmitter implements UpdaterPort {
  private _channel: string | null = null;
  allowDowngrade = false;
  allowPrerelease = false;
  autoDownload = true;
  autoInstallOnAppQuit = true;
  feed: FeedAnswer = { kind: 'none', latest: '0.1.0' };
  checks = 0;
  downloads: string[] = [];
  installs: Array<{ isSilent?: boolean; isForceRunAfter?: boolean }> = [];
  private pending: UpdaterInfo | undefined;

  get channel(): string | null {
    return this._channel;
  }
  set channel(value: string | null) {
    this._channel = value;
    this.allowDowngrade = true; // electron-updater's documented side effect
  }

  async checkForUpdates() {
    this.checks += 1;
    const feed = this.feed;
    if (feed.kind === 'inactive') return null;
    if (feed.kind === 'fail') {
      const error = new Error(feed.message);
      this.emit('error', error);
      throw error;
    }
    if (feed.kind === 'none') {
      this.emit('update-not-available', { version: feed.latest });
      return { downloadPromise: null };
    }
    this.pending = { version: feed.version };
    this.emit('update-available', { version: feed.version });
    return { downloadPromise: this.autoDownload ? this.downloadUpdate() : null };
  }

  async downloadUpdate(): Promise<string[]> {
    const info = this.pending;
    if (!info) throw new Error('Please check update first');
    this.downloads.push(info.version);
    const feed = this.feed;
    await Promise.resolve();
    if (feed.kind === 'update' && feed.download === 'fail') {
      const error = new Error('sha512 checksum mismatch');
      this.emit('error', error);
      throw error;
    }
    const progress: UpdaterProgress = { percent: 50, bytesPerSecond: 1000, transferred: 500, total: 1000 };
    this.emit('download-progress', progress);
    this.emit('download-progress', { ...progress, percent: 100, transferred: 1000 });
    this.emit('update-downloaded', { ...info, downloadedFile: '/tmp/x' });
    return ['/tmp/x'];
  }

  quitAndInstall(isSilent?: boolean, isForceRunAfter?: boolean): void {
    this.installs.push({ isSilent, isForceRunAfter });
  }
}
