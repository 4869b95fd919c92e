// Outbound dials through the official SDK: the caller id (`from`) the simulator sees, Telnyx's
// E.164 refusal (422 10016) for `to` and `from`, the caller-ID policy's network-side rejection of
// a spoofed caller id to another country, and the test controls that let a dialled party answer
// or hang up when a test says so.
import Telnyx from 'telnyx';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { closeChecked, startSimHarness, type SimHarness } from '../../support/sim-harness';

let h: SimHarness;
beforeEach(async () => {
  h = await startSimHarness();
});
afterEach(async () => {
  await closeChecked(h);
});

async function telnyxError(promise: Promise<unknown>): Promise<{ status: number; error: { code: string; title: string; source?: { pointer?: string } } }> {
  const err = await promise.then(() => undefined, (e: unknown) => e);
  expect(err).toBeInstanceOf(Telnyx.APIError);
  const apiError = err as InstanceType<typeof Telnyx.APIError>;
  return { status: apiError.status ?? 0, error: (apiError.error as { errors: Array<{ code: string; title: string; source?: { pointer?: string } }> }).errors[0]! };
}

describe('outbound caller id', () => {
  it('dials a phone number from one of the account numbers: the leg carries that from', async () => {
    const numbers = await h.client.phoneNumbers.list();
    const owned = numbers.data.map((n) => n.phone_number);
    expect(owned).toContain('+15550100002');
    const dialed = await h.client.calls.dial({ connection_id: 'conn-1', from: '+15550100002', to: '+15557001234' });
    const id = dialed.data!.call_control_id!;
    const answered = await h.waitForWebhook('call.answered', (p) => p.call_control_id === id);
    expect(answered.body.data.payload.from).toBe('+15550100002');
    const leg = h.sim.snapshot().calls.find((c) => c.call_control_id === id);
    expect(leg).toMatchObject({ from: '+15550100002', to: '+15557001234', direction: 'outgoing', state: 'parked' });
  });

  it('refuses a `to` that is neither +E.164 nor a SIP URI with Telnyx 10016 naming /to', async () => {
    const { status, error } = await telnyxError(h.client.calls.dial({ connection_id: 'conn-1', from: '+15550100001', to: '5557001234' }));
    expect(status).toBe(422);
    expect(error).toMatchObject({ code: '10016', title: 'Phone number must be in +E164 format', source: { pointer: '/to' } });
    expect(h.sim.snapshot().calls).toHaveLength(0);
  });

  it('refuses a `from` that is not +E.164 when dialling a phone number, naming /from', async () => {
    const { status, error } = await telnyxError(h.client.calls.dial({ connection_id: 'conn-1', from: '(555) 010-0001', to: '+15557001234' }));
    expect(status).toBe(422);
    expect(error).toMatchObject({ code: '10016', source: { pointer: '/from' } });
  });

  it('rejects a caller id the account does not own on a call to another country (SIP 503), after call.initiated', async () => {
    const dialed = await h.client.calls.dial({ connection_id: 'conn-1', from: '+15559990000', to: '+442071234567' });
    const id = dialed.data!.call_control_id!;
    const hangup = await h.waitForWebhook('call.hangup', (p) => p.call_control_id === id);
    expect(hangup.body.data.payload).toMatchObject({ hangup_cause: 'call_rejected', sip_hangup_cause: '503', hangup_source: 'callee' });
    expect(h.eventsFor(id)).toEqual(['call.initiated', 'call.hangup']);
  });

  it('lets an owned number call another country, and a foreign number call within its own country', async () => {
    const abroad = await h.client.calls.dial({ connection_id: 'conn-1', from: '+15550100001', to: '+442071234567' });
    await h.waitForWebhook('call.answered', (p) => p.call_control_id === abroad.data!.call_control_id);
    const domestic = await h.client.calls.dial({ connection_id: 'conn-1', from: '+15559990000', to: '+15557004321' });
    await h.waitForWebhook('call.answered', (p) => p.call_control_id === domestic.data!.call_control_id);
  });

  it('does not apply the phone caller-ID policy to SIP destinations', async () => {
    const dialed = await h.client.calls.dial({ connection_id: 'conn-1', from: '+1555', to: 'sip:agent@example.com' });
    await h.waitForWebhook('call.answered', (p) => p.call_control_id === dialed.data!.call_control_id);
  });
});

describe('test controls for the dialled party', () => {
  it('rings until the far end answers, then the far end hangs up (hangup_source callee)', async () => {
    h.sim.setDialPolicy([{ match: '+1555700*', outcome: 'no_answer' }]);
    const dialed = await h.client.calls.dial({ connection_id: 'conn-1', from: '+15550100001', to: '+15557009999', timeout_secs: 600 });
    const id = dialed.data!.call_control_id!;
    await h.waitForWebhook('call.initiated', (p) => p.call_control_id === id);
    expect(h.sim.snapshot().calls.find((c) => c.call_control_id === id)?.state).toBe('ringing');
    h.sim.remoteAnswer(id);
    await h.waitForWebhook('call.answered', (p) => p.call_control_id === id);
    h.sim.remoteHangup(id);
    const hangup = await h.waitForWebhook('call.hangup', (p) => p.call_control_id === id);
    expect(hangup.body.data.payload).toMatchObject({ hangup_cause: 'normal_clearing', hangup_source: 'callee' });
  });

  it('a far end that hangs up while ringing declines the call (603)', async () => {
    h.sim.setDialPolicy([{ match: '*', outcome: 'no_answer' }]);
    const dialed = await h.client.calls.dial({ connection_id: 'conn-1', from: '+15550100001', to: '+15557008888' });
    const id = dialed.data!.call_control_id!;
    h.sim.remoteHangup(id);
    const hangup = await h.waitForWebhook('call.hangup', (p) => p.call_control_id === id);
    expect(hangup.body.data.payload).toMatchObject({ hangup_cause: 'call_rejected', sip_hangup_cause: '603' });
  });
});
