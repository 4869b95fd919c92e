/**
 * What core asks of an updater (electron/main/updater.ts in the installed app), and the
 * contract's updates.* methods on top of it. Without one (a dev build, the harness) updates
 * report "disabled".
 */
import type { UpdateChannel, UpdateStatus } from '../../contract';
import type { AgentActivity } from '../agent/activity';
import type { Handlers } from '../dispatch';

export interface UpdatesPort {
  status(): UpdateStatus;
  onStatus(listener: (status: UpdateStatus) => void): () => void;
  check(): unknown;
  setChannel(channel: UpdateChannel): unknown;
  installNow(): unknown;
}

/** What an updater watches: it installs only while the agent is away. */
export interface AgentActivitySource {
  activity(): AgentActivity;
  onActivityChange(cb: (a: AgentActivity) => void): () => void;
}

/** The host makes its updater once core's engine exists (it watches the agent's activity). */
export type UpdatesFactory = (agent: AgentActivitySource) => UpdatesPort;

export type UpdateMethods = 'updates.getStatus' | 'updates.check' | 'updates.setChannel' | 'updates.installNow';

export function createUpdateHandlers(updates: UpdatesPort | undefined, appVersion: string): Pick<Handlers, UpdateMethods> {
  const status = (): UpdateStatus =>
    updates?.status() ?? { state: 'disabled', channel: 'stable', currentVersion: appVersion, message: 'Updates are managed by the installed app' };
  return {
    'updates.getStatus': async () => status(),
    'updates.check': async () => {
      await updates?.check();
      return status();
    },
    'updates.setChannel': async ({ channel }) => {
      await updates?.setChannel(channel);
      return status();
    },
    'updates.installNow': async () => {
      await updates?.installNow();
      return status();
    },
  };
}
