// A relay that verifies on worker threads (verifyWorkers > 0), over real loopback sockets: forged
// webhooks are still refused and never stored, and the log keeps each sender's order, both for a
// sender that waits for every 2xx and for one that pipelines on a single keep-alive connection.
import { connect } from 'node:net';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startRelay, type Relay } from '../../../relay/src/index';
import { postEvent, postRaw, TestSubscriber } from '../../support/relay-harness';
import { makeTelnyxSigningKey, signWebhook, telnyxEvent } from '../../support/telnyx-signing';
import { quietLogger } from '../../support/quiet-logger';

const key = makeTelnyxSigningKey();
const stranger = makeTelnyxSigningKey();
const TOKEN = 'desk-token';
let relay: Relay;

beforeAll(async () => {
  relay = await startRelay({ telnyxPublicKeys: [key.publicKeyBase64], tokens: [TOKEN], store: 'memory', verifyWorkers: 2, logger: quietLogger() });
});
afterAll(() => relay.close());

/** Writes every request back to back on one connection (HTTP/1.1 pipelining); resolves with the statuses. */
function pipeline(bodies: Array<{ body: string; headers: Record<string, string> }>): Promise<number[]> {
  const { hostname, port } = new URL(relay.url);
  return new Promise((resolve, reject) => {
    const socket = connect(Number(port), hostname);
    let text = '';
    socket.on('data', (chunk: Buffer) => {
      text += chunk.toString('latin1');
      const statuses = [...text.matchAll(/HTTP\/1\.1 (\d{3}) /g)].map((m) => Number(m[1]));
      if (statuses.length === bodies.length) {
        socket.end();
        resolve(statuses);
      }
    });
    socket.once('error', reject);
    socket.write(
      bodies
        .map(({ body, headers }) => {
          const lines = Object.entries(headers).map(([k, v]) => `${k}: ${v}\r\n`).join('');
          return `POST /webhooks/telnyx HTTP/1.1\r\nHost: ${hostname}\r\n${lines}content-length: ${Buffer.byteLength(body)}\r\n\r\n${body}`;
        })
        .join(''),
    );
  });
}

describe('relay with verify workers', () => {
  it('refuses forged and tampered webhooks through the pool, stores only the genuine one', async () => {
    const subscriber = new TestSubscriber(relay.url, TOKEN);
    await subscriber.opened;
    const forged = signWebhook(stranger, telnyxEvent().body);
    const tampered = signWebhook(key, telnyxEvent('call.hangup').body);
    const answers = await Promise.all([
      postRaw(relay.url, forged.body, forged.headers),
      postRaw(relay.url, tampered.body.replace('call.hangup', 'call.answered'), tampered.headers),
    ]);
    expect(answers.map((a) => [a.status, JSON.parse(a.body)])).toEqual([
      [401, { error: 'bad_signature' }],
      [401, { error: 'bad_signature' }],
    ]);
    const good = await postEvent(relay.url, key);
    expect(good.status).toBe(200);
    // Ordered delivery: once an event posted after everything is in, a forged one would be too.
    const later = await postEvent(relay.url, key);
    await subscriber.until(() => subscriber.telnyxIds().includes(later.telnyxId));
    expect(subscriber.telnyxIds()).toEqual([good.telnyxId, later.telnyxId]);
    await subscriber.close();
    const metrics = await (await fetch(`${relay.url}/metrics`)).text();
    expect(metrics).toMatch(/relay_verify_failures_total\{reason="bad_signature"\} 2/);
  });

  it('stores a sequential sender’s events in its order', async () => {
    const subscriber = new TestSubscriber(relay.url, TOKEN);
    await subscriber.opened;
    const sent: string[] = [];
    for (let i = 0; i < 60; i++) {
      const posted = await postEvent(relay.url, key, 'call.initiated', { i });
      expect(posted.status).toBe(200);
      sent.push(posted.telnyxId);
    }
    await subscriber.until(() => subscriber.events.length >= sent.length);
    expect(subscriber.telnyxIds()).toEqual(sent);
    await subscriber.close();
  });

  it('stores a pipelining sender’s events in its order, across workers, and refuses its forgery', async () => {
    const subscriber = new TestSubscriber(relay.url, TOKEN);
    await subscriber.opened;
    const events = Array.from({ length: 200 }, (_, i) => telnyxEvent('call.initiated', { i }));
    const requests = events.map((e, i) => signWebhook(i === 77 ? stranger : key, e.body));
    const statuses = await pipeline(requests);
    expect(statuses).toEqual(events.map((_, i) => (i === 77 ? 401 : 200)));
    const expected = events.filter((_, i) => i !== 77).map((e) => e.id);
    await subscriber.until(() => subscriber.events.length >= expected.length);
    expect(subscriber.telnyxIds()).toEqual(expected);
    await subscriber.close();
  });
});
