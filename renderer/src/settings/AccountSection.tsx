/** Telnyx account and relay: the write-only secrets, the connection test and the demo switch. */
import { useState } from 'react';
import type { AgentState } from '../../../electron/contract';
import { switchboard } from '../bridge';
import { CommandButton, CommandError } from '../components/CommandButton';
import { useCommand } from '../hooks/useCommand';
import { useMainValue } from '../hooks/useMainValue';
import { SecretField } from './SecretField';

export function AccountSection({ mode }: { mode: AgentState['mode'] }) {
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
