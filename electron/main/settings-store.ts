/** Settings and secret ciphertexts on disk, via electron-store (options in settings-store-options.ts). */
import Store from 'electron-store';
import type { KeyValueStore } from '../core/settings-service';
import { SETTINGS_FILE_NAME, settingsStoreOptions } from './settings-store-options';

export function createSettingsStore(appVersion: string): KeyValueStore {
  const store = new Store<Record<string, unknown>>({
    name: SETTINGS_FILE_NAME,
    ...(settingsStoreOptions(appVersion) as object),
  });
  return {
    get: (key) => store.get(key),
    set: (key, value) => store.set(key, value),
    delete: (key) => store.delete(key),
  };
}
