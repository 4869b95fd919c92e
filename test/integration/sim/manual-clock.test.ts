// The simulator on a manual clock, driven over its HTTP test control (POST /sim/clock/advance):
// `occurred_at`, waits, call durations and the synthetic callers' patience and talk time follow the
// driven time to the millisecond, an advance answers once its webhooks are delivered, and the
// webhooks' signatures stay fresh by the wall clock (the SDK's unwrap accepts them: closeChecked).
import { afterEach, describe, expect, it } from 'vitest';
import { closeChecked, startSimHarness, TEST_API_KEY, type SimHarness } from '../../support/sim-harness';

const cleanups: Array<() => Promise<void>> = [];
afterEach(async () => {
  while (cleanups.length > 0) await cleanups.pop()!();
});

async function harness(options: Parameters<typeof startSimHarness>[0] = {}): Promise<SimHarness> {
  const h = await startSimHarness(options);
  cleanups.push(() => h.close());
  return h;
}

/** The clock control, as a test in another process would call it. */
async function control(h: SimHarness, method: 'GET' | 'POST', body?: unknown, key = TEST_API_KEY): Promise<{ status: number; body: Record<string, unknown> }> {
  const url = h.sim.baseUrl.replace(/\/v2$/, `/sim/clock${method === 'POST' ? '/advance' : ''}`);
  const res = await fetch(url, {
    method,
    headers: { authorization: `Bearer ${key}`, ...(body === undefined ? {} : { 'content-type': 'application/json' }) },
    ...(body === undefined ? {} : { body: JSON.stringify(body) }),
  });
  return { status: res.status, body: (await res.json()) as Record<string, unknown> };
}

const T0 = '2026-06-01T09:00:00.000Z';
const plus = (secs: number) => new Date(Date.parse(T0) + secs * 1000).toISOString();

describe('manual simulator clock', () => {
  it('moves only when advanced: exact occurred_at, waits, patience and talk time', async () => {
    const h = await harness({ clock: 'manual', startAt: T0, timeScale: 1 });
    expect(await control(h, 'GET')).toEqual({ status: 200, body: { mode: 'manual', now: T0 } });
    expect((await control(h, 'GET', undefined, 'wrong-key')).status).toBe(401);

    // A caller who gives up after 45 s.
    const quitter = (await h.sim.injectInboundCall({ queue: 'support', patienceSecs: 45 })).callControlId;
    expect((await h.waitForWebhook('call.enqueued')).body.data.occurred_at).toBe(T0);
    expect(await control(h, 'POST', { ms: 44_999 })).toEqual({ status: 200, body: { now: plus(44.999) } });
    expect(h.eventsFor(quitter)).toEqual(['call.initiated', 'call.answered', 'call.enqueued']);
    expect((await h.client.queues.calls.retrieve(quitter, { queue_name: 'support' })).data).toMatchObject({ wait_time_secs: 44, enqueued_at: T0 });

    // The advance answers once its webhooks are delivered: they are here already.
    expect(await control(h, 'POST', { to: plus(45) })).toEqual({ status: 200, body: { now: plus(45) } });
    const gaveUp = h.webhooks.filter((w) => w.body.data.payload.call_control_id === quitter).slice(3);
    expect(gaveUp.map((w) => [w.body.data.event_type, w.body.data.occurred_at])).toEqual([['call.dequeued', plus(45)], ['call.hangup', plus(45)]]);
    expect(gaveUp[0]!.body.data.payload).toMatchObject({ reason: 'hangup', wait_time_secs: 45 });

    // A caller taken into a conference after 15 s, talking 60 s.
    const talker = (await h.sim.injectInboundCall({ queue: 'support', talkSecs: 60 })).callControlId;
    await control(h, 'POST', { ms: 15_000 });
    await h.client.conferences.create({ call_control_id: talker, name: 'manual-clock' });
    await control(h, 'POST', { ms: 59_999 });
    expect(h.sim.snapshot().calls.find((c) => c.call_control_id === talker)?.state).toBe('in_conference');
    await control(h, 'POST', { ms: 1 });
    const at = (type: string) => h.webhooks.find((w) => w.body.data.payload.call_control_id === talker && w.body.data.event_type === type)?.body.data;
    expect(at('call.dequeued')).toMatchObject({ occurred_at: plus(60), payload: { reason: 'bridged', wait_time_secs: 15 } });
    expect(at('conference.participant.joined')?.occurred_at).toBe(plus(60));
    expect(at('conference.participant.left')?.occurred_at).toBe(plus(120));
    expect(at('call.hangup')?.occurred_at).toBe(plus(120));
    const status = await h.client.calls.retrieveStatus(talker);
    expect(status.data).toMatchObject({ start_time: plus(45), end_time: plus(120), call_duration: 75 });
    expect(h.sim.clock.now()).toBe(Date.parse(plus(120)));

    expect(await control(h, 'POST', { to: plus(60) })).toMatchObject({ status: 400, body: { error: expect.stringMatching(/back/) } });
    expect((await control(h, 'POST', { ms: -1 })).status).toBe(400);
    expect((await control(h, 'POST', { ms: 1, to: plus(200) })).status).toBe(400);
    cleanups.pop();
    await closeChecked(h);
  });

  it('a simulator on real time refuses to be advanced', async () => {
    const h = await harness();
    expect(await control(h, 'GET')).toMatchObject({ status: 200, body: { mode: 'real' } });
    expect((await control(h, 'POST', { ms: 1000 })).status).toBe(409);
    await expect(h.sim.clock.advance(1000)).rejects.toThrow(/real time/);
  });
});
