// The recorder follows the agent store the way the engine wires it (every change, then every
// applied event with the model before it) and writes calls to a real SQLite database.
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { initialModel, type AgentModel } from '../../../../electron/core/agent/model';
import { applyEvent, enterConference, removeQueueCall, setAgentLeg, setAgentStatus, setParticipantFlag } from '../../../../electron/core/agent/reducer';
import { AgentStore } from '../../../../electron/core/agent/store';
import type { TelnyxEvent } from '../../../../electron/core/agent/telnyx-event';
import { openHistoryDatabase, type HistoryDatabase } from '../../../../electron/core/history/database';
import { HistoryStore } from '../../../../electron/core/history/history-store';
import { createHistoryRecorder } from '../../../../electron/core/history/recorder';
import { decodedEvent } from '../../../support/telnyx-events';

let seq = 0;
const t = (s: number) => Date.UTC(2026, 11, 1, 12, 0, s);
const at = (s: number) => new Date(t(s)).toISOString();
const ev = (eventType: string, second: number, payload: Record<string, unknown>): TelnyxEvent => decodedEvent(`ev-${++seq}`, eventType, at(second), payload);

let db: HistoryDatabase;
let history: HistoryStore;
let agent: AgentStore;
let now = t(0);
let changes = 0;

/** As event-intake.ts applies a relay event. */
function deliver(recorder: ReturnType<typeof createHistoryRecorder>, e: TelnyxEvent) {
  const before = agent.model();
  agent.update((m) => applyEvent(m, e).model);
  recorder.event!(e, before);
}

beforeEach(() => {
  db = openHistoryDatabase(undefined);
  history = new HistoryStore(db);
  changes = 0;
  let m: AgentModel = initialModel({ mode: 'demo', endpoint: 'sip:agent@x.invalid', watchedQueues: ['support', 'sales'] });
  m = setAgentLeg(setAgentStatus(m, 'available'), { callControlId: 'a1', state: 'parked', since: at(0) });
  agent = new AgentStore(m);
});
afterEach(() => {
  agent.dispose();
  db.close();
});

function follow() {
  const recorder = createHistoryRecorder({ store: history, now: () => now, changed: () => changes++ });
  agent.onModel((next, prev) => recorder.change!(next, prev));
  return recorder;
}

describe('history recorder', () => {
  it('records a call taken from a queue: wait, hold, talk, wrap-up and its recording', () => {
    const recorder = follow();
    deliver(recorder, ev('call.initiated', 1, { call_control_id: 'c1', from: '+15550001', to: '+1555', direction: 'incoming' }));
    deliver(recorder, ev('call.enqueued', 2, { call_control_id: 'c1', queue: 'support', current_position: 1 }));
    // queue.takeCall: one update removes the waiting call and enters the conference.
    now = t(5);
    agent.update((m) => enterConference(removeQueueCall(m, 'c1'), { id: 'k1', name: 'sb-support-1', createdAt: at(5), myRole: 'agent', caller: { callControlId: 'c1', from: '+15550001', queue: 'support' } }));
    expect(history.byConferenceId('k1')).toMatchObject({ number: '+15550001', queue: 'support', direction: 'inbound', outcome: 'answered', startedAt: at(2), answeredAt: at(5), waitingSecs: 3, callerCallControlId: 'c1', agentCallControlId: 'a1' });
    expect(history.byConferenceId('k1')!.endedAt).toBeUndefined();

    now = t(10);
    agent.update((m) => setParticipantFlag(m, 'k1', ['c1'], 'onHold', true));
    now = t(25);
    agent.update((m) => setParticipantFlag(m, 'k1', ['c1'], 'onHold', false));
    now = t(65);
    deliver(recorder, ev('conference.participant.left', 65, { conference_id: 'k1', call_control_id: 'a1' }));
    expect(agent.model().agent.status).toBe('wrap-up');
    expect(history.byConferenceId('k1')).toMatchObject({ endedAt: at(65), holdSecs: 15, talkingSecs: 45 });

    deliver(recorder, ev('conference.recording.saved', 70, { conference_id: 'k1', recording_id: 'r1', recording_urls: { mp3: 'http://x/r1.mp3', wav: null } }));
    now = t(80);
    agent.update((m) => setAgentStatus(m, 'available'));
    expect(history.byConferenceId('k1')).toMatchObject({ wrapUpSecs: 15, recordings: [{ recordingId: 'r1', mp3: 'http://x/r1.mp3', savedAt: at(70) }] });
    expect(changes).toBe(4); // start, end, recording, wrap-up (hold is written with the end)
  });

  it('records a caller who hung up while waiting in a watched queue as missed, and nothing else', () => {
    const recorder = follow();
    deliver(recorder, ev('call.initiated', 1, { call_control_id: 'c2', from: '+15550002', to: '+1555', direction: 'incoming' }));
    deliver(recorder, ev('call.enqueued', 2, { call_control_id: 'c2', queue: 'sales', current_position: 1 }));
    deliver(recorder, ev('call.dequeued', 47, { call_control_id: 'c2', queue: 'sales', reason: 'hangup' }));
    deliver(recorder, ev('call.enqueued', 50, { call_control_id: 'c3', queue: 'support', current_position: 1 }));
    deliver(recorder, ev('call.dequeued', 51, { call_control_id: 'c3', queue: 'support', reason: 'leave' }));
    deliver(recorder, ev('call.dequeued', 52, { call_control_id: 'c4', queue: 'billing', reason: 'hangup' }));
    const calls = history.list({}, 10).calls;
    expect(calls).toEqual([
      expect.objectContaining({ number: '+15550002', queue: 'sales', outcome: 'missed', startedAt: at(2), endedAt: at(47), waitingSecs: 45, callerCallControlId: 'c2' }),
    ]);
    expect(calls[0]!.conferenceId).toBeUndefined();
  });
});
