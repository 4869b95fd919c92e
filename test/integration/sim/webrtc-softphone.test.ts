// The simulator's telnyx_rtc endpoint driven by the real @telnyx/webrtc SDK in headless Chromium:
// a credential's JWT logs in, a Call Control dial to its sip_username rings the page, the page
// answers, audio flows both ways through a werift peer, and Telnyx's conference rules decide who
// hears whom (mute, hold). Every wait is for a condition, never for time.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import WebSocket from 'ws';
import { closeChecked, startSimHarness, type SimHarness } from '../../support/sim-harness';
import { until, untilAsync } from '../../support/until';
import { openSoftphoneBrowser, type SoftphoneBrowser } from './softphone-browser';

/** Chromium's voice processing turns a 0.3 tone into ≈0.02–0.05 RMS (WEBRTC-NOTES §4): compare talking with silence. */
const TALKING_RMS = 0.005;
const SILENT_RMS = 0.001;
const WAIT_MS = 20_000;

let h: SimHarness;
let browser: SoftphoneBrowser;
let sipUsername: string;
let connectionId: string;
let token: string;

type Media = ReturnType<SimHarness['sim']['snapshot']>['media'][number];
const mediaOf = (id: string): Media | undefined => h.sim.snapshot().media.find((m) => m.call_control_id === id);
const page = () => browser.page;
const callPage = (fn: 'answer' | 'hangup' | 'hold' | 'unhold') =>
  page().evaluate((name) => (window as unknown as Record<string, () => unknown>)[name]!(), fn);

beforeAll(async () => {
  h = await startSimHarness({ timeScale: 1 });
  const connection = await h.client.credentialConnections.create({ connection_name: 'softphones', user_name: 'softphones1', password: 'secret-password-1' });
  const credential = await h.client.telephonyCredentials.create({ connection_id: connection.data!.id!, name: 'agent' });
  sipUsername = credential.data!.sip_username!;
  connectionId = connection.data!.id!;
  token = await h.client.telephonyCredentials.createToken(credential.data!.id!);
  browser = await openSoftphoneBrowser();
}, 60_000);

afterAll(async () => {
  await browser?.close();
  if (h) await closeChecked(h);
});

/** A login and then `then` requests, one at a time, on a raw socket (for what the SDK would hide); the replies. */
async function rawSession(
  login: string | { login: string; passwd: string }, then: string[] = [],
): Promise<Array<{ error?: { code: number; message: string }; result?: Record<string, unknown> }>> {
  const ws = new WebSocket(h.sim.rtcUrl);
  await new Promise((resolve, reject) => ws.once('open', resolve).once('error', reject));
  const replies: Array<{ id?: number; method?: string; error?: { code: number; message: string }; result?: Record<string, unknown> }> = [];
  ws.on('message', (data) => replies.push(JSON.parse(String(data)) as (typeof replies)[number]));
  const requests: Array<[string, Record<string, unknown>]> = [['login', typeof login === 'string' ? { login_token: login } : login]];
  for (const method of then) requests.push([method, {}]);
  const answers: typeof replies = [];
  for (const [i, [method, params]] of requests.entries()) {
    ws.send(JSON.stringify({ jsonrpc: '2.0', id: i + 1, method, params }));
    answers.push(await until(() => replies.find((r) => r.id === i + 1), `${method} reply`));
    if (answers.at(-1)?.error) break;
  }
  await new Promise((resolve) => {
    ws.once('close', resolve);
    ws.close();
  });
  return answers;
}

const rawLogin = async (login: string | { login: string; passwd: string }) => (await rawSession(login))[0]!;

