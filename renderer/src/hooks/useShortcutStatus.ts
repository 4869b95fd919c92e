import { useCallback, useEffect, useState } from 'react';
import type { ShortcutStatus } from '../../../electron/contract';
import { switchboard } from '../bridge';

export interface ShortcutsView {
  statuses: ShortcutStatus[];
  /** Replace the list after shortcuts.set / reset answered. */
  update(next: ShortcutStatus[]): void;
  refresh(): void;
}

/** What main's shortcut registration reports for each action (registered with the OS, in-app…). */
export function useShortcutStatus(): ShortcutsView {
  const [statuses, setStatuses] = useState<ShortcutStatus[]>([]);
  const refresh = useCallback(() => {
    void switchboard()
      .shortcuts.status()
      .then((outcome) => {
        if (outcome.ok) setStatuses(outcome.value);
      });
  }, []);
  useEffect(refresh, [refresh]);
  return { statuses, update: setStatuses, refresh };
}
