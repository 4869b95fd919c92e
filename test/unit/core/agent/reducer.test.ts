import { describe, expect, it } from 'vitest';
import { CALL_DIRECTORY_LIMIT, initialModel, SEEN_EVENT_LIMIT, toAgentState, type AgentModel } from '../../../../electron/core/agent/model';
import {
  applyEvent,
  applySnapshot,
  beginPending,
  enterConference,
  failCommand,
  nextQueueCall,
  recordingTransitions,
  rememberCall,
  rememberRole,
  setAgentLeg,
  setAgentStatus,
  setParticipantFlag,
  setParticipants,
  setRecording,
  settlePending,
} from '../../../../electron/core/agent/reducer';
import type { TelnyxEvent } from '../../../../electron/core/agent/telnyx-event';
import { decodedEvent } from '../../../support/telnyx-events';

let seq = 0;
const at = (s: number) => new Date(Date.UTC(2026, 0, 1, 12, 0, s)).toISOString();
const ev = (eventType: string, second: number, payload: Record<string, unknown>, id = `ev-${++seq}`): TelnyxEvent =>
  decodedEvent(id, eventType, at(second), payload);
const base = (): AgentModel => initialModel({ mode: 'demo', endpoint: 'sip:agent@x.invalid', watchedQueues: ['support', 'sales'] });
const apply = (m: AgentModel, ...events: TelnyxEvent[]) => events.reduce((acc, e) => applyEvent(acc, e).model, m);
const calls = (m: AgentModel, q = 'support') => m.queues.find((x) => x.name === q)!.calls;

describe('queue events', () => {
  it('adds enqueued callers with the caller number from call.initiated, in position order', () => {
    const m = apply(
      base(),
      ev('call.initiated', 1, { call_control_id: 'c1', from: '+1555000001', to: '+1555', direction: 'incoming' }),
      ev('call.enqueued', 2, { call_control_id: 'c1', queue: 'support', current_position: 1 }),
      ev('call.enqueued', 3, { call_control_id: 'c2', queue: 'support', current_position: 2 }),
    );
    expect(calls(m).map((c) => [c.callControlId, c.position, c.from])).toEqual([
      ['c1', 1, '+1555000001'],
      ['c2', 2, ''],
    ]);
    expect(m.queues[0]!.longestWaitingSince).toBe(at(2));
    expect(nextQueueCall(m)?.callControlId).toBe('c1');
  });

  it('ignores queues the agent does not watch', () => {
    const m = apply(base(), ev('call.enqueued', 1, { call_control_id: 'c1', queue: 'billing', current_position: 1 }));
    expect(m.queues.flatMap((q) => q.calls)).toHaveLength(0);
  });

  it('dequeue removes the call and moves the calls behind it up', () => {
    const m = apply(
      base(),
      ev('call.enqueued', 1, { call_control_id: 'c1', queue: 'support', current_position: 1 }),
      ev('call.enqueued', 2, { call_control_id: 'c2', queue: 'support', current_position: 2 }),
      ev('call.dequeued', 3, { call_control_id: 'c1', queue: 'support', reason: 'leave' }),
    );
    expect(calls(m).map((c) => [c.callControlId, c.position])).toEqual([['c2', 1]]);
  });
});

