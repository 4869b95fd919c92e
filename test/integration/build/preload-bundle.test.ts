/**
 * The built preload, run the way a sandboxed preload runs: one CommonJS file whose only
 * `require` is `electron` (stubbed here: contextBridge and ipcRenderer are the boundary).
 * It must expose exactly the contract, map each method to its own channel, and hand the page
 * event payloads without the IpcRendererEvent.
 */
import { build } from 'esbuild';
import path from 'node:path';
import vm from 'node:vm';
import { beforeAll, describe, expect, it } from 'vitest';
import { eventChannel, methodNames } from '../../../electron/contract';

const repoRoot = path.resolve(import.meta.dirname, '..', '..', '..');

describe('preload bundle', () => {
  let exposed: Record<string, unknown> = {};
  const invoked: Array<[string, unknown]> = [];
  const listeners = new Map<string, (event: unknown, payload: unknown) => void>();

  beforeAll(async () => {
    const result = await build({
      entryPoints: [path.join(repoRoot, 'electron/preload/index.ts')],
      bundle: true,
      write: false,
      format: 'cjs',
      platform: 'browser',
      external: ['electron'],
      logLevel: 'silent',
    });
    const electron = {
      contextBridge: { exposeInMainWorld: (name: string, api: unknown) => (exposed = { [name]: api }) },
      ipcRenderer: {
        invoke: async (channel: string, params: unknown) => (invoked.push([channel, params]), { ok: true, value: channel }),
        on: (channel: string, listener: (event: unknown, payload: unknown) => void) => listeners.set(channel, listener),
        removeListener: (channel: string) => listeners.delete(channel),
      },
    };
    const required: string[] = [];
    const sandboxRequire = (name: string) => {
      required.push(name);
      if (name !== 'electron') throw new Error(`a sandboxed preload cannot require ${name}`);
      return electron;
    };
    const module = { exports: {} };
    vm.runInNewContext(result.outputFiles[0]!.text, { require: sandboxRequire, module, exports: module.exports });
    expect(required).toEqual(['electron']);
  });

  it('exposes exactly the contract as window.switchboard', () => {
    expect(Object.keys(exposed)).toEqual(['switchboard']);
    const api = exposed.switchboard as Record<string, unknown>;
    const surface = Object.entries(api).flatMap(([ns, group]) =>
      typeof group === 'function' ? [ns] : Object.keys(group as object).map((m) => `${ns}.${m}`),
    );
    expect(surface.sort()).toEqual([...methodNames, 'on'].sort());
  });

  it('sends each method on its own channel with the params as given', async () => {
    const api = exposed.switchboard as { conference: { mute(p: unknown): Promise<unknown> }; agent: { getState(): Promise<unknown> } };
    expect(await api.conference.mute({ conferenceId: 'c1' })).toEqual({ ok: true, value: 'sb:conference.mute' });
    await api.agent.getState();
    expect(invoked).toEqual([
      ['sb:conference.mute', { conferenceId: 'c1' }],
      ['sb:agent.getState', {}],
    ]);
  });

  it('delivers event payloads without the IPC event, and unsubscribes', () => {
    const api = exposed.switchboard as { on(e: string, l: (p: unknown) => void): () => void };
    const seen: unknown[] = [];
    const off = api.on('state', (...args: unknown[]) => seen.push(args));
    listeners.get(eventChannel('state'))!({ sender: 'secret ipc handle' }, { revision: 3 });
    expect(seen).toEqual([[{ revision: 3 }]]);
    off();
    expect(listeners.has(eventChannel('state'))).toBe(false);
    expect(() => api.on('sb:anything', () => undefined)).toThrow(/unknown event/);
  });
});
