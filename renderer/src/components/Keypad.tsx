/**
 * The keypad: DTMF to the caller's leg through Call Control (`keypad.send` → send_dtmf), from
 * the on-screen keys or from the keyboard while focus is anywhere in the call panel, except in a
 * text field (typing a number there must not send tones). Key presses made while a send is on
 * its way are queued and sent next, in order.
 */
import { useCallback, useEffect, useId, useRef, useState, type KeyboardEvent as ReactKeyboardEvent } from 'react';
import { errorTitle, keypadKeys, type AgentState, type Conference } from '../../../electron/contract';
import { switchboard } from '../bridge';
import { failuresFor } from '../failures';
import { CommandError, FailureNotes } from './CommandButton';
import { myParticipant } from '../participants';

const KEYPAD_COLUMNS = 4;

/** Keys typed on the keyboard that are DTMF: digits, * and #, and A–D typed as capitals. */
const keyboardDtmf = /^[0-9*#A-D]$/;

function isTextEntry(target: EventTarget | null): boolean {
  if (!(target instanceof HTMLElement)) return false;
  if (target.isContentEditable) return true;
  if (target instanceof HTMLTextAreaElement || target instanceof HTMLSelectElement) return true;
  return target instanceof HTMLInputElement && !['button', 'checkbox', 'radio', 'submit', 'reset', 'range', 'color'].includes(target.type);
}

export function Keypad({ state, conference }: { state: AgentState; conference: Conference }) {
  const api = switchboard();
  const toId = useId();
  const root = useRef<HTMLFieldSetElement>(null);
  const queued = useRef('');
  const sending = useRef(false);
  const [busy, setBusy] = useState(false);
  const [sent, setSent] = useState('');
  const [error, setError] = useState<string>();
  const me = myParticipant(conference)?.callControlId;
  const others = conference.participants.filter((p) => p.callControlId !== me && p.status === 'joined');
  const caller = others.find((p) => p.kind === 'caller');
  const [to, setTo] = useState<string>();
  const target = others.some((p) => p.callControlId === to) ? to : caller?.callControlId;
  const conferenceId = conference.id;
  const [focusIndex, setFocusIndex] = useState(0);
  const moveFocus = (event: ReactKeyboardEvent<HTMLDivElement>) => {
    const step = { ArrowRight: 1, ArrowLeft: -1, ArrowDown: KEYPAD_COLUMNS, ArrowUp: -KEYPAD_COLUMNS }[event.key];
    if (step === undefined) return;
    event.preventDefault();
    const next = (focusIndex + step + keypadKeys.length) % keypadKeys.length;
    setFocusIndex(next);
    event.currentTarget.querySelectorAll<HTMLButtonElement>('button')[next]?.focus();
  };

  const flush = useCallback(async () => {
    if (sending.current) return;
    sending.current = true;
    setBusy(true);
    setError(undefined);
    try {
      // Keys pressed while a send is on its way go in the next one, in order.
      while (queued.current !== '') {
        const digits = queued.current;
        queued.current = '';
        const params = target && target !== caller?.callControlId ? { conferenceId, digits, callControlId: target } : { conferenceId, digits };
        const outcome = await api.keypad.send(params);
        if (outcome.ok) setSent((s) => (s + digits).slice(-32));
        else if (outcome.error.failureId === undefined) setError(errorTitle(outcome.error));
      }
    } finally {
      sending.current = false;
      setBusy(false);
    }
  }, [api, conferenceId, target, caller?.callControlId]);

  const press = useCallback(
    (key: string) => {
      queued.current += key;
      void flush();
    },
    [flush],
  );

  // The keyboard: while focus is inside the call panel (its section), not in a text field.
  useEffect(() => {
    const panel = root.current?.closest<HTMLElement>('[data-focus-scope="conference"]');
    if (!panel || !target) return;
    const onKeyDown = (event: KeyboardEvent) => {
      if (event.ctrlKey || event.metaKey || event.altKey || event.repeat || isTextEntry(event.target)) return;
      if (!keyboardDtmf.test(event.key)) return;
      event.preventDefault();
      press(event.key);
    };
    panel.addEventListener('keydown', onKeyDown);
    return () => panel.removeEventListener('keydown', onKeyDown);
  }, [press, target]);

  return (
    <fieldset className="tool-group keypad" ref={root} aria-busy={busy || undefined}>
      <legend>Keypad</legend>
      {others.length > 1 ? (
        <div className="field-row">
          <label htmlFor={toId}>Send digits to</label>
          <select id={toId} value={target ?? ''} onChange={(event) => setTo(event.target.value)}>
            {others.map((p) => (
              <option key={p.callControlId} value={p.callControlId}>
                {p.label}
              </option>
            ))}
          </select>
        </div>
      ) : null}
      {/* One tab stop for the 16 keys; the arrow keys move between them (a roving tabindex). */}
      <div className="keypad-grid" role="group" aria-label="Keypad keys" onKeyDown={moveFocus}>
        {keypadKeys.map((key, index) => (
          <button
            key={key}
            type="button"
            className="button keypad-key"
            aria-label={`Key ${key}`}
            tabIndex={index === focusIndex ? 0 : -1}
            disabled={!target}
            onFocus={() => setFocusIndex(index)}
            onClick={() => press(key)}
          >
            {key}
          </button>
        ))}
      </div>
      <p className="keypad-sent">
        Sent: <output aria-label="Digits sent">{sent}</output>
      </p>
      <p className="hint">Type 0–9, *, # (A–D with Shift) while the call panel has focus.</p>
      <CommandError message={error} onDismiss={() => setError(undefined)} />
      <FailureNotes failures={failuresFor(state, ['keypad.send'], [conferenceId])} />
    </fieldset>
  );
}
