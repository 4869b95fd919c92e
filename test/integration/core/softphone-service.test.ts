// The softphone's credential and token, through the official SDK against the simulator: the
// credential is created once and reused (remembered, found again by its tag when settings were
// lost, never duplicated by concurrent callers), the JWT is a real one the simulator issued and
// is refreshed on the timer (a manual clock here), and the agent leg carries a one-time nonce.
import { afterAll, beforeAll, beforeEach, describe, expect, it } from 'vitest';
import { defaultSettings, SOFTPHONE_LEG_HEADER, type Settings } from '../../../electron/contract';
import { toSwitchboardError } from '../../../electron/core/errors';
import { createLogger } from '../../../electron/core/log';
import type { SoftphoneCredential } from '../../../electron/core/softphone/credential';
import type { CoreClock } from '../../../electron/core/clock';
import { createSoftphoneService, jwtExpiry } from '../../../electron/core/softphone/softphone-service';
import { createTelnyxGateway } from '../../../electron/core/telnyx-gateway';
import { closeChecked, startSimHarness, TEST_API_KEY, type SimHarness } from '../../support/sim-harness';

const log = createLogger({ level: 'error', sink: () => {} });
let h: SimHarness;
let connectionId: string;

function manualClock(start = Date.now()) {
  let now = start;
  const timers: Array<{ at: number; fn: () => void }> = [];
  const clock: CoreClock = {
    now: () => now,
    schedule(fn, delayMs) {
      const timer = { at: now + delayMs, fn };
      timers.push(timer);
      return () => void timers.splice(timers.indexOf(timer), 1);
    },
  };
  return {
    clock,
    pending: () => timers.map((t) => t.at),
    advanceTo(at: number) {
      now = at;
      for (const t of [...timers].filter((x) => x.at <= at)) {
        timers.splice(timers.indexOf(t), 1);
        t.fn();
      }
    },
  };
}

function setup(overrides: Partial<Settings> = {}, remembered?: SoftphoneCredential) {
  let credential = remembered;
  const settings: Settings = { ...defaultSettings, ...overrides, softphone: { ...defaultSettings.softphone, credentialConnectionId: connectionId } };
  const time = manualClock();
  const gateway = createTelnyxGateway(() => ({ apiKey: TEST_API_KEY, baseURL: h.sim.baseUrl, maxRetries: 0 }));
  const service = createSoftphoneService({
    gateway,
    settings: () => settings,
    account: () => ({ credentialConnectionId: connectionId, ...(credential ? { credential } : {}), remember: (c) => void (credential = c) }),
    log,
    clock: time.clock,
  });
  service.setRegistered(true);
  return { service, time, remembered: () => credential };
}

const ours = async () => (await h.client.telephonyCredentials.list({ filter: { tag: 'switchboard-softphone' } })).data;

beforeAll(async () => {
  h = await startSimHarness({ scenario: 'none' });
});
afterAll(async () => {
  if (h) await closeChecked(h);
});
beforeEach(async () => {
  const connection = await h.client.credentialConnections.create({ connection_name: `softphones-${Date.now()}`, user_name: `u${Date.now()}`, password: 'secret-password-1' });
  connectionId = connection.data!.id!;
  for (const c of await ours()) await h.client.telephonyCredentials.delete(c.id!);
});

