import type { SwitchboardApi } from '../../electron/contract/api';

declare global {
  interface Window {
    /** Exposed by the preload (Electron) or injected by the test harness: the only way out. */
    switchboard: SwitchboardApi;
  }
}

export {};
