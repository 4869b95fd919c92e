import { useId, useState } from 'react';
import type {
  AgentState,
  AppInfo,
  SecretName,
  SecretsStatus,
  Settings,
  ShortcutStatus,
  UpdateChannel,
} from '../../../electron/contract';
import { useCommand } from '../hooks/useCommand';
import { useMainValue, useUpdateStatus } from '../hooks/useMainValue';
import { acceleratorFromEvent, displayAccelerator, isMacPlatform } from '../shortcuts';
import { switchboard } from '../bridge';
import { CommandButton, CommandError } from './CommandButton';

interface SettingsScreenProps {
  settings: Settings;
  onSettings(next: Settings): void;
  shortcuts: ShortcutStatus[];
  onShortcuts(next: ShortcutStatus[]): void;
  mode: AgentState['mode'];
  info?: AppInfo;
}

export function SettingsScreen({ settings, onSettings, shortcuts, onShortcuts, mode, info }: SettingsScreenProps) {
  return (
    <main className="settings" aria-labelledby="settings-heading">
      <h1 id="settings-heading">Settings</h1>
      <AccountSection mode={mode} />
      <PreferencesForm settings={settings} onSettings={onSettings} />
      <ShortcutSection shortcuts={shortcuts} onShortcuts={onShortcuts} />
      <UpdatesSection info={info} />
    </main>
  );
}

/* ---------- Secrets, connection test, demo ---------- */

