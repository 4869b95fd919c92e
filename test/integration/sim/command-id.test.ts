// command_id through the official SDK: a repeated id runs once (one webhook) and answers the same
// result; a new id runs again; a failed command is not remembered; operations whose spec schema has
// no command_id ignore it (I.COMMAND_ID_*). Responses and webhooks are validated by the harness.
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import Telnyx from 'telnyx';
import { closeChecked, startSimHarness, TEST_API_KEY, type SimHarness } from '../../support/sim-harness';
import { until } from '../../support/until';
import { validatingFetch } from '../../support/telnyx-openapi';

let h: SimHarness;

beforeEach(async () => {
  h = await startSimHarness();
});

afterEach(() => closeChecked(h));

const count = (eventType: string, match: (p: Record<string, any>) => boolean = () => true) =>
  h.webhooks.filter((w) => w.body.data.event_type === eventType && match(w.body.data.payload)).length;

/**
 * Waits until every webhook emitted so far has reached the test. Every event these tests count
 * (`*.started`, `participant.joined`, `conference.ended`, `call.initiated`, `conference.created`,
 * `call.hangup`) is emitted while the command is applied, before its HTTP answer, and the backlog
 * drops only after the receiver answered; so once it is empty, a repeat that ran would already be
 * counted. The tests that expect 2 (a new id, no id) are the control: they use this same wait.
 */
async function settled(): Promise<void> {
  await until(() => h.sim.webhookBacklog() === 0, 'webhooks delivered', 5000);
}

async function agent(to = 'sip:agent@example.com'): Promise<string> {
  const dialed = await h.client.calls.dial({ connection_id: 'conn-1', from: '+15550000001', to });
  const id = dialed.data!.call_control_id!;
  await h.waitForWebhook('call.answered', (p) => p.call_control_id === id);
  return id;
}

async function conference(name = 'cmd-conf'): Promise<{ conferenceId: string; caller: string }> {
  const { callControlId: caller } = await h.sim.injectInboundCall({ queue: 'support' });
  const created = await h.client.conferences.create({ call_control_id: caller, name });
  return { conferenceId: created.data!.id, caller };
}

async function code(promise: Promise<unknown>): Promise<string | undefined> {
  const err = await promise.then(() => undefined, (e: unknown) => e);
  expect(err).toBeInstanceOf(Telnyx.APIError);
  return ((err as InstanceType<typeof Telnyx.APIError>).error as { errors: Array<{ code: string }> }).errors[0]?.code;
}

