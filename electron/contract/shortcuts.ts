/**
 * The shortcut actions: one registration per action with the label every process shows and
 * its default accelerator. What an action does is core's table (electron/core/agent/shortcut-actions.ts),
 * keyed by the same names so TypeScript points at a missing one.
 */

export const shortcutActions = ['takeNext', 'toggleMute', 'toggleHold', 'toggleRecordPause', 'leave', 'finishWrapUp'] as const;
export type ShortcutAction = (typeof shortcutActions)[number];

/** Agent-desktop convention; `CommandOrControl` becomes Cmd on macOS. */
export const shortcutActionTable: Record<ShortcutAction, { label: string; defaultAccelerator: string }> = {
  takeNext: { label: 'Take next call', defaultAccelerator: 'CommandOrControl+Shift+A' },
  toggleMute: { label: 'Mute / unmute', defaultAccelerator: 'CommandOrControl+Shift+M' },
  toggleHold: { label: 'Hold / resume caller', defaultAccelerator: 'CommandOrControl+Shift+H' },
  toggleRecordPause: { label: 'Pause / resume recording', defaultAccelerator: 'CommandOrControl+Shift+R' },
  leave: { label: 'Leave the call', defaultAccelerator: 'CommandOrControl+Shift+E' },
  finishWrapUp: { label: 'Finish wrap-up', defaultAccelerator: 'CommandOrControl+Shift+W' },
};

const byAction = <T>(pick: (entry: (typeof shortcutActionTable)[ShortcutAction]) => T) =>
  Object.fromEntries(shortcutActions.map((action) => [action, pick(shortcutActionTable[action])])) as Record<ShortcutAction, T>;

export const defaultShortcuts: Record<ShortcutAction, string> = byAction((entry) => entry.defaultAccelerator);
export const shortcutActionLabels: Record<ShortcutAction, string> = byAction((entry) => entry.label);

/** The method a failed shortcut is recorded under in `state.failures` when no command ran. */
export type ShortcutMethod = `shortcut.${ShortcutAction}`;

export interface ShortcutStatus {
  action: ShortcutAction;
  label: string;
  accelerator: string;
  /** registered: the OS accepted it globally; in-app: works while the window has focus only. */
  state: 'registered' | 'in-app' | 'refused' | 'conflict';
  message?: string;
}
