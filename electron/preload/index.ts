/**
 * The preload: exposes exactly the contract as `window.switchboard`, nothing else.
 * Bundled to one sandbox-compatible CommonJS file (only `electron` is required at runtime).
 */
import { contextBridge, ipcRenderer } from 'electron';
import { createSwitchboardApi } from '../contract/api';
import { eventChannel, methodChannel } from '../contract/channels';
import type { Outcome } from '../contract/errors';

const api = createSwitchboardApi({
  invoke: (method, params) => ipcRenderer.invoke(methodChannel(method), params) as Promise<Outcome<unknown>>,
  subscribe(event, listener) {
    const channel = eventChannel(event);
    // Never hand the IpcRendererEvent (and its `sender`) to the page: payload only.
    const forward = (_event: Electron.IpcRendererEvent, payload: unknown) => listener(payload);
    ipcRenderer.on(channel, forward);
    return () => {
      ipcRenderer.removeListener(channel, forward);
    };
  },
});

contextBridge.exposeInMainWorld('switchboard', api);
