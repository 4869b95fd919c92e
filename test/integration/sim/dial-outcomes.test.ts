// What a dialled outside target does (the transfer flows depend on it): answers, is busy, or
// rings out with `timeout` — or `no_answer` when the dial said `retry_on_timeout: false` — and
// the digits a dial asks to play once answered (`send_digits_on_answer`, or `to: "+1…,200"`).
// Every response and webhook is validated against the vendored spec by the harness.
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import Telnyx from 'telnyx';
import { closeChecked, startSimHarness, type SimHarness } from '../../support/sim-harness';

let h: SimHarness;

beforeEach(async () => {
  h = await startSimHarness();
  h.sim.setDialPolicy([
    { match: '+15550009001', outcome: 'busy' },
    { match: '+15550009002', outcome: 'no_answer' },
  ]);
});

afterEach(() => closeChecked(h));

const dial = async (body: Record<string, unknown>) =>
  (await h.client.calls.dial({ connection_id: 'conn-1', from: '+15550000001', ...body } as Parameters<Telnyx['calls']['dial']>[0])).data!.call_control_id!;

const legOf = (id: string) => h.sim.snapshot().calls.find((c) => c.call_control_id === id);

describe('dialling an outside target', () => {
  it('busy: call.hangup user_busy from the callee, never answered', async () => {
    const id = await dial({ to: '+15550009001' });
    const hangup = await h.waitForWebhook('call.hangup', (p) => p.call_control_id === id);
    expect(hangup.body.data.payload).toMatchObject({ hangup_cause: 'user_busy', hangup_source: 'callee', sip_hangup_cause: '486' });
    expect(h.eventsFor(id)).toEqual(['call.initiated', 'call.hangup']);
  });

  it('unanswered: timeout by default, no_answer with retry_on_timeout false', async () => {
    const retried = await dial({ to: '+15550009002', timeout_secs: 5 });
    const aborted = await dial({ to: '+15550009002', timeout_secs: 5, retry_on_timeout: false });
    expect(legOf(aborted)?.state).toBe('ringing');
    const first = await h.waitForWebhook('call.hangup', (p) => p.call_control_id === retried);
    const second = await h.waitForWebhook('call.hangup', (p) => p.call_control_id === aborted);
    expect(first.body.data.payload.hangup_cause).toBe('timeout');
    expect(second.body.data.payload.hangup_cause).toBe('no_answer');
  });

  it('a ringing target hung up through the API ends with originator_cancel', async () => {
    const id = await dial({ to: '+15550009002', timeout_secs: 600 });
    await h.client.calls.actions.hangup(id, {});
    const hangup = await h.waitForWebhook('call.hangup', (p) => p.call_control_id === id);
    expect(hangup.body.data.payload.hangup_cause).toBe('originator_cancel');
  });

  it('answers, then hears the digits asked for on answer (field or inline after a comma)', async () => {
    const byField = await dial({ to: '+15550009003', send_digits_on_answer: 'ww12#' });
    const inline = await dial({ to: '+15550009004,w200' });
    await h.waitForWebhook('call.answered', (p) => p.call_control_id === byField);
    const answered = await h.waitForWebhook('call.answered', (p) => p.call_control_id === inline);
    expect(answered.body.data.payload.to).toBe('+15550009004');
    expect(legOf(byField)).toMatchObject({ state: 'parked', dtmf_heard: '12#' });
    expect(legOf(inline)).toMatchObject({ to: '+15550009004', dtmf_heard: '200' });
  });

  it('refuses digits outside the DTMF set with 422 naming the field', async () => {
    const err = await dial({ to: '+15550009003', send_digits_on_answer: '12x' }).catch((e: unknown) => e);
    expect(err).toBeInstanceOf(Telnyx.UnprocessableEntityError);
    const body = (err as InstanceType<typeof Telnyx.APIError>).error as { errors: Array<{ code: string; source?: { pointer?: string } }> };
    expect(body.errors[0]).toMatchObject({ code: '10015', source: { pointer: '/send_digits_on_answer' } });
  });

  it('the snapshot shows a leg\'s client_state', async () => {
    const state = Buffer.from('{"t":1}').toString('base64');
    const id = await dial({ to: '+15550009003', client_state: state });
    expect(legOf(id)?.client_state).toBe(state);
  });
});
