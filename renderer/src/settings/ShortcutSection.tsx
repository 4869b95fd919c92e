/** Shortcut remapping: each action's accelerator, what the OS made of it, and reset to defaults. */
import { useId, useState } from 'react';
import type { ShortcutStatus } from '../../../electron/contract';
import { switchboard } from '../bridge';
import { CommandButton } from '../components/CommandButton';
import { acceleratorFromEvent, displayAccelerator, isMacPlatform } from '../key-matching';

const shortcutStateLabels: Record<ShortcutStatus['state'], string> = {
  registered: 'Works everywhere',
  'in-app': 'This window only',
  refused: 'Refused by the system',
  conflict: 'Conflict',
};

export function ShortcutSection({ shortcuts, onShortcuts }: { shortcuts: ShortcutStatus[]; onShortcuts(next: ShortcutStatus[]): void }) {
  return (
    <section className="settings-section" aria-labelledby="shortcuts-heading" data-focus-scope="shortcuts">
      <h2 id="shortcuts-heading">Shortcuts</h2>
      <p className="hint">Focus a field and press the new combination (it needs Ctrl, Cmd or Alt), then save it.</p>
      <ul aria-label="Shortcuts" className="shortcut-list">
        {shortcuts.map((status) => (
          // Keyed by the accelerator too: a saved or reset shortcut starts a fresh field.
          <li key={`${status.action}:${status.accelerator}`}>
            <ShortcutRow status={status} onShortcuts={onShortcuts} />
          </li>
        ))}
      </ul>
      <CommandButton className="quiet" onRun={() => switchboard().shortcuts.reset()} onDone={(next) => onShortcuts(next)}>
        Reset shortcuts to defaults
      </CommandButton>
    </section>
  );
}

function ShortcutRow({ status, onShortcuts }: { status: ShortcutStatus; onShortcuts(next: ShortcutStatus[]): void }) {
  const id = useId();
  const isMac = isMacPlatform();
  const [value, setValue] = useState(status.accelerator);
  return (
    <div className="shortcut-row">
      <label htmlFor={id}>{`Shortcut for ${status.label}`}</label>
      <input
        id={id}
        data-shortcut-capture=""
        value={value}
        spellCheck={false}
        onChange={(event) => setValue(event.target.value)}
        onKeyDown={(event) => {
          const accelerator = acceleratorFromEvent(event.nativeEvent, isMac);
          if (accelerator) {
            event.preventDefault();
            setValue(accelerator);
          }
        }}
      />
      <kbd className="shortcut-display">{displayAccelerator(value, isMac)}</kbd>
      <span className={`chip shortcut-${status.state}`}>{shortcutStateLabels[status.state]}</span>
      <CommandButton
        className="small"
        label={`Save shortcut for ${status.label}`}
        disabled={value.trim() === '' || value === status.accelerator}
        onRun={() => switchboard().shortcuts.set({ action: status.action, accelerator: value.trim() })}
        onDone={(next) => onShortcuts(next)}
      >
        Save
      </CommandButton>
      {status.message ? (
        <span className={status.state === 'refused' || status.state === 'conflict' ? 'shortcut-message warning-text' : 'shortcut-message'} role={status.state === 'refused' || status.state === 'conflict' ? 'alert' : undefined}>
          {status.message}
        </span>
      ) : null}
    </div>
  );
}