describe('command_id on conference actions (per conference)', () => {
  it('the same speak twice with one command_id: one conference.speak.started, both answered ok', async () => {
    const { conferenceId } = await conference();
    const body = { payload: 'Please hold', voice: 'female', command_id: 'speak-1' };
    expect((await h.client.conferences.actions.speak(conferenceId, body)).data).toEqual({ result: 'ok' });
    expect((await h.client.conferences.actions.speak(conferenceId, body)).data).toEqual({ result: 'ok' });
    await h.waitForWebhook('conference.speak.ended', (p) => p.conference_id === conferenceId);
    await settled();
    expect(count('conference.speak.started', (p) => p.conference_id === conferenceId)).toBe(1);
  });

  it('different command_ids are different commands: two conference.speak.started', async () => {
    const { conferenceId } = await conference();
    await h.client.conferences.actions.speak(conferenceId, { payload: 'One', voice: 'female', command_id: 'a' });
    await h.client.conferences.actions.speak(conferenceId, { payload: 'Two', voice: 'female', command_id: 'b' });
    await settled();
    expect(count('conference.speak.started', (p) => p.conference_id === conferenceId)).toBe(2);
  });

  it('join retried after it went through answers ok instead of "already a participant"', async () => {
    const { conferenceId } = await conference();
    const leg = await agent();
    await h.client.conferences.actions.join(conferenceId, { call_control_id: leg, command_id: 'join-1' });
    await h.client.conferences.actions.join(conferenceId, { call_control_id: leg, command_id: 'join-1' });
    expect(await code(h.client.conferences.actions.join(conferenceId, { call_control_id: leg, command_id: 'join-2' }))).toBe('10015');
    await settled();
    expect(count('conference.participant.joined', (p) => p.call_control_id === leg)).toBe(1);
  });

  it('end retried after it went through answers ok (not 90019); a new command on the ended conference is 90019', async () => {
    const { conferenceId } = await conference();
    await h.client.conferences.actions.endConference(conferenceId, { command_id: 'end-1' });
    await h.client.conferences.actions.endConference(conferenceId, { command_id: 'end-1' });
    expect(await code(h.client.conferences.actions.endConference(conferenceId, { command_id: 'end-2' }))).toBe('90019');
    await settled();
    expect(count('conference.ended', (p) => p.conference_id === conferenceId)).toBe(1);
  });

  it('a failed command (422) is not remembered: the same id runs once the state allows it', async () => {
    const { conferenceId } = await conference();
    await h.client.conferences.actions.recordStart(conferenceId, { format: 'wav' });
    // Already recording: refused, so nothing was done under this id.
    expect(await code(h.client.conferences.actions.recordStart(conferenceId, { format: 'mp3', command_id: 'rec-2' }))).toBe('10015');
    await h.client.conferences.actions.recordStop(conferenceId, {});
    await h.client.conferences.actions.recordStart(conferenceId, { format: 'mp3', command_id: 'rec-2' });
    const recordings = h.sim.snapshot().recordings.filter((r) => r.conference_id === conferenceId);
    expect(recordings.map((r) => [r.format, r.status])).toEqual([['wav', 'saved'], ['mp3', 'recording']]);
  });

  it('the scope is the conference: one id on two conferences runs on both', async () => {
    const first = await conference('scope-1');
    const second = await conference('scope-2');
    await h.client.conferences.actions.speak(first.conferenceId, { payload: 'Hi', voice: 'female', command_id: 'shared' });
    await h.client.conferences.actions.speak(second.conferenceId, { payload: 'Hi', voice: 'female', command_id: 'shared' });
    await settled();
    expect(count('conference.speak.started')).toBe(2);
  });

  it('play has no command_id in the spec: the field is ignored and a repeat plays again (I.COMMAND_ID_ONLY_WHERE_THE_SPEC_HAS_IT)', async () => {
    const { conferenceId } = await conference();
    // The SDK's ActionPlayParams has no command_id either, hence the cast.
    const body = { audio_url: 'https://example.com/a.mp3', command_id: 'play-1' } as Telnyx.Conferences.ActionPlayParams;
    await h.client.conferences.actions.play(conferenceId, body);
    await h.client.conferences.actions.play(conferenceId, body);
    await settled();
    expect(count('conference.playback.started', (p) => p.conference_id === conferenceId)).toBe(2);
  });
});

describe('command_id on call actions (per call_control_id)', () => {
  it('the same playback_start twice with one command_id: one call.playback.started', async () => {
    const leg = await agent();
    const body = { audio_url: 'https://example.com/a.mp3', command_id: 'pb-1' };
    await h.client.calls.actions.startPlayback(leg, body);
    await h.client.calls.actions.startPlayback(leg, body);
    await h.client.calls.actions.startPlayback(leg, { audio_url: 'https://example.com/b.mp3', command_id: 'pb-2' });
    // A leg plays one after another: once b.mp3 has ended, every playback queued before it has started.
    await h.waitForWebhook('call.playback.ended', (p) => p.call_control_id === leg && p.media_url === 'https://example.com/b.mp3');
    await settled();
    expect(count('call.playback.started', (p) => p.call_control_id === leg)).toBe(2);
  });

  it('any action on the leg with a used id is ignored, whatever its name', async () => {
    const leg = await agent();
    await h.client.calls.actions.speak(leg, { payload: 'Hello', voice: 'female', command_id: 'x' });
    await h.client.calls.actions.hangup(leg, { command_id: 'x' });
    await settled();
    expect(h.sim.snapshot().calls.find((c) => c.call_control_id === leg)?.is_alive).toBe(true);
    expect(h.eventsFor(leg)).not.toContain('call.hangup');
  });

  it('hangup retried after it went through answers ok (not 90018), with one call.hangup', async () => {
    const leg = await agent();
    await h.client.calls.actions.hangup(leg, { command_id: 'bye' });
    await h.client.calls.actions.hangup(leg, { command_id: 'bye' });
    expect(await code(h.client.calls.actions.hangup(leg, { command_id: 'bye-again' }))).toBe('90018');
    await settled();
    expect(h.eventsFor(leg).filter((e) => e === 'call.hangup')).toHaveLength(1);
  });

  it('a failed command (422, not answered yet) is not remembered: the same id runs after the answer', async () => {
    h.sim.setDialPolicy([{ match: '*', outcome: 'answer', afterSecs: 5 }]); // 100 ms at timeScale 0.02
    const dialed = await h.client.calls.dial({ connection_id: 'conn-1', from: '+15550000001', to: 'sip:slow@example.com' });
    const leg = dialed.data!.call_control_id!;
    const body = { payload: 'Hello', voice: 'female', command_id: 'early' };
    expect(await code(h.client.calls.actions.speak(leg, body))).toBe('90034');
    await h.waitForWebhook('call.answered', (p) => p.call_control_id === leg);
    await h.client.calls.actions.speak(leg, body);
    await h.waitForWebhook('call.speak.started', (p) => p.call_control_id === leg);
  });

  it('the scope is the leg: one id on two legs runs on both', async () => {
    const a = await agent('sip:a@example.com');
    const b = await agent('sip:b@example.com');
    await h.client.calls.actions.speak(a, { payload: 'Hi', voice: 'female', command_id: 'same' });
    await h.client.calls.actions.speak(b, { payload: 'Hi', voice: 'female', command_id: 'same' });
    await h.waitForWebhook('call.speak.started', (p) => p.call_control_id === a);
    await h.waitForWebhook('call.speak.started', (p) => p.call_control_id === b);
  });
});

