/**
 * The one place a method call from the renderer becomes work: validate the params with the
 * contract's schema, run the handler, and turn any failure into the contract's error type.
 * Electron main (after its sender check) and the test harness both call `dispatch`.
 */
import { isMethodName, type MethodName, type MethodResult, type Outcome } from '../contract';
import { methodParams, type ParsedParams } from '../contract/schemas';
import { toSwitchboardError, validationError } from './errors';
import type { Logger } from './log';

export type Handler<M extends MethodName> = (params: ParsedParams<M>) => Promise<MethodResult<M>>;
export type Handlers = { [M in MethodName]: Handler<M> };

/** `method` is whatever arrived over IPC or the harness socket: checked against the contract here. */
export type Dispatch = (method: string, rawParams: unknown) => Promise<Outcome<unknown>>;

export function createDispatcher(handlers: Handlers, log: Logger): Dispatch {
  return async (method, rawParams) => {
    if (!isMethodName(method)) {
      return { ok: false, error: { code: 'UNKNOWN_METHOD', message: `No such method: ${String(method).slice(0, 64)}` } };
    }
    const parsed = methodParams[method].safeParse(rawParams ?? {});
    if (!parsed.success) return { ok: false, error: validationError(parsed.error) };
    try {
      const handler = handlers[method] as (params: unknown) => Promise<unknown>;
      return { ok: true, value: await handler(parsed.data) };
    } catch (e) {
      const error = toSwitchboardError(e);
      const log_ = error.code === 'INTERNAL' ? log.error : log.warn;
      log_(`${method} failed`, { code: error.code, message: error.message, cause: e instanceof Error ? e.message : String(e) });
      return { ok: false, error };
    }
  };
}
