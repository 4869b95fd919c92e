// Queue-scoped tokens see nothing of a call outside their queues, for the call's whole life: the
// relay follows each call from its enqueue into the conferences it joins, keeps that across replay,
// resume and a restart (rebuilt from the log), and sends events whose queue cannot be known only to
// account-wide tokens.
import { mkdtempSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterEach, describe, expect, it } from 'vitest';
import { startRelay, type Relay } from '../../../relay/src/index';
import { postEvent, type TestSubscriber } from '../../support/relay-harness';
import { makeTelnyxSigningKey } from '../../support/telnyx-signing';
import { SCOPE_JWT_SECRET, scopedToken, salesSentinel, subscribed as subscribedTo, twoQueuedCalls } from './queue-calls';
import { quietLogger } from '../../support/quiet-logger';

const key = makeTelnyxSigningKey();
const TOKEN = 'desk-token';
const relays: Relay[] = [];
const subscribers: TestSubscriber[] = [];

async function relayOn(path: string): Promise<Relay> {
  const relay = await startRelay({
    telnyxPublicKeys: [key.publicKeyBase64],
    tokens: [TOKEN],
    jwtSecret: SCOPE_JWT_SECRET,
    store: `sqlite:${path}`,
    logger: quietLogger(),
  });
  relays.push(relay);
  return relay;
}

const subscribed = (url: string, token: string, query = '') => subscribedTo(subscribers, url, token, query);

afterEach(async () => {
  await Promise.all(subscribers.splice(0).map((s) => s.close()));
  await Promise.all(relays.splice(0).map((r) => r.close()));
});

describe('queue-scoped tokens', () => {
  it('receive nothing of another queue’s call, live, on replay and after a restart', async () => {
    const path = join(mkdtempSync(join(tmpdir(), 'relay-scopes-')), 'relay.db');
    const relay = await relayOn(path);
    const everything = await subscribed(relay.url, TOKEN);
    const salesAgent = await subscribed(relay.url, await scopedToken(['sales']));
    const expected = await twoQueuedCalls(() => relay.url, key);

    await everything.until(() => everything.events.length === expected.all.length);
    const sentinel = await salesSentinel(relay.url, key);
    await salesAgent.until(() => salesAgent.telnyxIds().includes(sentinel));
    expect(everything.telnyxIds()).toEqual([...expected.all, sentinel]);
    expect(salesAgent.telnyxIds()).toEqual([...expected.sales, sentinel]);
    expect(JSON.stringify(salesAgent.frames)).not.toMatch(/support/);

    // Resume from before the first event: replay applies the same scopes.
    const first = everything.events[0]!.id!;
    const [epoch] = first.split('.');
    const replayed = await subscribed(relay.url, await scopedToken(['sales']), `?since=${encodeURIComponent(`${epoch}.0`)}`);
    expect(replayed.hello).toMatchObject({ recovered: true });
    expect(replayed.telnyxIds()).toEqual([...expected.sales, sentinel]);

    // A restarted relay rebuilds the scopes from its log.
    await Promise.all(subscribers.splice(0).map((s) => s.close()));
    await relays.splice(0)[0]!.close();
    const restarted = await relayOn(path);
    const afterRestart = await subscribed(restarted.url, await scopedToken(['sales']), `?since=${encodeURIComponent(`${epoch}.0`)}`);
    expect(afterRestart.telnyxIds()).toEqual([...expected.sales, sentinel]);
    // ...and keeps following the calls it learned about before the restart.
    const late = await postEvent(restarted.url, key, 'call.playback.ended', { call_control_id: 'v3:sales-caller' });
    await postEvent(restarted.url, key, 'call.playback.ended', { call_control_id: 'v3:support-caller' });
    const lastSentinel = await salesSentinel(restarted.url, key);
    await afterRestart.until(() => afterRestart.telnyxIds().includes(lastSentinel));
    expect(afterRestart.telnyxIds()).toEqual([...expected.sales, sentinel, late.telnyxId, lastSentinel]);
  });
});