function AccountSection({ mode }: { mode: AgentState['mode'] }) {
  const [secrets, setSecrets] = useMainValue(() => switchboard().secrets.status());
  const accept = useCommand();
  const [testResult, setTestResult] = useState<string>();


  const storage = secrets?.storage;
  const blocked = !!storage && (!storage.available || (storage.weak && !storage.weakAccepted));

  return (
    <section className="settings-section" aria-labelledby="account-heading" data-focus-scope="account">
      <h2 id="account-heading">Telnyx account and relay</h2>
      {storage?.weak ? (
        <div className="warning" role="note">
          <p>
            This system can only obfuscate stored secrets (storage backend “{storage.backend}”), not encrypt them. Anyone
            with access to your user account could read them.
          </p>
          <label className="checkbox">
            <input
              type="checkbox"
              checked={storage.weakAccepted}
              disabled={accept.busy}
              onChange={(event) => {
                const value = event.target.checked;
                void accept.run(() => switchboard().secrets.acceptWeakStorage({ accept: value })).then((outcome) => {
                  if (outcome?.ok) setSecrets(outcome.value);
                });
              }}
            />
            Store secrets anyway with weak protection
          </label>
          <CommandError message={accept.error} onDismiss={accept.dismiss} />
        </div>
      ) : null}
      {storage && !storage.available && !storage.weak ? (
        <p className="warning" role="note">
          Secure storage is not available on this system, so secrets cannot be saved.
        </p>
      ) : null}
      <SecretField name="apiKey" label="Telnyx API key" secrets={secrets} blocked={blocked} onSecrets={setSecrets} />
      <SecretField name="relayToken" label="Relay token" secrets={secrets} blocked={blocked} onSecrets={setSecrets} />
      <div className="field-row">
        <CommandButton
          onRun={() => switchboard().telnyx.testConnection()}
          onDone={(value) => {
            setTestResult(`Connected: ${value.queues} queues, ${value.conferences} live conferences, ${Math.round(value.latencyMs)} ms`);
          }}
        >
          Test connection
        </CommandButton>
        <span role="status" className="test-result">
          {testResult}
        </span>
      </div>
      {mode === 'demo' ? (
        <div className="field-row">
          <CommandButton onRun={() => switchboard().demo.stop()}>Stop demo</CommandButton>
          <span className="hint">The demo runs a simulator and relay inside the app.</span>
        </div>
      ) : null}
    </section>
  );
}

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
function SecretField({ name, label, secrets, blocked, onSecrets }: SecretFieldProps) {
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

/* ---------- Non-secret settings ---------- */

interface Draft {
  relayUrl: string;
  telnyxPublicKey: string;
  endpoint: string;
  connectionId: string;
  callerId: string;
  displayName: string;
  watchedQueues: string;
  warnSecs: string;
  breachSecs: string;
  soundboard: string;
  holdAudioUrl: string;
  ttsVoice: string;
  theme: Settings['theme'];
  globalShortcuts: boolean;
}

function toDraft(settings: Settings): Draft {
  return {
    relayUrl: settings.relayUrl,
    telnyxPublicKey: settings.telnyxPublicKey,
    endpoint: settings.agent.endpoint,
    connectionId: settings.agent.connectionId,
    callerId: settings.agent.callerId,
    displayName: settings.agent.displayName,
    watchedQueues: settings.watchedQueues.join('\n'),
    warnSecs: String(settings.sla.warnSecs),
    breachSecs: String(settings.sla.breachSecs),
    soundboard: settings.soundboard.map((s) => `${s.label} | ${s.url}`).join('\n'),
    holdAudioUrl: settings.holdAudioUrl,
    ttsVoice: settings.ttsVoice,
    theme: settings.theme,
    globalShortcuts: settings.globalShortcuts,
  };
}

const lines = (text: string) =>
  text
    .split('\n')
    .map((line) => line.trim())
    .filter(Boolean);

/** The patch sent to `settings.set`; main validates it and answers with the stored settings. */
export function draftToPatch(draft: Draft) {
  return {
    relayUrl: draft.relayUrl.trim(),
    telnyxPublicKey: draft.telnyxPublicKey.trim(),
    agent: {
      endpoint: draft.endpoint.trim(),
      connectionId: draft.connectionId.trim(),
      callerId: draft.callerId.trim(),
      displayName: draft.displayName.trim(),
    },
    watchedQueues: lines(draft.watchedQueues),
    sla: { warnSecs: Number(draft.warnSecs), breachSecs: Number(draft.breachSecs) },
    soundboard: lines(draft.soundboard).map((line) => {
      const at = line.indexOf('|');
      return at === -1 ? { label: line, url: line } : { label: line.slice(0, at).trim(), url: line.slice(at + 1).trim() };
    }),
    holdAudioUrl: draft.holdAudioUrl.trim(),
    ttsVoice: draft.ttsVoice.trim(),
    theme: draft.theme,
    globalShortcuts: draft.globalShortcuts,
  };
}

function TextField({ label, value, onChange, hint, type = 'text', multiline = false }: {
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

function PreferencesForm({ settings, onSettings }: { settings: Settings; onSettings(next: Settings): void }) {
  const [draft, setDraft] = useState(() => toDraft(settings));
  const [saved, setSaved] = useState(false);
  const themeId = useId();
  const set = <K extends keyof Draft>(key: K) => (value: Draft[K]) => {
    setSaved(false);
    setDraft((current) => ({ ...current, [key]: value }));
  };

  return (
    <section className="settings-section" aria-labelledby="preferences-heading" data-focus-scope="preferences">
      <h2 id="preferences-heading">Connection and preferences</h2>
      <div className="field-grid">
        <TextField label="Relay URL" value={draft.relayUrl} onChange={set('relayUrl')} hint="e.g. https://relay.example.com" />
        <TextField label="Telnyx public key" value={draft.telnyxPublicKey} onChange={set('telnyxPublicKey')} hint="Base64, from the Telnyx portal; used to verify every webhook" />
        <TextField label="Agent endpoint" value={draft.endpoint} onChange={set('endpoint')} hint="+E.164 number or sip:agent@example.com" />
        <TextField label="Connection id" value={draft.connectionId} onChange={set('connectionId')} hint="Call Control application id used to dial" />
        <TextField label="Caller id" value={draft.callerId} onChange={set('callerId')} />
        <TextField label="Display name" value={draft.displayName} onChange={set('displayName')} />
        <TextField label="Watched queues" value={draft.watchedQueues} onChange={set('watchedQueues')} multiline hint="One queue name per line" />
        <TextField label="Soundboard" value={draft.soundboard} onChange={set('soundboard')} multiline hint="One per line: label | https://…/file.mp3" />
        <TextField label="SLA warning after (seconds)" type="number" value={draft.warnSecs} onChange={set('warnSecs')} />
        <TextField label="SLA breach after (seconds)" type="number" value={draft.breachSecs} onChange={set('breachSecs')} />
        <TextField label="Hold music URL" value={draft.holdAudioUrl} onChange={set('holdAudioUrl')} hint="What a held caller hears; empty = Telnyx's default" />
        <TextField label="Text-to-speech voice" value={draft.ttsVoice} onChange={set('ttsVoice')} />
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
          onRun={() => switchboard().settings.set(draftToPatch(draft))}
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

/* ---------- Shortcut remapping ---------- */

const shortcutStateLabels: Record<ShortcutStatus['state'], string> = {
  registered: 'Works everywhere',
  'in-app': 'This window only',
  refused: 'Refused by the system',
  conflict: 'Conflict',
};

function ShortcutSection({ shortcuts, onShortcuts }: { shortcuts: ShortcutStatus[]; onShortcuts(next: ShortcutStatus[]): void }) {
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

/* ---------- Updates ---------- */

function UpdatesSection({ info }: { info?: AppInfo }) {
  const [status, setStatus] = useUpdateStatus();
  const channelId = useId();
  const change = useCommand();
  if (!status) return null;
  const forcedChannel = status.policy?.channel;
  return (
    <section className="settings-section" aria-labelledby="updates-heading" data-focus-scope="updates">
      <h2 id="updates-heading">Updates</h2>
      <p>
        Version {status.currentVersion ?? info?.version}
        {status.state === 'up-to-date' ? ' · up to date' : ''}
        {'message' in status && status.message ? ` · ${status.message}` : ''}
      </p>
      {status.policy ? <p className="hint">Managed by your administrator ({status.policy.source}).</p> : null}
      <div className="field-row">
        <label htmlFor={channelId}>Update channel</label>
        <select
          id={channelId}
          value={status.channel}
          disabled={!!forcedChannel || change.busy}
          onChange={(event) => {
            const channel = event.target.value as UpdateChannel;
            void change.run(() => switchboard().updates.setChannel({ channel })).then((outcome) => {
              if (outcome?.ok) setStatus(outcome.value);
            });
          }}
        >
          <option value="stable">Stable</option>
          <option value="beta">Beta</option>
        </select>
        <CommandError message={change.error} onDismiss={change.dismiss} />
        <CommandButton onRun={() => switchboard().updates.check()} onDone={(next) => setStatus(next)}>
          Check for updates
        </CommandButton>
      </div>
    </section>
  );
}
