import { useId } from 'react';
import type { CallerIds } from './useCallerIds';

/** "Caller ID": one of the account's numbers, with its tags so the agent sees which queue it belongs to. */
export function CallerIdSelect({ callerIds, value, onChange, label = 'Caller ID', none }: {
  callerIds: CallerIds;
  value: string;
  onChange(value: string): void;
  label?: string;
  /** Offers "no number" (value '') with this text, e.g. a setting's automatic choice. */
  none?: string;
}) {
  const id = useId();
  const hintId = useId();
  const numbers = callerIds.numbers ?? [];
  return (
    <div className="field">
      <label htmlFor={id}>{label}</label>
      <select id={id} value={value} onChange={(e) => onChange(e.target.value)} aria-describedby={callerIds.error ? hintId : undefined} disabled={numbers.length === 0 && none === undefined}>
        {none !== undefined ? <option value="">{none}</option> : null}
        {numbers.length === 0 && none === undefined && !value ? <option value="">{callerIds.numbers ? 'No numbers on the account' : 'Loading numbers…'}</option> : null}
        {/* A number from Settings the account does not list (or lists no numbers): shown as what will be sent. */}
        {value && !numbers.some((n) => n.phoneNumber === value) ? <option value={value}>{value} (from Settings)</option> : null}
        {numbers.map((n) => (
          <option key={n.phoneNumber} value={n.phoneNumber}>
            {n.phoneNumber}
            {n.tags.length ? ` (${n.tags.join(', ')})` : ''}
          </option>
        ))}
      </select>
      {callerIds.error ? (
        <span id={hintId} className="hint">
          Could not list the account’s numbers: {callerIds.error}
        </span>
      ) : null}
    </div>
  );
}
