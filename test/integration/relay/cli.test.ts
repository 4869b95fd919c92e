// The relay CLI: --help, refusing to start without a key, and env configuration.
import { spawnSync } from 'node:child_process';
import { describe, expect, it } from 'vitest';

const cli = (args: string[], env: Record<string, string> = {}) =>
  spawnSync(process.execPath, ['--import', 'tsx', 'relay/src/cli.ts', ...args], {
    cwd: process.cwd(),
    env: { PATH: process.env.PATH ?? '', ...env },
    encoding: 'utf8',
    timeout: 20_000,
  });

describe('relay CLI', () => {
  it('--help lists every flag with its environment variable', () => {
    const result = cli(['--help']);
    expect(result.status).toBe(0);
    for (const [flag, env] of [
      ['--port', 'RELAY_PORT'],
      ['--telnyx-public-key', 'TELNYX_PUBLIC_KEY'],
      ['--tokens', 'RELAY_TOKENS'],
      ['--jwt-secret', 'RELAY_JWT_SECRET'],
      ['--store', 'RELAY_STORE'],
      ['--retention-max-age', 'RELAY_RETENTION_MAX_AGE_SECS'],
      ['--retention-max-events', 'RELAY_RETENTION_MAX_EVENTS'],
      ['--jwt-max-lifetime', 'RELAY_JWT_MAX_LIFETIME_SECS'],
      ['--jwt-audience', 'RELAY_JWT_AUDIENCE'],
      ['--jwt-issuer', 'RELAY_JWT_ISSUER'],
      ['--request-timeout-ms', 'RELAY_REQUEST_TIMEOUT_MS'],
      ['--max-connections', 'RELAY_MAX_CONNECTIONS'],
      ['--max-connections-per-agent', 'RELAY_MAX_CONNECTIONS_PER_AGENT'],
    ]) {
      expect(result.stdout).toContain(flag);
      expect(result.stdout).toContain(env);
    }
  });

  it('refuses to start without a Telnyx public key, or with a malformed one', () => {
    const missing = cli(['--tokens', 't', '--store', 'memory']);
    expect(missing.status).toBe(2);
    expect(missing.stderr).toContain('Telnyx public key is required');
    const malformed = cli(['--tokens', 't', '--store', 'memory', '--telnyx-public-key', 'c2hvcnQ=']);
    expect(malformed.status).toBe(2);
    expect(malformed.stderr).toContain('32-byte');
  });

  it('refuses to start with no way for a desktop to authenticate', () => {
    const result = cli(['--store', 'memory'], { TELNYX_PUBLIC_KEY: Buffer.alloc(32, 7).toString('base64') });
    expect(result.status).toBe(2);
    expect(result.stderr).toContain('tokens or a JWT secret');
    const weak = cli(['--store', 'memory'], { TELNYX_PUBLIC_KEY: Buffer.alloc(32, 7).toString('base64'), RELAY_JWT_SECRET: 'short-secret' });
    expect(weak.status).toBe(2);
    expect(weak.stderr).toContain('at least 32 bytes');
  });
});
