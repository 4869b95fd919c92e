import { useCallback } from 'react';
import type { Settings } from '../../../electron/contract';
import { switchboard } from '../bridge';
import { useMainValue } from './useMainValue';

export interface SettingsView {
  settings?: Settings;
  /** Replace the local copy after `settings.set` answered with the stored settings. */
  update(next: Settings): void;
}

/** Non-secret settings, loaded once; Settings saves through `settings.set` and calls `update`. */
export function useSettings(): SettingsView {
  const [settings, setSettings] = useMainValue(() => switchboard().settings.get());
  const update = useCallback((next: Settings) => setSettings(next), [setSettings]);
  return { settings, update };
}
