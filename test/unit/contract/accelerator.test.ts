// Accelerator syntax has one home (electron/contract/accelerator.ts): the settings schema (main),
// the shortcut registration's clash check (core) and the renderer's key matching must agree on
// which spellings are the same combination.
import { describe, expect, it } from 'vitest';
import { defaultShortcuts, normaliseAccelerator, shortcutActionLabels, shortcutActionTable, shortcutActions } from '../../../electron/contract';
import { acceleratorSchema } from '../../../electron/contract/schemas';
import { parseAccelerator } from '../../../renderer/src/key-matching';

const spellings = [
  'CommandOrControl+Shift+M',
  'CmdOrCtrl+Shift+M',
  'Shift+CommandOrControl+M',
  'Control+Shift+M',
  'Ctrl+Shift+M',
  'Shift+Ctrl+M',
  'Alt+M',
  'Option+M',
  'Super+M',
  'Meta+M',
  'Command+M',
  'Cmd+M',
  'Alt+Shift+F5',
  'Shift+Alt+F5',
  'CommandOrControl+Space',
];

describe('accelerator syntax', () => {
  it('every spelling the schema accepts parses in the renderer', () => {
    for (const accelerator of spellings) {
      expect(acceleratorSchema.safeParse(accelerator).success, accelerator).toBe(true);
      expect(parseAccelerator(accelerator, false), accelerator).toBeDefined();
      expect(parseAccelerator(accelerator, true), accelerator).toBeDefined();
    }
    expect(acceleratorSchema.safeParse('Hyper+M').success).toBe(false);
    expect(parseAccelerator('Hyper+M', false)).toBeUndefined();
  });

  it('two spellings core calls the same combination are matched alike by the renderer', () => {
    for (const a of spellings) {
      for (const b of spellings) {
        const sameInCore = normaliseAccelerator(a) === normaliseAccelerator(b);
        for (const isMac of [false, true]) {
          const sameInRenderer = JSON.stringify(parseAccelerator(a, isMac)) === JSON.stringify(parseAccelerator(b, isMac));
          // The converse does not hold: Ctrl and CommandOrControl are one key off macOS, and
          // core keeps Command and Super apart though both are the Cmd key on macOS.
          if (sameInCore) expect(sameInRenderer, `${a} / ${b} (mac: ${isMac})`).toBe(true);
        }
      }
    }
  });

  it('each shortcut action is registered once, with its label and a valid default', () => {
    for (const action of shortcutActions) {
      expect(shortcutActionLabels[action]).toBe(shortcutActionTable[action].label);
      expect(defaultShortcuts[action]).toBe(shortcutActionTable[action].defaultAccelerator);
      expect(acceleratorSchema.safeParse(defaultShortcuts[action]).success).toBe(true);
    }
    expect(new Set(shortcutActions.map((a) => normaliseAccelerator(defaultShortcuts[a]))).size).toBe(shortcutActions.length);
  });
});
