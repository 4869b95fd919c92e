// Telephony credentials' JWTs (sim/src/credentials.ts): what the rtc endpoint accepts at login.
import { describe, expect, it } from 'vitest';
import { Credentials } from '../../../sim/src/credentials';
import { IdFactory, seededRandom } from '../../../sim/src/random';

function setup(startMs = Date.parse('2026-12-01T12:00:00Z')) {
  let now = startMs;
  const credentials = new Credentials(new IdFactory(seededRandom(1)), () => now);
  const connection = credentials.createConnection({ connection_name: 'c', user_name: 'softphones1', password: 'password-1' });
  return { credentials, connectionId: String(connection.id), advance: (ms: number) => { now += ms; } };
}

describe('telephony credential tokens', () => {
  it('lasts 24 h: accepted until then, refused as expired after', () => {
    const { credentials, connectionId, advance } = setup();
    const credential = credentials.createCredential({ connection_id: connectionId });
    const token = credentials.createToken(String(credential.id));
    const claims = JSON.parse(Buffer.from(token.split('.')[1]!, 'base64url').toString('utf8')) as { exp: number; iat: number };
    expect(claims.exp - claims.iat).toBe(24 * 3600);
    expect(credentials.checkToken(token)).toMatchObject({ ok: true });
    advance(24 * 3600 * 1000 - 1000);
    expect(credentials.checkToken(token)).toMatchObject({ ok: true });
    advance(1000);
    expect(credentials.checkToken(token)).toEqual({ ok: false, reason: 'expired' });
  });

  it('ends with the credential: its expires_at caps exp, and a deleted credential logs in no more', () => {
    const { credentials, connectionId, advance } = setup();
    const credential = credentials.createCredential({ connection_id: connectionId, expires_at: '2026-12-01T13:00:00Z' });
    const token = credentials.createToken(String(credential.id));
    advance(3600 * 1000);
    expect(credentials.checkToken(token)).toEqual({ ok: false, reason: 'expired' });
    const other = credentials.createCredential({ connection_id: connectionId });
    const otherToken = credentials.createToken(String(other.id));
    credentials.deleteCredential(String(other.id));
    expect(credentials.checkToken(otherToken)).toEqual({ ok: false, reason: 'unknown_credential' });
  });

  it('refuses a token another simulator signed, or a malformed one', () => {
    const a = setup();
    const b = setup();
    const foreign = b.credentials.createToken(String(b.credentials.createCredential({ connection_id: b.connectionId }).id));
    expect(a.credentials.checkToken(foreign)).toEqual({ ok: false, reason: 'bad_signature' });
    expect(a.credentials.checkToken('x.y')).toEqual({ ok: false, reason: 'malformed' });
  });
});
