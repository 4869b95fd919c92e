/** Tray icon: the agent's state and time in state at a glance (core words it), and a quick way back to the window. */
import { Menu, Tray, nativeImage } from 'electron';
import path from 'node:path';

export interface StatusTray {
  /** `label`: core's status text (SwitchboardCore.statusText). */
  update(label: string): void;
  destroy(): void;
}

export function createStatusTray(resourcesDir: string, actions: { show(): void; quit(): void }): StatusTray {
  const icon = nativeImage.createFromPath(path.join(resourcesDir, 'tray.png'));
  const tray = new Tray(icon.isEmpty() ? nativeImage.createEmpty() : icon);
  let last = '';
  let lastMenu = '';
  const update = (label: string) => {
    if (label === last) return;
    last = label;
    tray.setToolTip(label);
    // The menu shows the state without the ticking time: rebuilt only when the state changes.
    const menuLabel = label.split(' · ')[0] ?? label;
    if (menuLabel === lastMenu) return;
    lastMenu = menuLabel;
    tray.setContextMenu(
      Menu.buildFromTemplate([
        { label: menuLabel, enabled: false },
        { type: 'separator' },
        { label: 'Show Switchboard', click: actions.show },
        { label: 'Quit', click: actions.quit },
      ]),
    );
  };
  tray.on('click', actions.show);
  update('Switchboard — Offline');
  return { update, destroy: () => tray.destroy() };
}
