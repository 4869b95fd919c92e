/**
 * `window.switchboard`: the contract's methods as nested functions
 * (`switchboard.conference.mute({ conferenceId })`) plus `on(event, listener)`.
 * The same builder runs in the Electron preload (IPC transport) and in the test harness
 * (websocket transport), so both expose exactly the same surface.
 */
import { isEventName } from './channels';
import { methodNames, type MethodName } from './names';
import type { Outcome } from './errors';
import type { EventName, EventPayloads } from './events';
import type { MethodResult } from './methods';
import type { MethodParams } from './schemas/methods';

type Namespace<M extends string> = M extends `${infer N}.${string}` ? N : never;
type Member<M extends string, N extends string> = M extends `${N}.${infer F}` ? F : never;

/** `Record<never, never> extends P` = every param is optional, so the argument may be omitted. */
type MethodFn<M extends MethodName> = Record<never, never> extends MethodParams<M>
  ? (params?: MethodParams<M>) => Promise<Outcome<MethodResult<M>>>
  : (params: MethodParams<M>) => Promise<Outcome<MethodResult<M>>>;

export type SwitchboardApi = {
  [N in Namespace<MethodName>]: { [F in Member<MethodName, N>]: MethodFn<Extract<`${N}.${F}`, MethodName>> };
} & {
  on<E extends EventName>(event: E, listener: (payload: EventPayloads[E]) => void): () => void;
};

export interface SwitchboardTransport {
  invoke(method: MethodName, params: unknown): Promise<Outcome<unknown>>;
  subscribe(event: EventName, listener: (payload: unknown) => void): () => void;
}

export function createSwitchboardApi(transport: SwitchboardTransport): SwitchboardApi {
  const api: Record<string, unknown> = {};
  for (const method of methodNames) {
    const [namespace, member] = method.split('.') as [string, string];
    const group = (api[namespace] ??= {}) as Record<string, unknown>;
    group[member] = (params?: unknown) => transport.invoke(method, params ?? {});
  }
  api.on = (event: EventName, listener: (payload: unknown) => void) => {
    if (!isEventName(event)) throw new TypeError(`unknown event: ${String(event)}`);
    if (typeof listener !== 'function') throw new TypeError('listener must be a function');
    return transport.subscribe(event, listener);
  };
  return api as SwitchboardApi;
}