describe('telnyx_rtc with the real SDK in Chromium', () => {
  it('rejects an unknown or tampered token (or a wrong SIP password) with a login error other than -32000; SIP username + password log in; gatewayState REGED; ping', async () => {
    const bad = await rawLogin('not-a-jwt');
    expect(bad.error?.code).toBeDefined();
    expect(bad.error?.code).not.toBe(-32000);
    const [header, body] = token.split('.');
    const tampered = await rawLogin(`${header}.${body}.AAAA`);
    expect(tampered.error?.code).toBe(bad.error?.code);
    // The SDK's login + password option: a credential's own SIP username and password (another
    // credential's, so this login does not register the one the browser uses).
    const other = (await h.client.telephonyCredentials.create({ connection_id: connectionId, name: 'other' })).data!;
    expect((await rawLogin({ login: other.sip_username!, passwd: 'wrong' })).error?.code).toBe(bad.error?.code);
    const [login, gateway, ping] = await rawSession({ login: other.sip_username!, passwd: other.sip_password! }, ['telnyx_rtc.gatewayState', 'telnyx_rtc.ping']);
    expect(login?.result).toMatchObject({ sessid: expect.any(String) });
    expect(gateway?.result).toMatchObject({ params: { state: 'REGED' } });
    expect(ping?.result).toBeDefined();
  });

  it('a dial to a credential nobody is logged in with, or to no credential, fails as a hangup', async () => {
    const offline = await h.client.calls.dial({ connection_id: 'conn-1', from: '+15550001111', to: `sip:${sipUsername}@sip.telnyx.com` });
    const offlineHangup = await h.waitForWebhook('call.hangup', (p) => p.call_control_id === offline.data!.call_control_id);
    expect(offlineHangup.body.data.payload).toMatchObject({ hangup_cause: 'unspecified', sip_hangup_cause: '480' });
    const unknown = await h.client.calls.dial({ connection_id: 'conn-1', from: '+15550001111', to: 'sip:gencredNOBODY@sip.telnyx.com' });
    const unknownHangup = await h.waitForWebhook('call.hangup', (p) => p.call_control_id === unknown.data!.call_control_id);
    expect(unknownHangup.body.data.payload).toMatchObject({ hangup_cause: 'not_found', sip_hangup_cause: '404' });
  });

  it('login → ready → dial → invite → answer → two-way audio → mute → hold → bye', async () => {
    await page().evaluate(([t, host]) => (window as unknown as { start(t: string, h: string): void }).start(t!, host!), [token, h.sim.rtcUrl]);
    await untilAsync(async () => (await browser.state()).ready, 'telnyx.ready', WAIT_MS);

    // A caller waits in a conference; the agent's softphone is dialled and joins it.
    const { callControlId: caller } = await h.sim.injectInboundCall({ queue: 'support' });
    const dialed = await h.client.calls.dial({
      connection_id: 'conn-1', from: '+15550001111', to: `sip:${sipUsername}@sip.telnyx.com`,
      custom_headers: [{ name: 'X-Switchboard-Leg', value: 'nonce-42' }],
    });
    const agent = dialed.data!.call_control_id!;
    const ringing = await pollState((s) => (s.call?.state === 'ringing' ? s.call : undefined));
    expect(ringing.telnyxCallControlId).toBe(agent);
    expect(ringing.customHeaders).toEqual([{ name: 'X-Switchboard-Leg', value: 'nonce-42' }]);

    await callPage('answer');
    await h.waitForWebhook('call.answered', (p) => p.call_control_id === agent, WAIT_MS);
    await pollState((s) => s.call?.state === 'active');
    const conf = await h.client.conferences.create({ call_control_id: caller, name: 'softphone-room' });
    await h.client.conferences.actions.join(conf.data!.id, { call_control_id: agent });

    // Two-way audio: the simulator decodes the agent's microphone and mixes it to the caller;
    // the page receives the caller's tone.
    await until(() => (mediaOf(agent)?.said_rms ?? 0) > TALKING_RMS, 'agent microphone energy at the simulator', WAIT_MS);
    await until(() => {
      const m = mediaOf(caller);
      return m && m.heard_from.includes(agent) && m.heard_rms > TALKING_RMS;
    }, 'the caller hearing the agent', WAIT_MS);
    await browser.inboundRms();
    await untilAsync(async () => (await browser.inboundRms()) > TALKING_RMS, 'caller audio energy in the page', WAIT_MS);

    // Conference mute: nobody hears the agent any more, though its microphone still flows (judged
    // in the same snapshot, so a stall of the microphone cannot pass for the mute).
    await h.client.conferences.actions.mute(conf.data!.id, { call_control_ids: [agent] });
    await until(() => {
      const heard = mediaOf(caller);
      const said = mediaOf(agent);
      return heard && said && said.said_rms > TALKING_RMS && !heard.heard_from.includes(agent) && heard.heard_rms < SILENT_RMS;
    }, 'silence at the caller while the agent talks', WAIT_MS);

    // Hold: the caller hears hold audio (not the agent); the agent stops hearing the caller.
    await h.client.conferences.actions.unmute(conf.data!.id, { call_control_ids: [agent] });
    await h.client.conferences.actions.hold(conf.data!.id, { call_control_ids: [caller] });
    await until(() => {
      const m = mediaOf(caller);
      return m && m.heard_from.join() === 'hold_audio' && m.heard_rms > TALKING_RMS;
    }, 'hold audio at the caller', WAIT_MS);
    await until(() => (mediaOf(agent)?.heard_rms ?? 1) < SILENT_RMS, 'silence at the agent while the caller is held', WAIT_MS);

    // Bye from the page: the agent leg hangs up.
    await callPage('hangup');
    await h.waitForWebhook('call.hangup', (p) => p.call_control_id === agent, WAIT_MS);
    const state = await browser.state();
    expect(state.errors).toEqual([]);
    expect(state.warnings).toContain(33005); // ONLY_HOST_ICE_CANDIDATES: iceServers: [] offline
    await h.client.calls.actions.hangup(caller, {});
  }, 90_000);

  it('SDK hold/unhold (modify) and DTMF (info) are answered; a Call Control hangup ends the call in the page (bye)', async () => {
    const dialed = await h.client.calls.dial({ connection_id: 'conn-1', from: '+15550001111', to: `sip:${sipUsername}@sip.telnyx.com` });
    const agent = dialed.data!.call_control_id!;
    await pollState((s) => s.call?.state === 'ringing' && s.call.telnyxCallControlId === agent);
    await callPage('answer');
    await h.waitForWebhook('call.answered', (p) => p.call_control_id === agent, WAIT_MS);
    await pollState((s) => s.call?.state === 'active');
    await callPage('hold');
    await pollState((s) => s.call?.state === 'held');
    await callPage('unhold');
    await pollState((s) => s.call?.state === 'active');
    await page().evaluate(() => (window as unknown as { dtmf(d: string): unknown }).dtmf('5'));
    await h.client.calls.actions.hangup(agent, {});
    await pollState((s) => s.call?.telnyxCallControlId === agent && (s.call.state === 'hangup' || s.call.state === 'destroy'));
    const hangup = await h.waitForWebhook('call.hangup', (p) => p.call_control_id === agent);
    expect(hangup.body.data.payload.hangup_cause).toBe('normal_clearing');
    expect((await browser.state()).errors).toEqual([]);
  }, 60_000);
});


async function pollState<T>(read: (s: Awaited<ReturnType<SoftphoneBrowser['state']>>) => T): Promise<NonNullable<T>> {
  return untilAsync(async () => read(await browser.state()), 'page state', WAIT_MS);
}
