/** Tray icon: the agent's status at a glance, and a quick way back to the window. */
import { Menu, Tray, nativeImage } from 'electron';
import path from 'node:path';
import type { AgentStatus } from '../contract';

const statusText: Record<AgentStatus, string> = {
  offline: 'Offline',
  connecting: 'Connecting…',
  available: 'Available',
  away: 'Away',
  'wrap-up': 'Wrap-up',
};

export interface StatusTray {
  update(status: AgentStatus, inConference: boolean): void;
  destroy(): void;
}

export function createStatusTray(resourcesDir: string, actions: { show(): void; quit(): void }): StatusTray {
  const icon = nativeImage.createFromPath(path.join(resourcesDir, 'tray.png'));
  const tray = new Tray(icon.isEmpty() ? nativeImage.createEmpty() : icon);
  let last = '';
  const update = (status: AgentStatus, inConference: boolean) => {
    const label = `Switchboard — ${statusText[status]}${inConference ? ' (on a call)' : ''}`;
    if (label === last) return;
    last = label;
    tray.setToolTip(label);
    tray.setContextMenu(
      Menu.buildFromTemplate([
        { label, enabled: false },
        { type: 'separator' },
        { label: 'Show Switchboard', click: actions.show },
        { label: 'Quit', click: actions.quit },
      ]),
    );
  };
  tray.on('click', actions.show);
  update('offline', false);
  return { update, destroy: () => tray.destroy() };
}
