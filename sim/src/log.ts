/**
 * What the simulator logs to: message first, then fields. The desktop core's logger has this
 * shape, so demo mode hands the simulator a child of its own; the CLI writes lines to stderr.
 */
export interface SimLog {
  debug(msg: string, fields?: Record<string, unknown>): void;
  info(msg: string, fields?: Record<string, unknown>): void;
  warn(msg: string, fields?: Record<string, unknown>): void;
  error(msg: string, fields?: Record<string, unknown>): void;
}

const nothing = () => undefined;
export const silentLog: SimLog = { debug: nothing, info: nothing, warn: nothing, error: nothing };

/** Every level as one plain line (the CLI's stderr). */
export function lineLog(write: (line: string) => void): SimLog {
  const line = (msg: string, fields?: Record<string, unknown>) => write(fields ? `${msg} ${JSON.stringify(fields)}` : msg);
  return { debug: line, info: line, warn: line, error: line };
}