describe('command_id on dial and conference create', () => {
  it('a repeated dial answers the same leg and rings only once', async () => {
    const body = { connection_id: 'conn-1', from: '+15550000001', to: 'sip:once@example.com', command_id: 'dial-1' };
    const first = await h.client.calls.dial(body);
    const again = await h.client.calls.dial(body);
    expect(again.data).toEqual(first.data);
    const other = await h.client.calls.dial({ ...body, command_id: 'dial-2' });
    expect(other.data?.call_control_id).not.toBe(first.data?.call_control_id);
    await settled();
    expect(count('call.initiated', (p) => p.to === 'sip:once@example.com')).toBe(2);
  });

  it('a repeated create answers the same conference instead of 90033', async () => {
    const { callControlId: caller } = await h.sim.injectInboundCall({ queue: 'support' });
    const body = { call_control_id: caller, name: 'created-once', command_id: 'create-1' };
    const first = await h.client.conferences.create(body);
    const again = await h.client.conferences.create(body);
    expect(again.data?.id).toBe(first.data?.id);
    await settled();
    expect(count('conference.created', (p) => p.call_control_id === caller)).toBe(1);
    expect(h.sim.snapshot().conferences).toHaveLength(1);
  });
});

describe('a lost response (injectFault afterApply) and the SDK retrying it', () => {
  let retrying: Telnyx;
  let validating: ReturnType<typeof validatingFetch>;

  beforeEach(() => {
    validating = validatingFetch();
    retrying = new Telnyx({ apiKey: TEST_API_KEY, baseURL: h.sim.baseUrl, maxRetries: 2, fetch: validating.fetch });
  });

  afterEach(() => {
    expect(validating.failures).toEqual([]);
  });

  const lostResponse = (path: RegExp) =>
    h.sim.injectFault({ method: 'POST', path, status: 503, code: '10007', title: 'Service unavailable', afterApply: true });

  it('with a command_id the retry is recognised: one conference.speak.started, and the SDK call succeeds', async () => {
    const { conferenceId } = await conference();
    lostResponse(/\/actions\/speak$/);
    await expect(retrying.conferences.actions.speak(conferenceId, { payload: 'Once', voice: 'female', command_id: 'retry-1' }))
      .resolves.toMatchObject({ data: { result: 'ok' } });
    await settled();
    expect(count('conference.speak.started', (p) => p.conference_id === conferenceId)).toBe(1);
    expect(validating.exchanges.map((e) => e.status)).toEqual([503, 200]);
  });

  it('without one the retry runs the command again (what command_id is for)', async () => {
    const { conferenceId } = await conference();
    lostResponse(/\/actions\/speak$/);
    await retrying.conferences.actions.speak(conferenceId, { payload: 'Twice', voice: 'female' });
    await settled();
    expect(count('conference.speak.started', (p) => p.conference_id === conferenceId)).toBe(2);
  });
});
