import { describe, expect, it } from 'vitest';
import { createLogger, redact } from '../../../electron/core/log';

const apiKey = 'KEY0190C6F5A1B2C3D4E5F60718293A4B5C_abcdefghijkl';

describe('log redaction', () => {
  it('removes known secret values wherever they appear', () => {
    expect(redact(`failed with key ${apiKey}!`, [apiKey])).toBe('failed with key [REDACTED]!');
  });

  it('removes bearer tokens, Telnyx-shaped keys and secrets in query strings without knowing them', () => {
    const text = `Authorization: Bearer abc.def.ghi url=https://relay/v1/events?since=5&token=s3cr3t key ${apiKey}`;
    const out = redact(text);
    expect(out).not.toContain('abc.def.ghi');
    expect(out).not.toContain('s3cr3t');
    expect(out).not.toContain('KEY0190C6F5');
    expect(out).toContain('since=5');
  });

  it('redacts secret-named fields and secret values inside fields', () => {
    const lines: string[] = [];
    const log = createLogger({ sink: (l) => lines.push(l), secrets: () => [apiKey, 'relay-token-123456'] });
    log.child({ area: 'test' }).warn('sdk call failed', {
      apiKey,
      token: 'relay-token-123456',
      error: new Error(`401 for ${apiKey}`),
      nested: { note: `token relay-token-123456 rejected` },
    });
    expect(lines).toHaveLength(1);
    const line = lines[0]!;
    expect(line).not.toContain(apiKey);
    expect(line).not.toContain('relay-token-123456');
    expect(JSON.parse(line)).toMatchObject({ level: 'warn', area: 'test', apiKey: '[REDACTED]', token: '[REDACTED]' });
  });

  it('redacts secrets containing quotes or backslashes in the message, fields and errors (regression: redaction ran on serialised JSON)', () => {
    const secret = 'tok"en\\with\\back"slash';
    const lines: string[] = [];
    const log = createLogger({ sink: (l) => lines.push(l), secrets: () => [secret] });
    const error = new Error(`rejected ${secret}`);
    log.error(`relay said ${secret}`, { note: `x ${secret} y`, list: [secret], error });
    const line = lines[0]!;
    const parsed = JSON.parse(line) as Record<string, unknown>;
    expect(JSON.stringify(parsed)).not.toContain(JSON.stringify(secret).slice(1, -1));
    expect(line).not.toContain(secret);
    expect(parsed.msg).toBe('relay said [REDACTED]');
    expect(parsed.note).toBe('x [REDACTED] y');
    expect(parsed.list).toEqual(['[REDACTED]']);
    expect(parsed.error).toMatchObject({ message: 'rejected [REDACTED]' });
    expect(String((parsed.error as { stack?: string }).stack)).not.toContain('back');
  });

  it('drops lines below the level', () => {
    const lines: string[] = [];
    const log = createLogger({ level: 'warn', sink: (l) => lines.push(l) });
    log.info('quiet');
    log.error('loud');
    expect(lines.map((l) => JSON.parse(l).msg)).toEqual(['loud']);
  });
});
