/**
 * One logger for core and main. Every line passes through `redact` first, so a secret that
 * slips into a message or a field (an API key in an SDK error, a token in a URL) never
 * reaches a sink.
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

function serialise(fields: Record<string, unknown>): string {
  return JSON.stringify(fields, (key, value: unknown) => {
    if (secretKeys.test(key) && value !== undefined && value !== null && value !== '') return '[REDACTED]';
    if (value instanceof Error) return { name: value.name, message: value.message };
    return value;
  });
}

export function createLogger(options: LoggerOptions = {}, bindings: Record<string, unknown> = {}): Logger {
  const threshold = levels[options.level ?? 'info'];
  const sink = options.sink ?? ((line: string) => process.stderr.write(line + '\n'));
  const write = (level: LogLevel, msg: string, fields?: Record<string, unknown>) => {
    if (levels[level] < threshold) return;
    const line = serialise({ time: new Date().toISOString(), level, msg, ...bindings, ...fields });
    sink(redact(line, options.secrets?.() ?? []));
  };
  return {
    debug: (msg, fields) => write('debug', msg, fields),
    info: (msg, fields) => write('info', msg, fields),
    warn: (msg, fields) => write('warn', msg, fields),
    error: (msg, fields) => write('error', msg, fields),
    child: (more) => createLogger(options, { ...bindings, ...more }),
  };
}