describe('dedupe and ordering', () => {
  it('applies an event id only once', () => {
    const e = ev('call.enqueued', 1, { call_control_id: 'c1', queue: 'support', current_position: 1 });
    const once = applyEvent(base(), e);
    expect(once.applied).toBe(true);
    const dequeued = apply(once.model, ev('call.dequeued', 2, { call_control_id: 'c1' }));
    const twice = applyEvent(dequeued, e);
    expect(twice.applied).toBe(false);
    expect(calls(twice.model)).toHaveLength(0);
  });

  it('never lets an older event overwrite newer state', () => {
    // dequeued (t=5) arrives before the enqueued (t=2) it follows
    const m = apply(
      base(),
      ev('call.dequeued', 5, { call_control_id: 'c1', queue: 'support' }),
      ev('call.enqueued', 2, { call_control_id: 'c1', queue: 'support', current_position: 1 }),
    );
    expect(calls(m)).toHaveLength(0);
  });

  it('a late terminal event (hangup) still applies', () => {
    let m = setAgentLeg(setAgentStatus(base(), 'connecting'), { callControlId: 'a1', state: 'dialing', since: at(0) });
    m = apply(m, ev('call.answered', 5, { call_control_id: 'a1' }), ev('call.hangup', 4, { call_control_id: 'a1' }));
    expect(m.agent.leg).toBeUndefined();
    expect(m.agent.status).toBe('offline');
  });

  it('keeps dedupe memory bounded: the oldest ids are forgotten first, newer ones still dedupe', () => {
    let m = base();
    const first = ev('call.enqueued', 1, { call_control_id: 'c0', queue: 'support', current_position: 1 });
    m = apply(m, first);
    for (let i = 1; i <= SEEN_EVENT_LIMIT; i++) m = apply(m, ev('conference.speak.ended', 2, { conference_id: `k${i}` }));
    expect(m.ledger.size).toBe(SEEN_EVENT_LIMIT);
    const last = ev('conference.speak.ended', 2, { conference_id: 'k-last' });
    m = apply(m, last);
    expect(applyEvent(m, last).applied).toBe(false);
    // `first` fell out of the bounded set: it is no longer known as a duplicate.
    expect(applyEvent(m, { ...first, payload: { ...first.payload } } as TelnyxEvent).applied).toBe(true);
  });

  it('refuses an event given to a model the store has moved past (the ledger is shared, not copied)', () => {
    const start = base();
    apply(start, ev('call.enqueued', 1, { call_control_id: 'c1', queue: 'support', current_position: 1 }));
    expect(() => applyEvent(start, ev('call.dequeued', 2, { call_control_id: 'c1' }))).toThrow(/not the newest/);
  });

  it('keeps the call directory bounded, the least recently written leg forgotten first, and refuses writes through an old model', () => {
    const start = base();
    let m = apply(start, ev('call.initiated', 1, { call_control_id: 'first', from: '+1555000001', to: '+1555', direction: 'incoming' }));
    for (let i = 0; i < CALL_DIRECTORY_LIMIT; i++) m = rememberCall(m, `leg-${i}`, { state: 'initiated' });
    expect(m.calls.get('first')).toBeUndefined();
    expect(m.calls.get(`leg-${CALL_DIRECTORY_LIMIT - 1}`)).toEqual({ state: 'initiated' });
    expect(() => rememberCall(start, 'late', { state: 'hangup' })).toThrow(/not the newest/);
  });

  it('force re-applies an event on top of a snapshot without double counting', () => {
    const joined = ev('conference.participant.joined', 3, { conference_id: 'k1', call_control_id: 'p1' });
    let m = applySnapshot(base(), {
      takenAt: at(4),
      queues: [],
      conferences: [{ id: 'k1', name: 'k', status: 'in_progress', createdAt: at(1), participantCount: 1, isMine: false }],
      conferenceMembers: new Map([['k1', new Set(['p1'])]]),
    });
    m = applyEvent(m, joined, { force: true }).model;
    expect(m.conferences[0]!.participantCount).toBe(1);
  });
});

describe('conference list read racing webhooks (the reconciler replays what arrived during the read)', () => {
  const summary = (id: string) => ({ id, name: id, status: 'in_progress' as const, createdAt: at(1), participantCount: 0, isMine: false });
  const snapshot = (conferences: string[], members: Record<string, string[]>) => ({
    takenAt: at(10),
    queues: [],
    conferences: conferences.map(summary),
    conferenceMembers: new Map(Object.entries(members).map(([id, legs]) => [id, new Set(legs)])),
  });
  /** As reconciler.ts installs a read: the snapshot, then every event that arrived while it was taken. */
  const install = (m: AgentModel, snap: ReturnType<typeof snapshot>, arrived: TelnyxEvent[]) =>
    arrived.reduce((x, e) => applyEvent(x, e, { force: true }).model, applySnapshot(m, snap));
  const twoParticipants = () =>
    apply(
      base(),
      ev('conference.created', 1, { conference_id: 'k1', name: 'k1' }),
      ev('conference.participant.joined', 2, { conference_id: 'k1', call_control_id: 'agent' }),
      ev('conference.participant.joined', 3, { conference_id: 'k1', call_control_id: 'caller' }),
    );
  const counts = (m: AgentModel) => m.conferences.map((c) => [c.id, c.participantCount]);

  it('a read taken before a hang-up does not bring the caller back', () => {
    const hangUp = ev('conference.participant.left', 4, { conference_id: 'k1', call_control_id: 'caller' });
    const m = install(apply(twoParticipants(), hangUp), snapshot(['k1'], { k1: ['agent', 'caller'] }), [hangUp]);
    expect(counts(m)).toEqual([['k1', 1]]);
  });

  it('a join the read already saw is not counted twice', () => {
    const join = ev('conference.participant.joined', 4, { conference_id: 'k1', call_control_id: 'barge' });
    const m = install(apply(twoParticipants(), join), snapshot(['k1'], { k1: ['agent', 'caller', 'barge'] }), [join]);
    expect(counts(m)).toEqual([['k1', 3]]);
  });

  it('a conference created during the read (not in it) comes back with its joins counted; one ended meanwhile stays gone', () => {
    const arrived = [
      ev('conference.ended', 4, { conference_id: 'k1' }),
      ev('conference.created', 5, { conference_id: 'k2', name: 'k2' }),
      ev('conference.participant.joined', 6, { conference_id: 'k2', call_control_id: 'agent-2' }),
      ev('conference.participant.joined', 7, { conference_id: 'k2', call_control_id: 'caller-2' }),
    ];
    const m = install(apply(twoParticipants(), ...arrived), snapshot(['k1'], { k1: ['agent', 'caller'] }), arrived);
    expect(counts(m)).toEqual([['k2', 2]]);
  });

  it('a read with nothing arriving is the truth, even against our count; a conference whose participants were not read keeps ours', () => {
    const m = applySnapshot(twoParticipants(), snapshot(['k1', 'k9'], { k1: ['agent', 'caller', 'monitor'] }));
    expect(counts(m)).toEqual([['k1', 3], ['k9', 0]]);
    const unread = applySnapshot(m, snapshot(['k1'], {}));
    expect(counts(unread)).toEqual([['k1', 3]]);
  });
});

