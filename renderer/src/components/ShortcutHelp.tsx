import type { ShortcutStatus } from '../../../electron/contract';
import { displayAccelerator, isMacPlatform } from '../key-matching';
import { Dialog } from './Dialog';

const stateLabels: Record<ShortcutStatus['state'], string> = {
  registered: 'works everywhere',
  'in-app': 'in this window',
  refused: 'refused by the system: in this window only',
  conflict: 'conflict',
};

/** The "?" overlay: every shortcut, where it works, and how to close this. */
export function ShortcutHelp({ open, onClose, statuses }: { open: boolean; onClose(): void; statuses: ShortcutStatus[] }) {
  const isMac = isMacPlatform();
  return (
    <Dialog title="Keyboard shortcuts" open={open} onClose={onClose}>
      <table className="shortcut-table">
        <thead>
          <tr>
            <th scope="col">Action</th>
            <th scope="col">Keys</th>
            <th scope="col">Where</th>
          </tr>
        </thead>
        <tbody>
          {statuses.map((status) => (
            <tr key={status.action}>
              <td>{status.label}</td>
              <td>
                <kbd>{displayAccelerator(status.accelerator, isMac)}</kbd>
              </td>
              <td>{stateLabels[status.state]}</td>
            </tr>
          ))}
          <tr>
            <td>Show this help</td>
            <td>
              <kbd>?</kbd>
            </td>
            <td>in this window</td>
          </tr>
          <tr>
            <td>Close a dialog</td>
            <td>
              <kbd>Esc</kbd>
            </td>
            <td>in this window</td>
          </tr>
        </tbody>
      </table>
      <p className="hint">Change shortcuts in Settings.</p>
    </Dialog>
  );
}
