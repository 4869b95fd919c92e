import { useCallback, useEffect, useState } from 'react';
import type { Settings } from '../../../electron/contract';
import { switchboard } from '../bridge';

export interface SettingsView {
  settings?: Settings;
  /** Replace the local copy after `settings.set` answered with the stored settings. */
  update(next: Settings): void;
}

/** Non-secret settings, loaded once; Settings saves through `settings.set` and calls `update`. */
export function useSettings(): SettingsView {
  const [settings, setSettings] = useState<Settings>();
  useEffect(() => {
    let active = true;
    void switchboard()
      .settings.get()
      .then((outcome) => {
        if (active && outcome.ok) setSettings(outcome.value);
      });
    return () => {
      active = false;
    };
  }, []);
  const update = useCallback((next: Settings) => setSettings(next), []);
  return { settings, update };
}