describe('agent leg', () => {
  it('goes available when the dialled leg is answered, even if call.answered came before the dial response', () => {
    let m = apply(setAgentStatus(base(), 'connecting'), ev('call.answered', 1, { call_control_id: 'a1' }));
    m = setAgentLeg(m, { callControlId: 'a1', state: 'dialing', since: at(0) });
    expect(m.agent.status).toBe('available');
    expect(m.agent.leg?.state).toBe('parked');
  });
});

function inCall(): AgentModel {
  let m = setAgentLeg(setAgentStatus(base(), 'available'), { callControlId: 'a1', state: 'parked', since: at(0) });
  m = enterConference(m, { id: 'k1', name: 'sb-support-1', createdAt: at(1), myRole: 'agent', caller: { callControlId: 'c1', from: '+1555000001', queue: 'support' } });
  return apply(m, ev('conference.participant.joined', 2, { conference_id: 'k1', call_control_id: 'a1' }));
}

describe('own conference', () => {
  it('knows who is the caller and who is the agent', () => {
    const m = inCall();
    expect(m.conference!.participants.map((p) => [p.callControlId, p.kind])).toEqual([
      ['c1', 'caller'],
      ['a1', 'agent'],
    ]);
    expect(m.agent.leg?.state).toBe('in-conference');
    expect(m.conference).toMatchObject({ id: 'k1', queue: 'support' });
  });

  it('our leg leaving parks it and starts wrap-up', () => {
    const m = apply(inCall(), ev('conference.participant.left', 9, { conference_id: 'k1', call_control_id: 'a1' }));
    expect(m.conference).toBeUndefined();
    expect(m.agent.status).toBe('wrap-up');
    expect(m.agent.leg?.state).toBe('parked');
  });

  it('floor changes mark the speaker', () => {
    const m = apply(inCall(), ev('conference.floor.changed', 3, { conference_id: 'k1', call_control_id: 'c1' }));
    expect(m.conference!.participants.find((p) => p.callControlId === 'c1')?.speaking).toBe(true);
    expect(m.conference!.floorCallControlId).toBe('c1');
  });
});

describe('pending commands', () => {
  it('an optimistic mute is pending until the participant list confirms it', () => {
    let m = beginPending(inCall(), { id: 'op1', method: 'conference.mute', startedAt: at(3) });
    m = setParticipantFlag(m, 'k1', ['a1'], 'muted', true);
    const me = () => m.conference!.participants.find((p) => p.callControlId === 'a1')!;
    expect(me()).toMatchObject({ muted: true, pending: ['muted'] });
    // An unrelated re-read (still showing the old value) does not flip the optimistic value back.
    m = setParticipants(m, 'k1', [
      { callControlId: 'c1', status: 'joined', muted: false, onHold: false, whisperTargets: [] },
      { callControlId: 'a1', status: 'joined', muted: false, onHold: false, whisperTargets: [] },
    ]);
    expect(me()).toMatchObject({ muted: true, pending: ['muted'] });
    // The confirming read settles it with Telnyx's value.
    m = setParticipants(m, 'k1', [
      { callControlId: 'c1', status: 'joined', muted: false, onHold: false, whisperTargets: [] },
      { callControlId: 'a1', status: 'joined', muted: true, onHold: false, whisperTargets: [] },
    ], ['muted']);
    m = settlePending(m, 'op1');
    expect(me()).toMatchObject({ muted: true, pending: [] });
    expect(m.pending).toEqual([]);
  });

  it('a failure removes the pending entry and records Telnyx\'s title', () => {
    let m = beginPending(inCall(), { id: 'op1', method: 'conference.hold', startedAt: at(3) });
    m = failCommand(m, {
      id: 'f1',
      method: 'conference.hold',
      error: { code: 'TELNYX', message: 'Conference has already ended', telnyx: { status: 422, code: '90019', title: 'Conference has already ended' } },
      at: at(4),
    }, 'op1');
    expect(m.pending).toEqual([]);
    expect(toAgentState(m, 1).failures[0]?.error.telnyx?.title).toBe('Conference has already ended');
  });
});

