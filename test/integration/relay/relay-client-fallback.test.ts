// The desktop's relay client with fallback URLs: a relay that cannot be reached sends it to the
// next in the list; one that closes for a restart (1012) too.
import { createServer } from 'node:net';
import { afterEach, describe, expect, it } from 'vitest';
import { createRelayClient, type RelayClient, type RelayClientStatus, type VerifiedTelnyxEvent } from '../../../electron/core/relay/relay-client';
import { startRelay, type Relay } from '../../../relay/src/index';
import { postEvent } from '../../support/relay-harness';
import { quietLogger } from '../../support/quiet-logger';
import { makeTelnyxSigningKey } from '../../support/telnyx-signing';
import { until } from '../../support/until';

const key = makeTelnyxSigningKey();
const TOKEN = 'desk-token';
const relays: Relay[] = [];
const clients: RelayClient[] = [];

async function relay(): Promise<Relay> {
  const r = await startRelay({ telnyxPublicKeys: [key.publicKeyBase64], tokens: [TOKEN], store: 'memory', logger: quietLogger() });
  relays.push(r);
  return r;
}

/** A loopback URL nothing listens on. */
async function deadUrl(): Promise<string> {
  const server = createServer();
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const port = (server.address() as { port: number }).port;
  await new Promise((resolve) => server.close(resolve));
  return `http://127.0.0.1:${port}`;
}

function client(url: string, fallbackUrls: string[]) {
  const c = createRelayClient({ url, fallbackUrls, token: TOKEN, telnyxPublicKey: key.publicKeyBase64, backoff: { initialMs: 10, maxMs: 50 } });
  clients.push(c);
  const statuses: RelayClientStatus[] = [];
  const events: VerifiedTelnyxEvent[] = [];
  c.on('status', (s) => statuses.push(s));
  c.on('event', (e) => events.push(e));
  c.start();
  return { statuses, events };
}

afterEach(async () => {
  await Promise.all(clients.splice(0).map((c) => c.stop()));
  await Promise.all(relays.splice(0).map((r) => r.close()));
});

describe('relay client fallback URLs', () => {
  it('moves past a relay that cannot be reached to the next one', async () => {
    const live = await relay();
    const { statuses, events } = client(await deadUrl(), [live.url]);
    await until(() => statuses.at(-1)?.state === 'live', 'live on the fallback');
    expect(statuses.some((s) => s.state === 'disconnected' && /ECONNREFUSED/.test(s.error ?? ''))).toBe(true);
    const posted = await postEvent(live.url, key);
    await until(() => events.some((e) => e.id === posted.telnyxId), 'event through the fallback');
  });

  it('goes to the next relay when the current one restarts (1012)', async () => {
    const [first, second] = [await relay(), await relay()];
    const { statuses } = client(first.url, [second.url]);
    await until(() => statuses.at(-1)?.state === 'live', 'live on the first');
    const livesBefore = statuses.filter((s) => s.state === 'live').length;
    await first.close(); // 1012
    relays.splice(relays.indexOf(first), 1);
    await until(() => statuses.filter((s) => s.state === 'live').length > livesBefore, 'live on the second');
    const posted = await postEvent(second.url, key);
    expect(posted.status).toBe(200);
  });
});
