// Agent JWTs fail closed: a claim of the wrong type, a lifetime over the cap, or a missing
// audience/issuer when configured refuses the token (401) and says why in the log; a short
// secret refuses to start.
import { Writable } from 'node:stream';
import { SignJWT } from 'jose';
import { pino } from 'pino';
import { afterEach, describe, expect, it } from 'vitest';
import { startRelay, type Relay, type RelayOptions } from '../../../relay/src/index';
import { upgradeStatus } from '../../support/relay-harness';
import { makeTelnyxSigningKey } from '../../support/telnyx-signing';

const key = makeTelnyxSigningKey();
const SECRET = 'auth-test-secret-0123456789abcdefghij';
const relays: Relay[] = [];
let logLines: Array<Record<string, unknown>> = [];

async function relayWith(options: Partial<RelayOptions> = {}): Promise<Relay> {
  const sink = new Writable({
    write(chunk: Buffer, _enc, done) {
      for (const line of chunk.toString().split('\n').filter(Boolean)) logLines.push(JSON.parse(line) as Record<string, unknown>);
      done();
    },
  });
  const relay = await startRelay({ telnyxPublicKeys: [key.publicKeyBase64], jwtSecret: SECRET, store: 'memory', logger: pino({ level: 'warn' }, sink), ...options });
  relays.push(relay);
  return relay;
}

function token(claims: Record<string, unknown>, build: (jwt: SignJWT) => SignJWT = (jwt) => jwt.setExpirationTime('1h')): Promise<string> {
  return build(new SignJWT(claims).setProtectedHeader({ alg: 'HS256' }).setSubject('agent-1').setIssuedAt()).sign(new TextEncoder().encode(SECRET));
}

const status = async (relay: Relay, jwt: string) => upgradeStatus(relay.url, { authorization: `Bearer ${jwt}` });

afterEach(async () => {
  await Promise.all(relays.splice(0).map((r) => r.close()));
  logLines = [];
});

describe('agent JWT claims', () => {
  it('refuses restriction claims of the wrong type instead of treating them as "no restriction"', async () => {
    const relay = await relayWith();
    for (const claims of [
      { queues: 'sales' },
      { queues: [] },
      { queues: ['sales', 7] },
      { queues: [''] },
      { queues: null },
      { connection_ids: 'conn-a' },
      { connection_ids: { a: 1 } },
    ]) {
      expect(await status(relay, await token(claims)), JSON.stringify(claims)).toBe(401);
    }
    const refusals = logLines.filter((l) => l.msg === 'subscriber refused');
    expect(refusals).toHaveLength(7);
    expect(String(refusals[0]!.reason)).toMatch(/queues must be a non-empty array/);
    expect(JSON.stringify(logLines)).not.toContain(SECRET);
    expect(await status(relay, await token({ queues: ['sales'], connection_ids: ['conn-a'] }))).toBe(101);
  });

  it('refuses a sub that is not a non-empty string', async () => {
    const relay = await relayWith();
    const numericSub = await new SignJWT({ sub: 42 } as unknown as Record<string, unknown>)
      .setProtectedHeader({ alg: 'HS256' })
      .setExpirationTime('1h')
      .sign(new TextEncoder().encode(SECRET));
    expect(await status(relay, numericSub)).toBe(401);
  });

  it('caps token lifetime (default 24 h, configurable)', async () => {
    const relay = await relayWith();
    expect(await status(relay, await token({}, (jwt) => jwt.setExpirationTime('25h')))).toBe(401);
    expect(await status(relay, await token({}, (jwt) => jwt.setExpirationTime('23h')))).toBe(101);
    expect(String(logLines.find((l) => l.msg === 'subscriber refused')?.reason)).toMatch(/lifetime over 86400 s/);
    const longer = await relayWith({ jwtMaxLifetimeSecs: 72 * 3600 });
    expect(await status(longer, await token({}, (jwt) => jwt.setExpirationTime('48h')))).toBe(101);
  });

  it('checks aud and iss when configured', async () => {
    const relay = await relayWith({ jwtAudience: 'switchboard-relay', jwtIssuer: 'https://idp.example' });
    expect(await status(relay, await token({}))).toBe(401);
    expect(await status(relay, await token({}, (jwt) => jwt.setExpirationTime('1h').setAudience('other').setIssuer('https://idp.example')))).toBe(401);
    expect(await status(relay, await token({}, (jwt) => jwt.setExpirationTime('1h').setAudience('switchboard-relay').setIssuer('https://evil')))).toBe(401);
    expect(await status(relay, await token({}, (jwt) => jwt.setExpirationTime('1h').setAudience('switchboard-relay').setIssuer('https://idp.example')))).toBe(101);
  });

  it('refuses to start with a JWT secret under 32 bytes', async () => {
    await expect(relayWith({ jwtSecret: 'x'.repeat(31) })).rejects.toThrow(/at least 32 bytes/);
    await expect(relayWith({ jwtSecret: 'x'.repeat(32) })).resolves.toBeDefined();
  });
});
