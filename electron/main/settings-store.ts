/** Settings and secret ciphertexts on disk, via electron-store (options in settings-store-options.ts). */
import { renameSync } from 'node:fs';
import path from 'node:path';
import { app } from 'electron';
import Store from 'electron-store';
import { repairSettings, type KeyValueStore } from '../core/settings-service';
import { SETTINGS_FILE_NAME, settingsStoreOptions } from './settings-store-options';

type FileStore = Store<Record<string, unknown>>;

const openChecked = (appVersion: string): FileStore =>
  new Store<Record<string, unknown>>({ name: SETTINGS_FILE_NAME, ...(settingsStoreOptions(appVersion) as object) });

/** What the schema allows of a file it refused: settings repaired field by field, secrets kept. */
function repairedFile(data: Record<string, unknown>): Record<string, unknown> {
  const { settings, updateChannel, secrets, ...rest } = data;
  const out: Record<string, unknown> = { ...rest, settings: repairSettings(settings) };
  if (updateChannel === 'stable' || updateChannel === 'beta') out.updateChannel = updateChannel;
  if (secrets && typeof secrets === 'object') {
    out.secrets = Object.fromEntries(
      Object.entries(secrets).filter(([k, v]) =>
        k === 'weakStorageAccepted' ? typeof v === 'boolean' : (k === 'apiKey' || k === 'relayToken') && typeof v === 'string',
      ),
    );
  }
  return out;
}

/**
 * Opens the settings file. A file the schema refuses (hand-edited, or written by another version)
 * would stop the app from starting: it is repaired in place first. One that is not JSON at all
 * (cut short mid-write) is set aside beside it for support, and the app starts with defaults.
 */
function openRepairing(appVersion: string): FileStore {
  try {
    return openChecked(appVersion);
  } catch {
    let raw: FileStore;
    try {
      raw = new Store<Record<string, unknown>>({ name: SETTINGS_FILE_NAME, clearInvalidConfig: false });
    } catch {
      const file = path.join(app.getPath('userData'), `${SETTINGS_FILE_NAME}.json`);
      renameSync(file, `${file}.corrupt-${Date.now()}`);
      return openChecked(appVersion);
    }
    raw.store = repairedFile(raw.store);
    return openChecked(appVersion);
  }
}

export function createSettingsStore(appVersion: string): KeyValueStore {
  const store = openRepairing(appVersion);
  return {
    get: (key) => store.get(key),
    set: (key, value) => store.set(key, value),
    delete: (key) => store.delete(key),
  };
}
