// The Call Control state rules the console relies on (API-NOTES §5), checked through the SDK
// against the simulator's snapshot and its webhooks.
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import Telnyx from 'telnyx';
import { closeChecked, startSimHarness, type SimHarness } from '../../support/sim-harness';
import { until } from '../../support/until';

let h: SimHarness;

beforeEach(async () => {
  h = await startSimHarness();
});

afterEach(() => closeChecked(h));

async function agent(to = 'sip:agent@example.com'): Promise<string> {
  const dialed = await h.client.calls.dial({ connection_id: 'conn-1', from: '+15550000001', to });
  const id = dialed.data!.call_control_id!;
  await h.waitForWebhook('call.answered', (p) => p.call_control_id === id);
  return id;
}

async function code(promise: Promise<unknown>): Promise<string | undefined> {
  const err = await promise.then(() => undefined, (e: unknown) => e);
  expect(err).toBeInstanceOf(Telnyx.APIError);
  return ((err as InstanceType<typeof Telnyx.APIError>).error as { errors: Array<{ code: string }> }).errors[0]?.code;
}

async function positions(queue: string): Promise<Array<[string, number]>> {
  const page = await h.client.queues.calls.list(queue);
  return page.data.map((c) => [c.call_control_id, c.queue_position]);
}

describe('queue rules', () => {
  it('positions are 1-based and renumber when a call ahead leaves', async () => {
    const ids: string[] = [];
    for (let i = 0; i < 4; i++) ids.push((await h.sim.injectInboundCall({ queue: 'support' })).callControlId);
    const enqueued = await h.waitForWebhook('call.enqueued', (p) => p.call_control_id === ids[3]);
    expect(enqueued.body.data.payload.current_position).toBe(4);
    expect(await positions('support')).toEqual(ids.map((id, i) => [id, i + 1]));

    await h.client.calls.actions.leaveQueue(ids[1]!, {});
    const left = await h.waitForWebhook('call.dequeued', (p) => p.call_control_id === ids[1]);
    expect(left.body.data.payload).toMatchObject({ reason: 'leave', queue: 'support', queue_position: 2 });
    expect(await positions('support')).toEqual([[ids[0], 1], [ids[2], 2], [ids[3], 3]]);

    await h.client.calls.actions.hangup(ids[0]!, {});
    const hungUp = await h.waitForWebhook('call.dequeued', (p) => p.call_control_id === ids[0]);
    expect(hungUp.body.data.payload).toMatchObject({ reason: 'hangup', queue_position: 1 });
    expect(await positions('support')).toEqual([[ids[2], 1], [ids[3], 2]]);
    const queue = await h.client.queues.retrieve('support');
    expect(queue.data?.current_size).toBe(2);
  });

  it('a caller who runs out of patience abandons: call.dequeued (hangup) then call.hangup', async () => {
    const { callControlId } = await h.sim.injectInboundCall({ queue: 'support', patienceSecs: 5 }); // 5 s × 0.02 = 100 ms
    await h.waitForWebhook('call.hangup', (p) => p.call_control_id === callControlId);
    expect(h.eventsFor(callControlId)).toEqual(['call.initiated', 'call.answered', 'call.enqueued', 'call.dequeued', 'call.hangup']);
    const dequeued = await h.waitForWebhook('call.dequeued', (p) => p.call_control_id === callControlId);
    expect(dequeued.body.data.payload.reason).toBe('hangup');
    expect(h.sim.snapshot().queues.find((q) => q.name === 'support')?.call_control_ids).toEqual([]);
  });

  it('a queued call taken into a conference leaves the queue with call.dequeued (bridged) before joining', async () => {
    const { callControlId: first } = await h.sim.injectInboundCall({ queue: 'sales' });
    const { callControlId: second } = await h.sim.injectInboundCall({ queue: 'sales' });
    const conf = await h.client.conferences.create({ call_control_id: first, name: 'take-1' });
    await h.waitForWebhook('conference.participant.joined', (p) => p.call_control_id === first);
    expect(h.eventsFor(first)).toEqual(['call.initiated', 'call.answered', 'call.enqueued', 'call.dequeued', 'conference.created', 'conference.participant.joined']);
    const dequeued = await h.waitForWebhook('call.dequeued', (p) => p.call_control_id === first);
    expect(dequeued.body.data.payload).toMatchObject({ reason: 'bridged', queue_position: 1 });
    expect(await positions('sales')).toEqual([[second, 1]]);

    // The same through join: a queued call joined to an existing conference.
    await h.client.conferences.actions.join(conf.data!.id, { call_control_id: second });
    await h.waitForWebhook('call.dequeued', (p) => p.call_control_id === second && p.reason === 'bridged');
    expect(await positions('sales')).toEqual([]);
    expect(h.sim.snapshot().calls.find((c) => c.call_control_id === second)?.state).toBe('in_conference');
  });

  it('enqueue on an unanswered leg answers 90034; on a conference participant it leaves the conference first', async () => {
    h.sim.setDialPolicy([{ match: 'sip:slow*', outcome: 'answer', afterSecs: 1000 }]);
    const slow = await h.client.calls.dial({ connection_id: 'c', from: '+1555', to: 'sip:slow@example.com' });
    expect(await code(h.client.calls.actions.enqueue(slow.data!.call_control_id!, { queue_name: 'support' }))).toBe('90034');
    const { callControlId } = await h.sim.injectInboundCall({ queue: 'support' });
    const conf = await h.client.conferences.create({ call_control_id: callControlId, name: 'back-to-queue' });
    const a = await agent();
    await h.client.conferences.actions.join(conf.data!.id, { call_control_id: a });
    await h.client.calls.actions.enqueue(callControlId, { queue_name: 'support' });
    await h.waitForWebhook('call.enqueued', (p) => p.call_control_id === callControlId && h.eventsFor(callControlId).includes('conference.participant.left'));
    const events = h.eventsFor(callControlId);
    expect(events.slice(-2)).toEqual(['conference.participant.left', 'call.enqueued']);
  });
});

