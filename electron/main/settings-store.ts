/**
 * Settings and secret ciphertexts on disk, via electron-store: JSON schema generated from the
 * contract's zod schema (one source of truth), migrations keyed by app version.
 */
import Store from 'electron-store';
import { z } from 'zod';
import { defaultSettings, settingsSchema } from '../contract';
import type { KeyValueStore } from '../core/settings-service';

export function createSettingsStore(appVersion: string): KeyValueStore {
  const store = new Store<Record<string, unknown>>({
    name: 'switchboard',
    projectVersion: appVersion,
    schema: {
      settings: z.toJSONSchema(settingsSchema, { target: 'draft-2020-12' }) as never,
      updateChannel: { type: 'string', enum: ['stable', 'beta'] },
      secrets: {
        type: 'object',
        properties: {
          apiKey: { type: 'string' },
          relayToken: { type: 'string' },
          weakStorageAccepted: { type: 'boolean' },
        },
        additionalProperties: false,
      },
    },
    defaults: { settings: defaultSettings },
    migrations: {
      // 0.1.0: first release. Later versions add a step here when a stored field changes shape.
      '0.1.0': (migrating) => {
        if (!migrating.has('settings')) migrating.set('settings', defaultSettings);
      },
    },
    clearInvalidConfig: false,
  });
  return {
    get: (key) => store.get(key),
    set: (key, value) => store.set(key, value),
    delete: (key) => store.delete(key),
  };
}
