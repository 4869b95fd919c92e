// `relay token`: mints agent JWTs the relay accepts, with the relay's own claim checks — a TTL over
// the lifetime cap, an unknown role or an empty queue list is refused before anything is signed.
import { spawnSync } from 'node:child_process';
import { decodeJwt, SignJWT } from 'jose';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startRelay, type Relay } from '../../../relay/src/index';
import { runTokenCli } from '../../../relay/src/token-cli';
import { upgradeStatus } from '../../support/relay-harness';
import { quietLogger } from '../../support/quiet-logger';
import { makeTelnyxSigningKey } from '../../support/telnyx-signing';

const SECRET = 'token-cli-secret-0123456789abcdefghijklm';
const key = makeTelnyxSigningKey();

const token = (args: string[], env: Record<string, string> = { RELAY_JWT_SECRET: SECRET }) =>
  spawnSync(process.execPath, ['--import', 'tsx', 'relay/src/cli.ts', 'token', ...args], {
    cwd: process.cwd(),
    env: { PATH: process.env.PATH ?? '', ...env },
    encoding: 'utf8',
    timeout: 20_000,
  });

describe('relay token', () => {
  let relay: Relay;
  beforeAll(async () => {
    relay = await startRelay({ telnyxPublicKeys: [key.publicKeyBase64], jwtSecret: SECRET, jwtMaxLifetimeSecs: 86400, store: 'memory', logger: quietLogger() });
  });
  afterAll(() => relay?.close());

  it('mints an agent token the relay accepts, with the claims asked for', async () => {
    const result = token(['--agent', 'alice', '--queues', 'support,sales', '--role', 'agent', '--ttl', '12h']);
    expect(result.stderr).toBe('');
    expect(result.status).toBe(0);
    const jwt = result.stdout.trim();
    const claims = decodeJwt(jwt);
    expect(claims).toMatchObject({ sub: 'alice', role: 'agent', queues: ['support', 'sales'] });
    expect(claims.exp! - claims.iat!).toBe(12 * 3600);
    expect(await upgradeStatus(relay.url, { authorization: `Bearer ${jwt}` }, '?queues=sales')).toBe(101);
    expect(await upgradeStatus(relay.url, { authorization: `Bearer ${jwt}` }, '?queues=billing')).toBe(403);

    const boss = token(['--agent', 'boss', '--role', 'supervisor', '--ttl', '30m', '--secret', SECRET], {});
    expect(boss.status).toBe(0);
    expect(decodeJwt(boss.stdout.trim())).toMatchObject({ sub: 'boss', role: 'supervisor' });
    expect(await upgradeStatus(relay.url, { authorization: `Bearer ${boss.stdout.trim()}` })).toBe(101);
  });

  it('refuses what the relay would refuse, and says why', async () => {
    const spawned = token(['--agent', 'a', '--ttl', '25h']);
    expect(spawned.status).toBe(2);
    expect(spawned.stderr).toContain("over the relay's maximum token lifetime (86400 s)");
    const cases: Array<[string[], string, Record<string, string>?]> = [
      [['--agent', 'a', '--ttl', '25h'], "over the relay's maximum token lifetime (86400 s)"],
      [['--agent', 'a', '--ttl', '2h'], "over the relay's maximum token lifetime (3600 s)", { RELAY_JWT_SECRET: SECRET, RELAY_JWT_MAX_LIFETIME_SECS: '3600' }],
      [['--agent', 'a', '--ttl', 'soon'], 'the ttl must be positive'],
      [['--agent', 'a', '--role', 'admin'], 'role must be one of agent, supervisor'],
      [['--agent', 'a', '--queues', ','], 'queues must be a non-empty array of non-empty strings'],
      [['--role', 'agent'], '--agent is required'],
      [['--agent', 'a'], 'a secret is required', {}],
      [['--agent', 'a'], 'at least 32 bytes', { RELAY_JWT_SECRET: 'short' }],
      [['--agent', 'a', '--bogus'], "Unknown option '--bogus'"],
    ];
    for (const [args, message, env = { RELAY_JWT_SECRET: SECRET }] of cases) {
      let out = '';
      let err = '';
      const status = await runTokenCli(args, env, (t) => (out += t), (t) => (err += t));
      expect(status, args.join(' ')).toBe(2);
      expect(out).toBe('');
      expect(err).toContain(message);
    }
  });

  it('the relay refuses a role it does not know (401)', async () => {
    const jwt = await new SignJWT({ role: 'admin' }).setProtectedHeader({ alg: 'HS256' }).setSubject('x').setIssuedAt().setExpirationTime('1h').sign(new TextEncoder().encode(SECRET));
    expect(await upgradeStatus(relay.url, { authorization: `Bearer ${jwt}` })).toBe(401);
  });
});
