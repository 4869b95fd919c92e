/**
 * Runs in the browser before the renderer: defines `window.switchboard` with the contract's
 * own API builder over a websocket to the harness. The same surface the Electron preload
 * exposes, so the renderer cannot tell the difference.
 */
import { createSwitchboardApi } from '../../electron/contract/api';
import type { EventName } from '../../electron/contract/events';
import type { Outcome } from '../../electron/contract/errors';

type ServerMessage =
  | { type: 'result'; id: number; outcome: Outcome<unknown> }
  | { type: 'event'; event: EventName; payload: unknown };

const socket = new WebSocket(`${location.protocol === 'https:' ? 'wss' : 'ws'}://${location.host}/harness/ws`);
const opened = new Promise<void>((resolve) => socket.addEventListener('open', () => resolve(), { once: true }));
const waiting = new Map<number, (outcome: Outcome<unknown>) => void>();
const listeners = new Map<EventName, Set<(payload: unknown) => void>>();
let nextId = 1;

socket.addEventListener('message', (message) => {
  const data = JSON.parse(String(message.data)) as ServerMessage;
  if (data.type === 'result') {
    waiting.get(data.id)?.(data.outcome);
    waiting.delete(data.id);
  } else {
    listeners.get(data.event)?.forEach((listener) => listener(data.payload));
  }
});
socket.addEventListener('close', () => {
  for (const resolve of waiting.values()) resolve({ ok: false, error: { code: 'NETWORK', message: 'Harness connection closed' } });
  waiting.clear();
});

(window as unknown as { switchboard: unknown }).switchboard = Object.freeze(
  createSwitchboardApi({
    async invoke(method, params) {
      await opened;
      const id = nextId++;
      return new Promise((resolve) => {
        waiting.set(id, resolve);
        socket.send(JSON.stringify({ id, method, params }));
      });
    },
    subscribe(event, listener) {
      const set = listeners.get(event) ?? new Set();
      listeners.set(event, set);
      set.add(listener);
      return () => set.delete(listener);
    },
  }),
);
