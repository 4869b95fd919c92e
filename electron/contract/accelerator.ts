/**
 * Electron accelerator syntax ("CommandOrControl+Shift+M"), in one place for every process:
 * the settings schema checks it (main), the shortcut service compares accelerators (core), the
 * renderer matches key presses against them. Zod-free, so the renderer may import it at runtime.
 */

/** Every spelling Electron accepts for a modifier, lower-cased, to the one this app uses. */
const modifierSpellings: Record<string, AcceleratorModifier> = {
  cmdorctrl: 'CommandOrControl',
  commandorcontrol: 'CommandOrControl',
  cmd: 'Command',
  command: 'Command',
  ctrl: 'Control',
  control: 'Control',
  alt: 'Alt',
  option: 'Alt',
  altgr: 'AltGr',
  shift: 'Shift',
  super: 'Super',
  meta: 'Super',
};

export type AcceleratorModifier = 'CommandOrControl' | 'Command' | 'Control' | 'Alt' | 'AltGr' | 'Shift' | 'Super';

/** Modifiers joined with "+", then one key. What the settings schema accepts. */
export const acceleratorPattern =
  /^((CommandOrControl|CmdOrCtrl|Command|Cmd|Control|Ctrl|Alt|Option|AltGr|Shift|Super|Meta)\+)*([A-Z0-9]|F([1-9]|1[0-9]|2[0-4])|Space|Tab|Enter|Return|Escape|Esc|Backspace|Delete|Insert|Home|End|PageUp|PageDown|Up|Down|Left|Right|Plus|[`\-=[\];',./\\])$/;

export const acceleratorPatternMessage = 'not an accelerator such as CommandOrControl+Shift+M';

/** The modifier a spelling means ("Cmd", "cmd", "Command" → "Command"); undefined if none. */
export function acceleratorModifier(spelling: string): AcceleratorModifier | undefined {
  return modifierSpellings[spelling.trim().toLowerCase()];
}

/** Splits an accelerator into its modifier spellings and its key (the last part). */
export function splitAccelerator(accelerator: string): { modifiers: string[]; key: string } {
  const parts = accelerator.split('+').map((part) => part.trim());
  const key = parts.pop() ?? '';
  return { modifiers: parts, key };
}

/** One spelling per combination, so "Shift+Ctrl+m" and "Control+Shift+M" are seen as equal. */
export function normaliseAccelerator(accelerator: string): string {
  const parts = accelerator.split('+').map((p) => p.trim()).filter(Boolean);
  const key = parts.pop() ?? '';
  const modifiers = [...new Set(parts.map((p) => acceleratorModifier(p) ?? p))].sort();
  return [...modifiers, key.length === 1 ? key.toUpperCase() : key].join('+');
}
