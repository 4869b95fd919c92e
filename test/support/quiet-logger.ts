import { pino, type Logger } from 'pino';

/** Silent unless RELAY_TEST_LOG=debug (or another level) is set. */
export function quietLogger(): Logger {
  return pino({ level: process.env.RELAY_TEST_LOG ?? 'silent' });
}
