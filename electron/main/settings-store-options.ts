/**
 * electron-store's options for Switchboard's one settings file: a JSON schema generated from the
 * contract's zod schema (one source of truth), defaults, and migrations keyed by app version.
 * Kept apart from electron-store itself so a test can run the same options through `conf`,
 * the library electron-store is built on, in plain Node.
 */
import { z } from 'zod';
import { defaultSettings } from '../contract';
import { settingsSchema } from '../contract/schemas';

export const SETTINGS_FILE_NAME = 'switchboard';

function settingsJsonSchema(): Record<string, unknown> {
  // `$schema` belongs at a document's root; here the schema is one property among several.
  const { $schema: _ignored, ...schema } = z.toJSONSchema(settingsSchema, { target: 'draft-2020-12' }) as Record<string, unknown>;
  return schema;
}

export function settingsStoreOptions(appVersion: string) {
  return {
    projectVersion: appVersion,
    schema: {
      settings: settingsJsonSchema(),
      updateChannel: { type: 'string', enum: ['stable', 'beta'] },
      secrets: {
        type: 'object',
        properties: {
          apiKey: { type: 'string' },
          relayToken: { type: 'string' },
          relayTokenOrigin: { type: 'string' },
          weakStorageAccepted: { type: 'boolean' },
        },
        additionalProperties: false,
      },
    },
    defaults: { settings: defaultSettings },
    migrations: {
      // 0.1.0: first release. A later version adds a step here when a stored field changes shape.
      '0.1.0': (store: { has(key: string): boolean; set(key: string, value: unknown): void }) => {
        if (!store.has('settings')) store.set('settings', defaultSettings);
      },
    },
    // A file that fails the schema is kept (and repaired field by field by core), never wiped.
    clearInvalidConfig: false,
  };
}
