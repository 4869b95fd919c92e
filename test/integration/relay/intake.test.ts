// Webhook intake against a real relay on 127.0.0.1: only correctly signed, fresh, well-formed
// webhooks are stored; everything else is refused with the right status and leaves no trace.
import { mkdtempSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startRelay, type Relay } from '../../../relay/src/index';
import { postEvent, postRaw, TestSubscriber } from '../../support/relay-harness';
import { makeTelnyxSigningKey, signWebhook, telnyxEvent } from '../../support/telnyx-signing';
import { quietLogger } from '../../support/quiet-logger';

const key = makeTelnyxSigningKey();
const rotatedKey = makeTelnyxSigningKey();
const stranger = makeTelnyxSigningKey();
const TOKEN = 'desk-token';
let relay: Relay;
let dbPath: string;

beforeAll(async () => {
  dbPath = join(mkdtempSync(join(tmpdir(), 'relay-intake-')), 'relay.db');
  relay = await startRelay({
    telnyxPublicKeys: [key.publicKeyBase64, rotatedKey.publicKeyBase64],
    tokens: [TOKEN],
    store: `sqlite:${dbPath}`,
    logger: quietLogger(),
  });
});
afterAll(() => relay.close());

/** Everything in the relay's log, read back through the relay: `since=<epoch>.0` replays it all. */
async function storedTelnyxIds(): Promise<string[]> {
  const probe = new TestSubscriber(relay.url, TOKEN);
  await probe.until(() => probe.hello !== undefined);
  await probe.close();
  const all = new TestSubscriber(relay.url, TOKEN, `?since=${probe.hello!.epoch}.0`);
  await all.until(() => all.frames.some((f) => f.type === 'live'));
  await all.close();
  expect(all.hello!.recovered).toBe(true);
  return all.telnyxIds();
}

describe('webhook intake', () => {
  it('refuses forged, stale, future, tampered, oversized, malformed and unsigned webhooks without storing them', async () => {
    const subscriber = new TestSubscriber(relay.url, TOKEN);
    await subscriber.opened;
    const now = Math.floor(Date.now() / 1000);
    const refused: Array<[string, Promise<{ status: number }>, number]> = [];
    const attempt = (name: string, body: string | Buffer, headers: Record<string, string>, expected: number) =>
      refused.push([name, postRaw(relay.url, body, headers), expected]);

    const forged = signWebhook(stranger, telnyxEvent().body);
    attempt('forged (unknown key)', forged.body, forged.headers, 401);
    const stale = signWebhook(key, telnyxEvent().body, now - 305); // a few seconds past the 300 s tolerance, so a clock tick cannot flip it
    attempt('stale timestamp', stale.body, stale.headers, 401);
    const future = signWebhook(key, telnyxEvent().body, now + 305);
    attempt('future timestamp', future.body, future.headers, 401);
    const tampered = signWebhook(key, telnyxEvent('call.hangup').body);
    attempt('tampered body', tampered.body.replace('call.hangup', 'call.answered'), tampered.headers, 401);
    const retimed = signWebhook(key, telnyxEvent().body, now - 10);
    attempt('timestamp swapped', retimed.body, { ...retimed.headers, 'telnyx-timestamp': String(now) }, 401);
    const unsigned = telnyxEvent().body;
    attempt('no signature headers', unsigned, { 'content-type': 'application/json' }, 401);
    const junkSig = signWebhook(key, telnyxEvent().body);
    attempt('signature not base64 of 64 bytes', junkSig.body, { ...junkSig.headers, 'telnyx-signature-ed25519': 'AAAA' }, 401);
    attempt('non-digit timestamp', junkSig.body, { ...junkSig.headers, 'telnyx-timestamp': '12a' }, 401);
    const malformed = signWebhook(key, '{"data": {"id": ');
    attempt('malformed JSON (validly signed)', malformed.body, malformed.headers, 400);
    const noId = signWebhook(key, JSON.stringify({ data: { event_type: 'call.initiated', payload: {} } }));
    attempt('envelope without data.id', noId.body, noId.headers, 400);
    const big = telnyxEvent('call.initiated', { padding: 'x'.repeat(1024 * 1024) });
    const bigSigned = signWebhook(key, big.body);
    attempt('oversized (1 MiB + signed)', bigSigned.body, bigSigned.headers, 413);

    for (const [name, response, expected] of refused) {
      expect((await response).status, name).toBe(expected);
    }
    expect(await storedTelnyxIds()).toEqual([]);

    // A good one afterwards is the first and only event the subscriber sees.
    const good = await postEvent(relay.url, key);
    expect(good.status).toBe(200);
    await subscriber.until(() => subscriber.events.length === 1);
    expect(subscriber.telnyxIds()).toEqual([good.telnyxId]);
    expect(await storedTelnyxIds()).toEqual([good.telnyxId]);
    await subscriber.close();
  });

  it('accepts a key being rotated in, stores the exact bytes and headers, and dedupes on data.id', async () => {
    const subscriber = new TestSubscriber(relay.url, TOKEN);
    await subscriber.opened;
    const event = telnyxEvent('call.answered', { note: 'unicode ✓ and  spacing' });
    const body = event.body.replace('{"data"', '{ "data" '); // odd-but-valid formatting must survive byte-for-byte
    const signed = signWebhook(rotatedKey, body);
    const first = await postRaw(relay.url, signed.body, signed.headers);
    const again = await postRaw(relay.url, signed.body, signed.headers);
    expect(first.status).toBe(200);
    expect(again.status).toBe(200);
    expect(JSON.parse(again.body)).toMatchObject({ id: JSON.parse(first.body).id, duplicate: true });
    // A second copy would be delivered before an event posted after it: wait for that one.
    const later = signWebhook(rotatedKey, telnyxEvent('call.hangup').body);
    await postRaw(relay.url, later.body, later.headers);
    await subscriber.until(() => subscriber.events.length >= 2);
    expect(subscriber.events).toHaveLength(2);
    const frame = subscriber.events[0]!;
    expect(frame.raw).toBe(body);
    expect(frame.headers).toEqual({
      'telnyx-signature-ed25519': signed.headers['telnyx-signature-ed25519'],
      'telnyx-timestamp': signed.headers['telnyx-timestamp'],
    });
    expect(frame.id).toBe(JSON.parse(first.body).id);
    expect((await storedTelnyxIds()).filter((id) => id === event.id)).toHaveLength(1);
    await subscriber.close();
  });

  it('serves health, readiness and Prometheus metrics', async () => {
    expect((await fetch(`${relay.url}/healthz`)).status).toBe(200);
    expect((await fetch(`${relay.url}/readyz`)).status).toBe(200);
    const metrics = await (await fetch(`${relay.url}/metrics`)).text();
    expect(metrics).toMatch(/relay_verify_failures_total\{reason="bad_signature"\} [1-9]/);
    expect(metrics).toMatch(/relay_verify_failures_total\{reason="stale_timestamp"\} 2/);
    expect(metrics).toMatch(/relay_webhooks_total\{outcome="too_large"\} 1/);
    expect(metrics).toContain('relay_ingest_to_append_seconds_bucket');
    expect(metrics).toContain('relay_append_to_send_seconds_bucket');
    expect(metrics).toContain('relay_subscribers');
    expect(metrics).not.toContain(TOKEN);
  });
});
