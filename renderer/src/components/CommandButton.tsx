import type { ReactNode } from 'react';
import { errorTitle, type CommandFailure, type Outcome } from '../../../electron/contract';
import { useCommand } from '../hooks/useCommand';
import { switchboard } from '../bridge';
import { DeadlineCountdown } from './DeadlineCountdown';

/**
 * The "×" of a dismiss button, drawn rather than typed: the button's name is its aria-label
 * ("Dismiss error"), and a text glyph would be visible text that is not part of that name.
 */
export function DismissIcon() {
  return (
    <svg className="dismiss-icon" viewBox="0 0 10 10" aria-hidden="true" focusable="false">
      <path d="M2 2l6 6M8 2l-6 6" />
    </svg>
  );
}

interface CommandErrorProps {
  message?: string;
  onDismiss(): void;
}

/** A failed command's message, right next to the control that issued it. */
export function CommandError({ message, onDismiss }: CommandErrorProps) {
  if (!message) return null;
  return (
    <span role="alert" className="command-error">
      <span>{message}</span>
      <button type="button" className="dismiss" aria-label="Dismiss error" onClick={onDismiss}>
        <DismissIcon />
      </button>
    </span>
  );
}

/** Failures the store kept (an optimistic update Telnyx refused), dismissable via `failures.dismiss`. */
export function FailureNotes({ failures }: { failures: CommandFailure[] }) {
  if (failures.length === 0) return null;
  return (
    <>
      {failures.map((failure) => (
        <span key={failure.id} role="alert" className="command-error">
          <span>{errorTitle(failure.error)}</span>
          <button
            type="button"
            className="dismiss"
            aria-label="Dismiss error"
            onClick={() => void switchboard().failures.dismiss({ id: failure.id })}
          >
            <DismissIcon />
          </button>
        </span>
      ))}
    </>
  );
}

export interface CommandButtonProps<T> {
  children: ReactNode;
  onRun(): Promise<Outcome<T>>;
  /** Makes it a toggle button; must be the TRUE state from the store, never a local guess. */
  pressed?: boolean;
  /** The store has an optimistic change in flight for this control. */
  pending?: boolean;
  disabled?: boolean;
  /** Overrides the visible text as the accessible name (e.g. "Mute +15550001"). */
  label?: string;
  className?: string;
  /** The store's failures for this control (see failures.ts): the one place its store-run errors show. */
  failures?: CommandFailure[];
  title?: string;
  /** Called with the value when the command succeeded. */
  onDone?(value: T): void;
}

/**
 * A button that runs one command: busy while the promise runs (aria-busy, ignores presses, the
 * seconds left before main's deadline counting down),
 * then Telnyx's error title next to it when it failed: from the store when the store kept the
 * failure (`failures`), else from the command itself (useCommand).
 */
export function CommandButton<T>({
  children,
  onRun,
  pressed,
  pending = false,
  disabled = false,
  label,
  className,
  failures = [],
  title,
  onDone,
}: CommandButtonProps<T>) {
  const command = useCommand();
  const busy = command.busy || pending;
  return (
    <span className="command">
      <button
        type="button"
        className={['button', className].filter(Boolean).join(' ')}
        aria-pressed={pressed}
        aria-busy={busy || undefined}
        aria-label={label}
        title={title}
        disabled={disabled}
        onClick={() => {
          if (command.busy) return;
          void command.run(onRun).then((outcome) => {
            if (outcome?.ok) onDone?.(outcome.value);
          });
        }}
      >
        {children}
        {busy ? <span className="spinner" aria-hidden="true" /> : null}
        {busy ? <DeadlineCountdown /> : null}
      </button>
      <CommandError message={command.error} onDismiss={command.dismiss} />
      <FailureNotes failures={failures} />
    </span>
  );
}
