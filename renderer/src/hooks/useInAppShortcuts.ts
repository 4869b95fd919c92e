import { useEffect, useRef } from 'react';
import { errorTitle, type ShortcutStatus } from '../../../electron/contract';
import { switchboard } from '../bridge';
import { hasCommandModifier, isMacPlatform, matchesAccelerator } from '../key-matching';

function isTypingTarget(target: EventTarget | null): boolean {
  if (!(target instanceof HTMLElement)) return false;
  if (target.isContentEditable) return true;
  const tag = target.tagName;
  if (tag === 'TEXTAREA' || tag === 'SELECT') return true;
  if (tag !== 'INPUT') return false;
  const type = (target as HTMLInputElement).type;
  return !['button', 'checkbox', 'radio', 'submit', 'reset'].includes(type);
}

export interface InAppShortcutOptions {
  statuses: ShortcutStatus[];
  onHelp(): void;
  /** Called with Telnyx's error title when a triggered action failed. */
  onError(message: string): void;
  isMac?: boolean;
}

/**
 * In-app shortcuts. Only actions whose global shortcut is NOT registered are handled here: a
 * registered one is delivered by the OS even while the window has focus, and handling both
 * would toggle twice. While the user types, only chords with Ctrl/Cmd/Alt count, and "?" is
 * left alone. Fields that record a new shortcut (`data-shortcut-capture`) are never intercepted.
 */
export function useInAppShortcuts({ statuses, onHelp, onError, isMac = isMacPlatform() }: InAppShortcutOptions): void {
  // The key listener is installed once and reads the latest options from this ref.
  const latest = useRef({ statuses, onHelp, onError, isMac });
  useEffect(() => {
    latest.current = { statuses, onHelp, onError, isMac };
  });

  useEffect(() => {
    const onKeyDown = (event: KeyboardEvent) => {
      if (event.defaultPrevented || event.repeat) return;
      const { statuses, onHelp, onError, isMac } = latest.current;
      const target = event.target;
      if (target instanceof HTMLElement && target.closest('[data-shortcut-capture]')) return;
      const typing = isTypingTarget(target);
      if (!typing && event.key === '?' && !event.ctrlKey && !event.metaKey && !event.altKey) {
        event.preventDefault();
        onHelp();
        return;
      }
      for (const status of statuses) {
        if (status.state === 'registered') continue;
        if (typing && !hasCommandModifier(status.accelerator, isMac)) continue;
        if (!matchesAccelerator(event, status.accelerator, isMac)) continue;
        event.preventDefault();
        void switchboard()
          .shortcuts.trigger({ action: status.action })
          .then(
            (outcome) => {
              // A failure the store kept (failureId) is already on screen, next to its control or in Failed commands.
              if (!outcome.ok && outcome.error.failureId === undefined) onError(`${status.label}: ${errorTitle(outcome.error)}`);
            },
            (thrown: unknown) => onError(`${status.label}: ${thrown instanceof Error ? thrown.message : String(thrown)}`),
          );
        return;
      }
    };
    window.addEventListener('keydown', onKeyDown);
    return () => window.removeEventListener('keydown', onKeyDown);
  }, []);
}
