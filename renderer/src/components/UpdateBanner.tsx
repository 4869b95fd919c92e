import type { UpdateStatus } from '../../../electron/contract';
import { switchboard } from '../bridge';
import { useUpdateStatus } from '../hooks/useMainValue';
import { CommandButton } from './CommandButton';

/** What the agent should read about an update; undefined when there is nothing to say. */
export function updateMessage(status: UpdateStatus): string | undefined {
  switch (status.state) {
    case 'downloading':
      return `Downloading update ${status.version} (${Math.round(status.percent)}%)`;
    case 'ready-waiting':
      return status.reason === 'in-conference'
        ? `Update ${status.version} ready: installs after this call, once you go away`
        : `Update ${status.version} ready: installs when you go away`;
    case 'installing':
      return `Installing update ${status.version}…`;
    case 'error':
      return `Update failed: ${status.message}`;
    default:
      return undefined;
  }
}

export function UpdateBanner() {
  const [status] = useUpdateStatus();

  const message = status ? updateMessage(status) : undefined;
  if (!status || !message) return null;
  return (
    <section className={`update-banner update-${status.state}`} aria-label="Update">
      <span role="status">{message}</span>
      {status.state === 'ready-waiting' ? (
        <CommandButton className="small" onRun={() => switchboard().updates.installNow()}>
          Install now
        </CommandButton>
      ) : null}
    </section>
  );
}
