/**
 * The renderer's key matching: Electron accelerators ("CommandOrControl+Shift+M") against DOM
 * key events, for the in-app shortcuts and the "press the new shortcut" field. The accelerator
 * syntax itself (modifier spellings) is the contract's (electron/contract/accelerator.ts), the
 * same the settings schema and core's registration use. Pure functions so they are easy to test.
 */
import { acceleratorModifier, splitAccelerator } from '../../electron/contract';

export interface KeyChord {
  ctrl: boolean;
  meta: boolean;
  alt: boolean;
  shift: boolean;
  /** Normalised key name as accelerators spell it: "M", "1", "F5", "Space", "Up", "/". */
  key: string;
}

export function isMacPlatform(platform: string = typeof navigator === 'undefined' ? '' : navigator.platform): boolean {
  return /^Mac/i.test(platform);
}

const keyAliases: Record<string, string> = {
  Return: 'Enter',
  Esc: 'Escape',
  Plus: '+',
};

/** Parses an accelerator; undefined when it has no key or an unknown modifier. */
export function parseAccelerator(accelerator: string, isMac: boolean): KeyChord | undefined {
  const { modifiers, key } = splitAccelerator(accelerator);
  if (!key) return undefined;
  const chord: KeyChord = { ctrl: false, meta: false, alt: false, shift: false, key: keyAliases[key] ?? key.toUpperCase() };
  for (const spelling of modifiers) {
    switch (acceleratorModifier(spelling)) {
      case 'CommandOrControl':
        if (isMac) chord.meta = true;
        else chord.ctrl = true;
        break;
      case 'Command':
      case 'Super':
        chord.meta = true;
        break;
      case 'Control':
        chord.ctrl = true;
        break;
      case 'Alt':
      case 'AltGr':
        chord.alt = true;
        break;
      case 'Shift':
        chord.shift = true;
        break;
      default:
        return undefined;
    }
  }
  return chord;
}

const codeNames: Record<string, string> = {
  Space: 'SPACE',
  ArrowUp: 'UP',
  ArrowDown: 'DOWN',
  ArrowLeft: 'LEFT',
  ArrowRight: 'RIGHT',
  Minus: '-',
  Equal: '=',
  BracketLeft: '[',
  BracketRight: ']',
  Semicolon: ';',
  Quote: "'",
  Comma: ',',
  Period: '.',
  Slash: '/',
  Backslash: '\\',
  Backquote: '`',
  NumpadAdd: '+',
};

/**
 * The accelerator key of an event. `code` first (layout-independent, and unaffected by Shift or
 * Option turning "m" into "M" or "µ"), `key` as the fallback.
 */
export function eventKeyName(event: Pick<KeyboardEvent, 'code' | 'key'>): string {
  const code = event.code ?? '';
  if (/^Key[A-Z]$/.test(code)) return code.slice(3);
  if (/^Digit[0-9]$/.test(code)) return code.slice(5);
  if (/^F([1-9]|1[0-9]|2[0-4])$/.test(code)) return code;
  const named = codeNames[code];
  if (named) return named;
  const key = event.key ?? '';
  if (key.startsWith('Arrow')) return key.slice(5).toUpperCase();
  if (key === ' ') return 'SPACE';
  return key.length === 1 ? key.toUpperCase() : key.toUpperCase();
}

function sameKey(a: string, b: string): boolean {
  return a.toUpperCase() === b.toUpperCase();
}

export function matchesAccelerator(
  event: Pick<KeyboardEvent, 'code' | 'key' | 'ctrlKey' | 'metaKey' | 'altKey' | 'shiftKey'>,
  accelerator: string,
  isMac: boolean,
): boolean {
  const chord = parseAccelerator(accelerator, isMac);
  if (!chord) return false;
  return (
    chord.ctrl === event.ctrlKey &&
    chord.meta === event.metaKey &&
    chord.alt === event.altKey &&
    chord.shift === event.shiftKey &&
    sameKey(chord.key, eventKeyName(event))
  );
}

/** True when the accelerator uses Ctrl, Cmd or Alt: such chords also work while typing. */
export function hasCommandModifier(accelerator: string, isMac: boolean): boolean {
  const chord = parseAccelerator(accelerator, isMac);
  return !!chord && (chord.ctrl || chord.meta || chord.alt);
}

const displayKeys: Record<string, string> = { SPACE: 'Space', UP: '↑', DOWN: '↓', LEFT: '←', RIGHT: '→' };

/** "CommandOrControl+Shift+M" → "Ctrl+Shift+M" (or "⌘+Shift+M" on macOS). */
export function displayAccelerator(accelerator: string, isMac: boolean): string {
  return accelerator
    .split('+')
    .map((part) => {
      if (part === 'CommandOrControl' || part === 'CmdOrCtrl') return isMac ? '⌘' : 'Ctrl';
      if (part === 'Command' || part === 'Cmd') return '⌘';
      if (part === 'Control') return 'Ctrl';
      if (part === 'Option') return isMac ? '⌥' : 'Alt';
      return displayKeys[part.toUpperCase()] ?? part;
    })
    .join('+');
}

/**
 * An accelerator built from a key press, for the "press the new shortcut" field in Settings.
 * Undefined while only modifiers are held or when no Ctrl/Cmd/Alt is held (a plain key would
 * fire while typing anywhere).
 */
export function acceleratorFromEvent(
  event: Pick<KeyboardEvent, 'code' | 'key' | 'ctrlKey' | 'metaKey' | 'altKey' | 'shiftKey'>,
  isMac: boolean,
): string | undefined {
  if (['Control', 'Meta', 'Alt', 'Shift', 'AltGraph'].includes(event.key)) return undefined;
  if (!event.ctrlKey && !event.metaKey && !event.altKey) return undefined;
  const parts: string[] = [];
  const commandKey = isMac ? event.metaKey : event.ctrlKey;
  if (commandKey) parts.push('CommandOrControl');
  if (isMac && event.ctrlKey) parts.push('Control');
  if (!isMac && event.metaKey) parts.push('Super');
  if (event.altKey) parts.push('Alt');
  if (event.shiftKey) parts.push('Shift');
  const key = eventKeyName(event);
  const spelled: Record<string, string> = { SPACE: 'Space', UP: 'Up', DOWN: 'Down', LEFT: 'Left', RIGHT: 'Right', '+': 'Plus', ENTER: 'Enter', ESCAPE: 'Escape', TAB: 'Tab' };
  parts.push(spelled[key] ?? key);
  return parts.join('+');
}
