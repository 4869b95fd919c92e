/**
 * The relay logs with pino (the CLI writes its JSON lines). A host that embeds the relay (the
 * desktop's demo mode) has its own logger instead: message first, then fields. `pinoOver` gives
 * relay code a pino logger whose every call is handed to the host's logger as it is made, never
 * written as JSON and read back.
 */
import { pino, type Logger } from 'pino';

/** Message first, then fields: the desktop core's logger has this shape. */
export interface HostLog {
  debug(msg: string, fields?: Record<string, unknown>): void;
  info(msg: string, fields?: Record<string, unknown>): void;
  warn(msg: string, fields?: Record<string, unknown>): void;
  error(msg: string, fields?: Record<string, unknown>): void;
}

export function pinoOver(host: HostLog): Logger {
  return pino(
    {
      level: 'debug', // the host's logger decides what it keeps
      base: undefined,
      hooks: {
        logMethod(args, _method, level) {
          const [first, ...rest] = args as unknown[];
          const fields = first !== null && typeof first === 'object' ? (first as Record<string, unknown>) : undefined;
          const msg = String((fields ? rest[0] : first) ?? '');
          const write = level >= 50 ? host.error : level >= 40 ? host.warn : level >= 30 ? host.info : host.debug;
          write.call(host, msg, { ...this.bindings(), ...fields });
        },
      },
    },
    { write: () => undefined }, // nothing reaches pino's own output
  );
}
