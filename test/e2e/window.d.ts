import type { SwitchboardApi } from '../../electron/contract/api';

declare global {
  interface Window {
    /** Injected by the harness (the preload in Electron): tests call the contract through it. */
    switchboard: SwitchboardApi;
  }
}

export {};
