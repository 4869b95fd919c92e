/**
 * Shortcut registration: which accelerator runs which agent action, registered with the OS when
 * the host can (Electron `globalShortcut`: works while the CRM has focus) and always handled
 * in-app by the renderer otherwise (renderer/src/key-matching.ts). What an action does is the
 * action table in agent/shortcut-actions.ts.
 */
import {
  defaultShortcuts,
  normaliseAccelerator,
  shortcutActionLabels,
  shortcutActions,
  type Settings,
  type ShortcutAction,
  type ShortcutStatus,
} from '../contract';
import { acceleratorSchema } from '../contract/schemas';
import { CommandError } from './errors';
import type { Logger } from './log';
import type { SettingsService } from './settings-service';

/** The host's global shortcut API (Electron `globalShortcut`). */
export interface ShortcutRegistrar {
  /** False when the OS (or another app) refuses the accelerator. */
  register(accelerator: string, callback: () => void): boolean;
  unregisterAll(): void;
}

export interface ShortcutService {
  status(): ShortcutStatus[];
  set(action: ShortcutAction, accelerator: string): ShortcutStatus[];
  reset(): ShortcutStatus[];
  /** (Re-)register every shortcut from settings with the OS. */
  apply(): ShortcutStatus[];
  dispose(): void;
}

export function createShortcutService(deps: {
  settings: SettingsService;
  registrar?: ShortcutRegistrar;
  run: (action: ShortcutAction) => void;
  log: Logger;
}): ShortcutService {
  let statuses: ShortcutStatus[] = [];

  const apply = (): ShortcutStatus[] => {
    const { shortcuts, globalShortcuts } = deps.settings.get();
    deps.registrar?.unregisterAll();
    const seen = new Map<string, ShortcutAction>();
    statuses = shortcutActions.map((action) => {
      const accelerator = shortcuts[action];
      const base = { action, label: shortcutActionLabels[action], accelerator };
      const owner = seen.get(normaliseAccelerator(accelerator));
      if (owner) {
        return { ...base, state: 'conflict' as const, message: `Also assigned to "${shortcutActionLabels[owner]}"` };
      }
      seen.set(normaliseAccelerator(accelerator), action);
      if (!deps.registrar || !globalShortcuts) return { ...base, state: 'in-app' as const };
      const accepted = deps.registrar.register(accelerator, () => deps.run(action));
      if (accepted) return { ...base, state: 'registered' as const };
      deps.log.warn('global shortcut refused', { action, accelerator });
      return {
        ...base,
        state: 'refused' as const,
        message: `The system refused ${accelerator} (another app may own it); it works only while Switchboard has focus`,
      };
    });
    return statuses;
  };

  return {
    status: () => statuses,
    apply,
    set(action, accelerator) {
      const parsed = acceleratorSchema.parse(accelerator);
      const current: Settings['shortcuts'] = deps.settings.get().shortcuts;
      const clash = shortcutActions.find(
        (other) => other !== action && normaliseAccelerator(current[other]) === normaliseAccelerator(parsed),
      );
      if (clash) {
        throw new CommandError({
          code: 'SHORTCUT_REFUSED',
          message: `${parsed} is already used for "${shortcutActionLabels[clash]}"`,
          field: 'accelerator',
        });
      }
      deps.settings.set({ shortcuts: { ...current, [action]: parsed } });
      return apply();
    },
    reset() {
      deps.settings.set({ shortcuts: { ...defaultShortcuts } });
      return apply();
    },
    dispose() {
      deps.registrar?.unregisterAll();
    },
  };
}
