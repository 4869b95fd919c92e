import { useId } from 'react';

export function TextField({ label, value, onChange, hint, type = 'text', multiline = false }: {
  label: string;
  value: string;
  onChange(value: string): void;
  hint?: string;
  type?: string;
  multiline?: boolean;
}) {
  const id = useId();
  const hintId = useId();
  return (
    <div className="field">
      <label htmlFor={id}>{label}</label>
      {multiline ? (
        <textarea id={id} rows={3} value={value} aria-describedby={hint ? hintId : undefined} onChange={(e) => onChange(e.target.value)} />
      ) : (
        <input id={id} type={type} value={value} aria-describedby={hint ? hintId : undefined} onChange={(e) => onChange(e.target.value)} />
      )}
      {hint ? (
        <span id={hintId} className="hint">
          {hint}
        </span>
      ) : null}
    </div>
  );
}
