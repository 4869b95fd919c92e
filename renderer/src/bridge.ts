/**
 * The renderer's only way out: `window.switchboard` (preload in Electron, the harness in e2e).
 * Helpers shared with main (errorTitle, accelerator syntax, names) come from the zod-free
 * electron/contract at runtime; its schemas (electron/contract/schemas) only as types.
 */
import type { SwitchboardApi } from '../../electron/contract';

export function switchboard(): SwitchboardApi {
  return window.switchboard;
}
