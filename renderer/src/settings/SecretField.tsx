import { useId, useState } from 'react';
import type { SecretName, SecretsStatus } from '../../../electron/contract';
import { switchboard } from '../bridge';
import { CommandButton } from '../components/CommandButton';

interface SecretFieldProps {
  name: SecretName;
  label: string;
  secrets?: SecretsStatus;
  blocked: boolean;
  onSecrets(next: SecretsStatus): void;
}

/**
 * A write-only secret: the value goes to main and the field empties; all the renderer ever
 * learns back is `{ configured, last4 }`.
 */
export function SecretField({ name, label, secrets, blocked, onSecrets }: SecretFieldProps) {
  const inputId = useId();
  const statusId = useId();
  const [value, setValue] = useState('');
  const status = secrets?.[name];
  const described = status?.configured ? `configured${status.last4 ? ` ••••${status.last4}` : ''}` : 'not set';
  return (
    <div className="field secret-field">
      <label htmlFor={inputId}>{label}</label>
      <div className="field-row">
        <input
          id={inputId}
          type="password"
          autoComplete="off"
          spellCheck={false}
          aria-describedby={statusId}
          placeholder={status?.configured ? 'Enter a new value to replace it' : ''}
          value={value}
          onChange={(event) => setValue(event.target.value)}
        />
        <CommandButton
          disabled={blocked || value.trim() === ''}
          onRun={() => switchboard().secrets.set({ name, value })}
          onDone={(next) => {
            setValue('');
            onSecrets(next);
          }}
        >
          {`Save ${label}`}
        </CommandButton>
        {status?.configured ? (
          <CommandButton className="quiet" onRun={() => switchboard().secrets.clear({ name })} onDone={(next) => onSecrets(next)}>
            {`Clear ${label}`}
          </CommandButton>
        ) : null}
      </div>
      <span id={statusId} className="secret-status" data-testid={`secret-status-${name}`}>
        {described}
      </span>
    </div>
  );
}