describe('supervisor role memory', () => {
  it('keeps the role the console set, since Telnyx never returns it', () => {
    let m = inCall();
    m = rememberRole(m, 's1', 'barge', []);
    m = setParticipants(m, 'k1', [
      { callControlId: 'c1', status: 'joined', muted: false, onHold: false, whisperTargets: [] },
      { callControlId: 'a1', status: 'joined', muted: false, onHold: false, whisperTargets: [] },
      { callControlId: 's1', status: 'joined', muted: false, onHold: false, whisperTargets: [] },
    ]);
    expect(m.conference!.participants.find((p) => p.callControlId === 's1')).toMatchObject({ supervisorRole: 'barge', kind: 'supervisor' });
  });

  it('infers whisper from a non-empty whisper list when the role was set elsewhere', () => {
    const m = setParticipants(inCall(), 'k1', [
      { callControlId: 'c1', status: 'joined', muted: false, onHold: false, whisperTargets: [] },
      { callControlId: 's9', status: 'joined', muted: false, onHold: false, whisperTargets: ['a1'] },
    ]);
    expect(m.conference!.participants.find((p) => p.callControlId === 's9')).toMatchObject({ supervisorRole: 'whisper', whisperTargets: ['a1'] });
  });
});

describe('recording state machine', () => {
  it('off → starting → recording ⇄ paused → stopping → off', () => {
    expect(recordingTransitions.start).toEqual({ from: ['off'], during: 'starting', to: 'recording' });
    expect(recordingTransitions.pause.from).toEqual(['recording']);
    expect(recordingTransitions.resume.from).toEqual(['paused']);
    expect(recordingTransitions.stop.from).toEqual(['recording', 'paused']);
    let m = setRecording(inCall(), 'k1', 'starting', { pending: true });
    expect(m.conference!.recording).toEqual({ state: 'starting', pending: true });
    m = setRecording(m, 'k1', 'recording', { startedAt: at(5) });
    m = setRecording(m, 'k1', 'paused');
    expect(m.conference!.recording).toEqual({ state: 'paused', startedAt: at(5) });
    m = setRecording(m, 'k1', 'stopping', { pending: true });
    m = apply(m, ev('conference.recording.saved', 9, { conference_id: 'k1', recording_id: 'r1', recording_urls: { mp3: 'http://x/r1.mp3', wav: null } }));
    expect(m.conference!.recording).toEqual({ state: 'off' });
  });

  it('conference end turns recording off and puts the agent in wrap-up', () => {
    let m = setRecording(inCall(), 'k1', 'recording', { startedAt: at(5) });
    m = apply(m, ev('conference.ended', 10, { conference_id: 'k1' }));
    expect(m.conference).toBeUndefined();
    expect(m.agent.status).toBe('wrap-up');
  });
});

describe('snapshot', () => {
  it('replaces queues with REST and drops a conference our leg is no longer in', () => {
    const m = applySnapshot(inCall(), {
      takenAt: at(20),
      queues: [{ name: 'support', calls: [{ callControlId: 'c7', queue: 'support', position: 1, from: '+1', to: '+2', enqueuedAt: at(10), isAlive: true }], averageWaitSecs: 10 }],
      agentLegAlive: true,
      conferences: [],
      conferenceMembers: new Map(),
      myConference: null,
    });
    expect(calls(m).map((c) => c.callControlId)).toEqual(['c7']);
    expect(m.queues[0]!.averageWaitSecs).toBe(10);
    expect(m.conference).toBeUndefined();
    expect(m.agent.status).toBe('wrap-up');
  });

  it('a dead agent leg takes the agent offline', () => {
    const m = applySnapshot(setAgentLeg(setAgentStatus(base(), 'available'), { callControlId: 'a1', state: 'parked', since: at(0) }), {
      takenAt: at(20),
      queues: [],
      agentLegAlive: false,
      conferences: [],
      conferenceMembers: new Map(),
    });
    expect(m.agent).toMatchObject({ status: 'offline' });
    expect(m.agent.leg).toBeUndefined();
  });
});
