/** Connection and preferences: the non-secret settings, saved together with one `settings.set`. */
import { useId, useState } from 'react';
import { relayFailoverProblem, relayUrlProblem, type Settings } from '../../../electron/contract';
import { switchboard } from '../bridge';
import { CommandButton } from '../components/CommandButton';
import { draftToPatch, lines, toDraft, type Draft } from './draft';
import { TextField } from './TextField';

export function PreferencesForm({ settings, onSettings }: { settings: Settings; onSettings(next: Settings): void }) {
  const [draft, setDraft] = useState(() => toDraft(settings));
  const [saved, setSaved] = useState(false);
  const themeId = useId();
  // The same rule main enforces (electron/contract/relay-url.ts), shown while typing.
  const relayUrlIssue = relayUrlProblem(draft.relayUrl.trim());
  const failoverIssue = relayFailoverProblem(lines(draft.relayFailoverUrls));
  const endpointModeId = useId();
  const set = <K extends keyof Draft>(key: K) => (value: Draft[K]) => {
    setSaved(false);
    setDraft((current) => ({ ...current, [key]: value }));
  };

  return (
    <section className="settings-section" aria-labelledby="preferences-heading" data-focus-scope="preferences">
      <h2 id="preferences-heading">Connection and preferences</h2>
      <div className="field-grid">
        <TextField label="Relay URL" value={draft.relayUrl} onChange={set('relayUrl')} hint={relayUrlIssue ? `Relay URL ${relayUrlIssue}` : 'e.g. https://relay.example.com'} />
        <TextField
          label="Failover relay URLs"
          value={draft.relayFailoverUrls}
          onChange={set('relayFailoverUrls')}
          multiline
          hint={
            failoverIssue
              ? `Failover relay ${failoverIssue}`
              : 'One per line, tried in order when the relay cannot be reached: relays of your deployment only (the relay token is sent to them; adding one clears the token until you enter it again)'
          }
        />
        <TextField label="Telnyx public key" value={draft.telnyxPublicKey} onChange={set('telnyxPublicKey')} hint="Base64, from the Telnyx portal; used to verify every webhook" />
        <div className="field">
          <label htmlFor={endpointModeId}>Endpoint</label>
          <select id={endpointModeId} value={draft.endpointMode} onChange={(e) => set('endpointMode')(e.target.value as Settings['endpointMode'])}>
            <option value="softphone">Built-in softphone</option>
            <option value="external">External phone</option>
          </select>
        </div>
        {draft.endpointMode === 'softphone' ? (
          <TextField
            label="SIP credential connection id"
            value={draft.credentialConnectionId}
            onChange={set('credentialConnectionId')}
            hint="The account's credential connection (one-time Telnyx setup); Switchboard creates your credential on it"
          />
        ) : (
          <TextField label="Agent endpoint" value={draft.endpoint} onChange={set('endpoint')} hint="+E.164 number or sip:agent@example.com" />
        )}
        <TextField label="Connection id" value={draft.connectionId} onChange={set('connectionId')} hint="Call Control application id used to dial" />
        <TextField label="Caller id" value={draft.callerId} onChange={set('callerId')} />
        <TextField label="Display name" value={draft.displayName} onChange={set('displayName')} />
        <TextField label="Watched queues" value={draft.watchedQueues} onChange={set('watchedQueues')} multiline hint="One queue name per line" />
        <TextField label="Soundboard" value={draft.soundboard} onChange={set('soundboard')} multiline hint="One per line: label | https://…/file.mp3" />
        <TextField label="SLA warning after (seconds)" type="number" value={draft.warnSecs} onChange={set('warnSecs')} />
        <TextField label="SLA breach after (seconds)" type="number" value={draft.breachSecs} onChange={set('breachSecs')} />
        <TextField label="Go away after missed offers" type="number" value={draft.missedOffersBeforeAway} onChange={set('missedOffersBeforeAway')} />
        <TextField label="Hold music URL" value={draft.holdAudioUrl} onChange={set('holdAudioUrl')} hint="What a held caller hears; empty = Telnyx's default" />
        <TextField label="Text-to-speech voice" value={draft.ttsVoice} onChange={set('ttsVoice')} />
        <TextField
          label="Keep call history (days)"
          type="number"
          value={draft.historyRetentionDays}
          onChange={set('historyRetentionDays')}
          hint="Older calls are deleted from this computer (1–3650)"
        />
        <div className="field">
          <label htmlFor={themeId}>Theme</label>
          <select id={themeId} value={draft.theme} onChange={(e) => set('theme')(e.target.value as Settings['theme'])}>
            <option value="system">Follow the system</option>
            <option value="light">Light</option>
            <option value="dark">Dark</option>
          </select>
        </div>
        <label className="checkbox field">
          <input type="checkbox" checked={draft.globalShortcuts} onChange={(e) => set('globalShortcuts')(e.target.checked)} />
          Shortcuts work while other apps have focus
        </label>
      </div>
      <div className="field-row">
        <CommandButton
          className="primary"
          onRun={() => switchboard().settings.set(draftToPatch(draft, settings))}
          onDone={(next) => {
            onSettings(next);
            setDraft(toDraft(next));
            setSaved(true);
          }}
        >
          Save settings
        </CommandButton>
        <span role="status">{saved ? 'Settings saved' : ''}</span>
      </div>
    </section>
  );
}