describe('softphone service', () => {
  it('creates the credential once, remembers it, and reuses it (also when several ask at once)', async () => {
    const a = setup();
    const [t1, t2, t3] = await Promise.all([a.service.token(), a.service.token(), a.service.agentLegTarget()]);
    expect((await ours()).length).toBe(1);
    expect(a.remembered()?.sipUsername).toBe((await ours())[0]!.sip_username);
    expect(t1.token).toBe(t2.token);
    expect(t3.to).toBe(`sip:${a.remembered()!.sipUsername}@sip.telnyx.com`);
    // Next start, settings kept: the remembered credential is reused.
    const b = setup({}, a.remembered());
    await b.service.token();
    // Settings lost: the credential is found again by its tag on this connection.
    const c = setup();
    await c.service.token();
    expect(c.remembered()).toEqual(a.remembered());
    expect((await ours()).length).toBe(1);
  });

  it('a remembered credential that was deleted is replaced once', async () => {
    const a = setup();
    await a.service.token();
    await h.client.telephonyCredentials.delete(a.remembered()!.id);
    const b = setup({}, a.remembered());
    await b.service.token();
    expect(b.remembered()!.id).not.toBe(a.remembered()!.id);
    expect((await ours()).map((c) => c.id)).toEqual([b.remembered()!.id]);
  });

  it('hands out a real JWT with its expiry, and refreshes it on the timer well before it expires', async () => {
    const { service, time } = setup();
    const first = await service.token();
    const expiresAt = Date.parse(first.expiresAt);
    expect(expiresAt).toBe(jwtExpiry(first.token));
    expect(Object.keys(first).sort()).toEqual(['expiresAt', 'token']);
    const [refreshAt] = time.pending();
    expect(refreshAt).toBeDefined();
    expect(expiresAt - refreshAt!).toBeGreaterThanOrEqual(10 * 60_000);
    // Before the refresh time the same token comes back; the timer mints the next one.
    expect((await service.token()).token).toBe(first.token);
    time.advanceTo(refreshAt!);
    await expect.poll(async () => (await service.token()).token, { timeout: 5_000 }).not.toBe(first.token);
    expect(time.pending().length).toBe(1);
    // A refused token: the renderer asks for a fresh one.
    const again = await service.token();
    expect((await service.token({ fresh: true })).token).not.toBe(again.token);
  });

  it('marks the agent leg with a nonce the renderer may claim once; other invites are not ours', async () => {
    const { service } = setup();
    const target = await service.agentLegTarget();
    const nonce = target.customHeaders?.find((x) => x.name === SOFTPHONE_LEG_HEADER)?.value;
    expect(nonce).toMatch(/^[0-9a-f-]{36}$/);
    expect(service.checkInvite('someone-else')).toBe(false);
    expect(service.checkInvite(nonce!)).toBe(true);
    expect(service.checkInvite(nonce!)).toBe(false);
  });

  it('going available waits for the softphone to register, and says so when it never does', async () => {
    const { service, time } = setup();
    service.setRegistered(false);
    const waiting = service.agentLegTarget();
    await expect.poll(() => time.pending().length, { timeout: 5_000 }).toBe(1);
    service.setRegistered(true);
    expect((await waiting).to).toMatch(/^sip:.+@sip\.telnyx\.com$/);
    service.setRegistered(false);
    const refused = service.agentLegTarget().then(() => 'dialled', (e: unknown) => toSwitchboardError(e).message);
    await expect.poll(() => time.pending().length, { timeout: 5_000 }).toBe(1);
    time.advanceTo(time.pending()[0]!);
    expect(await refused).toMatch(/did not connect/);
  });

  it('punted by another device\'s sign-in: a wait for registration ends at once and says why; registering again clears it', async () => {
    const { service, time } = setup();
    service.setRegistered(false);
    const waiting = service.agentLegTarget().then(() => 'dialled', (e: unknown) => toSwitchboardError(e).message);
    await expect.poll(() => time.pending().length, { timeout: 5_000 }).toBe(1);
    service.setRegistered(false, { elsewhere: true });
    // No clock moved: the punt itself ended the wait (the SDK does not come back by itself after one).
    expect(await waiting).toMatch(/signed in on another device/);
    expect(service.signedInElsewhere()).toBe(true);
    // A later plain "unregistered" (the softphone stopping) does not forget why.
    service.setRegistered(false);
    expect(service.signedInElsewhere()).toBe(true);
    expect(await service.agentLegTarget().then(() => 'dialled', (e: unknown) => toSwitchboardError(e).message)).toMatch(/signed in on another device/);
    service.setRegistered(true);
    expect(service.signedInElsewhere()).toBe(false);
    expect((await service.agentLegTarget()).to).toMatch(/^sip:.+@sip\.telnyx\.com$/);
  });

  it('external phone mode dials the endpoint in settings, with no header and no credential', async () => {
    const { service } = setup({ endpointMode: 'external', agent: { ...defaultSettings.agent, endpoint: 'sip:desk@pbx.example.com' } });
    expect(await service.agentLegTarget()).toEqual({ to: 'sip:desk@pbx.example.com' });
    expect(service.session().enabled).toBe(false);
    expect((await ours()).length).toBe(0);
  });

  it('a token refused by Telnyx reaches the caller with Telnyx\'s title', async () => {
    const { service } = setup();
    h.sim.injectFault({ method: 'POST', path: /telephony_credentials\/[^/]+\/token$/, status: 422, code: '10015', title: 'Bad Request', times: 1 });
    const error = await service.token().then(() => undefined, (e: unknown) => toSwitchboardError(e));
    expect(error?.telnyx?.title).toBe('Bad Request');
    expect(error?.telnyx?.status).toBe(422);
  });
});
