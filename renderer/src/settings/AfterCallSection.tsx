/**
 * Agent states, wrap-up and screen pop: away reasons, the wrap-up timer and dispositions, and
 * the per-queue screen pop URL templates. Saved with one `settings.set` of their three keys;
 * main validates (a bad template is refused naming its field), and the same template check
 * runs here while typing (electron/contract/screen-pop.ts).
 */
import { useId, useState } from 'react';
import { ANY_QUEUE, screenPopPlaceholders, screenPopTemplateProblem, type Settings } from '../../../electron/contract';
import { switchboard } from '../bridge';
import { CommandButton } from '../components/CommandButton';
import { TextField } from './TextField';

interface AfterCallDraft {
  awayReasons: string;
  timerSecs: string;
  mandatory: boolean;
  extendSecs: string;
  dispositions: string;
  dispositionRequired: boolean;
  openOn: Settings['screenPop']['openOn'];
  /** Template per queue ('*' = any other queue). */
  templates: Record<string, string>;
}

const lines = (text: string) =>
  text
    .split('\n')
    .map((line) => line.trim())
    .filter(Boolean);

function toDraft(s: Settings): AfterCallDraft {
  return {
    awayReasons: s.agentStates.awayReasons.join('\n'),
    timerSecs: String(s.wrapUp.timerSecs),
    mandatory: s.wrapUp.mandatory,
    extendSecs: String(s.wrapUp.extendSecs),
    dispositions: s.wrapUp.dispositions.join('\n'),
    dispositionRequired: s.wrapUp.dispositionRequired,
    openOn: s.screenPop.openOn,
    templates: Object.fromEntries(s.screenPop.templates.map((t) => [t.queue, t.url])),
  };
}

function toPatch(d: AfterCallDraft) {
  return {
    agentStates: { awayReasons: lines(d.awayReasons) },
    wrapUp: {
      timerSecs: Number(d.timerSecs),
      mandatory: d.mandatory,
      extendSecs: Number(d.extendSecs),
      dispositions: lines(d.dispositions),
      dispositionRequired: d.dispositionRequired,
    },
    screenPop: {
      openOn: d.openOn,
      templates: Object.entries(d.templates)
        .map(([queue, url]) => ({ queue, url: url.trim() }))
        .filter((t) => t.url !== ''),
    },
  };
}

const queueLabel = (queue: string) => (queue === ANY_QUEUE ? 'any other queue' : `the ${queue} queue`);

export function AfterCallSection({ settings, onSettings }: { settings: Settings; onSettings(next: Settings): void }) {
  const [draft, setDraft] = useState(() => toDraft(settings));
  const [saved, setSaved] = useState(false);
  const openOnId = useId();
  const change = (edit: Partial<AfterCallDraft>) => {
    setSaved(false);
    setDraft((current) => ({ ...current, ...edit }));
  };
  const queues = [...new Set([...settings.watchedQueues, ...Object.keys(draft.templates).filter((q) => q !== ANY_QUEUE)]), ANY_QUEUE];

  return (
    <section className="settings-section" aria-labelledby="after-call-heading" data-focus-scope="after-call">
      <h2 id="after-call-heading">Agent states, wrap-up and screen pop</h2>
      <div className="field-grid">
        <TextField label="Away reasons" value={draft.awayReasons} onChange={(v) => change({ awayReasons: v })} multiline hint="One per line, e.g. Break, Lunch, Training" />
        <TextField label="Wrap-up timer (seconds)" type="number" value={draft.timerSecs} onChange={(v) => change({ timerSecs: v })} hint="After each call; 0 = no timer (the agent finishes)" />
        <TextField label="Extend wrap-up by (seconds)" type="number" value={draft.extendSecs} onChange={(v) => change({ extendSecs: v })} hint="Once per wrap-up; 0 = no extension" />
        <label className="checkbox field">
          <input type="checkbox" checked={draft.mandatory} onChange={(e) => change({ mandatory: e.target.checked })} />
          Mandatory wrap-up: no finishing before the timer ends
        </label>
        <TextField label="Dispositions" value={draft.dispositions} onChange={(v) => change({ dispositions: v })} multiline hint="One per line" />
        <label className="checkbox field">
          <input type="checkbox" checked={draft.dispositionRequired} onChange={(e) => change({ dispositionRequired: e.target.checked })} />
          A disposition is required to finish wrap-up
        </label>
        <div className="field">
          <label htmlFor={openOnId}>Open the screen pop</label>
          <select id={openOnId} value={draft.openOn} onChange={(e) => change({ openOn: e.target.value as AfterCallDraft['openOn'] })}>
            <option value="answer">When a call is answered</option>
            <option value="click">Only from the call panel&apos;s button</option>
          </select>
        </div>
        {queues.map((queue) => {
          const value = draft.templates[queue] ?? '';
          const problem = screenPopTemplateProblem(value.trim());
          return (
            <TextField
              key={queue}
              label={`Screen pop URL for ${queueLabel(queue)}`}
              value={value}
              onChange={(v) => change({ templates: { ...draft.templates, [queue]: v } })}
              hint={problem ? `Screen pop URL for ${queueLabel(queue)} ${problem}` : `http(s) only; placeholders ${screenPopPlaceholders.map((p) => `{${p}}`).join(' ')}`}
            />
          );
        })}
      </div>
      <div className="field-row">
        <CommandButton
          className="primary"
          onRun={() => switchboard().settings.set(toPatch(draft))}
          onDone={(next) => {
            onSettings(next);
            setDraft(toDraft(next));
            setSaved(true);
          }}
        >
          Save wrap-up and screen pop
        </CommandButton>
        <span role="status">{saved ? 'Saved' : ''}</span>
      </div>
    </section>
  );
}