describe('conference rules', () => {
  it('ended conferences answer 90019, unknown ones 90058', async () => {
    const { callControlId } = await h.sim.injectInboundCall({ queue: 'support' });
    const conf = await h.client.conferences.create({ call_control_id: callControlId, name: 'short' });
    await h.client.conferences.actions.leave(conf.data!.id, { call_control_id: callControlId });
    const ended = await h.waitForWebhook('conference.ended', (p) => p.conference_id === conf.data!.id);
    expect(ended.body.data.payload.reason).toBe('all_left');
    expect(h.sim.snapshot().calls.find((c) => c.call_control_id === callControlId)?.state).toBe('parked');
    for (const action of [
      h.client.conferences.actions.hold(conf.data!.id, {}),
      h.client.conferences.actions.join(conf.data!.id, { call_control_id: callControlId }),
      h.client.conferences.actions.recordStart(conf.data!.id, { format: 'mp3' }),
      h.client.conferences.actions.endConference(conf.data!.id),
    ]) expect(await code(action)).toBe('90019');
    expect(await code(h.client.conferences.actions.hold('no-such-conference', {}))).toBe('90058');
    // The name is free again once the conference ended.
    await h.client.conferences.create({ call_control_id: callControlId, name: 'short' });
  });

  it('hold without ids holds everyone; unhold requires ids', async () => {
    const { callControlId: caller } = await h.sim.injectInboundCall({ queue: 'support' });
    const conf = await h.client.conferences.create({ call_control_id: caller, name: 'hold-all' });
    const a = await agent();
    await h.client.conferences.actions.join(conf.data!.id, { call_control_id: a });
    await h.client.conferences.actions.hold(conf.data!.id, {});
    const onHold = await h.client.conferences.listParticipants(conf.data!.id, { filter: { on_hold: true } });
    expect(onHold.data.map((p) => p.call_control_id).sort()).toEqual([a, caller].sort());
    expect(await code(h.client.conferences.actions.unhold(conf.data!.id, { call_control_ids: [] }))).toBe('10004');
    await h.client.conferences.actions.unhold(conf.data!.id, { call_control_ids: [caller] });
    const snapshot = h.sim.snapshot().conferences.find((c) => c.id === conf.data!.id)!;
    expect(snapshot.participants.map((p) => [p.call_control_id, p.on_hold])).toEqual([[caller, false], [a, true]]);
    expect(await code(h.client.conferences.actions.unhold(conf.data!.id, { call_control_ids: ['v3:stranger'] }))).toBe('90015');
  });

  it('whisper targets: set on join, listed via filter[whispering], changed live by update', async () => {
    const { callControlId: caller } = await h.sim.injectInboundCall({ queue: 'support' });
    const conf = await h.client.conferences.create({ call_control_id: caller, name: 'coaching' });
    const a = await agent('sip:agent@example.com');
    const supervisor = await agent('sip:supervisor@example.com');
    await h.client.conferences.actions.join(conf.data!.id, { call_control_id: a });
    await h.client.conferences.actions.join(conf.data!.id, { call_control_id: supervisor, supervisor_role: 'monitor' });
    expect((await h.client.conferences.listParticipants(conf.data!.id, { filter: { whispering: true } })).data).toEqual([]);
    await h.client.conferences.actions.update(conf.data!.id, { call_control_id: supervisor, supervisor_role: 'whisper', whisper_call_control_ids: [a] });
    const whispering = await h.client.conferences.listParticipants(conf.data!.id, { filter: { whispering: true } });
    expect(whispering.data.map((p) => [p.call_control_id, p.whisper_call_control_ids])).toEqual([[supervisor, [a]]]);
    const notWhispering = await h.client.conferences.listParticipants(conf.data!.id, { filter: { whispering: false } });
    expect(notWhispering.data.map((p) => p.call_control_id).sort()).toEqual([a, caller].sort());
    expect(h.sim.snapshot().conferences[0]?.participants.find((p) => p.call_control_id === supervisor))
      .toMatchObject({ supervisor_role: 'whisper', whisper_call_control_ids: [a] });
    await h.client.conferences.actions.update(conf.data!.id, { call_control_id: supervisor, supervisor_role: 'barge' });
    expect(h.sim.snapshot().conferences[0]?.participants.find((p) => p.call_control_id === supervisor))
      .toMatchObject({ supervisor_role: 'barge', whisper_call_control_ids: [] });
    expect(await code(h.client.conferences.actions.update(conf.data!.id, { call_control_id: supervisor, supervisor_role: 'boss' as never }))).toBe('10032');
  });

  it('recording pause/resume/stop produces one saved recording; conference end saves an active one', async () => {
    const { callControlId: caller } = await h.sim.injectInboundCall({ queue: 'support' });
    const conf = await h.client.conferences.create({ call_control_id: caller, name: 'recorded' });
    await h.client.conferences.actions.recordStart(conf.data!.id, { format: 'mp3', channels: 'dual' });
    expect(h.sim.snapshot().recordings[0]?.status).toBe('recording');
    await h.client.conferences.actions.recordPause(conf.data!.id, {});
    expect(h.sim.snapshot().recordings[0]?.status).toBe('paused');
    await h.client.conferences.actions.recordResume(conf.data!.id, {});
    expect(await code(h.client.conferences.actions.recordStart(conf.data!.id, { format: 'wav' }))).toBe('10015');
    await h.client.conferences.actions.recordStop(conf.data!.id, {});
    const saved = await h.waitForWebhook('conference.recording.saved', (p) => p.conference_id === conf.data!.id);
    expect(saved.body.data.payload).toMatchObject({ format: 'mp3', channels: 'dual', recording_id: h.sim.snapshot().recordings[0]?.id });
    expect((await fetch(saved.body.data.payload.recording_urls.mp3)).status).toBe(200);
    expect(await code(h.client.conferences.actions.recordPause(conf.data!.id, {}))).toBe('10005');

    await h.client.conferences.actions.recordStart(conf.data!.id, { format: 'wav' });
    await h.client.conferences.actions.endConference(conf.data!.id);
    await h.waitForWebhook('conference.ended', (p) => p.conference_id === conf.data!.id);
    const saves = h.webhooks.filter((w) => w.body.data.event_type === 'conference.recording.saved');
    expect(saves.map((w) => w.body.data.payload.format)).toEqual(['mp3', 'wav']);
    expect(h.sim.snapshot().recordings.map((r) => r.status)).toEqual(['saved', 'saved']);
  });

  it('max_participants is enforced with 90032; end_conference_on_exit ends it (host_left) and hangs up the rest', async () => {
    const { callControlId: caller } = await h.sim.injectInboundCall({ queue: 'support' });
    const conf = await h.client.conferences.create({ call_control_id: caller, name: 'small', max_participants: 2 });
    const a = await agent();
    await h.client.conferences.actions.join(conf.data!.id, { call_control_id: a, end_conference_on_exit: true });
    const extra = await agent('sip:extra@example.com');
    expect(await code(h.client.conferences.actions.join(conf.data!.id, { call_control_id: extra }))).toBe('90032');
    await h.client.conferences.actions.leave(conf.data!.id, { call_control_id: a });
    const ended = await h.waitForWebhook('conference.ended', (p) => p.conference_id === conf.data!.id);
    expect(ended.body.data.payload.reason).toBe('host_left');
    await h.waitForWebhook('call.hangup', (p) => p.call_control_id === caller);
    expect(h.sim.snapshot().calls.find((c) => c.call_control_id === a)?.state).toBe('parked');
  });

  it('floor changes between talkers once two participants are in', async () => {
    const { callControlId: caller } = await h.sim.injectInboundCall({ queue: 'support' });
    const conf = await h.client.conferences.create({ call_control_id: caller, name: 'talking' });
    const a = await agent();
    await h.client.conferences.actions.join(conf.data!.id, { call_control_id: a });
    await until(() => h.webhooks.filter((w) => w.body.data.event_type === 'conference.floor.changed').length >= 3, 'floor changes', 5000);
    const speakers = h.webhooks.filter((w) => w.body.data.event_type === 'conference.floor.changed').map((w) => w.body.data.payload.call_control_id);
    for (let i = 1; i < speakers.length; i++) expect(speakers[i]).not.toBe(speakers[i - 1]);
    expect(new Set(speakers)).toEqual(new Set([a, caller]));
    await h.client.conferences.actions.endConference(conf.data!.id);
  });
});

