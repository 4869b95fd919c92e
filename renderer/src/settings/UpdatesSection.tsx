/** Updates: the version, the channel (unless an admin forced it) and a manual check. */
import { useId } from 'react';
import type { AppInfo, UpdateChannel } from '../../../electron/contract';
import { switchboard } from '../bridge';
import { CommandButton, CommandError } from '../components/CommandButton';
import { useCommand } from '../hooks/useCommand';
import { useUpdateStatus } from '../hooks/useMainValue';

export function UpdatesSection({ info }: { info?: AppInfo }) {
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
