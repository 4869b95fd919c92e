// The telnyx_rtc socket's life as Telnyx runs it, on raw sockets and a time-scaled simulator
// (15 simulated seconds = 150 ms): the server pings every logged-in client, so a call's socket
// never sits idle long enough for @telnyx/webrtc's 20 s health probe; a second login with the same
// credential punts the first socket (one registration per credential); a test may cut a socket.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import WebSocket from 'ws';
import * as I from '../../../sim/src/inferences';
import { closeChecked, startSimHarness, type SimHarness } from '../../support/sim-harness';
import { until } from '../../support/until';

const TIME_SCALE = 0.01;
/** The SDK probes the socket after this long without inbound traffic during a call (SignalingHealthMonitor). */
const SDK_IDLE_PROBE_SECS = 20;

let h: SimHarness;
let sipUsername: string;
let token: string;

interface RawClient {
  ws: WebSocket;
  messages: Array<{ id?: string | number; method?: string; params?: Record<string, unknown>; result?: unknown; error?: unknown }>;
  closed: Promise<void>;
}

/** Logs in with the JWT and, like the SDK, answers every server ping with a ping of its own. */
async function login(answerPings = true): Promise<RawClient> {
  const ws = new WebSocket(h.sim.rtcUrl);
  await new Promise((resolve, reject) => ws.once('open', resolve).once('error', reject));
  const client: RawClient = { ws, messages: [], closed: new Promise((resolve) => ws.once('close', () => resolve())) };
  let next = 100;
  ws.on('message', (data) => {
    const message = JSON.parse(String(data)) as RawClient['messages'][number];
    client.messages.push(message);
    if (answerPings && message.method === 'telnyx_rtc.ping') ws.send(JSON.stringify({ jsonrpc: '2.0', id: next++, method: 'telnyx_rtc.ping', params: {} }));
  });
  ws.send(JSON.stringify({ jsonrpc: '2.0', id: 1, method: 'login', params: { login_token: token } }));
  await until(() => client.messages.find((m) => m.id === 1 && m.result), 'login result');
  return client;
}

const pings = (c: RawClient) => c.messages.filter((m) => m.method === 'telnyx_rtc.ping').length;
const registration = () => h.sim.snapshot().softphones.find((s) => s.sip_username === sipUsername);

beforeAll(async () => {
  h = await startSimHarness({ timeScale: TIME_SCALE });
  const connection = await h.client.credentialConnections.create({ connection_name: 'softphones', user_name: 'softphones2', password: 'secret-password-2' });
  const credential = await h.client.telephonyCredentials.create({ connection_id: connection.data!.id!, name: 'agent' });
  sipUsername = credential.data!.sip_username!;
  token = await h.client.telephonyCredentials.createToken(credential.data!.id!);
}, 60_000);

afterAll(async () => {
  if (h) await closeChecked(h);
});

describe('telnyx_rtc signalling', () => {
  it('the server pings a logged-in client more often than the SDK would probe an idle socket, and counts the answers', async () => {
    expect(I.RTC_SERVER_PING_SECS).toBeLessThan(SDK_IDLE_PROBE_SECS);
    const client = await login();
    // Several ping intervals (simulated) pass: every one brings inbound traffic, each answered.
    await until(() => pings(client) >= 4, 'four server pings');
    await until(() => (registration()?.pings_answered ?? 0) >= 3, 'the answers counted');
    expect(client.ws.readyState).toBe(WebSocket.OPEN);
    client.ws.close();
    await client.closed;
    await until(() => !registration(), 'the registration gone with its socket');
  });

  it('a second login with the same credential punts the first socket and takes the calls', async () => {
    const first = await login();
    const second = await login();
    await until(() => first.messages.find((m) => m.method === 'telnyx_rtc.punt'), 'a punt on the first socket');
    expect(second.messages.some((m) => m.method === 'telnyx_rtc.punt')).toBe(false);
    // A dial to the credential rings the second socket, not the first (a long ring: time runs 100× here).
    await h.client.calls.dial({ connection_id: 'conn-1', from: '+15550001111', to: `sip:${sipUsername}@sip.telnyx.com`, timeout_secs: 600 });
    await until(() => second.messages.find((m) => m.method === 'telnyx_rtc.invite'), 'the invite on the second socket', 15_000);
    expect(first.messages.some((m) => m.method === 'telnyx_rtc.invite')).toBe(false);
    first.ws.close();
    second.ws.close();
    await Promise.all([first.closed, second.closed]);
  }, 30_000);

  it('dropSoftphone cuts the credential socket without a close frame; its registration is gone', async () => {
    const client = await login();
    await until(() => registration(), 'registered');
    expect(h.sim.dropSoftphone(sipUsername)).toEqual([sipUsername]);
    await client.closed;
    await until(() => !registration(), 'the registration gone');
    expect(h.sim.dropSoftphone(sipUsername)).toEqual([]);
  });
});
