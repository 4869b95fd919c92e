/** Settings → Outbound calls: the country for national numbers, confirming links, each queue's caller id. Saved on its own. */
import { useId, useState } from 'react';
import { dialCountries, type Settings } from '../../../electron/contract';
import { switchboard } from '../bridge';
import { CommandButton } from '../components/CommandButton';
import { CallerIdSelect } from '../outbound/CallerIdSelect';
import { useCallerIds } from '../outbound/useCallerIds';

export function OutboundSection({ settings, onSettings, mode }: { settings: Settings; onSettings(next: Settings): void; mode: string }) {
  const [draft, setDraft] = useState(settings.outbound);
  const [saved, setSaved] = useState(false);
  const countryId = useId();
  const callerIds = useCallerIds(mode);
  const change = (next: Settings['outbound']) => {
    setSaved(false);
    setDraft(next);
  };
  return (
    <section className="settings-section" aria-labelledby="outbound-heading" data-focus-scope="outbound">
      <h2 id="outbound-heading">Outbound calls</h2>
      <div className="field-grid">
        <div className="field">
          <label htmlFor={countryId}>Default country</label>
          <select id={countryId} value={draft.defaultCountry} onChange={(e) => change({ ...draft, defaultCountry: e.target.value as Settings['outbound']['defaultCountry'] })}>
            <option value="">None: +E.164 numbers only</option>
            {dialCountries.map((c) => (
              <option key={c.code} value={c.code}>
                {c.name} (+{c.callingCode})
              </option>
            ))}
          </select>
          <span className="hint">National numbers (no +) are read as this country’s</span>
        </div>
        <label className="checkbox field">
          <input type="checkbox" checked={draft.confirmLinks} onChange={(e) => change({ ...draft, confirmLinks: e.target.checked })} />
          Ask before calling a tel: or callto: link
        </label>
        {settings.watchedQueues.map((queue) => (
          <CallerIdSelect
            key={queue}
            label={`Caller ID for ${queue}`}
            none="Automatic (the number tagged with the queue)"
            callerIds={callerIds}
            value={draft.callerIdByQueue[queue] ?? ''}
            onChange={(value) => {
              const { [queue]: _old, ...others } = draft.callerIdByQueue;
              change({ ...draft, callerIdByQueue: value ? { ...others, [queue]: value } : others });
            }}
          />
        ))}
      </div>
      <div className="field-row">
        <CommandButton
          className="primary"
          onRun={() => switchboard().settings.set({ outbound: draft })}
          onDone={(next) => {
            onSettings(next);
            setDraft(next.outbound);
            setSaved(true);
          }}
        >
          Save outbound settings
        </CommandButton>
        <span role="status">{saved ? 'Outbound settings saved' : ''}</span>
      </div>
    </section>
  );
}