describe('call rules', () => {
  it('dial policy: busy and no_answer legs hang up with the right cause', async () => {
    h.sim.setDialPolicy([
      { match: 'sip:busy@example.com', outcome: 'busy' },
      { match: /noanswer/, outcome: 'no_answer' },
    ]);
    const busy = await h.client.calls.dial({ connection_id: 'c', from: '+1555', to: 'sip:busy@example.com' });
    const hangup = await h.waitForWebhook('call.hangup', (p) => p.call_control_id === busy.data!.call_control_id);
    expect(hangup.body.data.payload).toMatchObject({ hangup_cause: 'user_busy', hangup_source: 'callee' });
    const quiet = await h.client.calls.dial({ connection_id: 'c', from: '+1555', to: 'sip:noanswer@example.com', timeout_secs: 5 });
    const timeout = await h.waitForWebhook('call.hangup', (p) => p.call_control_id === quiet.data!.call_control_id);
    expect(timeout.body.data.payload.hangup_cause).toBe('timeout');
    expect(h.eventsFor(quiet.data!.call_control_id!)).toEqual(['call.initiated', 'call.hangup']);
    expect(await code(h.client.conferences.create({ call_control_id: quiet.data!.call_control_id!, name: 'x' }))).toBe('90018');
  });

  it('hanging up a bridged leg hangs up its peer', async () => {
    const a = await agent('sip:a@example.com');
    const b = await agent('sip:b@example.com');
    await h.client.calls.actions.bridge(a, { call_control_id_to_bridge_with: b });
    await h.client.calls.actions.hangup(a, {});
    await h.waitForWebhook('call.hangup', (p) => p.call_control_id === b);
    expect(h.eventsFor(b)).toEqual(['call.initiated', 'call.answered', 'call.bridged', 'call.hangup']);
  });
});
