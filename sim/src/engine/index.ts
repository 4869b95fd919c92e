// The Call Control state machine: every REST command and every synthetic event changes state
// here, and every state change emits the webhooks Telnyx would emit, in causal order.
//
// CallControlEngine is the only entry point (server.ts routes REST commands to it, scenario.ts
// injects callers, ../index.ts snapshots its state). It forwards each command to the part that
// owns it; the parts share one EngineCore and call one another through it:
//   core.ts         the state maps, the webhook emitter, leg lookups, the wiring of the parts
//   calls.ts        dial, inbound callers, answer, hangup, bridge, transfer, call speak/playback
//   queues.ts       enqueue, leave_queue, queue positions, queue and queue-call resources
//   conferences.ts  create, participants, hold/mute, floor changes, recordings, every action
//   media.ts        speak/playback timelines of a call leg and of a conference
//   paging.ts       list pages and their meta
import * as I from '../inferences';
import type { CallLeg, CallQueue, Conference, DialPolicyRule, Recording } from '../model';
import type { Body, Query } from '../params';
import { EngineCore, type EngineOptions } from './core';

export type { EngineOptions } from './core';
export { paginate, type Page } from './paging';

export class CallControlEngine {
  readonly legs: Map<string, CallLeg>;
  readonly queues: Map<string, CallQueue>;
  readonly conferences: Map<string, Conference>;
  readonly recordings: Map<string, Recording>;
  private readonly core: EngineCore;

  constructor(o: EngineOptions) {
    this.core = new EngineCore(o);
    this.legs = this.core.legs;
    this.queues = this.core.queues;
    this.conferences = this.core.conferences;
    this.recordings = this.core.recordings;
  }

  setDialPolicy(rules: DialPolicyRule[]): void {
    this.core.calls.setDialPolicy(rules);
  }

  // ───────────────────────────── calls (calls.ts) ─────────────────────────────

  dial(body: Body) { return this.core.calls.dial(body); }
  /** A caller arriving from the PSTN, answered and enqueued at once as a customer's IVR would. */
  injectInboundCall(o: { queue: string; from: string; to: string; connectionId?: string; synthetic?: { patienceSecs: number; talkSecs: number } }): CallLeg {
    return this.core.calls.injectInboundCall(o);
  }
  retrieveCall(callControlId: string) { return this.core.calls.retrieveCall(callControlId); }
  answer(callControlId: string, body: Body) { this.core.calls.answer(callControlId, body); }
  hangup(callControlId: string, body: Body) { this.core.calls.hangup(callControlId, body); }
  bridge(callControlId: string, body: Body) { this.core.calls.bridge(callControlId, body); }
  transfer(callControlId: string, body: Body) { this.core.calls.transfer(callControlId, body); }
  speakOnCall(callControlId: string, body: Body) { this.core.calls.speakOnCall(callControlId, body); }
  startPlayback(callControlId: string, body: Body) { this.core.calls.startPlayback(callControlId, body); }
  stopPlayback(callControlId: string, body: Body) { this.core.calls.stopPlayback(callControlId, body); }
  switchSupervisorRole(callControlId: string, body: Body) { this.core.calls.switchSupervisorRole(callControlId, body); }

  // ───────────────────────────── queues (queues.ts) ─────────────────────────────

  enqueue(callControlId: string, body: Body) { this.core.queueing.enqueue(callControlId, body); }
  leaveQueue(callControlId: string, body: Body) { this.core.queueing.leaveQueue(callControlId, body); }
  listQueues(query: Query) { return this.core.queueing.listQueues(query); }
  createQueue(body: Body) { return this.core.queueing.createQueue(body); }
  retrieveQueue(name: string) { return this.core.queueing.retrieveQueue(name); }
  updateQueue(name: string, body: Body) { return this.core.queueing.updateQueue(name, body); }
  deleteQueue(name: string) { this.core.queueing.deleteQueue(name); }
  listQueueCalls(name: string, query: Query) { return this.core.queueing.listQueueCalls(name, query); }
  retrieveQueueCall(name: string, callControlId: string) { return this.core.queueing.retrieveQueueCall(name, callControlId); }
  updateQueueCall(name: string, callControlId: string, body: Body) { this.core.queueing.updateQueueCall(name, callControlId, body); }
  removeQueueCall(name: string, callControlId: string) { this.core.queueing.removeQueueCall(name, callControlId); }

  // ───────────────────────────── conferences (conferences.ts) ─────────────────────────────

  listConferences(query: Query) { return this.core.conferencing.listConferences(query); }
  retrieveConference(idOrName: string) { return this.core.conferencing.retrieveConference(idOrName); }
  createConference(body: Body) { return this.core.conferencing.createConference(body); }
  listParticipants(idOrName: string, query: Query) { return this.core.conferencing.listParticipants(idOrName, query); }
  retrieveParticipant(idOrName: string, participantId: string) { return this.core.conferencing.retrieveParticipant(idOrName, participantId); }
  updateParticipant(idOrName: string, participantId: string, body: Body) {
    return this.core.conferencing.updateParticipant(idOrName, participantId, body);
  }
  /** join, leave, hold, unhold, mute, unmute, play, stop, speak, record_*, update, end. */
  conferenceAction(idOrName: string, action: string, body: Body): void { this.core.conferencing.conferenceAction(idOrName, action, body); }
  recordingUrls(recording: Recording) { return this.core.conferencing.recordingUrls(recording); }

  // ───────────────────────────── housekeeping ─────────────────────────────

  /** Forgets hung-up calls and completed conferences after their retention period. */
  sweep(now = Date.now()): void {
    for (const [id, leg] of this.legs) {
      if (!leg.alive && leg.endTime && now - leg.endTime.getTime() > I.ENDED_CALL_RETENTION_MS && !leg.queueName) this.legs.delete(id);
    }
    for (const [id, conf] of this.conferences) {
      if (conf.endedAt && now - conf.endedAt.getTime() > I.ENDED_CONFERENCE_RETENTION_MS) this.conferences.delete(id);
    }
  }

  /** Cancels every pending per-call timer (the clock also drops them on close). */
  close(): void {
    for (const leg of this.legs.values()) {
      leg.ringTimer?.cancel();
      leg.synthetic?.patienceTimer?.cancel();
      leg.synthetic?.talkTimer?.cancel();
      for (const m of leg.media) m.timer?.cancel();
    }
  }
}
