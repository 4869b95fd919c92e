// A host that embeds the relay (the desktop's demo mode) passes its own logger, message first
// and fields after: the relay's lines reach it as calls, with their level and fields intact.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startRelay, type HostLog, type Relay } from '../../../relay/src/index';
import { postRaw, TestSubscriber } from '../../support/relay-harness';
import { makeTelnyxSigningKey, signWebhook, telnyxEvent } from '../../support/telnyx-signing';

const key = makeTelnyxSigningKey();
const stranger = makeTelnyxSigningKey();
const TOKEN = 'desk-token';
const lines: Array<{ level: keyof HostLog; msg: string; fields?: Record<string, unknown> }> = [];
const record = (level: keyof HostLog) => (msg: string, fields?: Record<string, unknown>) => void lines.push({ level, msg, ...(fields ? { fields } : {}) });
const hostLog: HostLog = { debug: record('debug'), info: record('info'), warn: record('warn'), error: record('error') };
let relay: Relay;

beforeAll(async () => {
  relay = await startRelay({ telnyxPublicKeys: [key.publicKeyBase64], tokens: [TOKEN], store: 'memory', log: hostLog });
});
afterAll(() => relay.close());

describe('relay with a host logger', () => {
  it('says it is listening, at info, with its url as a field', () => {
    expect(lines).toContainEqual({ level: 'info', msg: 'relay listening', fields: expect.objectContaining({ url: relay.url, store: 'memory' }) });
  });

  it('reports a refused webhook as a warning with its status and reason', async () => {
    const forged = signWebhook(stranger, telnyxEvent().body);
    expect((await postRaw(relay.url, forged.body, forged.headers)).status).toBe(401);
    expect(lines).toContainEqual({ level: 'warn', msg: 'webhook refused', fields: expect.objectContaining({ status: 401 }) });
  });

  it("keeps a child logger's bindings (the subscriber's agent) in the fields", async () => {
    const sub = new TestSubscriber(relay.url, TOKEN);
    await sub.until(() => sub.hello !== undefined);
    await sub.close();
    const connected = lines.find((l) => l.msg === 'subscriber connected');
    expect(connected?.level).toBe('info');
    expect(connected?.fields).toHaveProperty('agent');
  });
});
