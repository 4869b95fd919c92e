/**
 * One logger for core and main. Every string in a line (message, fields, errors' message and
 * stack) passes through `redact` before the line is serialised, so a secret that slips into a
 * message or a field (an API key in an SDK error, a token in a URL) never reaches a sink.
 */
export type LogLevel = 'debug' | 'info' | 'warn' | 'error';

export interface Logger {
  debug(msg: string, fields?: Record<string, unknown>): void;
  info(msg: string, fields?: Record<string, unknown>): void;
  warn(msg: string, fields?: Record<string, unknown>): void;
  error(msg: string, fields?: Record<string, unknown>): void;
  child(bindings: Record<string, unknown>): Logger;
}

export interface LoggerOptions {
  level?: LogLevel;
  /** Where finished lines go (default: stderr). */
  sink?: (line: string) => void;
  /** Current secret values (API key, relay token): replaced wherever they appear. */
  secrets?: () => string[];
}

const levels: Record<LogLevel, number> = { debug: 10, info: 20, warn: 30, error: 40 };

/** Shapes of secrets we can recognise without knowing them. */
const secretPatterns: RegExp[] = [
  /\bBearer\s+[A-Za-z0-9._~+/=-]+/gi, // Authorization headers
  /\bKEY[0-9A-F]{16,}[A-Za-z0-9_]*/g, // Telnyx v2 API keys
  /([?&](?:token|key|api_key|apikey)=)[^&\s"]+/gi, // secrets in query strings
];
const secretKeys = /^(authorization|api_?key|apikey|token|relay_?token|secret|password|private_?key)$/i;

export function redact(text: string, secrets: readonly string[] = []): string {
  let out = text;
  for (const secret of secrets) {
    if (secret && secret.length >= 4) out = out.split(secret).join('[REDACTED]');
  }
  out = out.replace(secretPatterns[0]!, 'Bearer [REDACTED]');
  out = out.replace(secretPatterns[1]!, '[REDACTED]');
  out = out.replace(secretPatterns[2]!, '$1[REDACTED]');
  return out;
}

/**
 * Redacts every string inside the line's values before it is serialised: a secret containing `"`
 * or `\\` would be escaped by JSON.stringify and no longer match its known value afterwards.
 */
function redactValue(value: unknown, secrets: readonly string[], seen: WeakSet<object>): unknown {
  if (typeof value === 'string') return redact(value, secrets);
  if (typeof value !== 'object' || value === null) return value;
  if (seen.has(value)) return '[Circular]';
  seen.add(value);
  if (value instanceof Error) {
    return { name: value.name, message: redact(value.message, secrets), ...(value.stack ? { stack: redact(value.stack, secrets) } : {}) };
  }
  const json = (value as { toJSON?: unknown }).toJSON;
  if (typeof json === 'function') return redactValue((json as () => unknown).call(value), secrets, seen);
  if (Array.isArray(value)) return value.map((item) => redactValue(item, secrets, seen));
  const out: Record<string, unknown> = {};
  for (const [key, item] of Object.entries(value)) {
    out[key] = secretKeys.test(key) && item !== undefined && item !== null && item !== '' ? '[REDACTED]' : redactValue(item, secrets, seen);
  }
  return out;
}

export function createLogger(options: LoggerOptions = {}, bindings: Record<string, unknown> = {}): Logger {
  const threshold = levels[options.level ?? 'info'];
  const sink = options.sink ?? ((line: string) => process.stderr.write(line + '\n'));
  const write = (level: LogLevel, msg: string, fields?: Record<string, unknown>) => {
    if (levels[level] < threshold) return;
    const line = { time: new Date().toISOString(), level, msg, ...bindings, ...fields };
    sink(JSON.stringify(redactValue(line, options.secrets?.() ?? [], new WeakSet())));
  };
  return {
    debug: (msg, fields) => write('debug', msg, fields),
    info: (msg, fields) => write('info', msg, fields),
    warn: (msg, fields) => write('warn', msg, fields),
    error: (msg, fields) => write('error', msg, fields),
    child: (more) => createLogger(options, { ...bindings, ...more }),
  };
}
