/**
 * Non-secret settings. The host persists them (electron-store in the app, a JSON file or
 * memory in the harness); this service validates every write against the contract's schema
 * and repairs what it reads, so a hand-edited or older file never breaks the console.
 */
import { defaultSettings, type Settings, type SettingsPatch } from '../contract';
import { settingsSchema } from '../contract/schemas';

/** What the host stores for core: settings, secret ciphertexts, small flags. */
export interface KeyValueStore {
  get(key: string): unknown;
  set(key: string, value: unknown): void;
  delete(key: string): void;
}

export interface SettingsService {
  get(): Settings;
  set(patch: SettingsPatch): Settings;
  onChange(listener: (settings: Settings, previous: Settings) => void): () => void;
}

const SETTINGS_KEY = 'settings';

/** Keeps every valid stored field and falls back to the default for each invalid one. */
export function repairSettings(stored: unknown): Settings {
  const source = (stored && typeof stored === 'object' ? stored : {}) as Record<string, unknown>;
  // Saved before endpoint modes existed, with an endpoint set: keep dialling that phone (the
  // built-in softphone is the default only for new installs).
  if (stored && !('endpointMode' in source) && (source.agent as { endpoint?: unknown } | undefined)?.endpoint) {
    return repairSettings({ ...source, endpointMode: 'external' });
  }
  const repaired: Record<string, unknown> = {};
  for (const [key, fallback] of Object.entries(defaultSettings)) {
    const field = settingsSchema.shape[key as keyof Settings];
    const candidate = key in source ? source[key] : fallback;
    repaired[key] = field.safeParse(candidate).success ? candidate : fallback;
  }
  return settingsSchema.parse(repaired);
}

export function createSettingsService(store: KeyValueStore): SettingsService {
  let current = repairSettings(store.get(SETTINGS_KEY));
  const listeners = new Set<(settings: Settings, previous: Settings) => void>();
  return {
    get: () => current,
    set(patch) {
      const next = settingsSchema.parse({ ...current, ...patch });
      const previous = current;
      store.set(SETTINGS_KEY, next);
      current = next;
      for (const listener of listeners) listener(next, previous);
      return next;
    },
    onChange(listener) {
      listeners.add(listener);
      return () => listeners.delete(listener);
    },
  };
}
