/**
 * After-call work: the wrap-up timer, disposition, notes and where the agent goes next. Every
 * edit goes to core at once (`agent.updateWrapUp`), so the Finish button, the finish shortcut
 * and the timer all end the wrap-up with what the agent sees here. Finish itself is the status
 * bar's (one control per action).
 */
import { useId, useState } from 'react';
import { agentStateLabel, formatTimeInState, NOTES_MAX, type AgentState, type Settings, type WrapUpAfter, type WrapUpView } from '../../../electron/contract';
import { switchboard } from '../bridge';
import { failuresFor } from '../failures';
import { useCommand } from '../hooks/useCommand';
import { useNow } from '../hooks/useNow';
import { CommandButton, CommandError } from './CommandButton';
import { ScreenPopButton } from './ScreenPopButton';

const afterValue = (after: WrapUpAfter) => (after.status === 'available' ? 'available' : `away:${after.reason ?? ''}`);
const afterFrom = (value: string): WrapUpAfter => (value === 'available' ? { status: 'available' } : value === 'away:' ? { status: 'away' } : { status: 'away', reason: value.slice(5) });
const afterLabel = (after: WrapUpAfter) => (after.status === 'available' ? 'Available' : agentStateLabel('away', after.reason));

export function WrapUpPanel({ state, settings }: { state: AgentState; settings: Settings }) {
  const wrapUp = state.agent.status === 'wrap-up' ? state.agent.wrapUp : undefined;
  if (!wrapUp) return null;
  // Keyed by call: a new wrap-up starts with the core's (empty) draft, not the last one's text.
  return <WrapUpForm key={wrapUp.conferenceId} state={state} wrapUp={wrapUp} awayReasons={settings.agentStates.awayReasons} settings={settings} />;
}

function WrapUpForm({ state, wrapUp, awayReasons, settings }: { state: AgentState; wrapUp: WrapUpView; awayReasons: readonly string[]; settings: Settings }) {
  const now = useNow(1000);
  const draft = useCommand();
  const dispositionId = useId();
  const dispositionHintId = useId();
  const notesId = useId();
  const afterId = useId();
  // Notes are typed here and sent on every change; core's copy only seeds the field (an echo
  // arriving after a later keystroke must not overwrite it).
  const [notes, setNotes] = useState(wrapUp.notes);
  const update = (edits: Parameters<ReturnType<typeof switchboard>['agent']['updateWrapUp']>[0]) => void draft.run(() => switchboard().agent.updateWrapUp(edits));
  const missingDisposition = wrapUp.dispositionRequired && !wrapUp.disposition;
  const leftMs = wrapUp.endsAt ? Date.parse(wrapUp.endsAt) - now : undefined;
  const left = wrapUp.endsAt ? formatTimeInState(new Date(now).toISOString(), Date.parse(wrapUp.endsAt)) : '';

  return (
    <section className="panel wrap-up-panel" aria-labelledby="wrap-up-heading" data-focus-scope="wrap-up">
      <header className="panel-header">
        <h2 id="wrap-up-heading">Wrap-up</h2>
        <ScreenPopButton state={state} settings={settings} conferenceId={wrapUp.conferenceId} queue={wrapUp.queue} />
      </header>
      <p className="wrap-up-call">
        Call with {wrapUp.caller || 'an unknown caller'}
        {wrapUp.queue ? ` from ${wrapUp.queue}` : ''}
      </p>
      <p className="wrap-up-timer">
        {wrapUp.endsAt ? (
          <>
            <span>
              {afterLabel(wrapUp.after)} in <span className="countdown">{leftMs !== undefined && leftMs > 0 ? left : '0:00'}</span>
            </span>
            {wrapUp.mandatory ? <span className="hint"> Mandatory: finishing opens when the timer ends.</span> : null}
          </>
        ) : (
          <span>No timer: finish when you are done.</span>
        )}
      </p>
      {wrapUp.endsAt && wrapUp.extendSecs > 0 ? (
        <CommandButton
          disabled={wrapUp.extended}
          failures={failuresFor(state, ['agent.extendWrapUp'])}
          onRun={() => switchboard().agent.extendWrapUp()}
        >
          {wrapUp.extended ? 'Extended' : `Extend by ${wrapUp.extendSecs} s`}
        </CommandButton>
      ) : null}
      <div className="field">
        <label htmlFor={dispositionId}>Disposition{wrapUp.dispositionRequired ? ' (required)' : ''}</label>
        <select
          id={dispositionId}
          value={wrapUp.disposition ?? ''}
          aria-required={wrapUp.dispositionRequired || undefined}
          aria-invalid={missingDisposition || undefined}
          aria-describedby={missingDisposition ? dispositionHintId : undefined}
          onChange={(e) => update({ disposition: e.target.value || null })}
        >
          <option value="">{wrapUp.dispositionRequired ? 'Choose a disposition…' : 'No disposition'}</option>
          {wrapUp.dispositions.map((d) => (
            <option key={d} value={d}>
              {d}
            </option>
          ))}
        </select>
        {missingDisposition ? (
          <span id={dispositionHintId} className="hint field-problem">
            Choose a disposition to finish wrap-up
          </span>
        ) : null}
      </div>
      <div className="field">
        <label htmlFor={notesId}>Notes</label>
        <textarea
          id={notesId}
          rows={4}
          maxLength={NOTES_MAX}
          value={notes}
          onChange={(e) => {
            setNotes(e.target.value);
            update({ notes: e.target.value });
          }}
        />
      </div>
      <div className="field">
        <label htmlFor={afterId}>After wrap-up</label>
        <select id={afterId} value={afterValue(wrapUp.after)} onChange={(e) => update({ after: afterFrom(e.target.value) })}>
          <option value="available">Available</option>
          {awayReasons.length === 0 ? <option value="away:">Away</option> : null}
          {awayReasons.map((r) => (
            <option key={r} value={`away:${r}`}>
              Away — {r}
            </option>
          ))}
        </select>
      </div>
      <CommandError message={draft.error} onDismiss={draft.dismiss} />
    </section>
  );
}
