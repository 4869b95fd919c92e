// The Call Control state machine: every REST command and every synthetic event changes state
// here, and every state change emits the webhooks Telnyx would emit, in causal order.
//
// CallControlEngine is the only entry point (server.ts routes REST commands to it, scenario.ts
// injects callers, ../index.ts snapshots its state). It forwards each command to the part that
// owns it; the parts share one EngineCore and call one another through it:
//   core.ts         the state maps, the webhook emitter, leg lookups, what each part asks of the others
//   calls.ts        dial, inbound callers, answer, hangup, bridge, transfer
//   call-actions.ts speak, playback start/stop and supervisor role on one call
//   queues.ts       enqueue, leave_queue, queue positions, queue and queue-call resources
//   conferences.ts  create, participants, hold/mute flags, floor changes, saved recordings
//   conference-actions.ts  join … end: each conference action's request, run on conferences.ts
//   conference-views.ts    conference/participant resources, conference webhook ids
//   media.ts        speak/playback timelines of a call leg and of a conference
//   paging.ts       list pages and their meta
//   commands.ts     command_id: a repeated command answers its first result and runs once
import * as I from '../inferences';
import type { CallLeg, CallQueue, Conference, DialPolicyRule, Recording } from '../model';
import { apiErrors } from '../errors';
import type { Body, Query } from '../params';
import { CALL_ACTIONS_WITH_COMMAND_ID } from './commands';
import { CallActions } from './call-actions';
import { Calls } from './calls';
import { ConferenceActions } from './conference-actions';
import { Conferences } from './conferences';
import { EngineCore, type EngineOptions } from './core';
import { playDigitsTo, readDtmf } from './dtmf';
import { Media } from './media';
import { Queues } from './queues';

export type { EngineOptions, SipHeader, SoftphonePort } from './core';

/** How many hung-up calls and completed conferences stay readable at most. */
export interface EndedRecordLimits {
  calls: number;
  conferences: number;
}
export { paginate, type Page } from './paging';

export class CallControlEngine {
  readonly legs: Map<string, CallLeg>;
  readonly queues: Map<string, CallQueue>;
  readonly conferences: Map<string, Conference>;
  readonly recordings: Map<string, Recording>;
  private readonly core: EngineCore;
  private readonly calls: Calls;
  private readonly callCommands: CallActions;
  private readonly queueing: Queues;
  private readonly conferencing: Conferences;
  private readonly conferenceActions: ConferenceActions;

  /** Builds the parts around one core and wires them into it (the parts reach one another through the core). */
  constructor(o: EngineOptions) {
    this.core = new EngineCore(o);
    this.calls = new Calls(this.core);
    this.callCommands = new CallActions(this.core);
    this.queueing = new Queues(this.core);
    this.conferencing = new Conferences(this.core);
    this.conferenceActions = new ConferenceActions(this.core, this.conferencing);
    this.core.wire({ calls: this.calls, queueing: this.queueing, conferencing: this.conferencing, media: new Media(this.core) });
    this.legs = this.core.legs;
    this.queues = this.core.queues;
    this.conferences = this.core.conferences;
    this.recordings = this.core.recordings;
  }

  setDialPolicy(rules: DialPolicyRule[]): void {
    this.calls.setDialPolicy(rules);
  }

  // ───────────────────────────── calls (calls.ts) ─────────────────────────────

  /** Dial: a repeated command_id (any earlier dial) answers the same leg (I.COMMAND_ID_SCOPES). */
  dial(body: Body) {
    return this.core.commandIds.once('dial', body, () => this.calls.dial(body), (leg) => String(leg.call_control_id));
  }
  /** A caller arriving from the PSTN, answered and enqueued at once as a customer's IVR would. */
  injectInboundCall(o: { queue: string; from: string; to: string; connectionId?: string; synthetic?: { patienceSecs: number; talkSecs: number } }): CallLeg {
    return this.calls.injectInboundCall(o);
  }
  /** A WebRTC client answered the invite of a leg dialled to its credential (rtc/gateway.ts). */
  softphoneAnswered(callControlId: string): void { this.calls.softphoneAnswered(callControlId); }
  /** Test controls: the far end of a dialled leg answers, or hangs up (declines while ringing). */
  remoteAnswer(callControlId: string): void { this.calls.remoteAnswer(callControlId); }
  remoteHangup(callControlId: string): void { this.calls.remoteHangup(callControlId); }
  /** A WebRTC client hung up (bye) or rejected such a leg, or its socket closed. */
  softphoneHungUp(callControlId: string): void { this.calls.softphoneHungUp(callControlId); }
  retrieveCall(callControlId: string) { return this.calls.retrieveCall(callControlId); }

  /** The remote party of a live leg presses keys: one `call.dtmf.received` per digit (I.DTMF_SENT_IS_SILENT_AND_RECORDED). */
  pressDigits(callControlId: string, digits: string): void {
    const leg = this.core.answeredLeg(callControlId);
    if (!I.DTMF_DIGITS.test(digits)) throw new Error(`not DTMF digits: ${digits}`);
    for (const digit of digits.replace(/[wW]/g, '')) {
      this.core.emit('call.dtmf.received', { ...this.core.legIds(leg), digit, from: leg.from, to: leg.to });
    }
  }

  /** POST /calls/{id}/actions/{action}; a repeated command_id on the same leg runs nothing (I.COMMAND_ID_SCOPES). */
  callAction(callControlId: string, action: string, body: Body): void {
    const run = this.callActions[action];
    if (!run) throw apiErrors.resourceNotFound(`Unknown call action '${action}'`);
    if (!I.COMMAND_ID_ONLY_WHERE_THE_SPEC_HAS_IT || CALL_ACTIONS_WITH_COMMAND_ID.has(action)) {
      this.core.commandIds.once(`call:${callControlId}`, body, () => run(callControlId, body), () => callControlId);
    } else {
      run(callControlId, body);
    }
  }

  private readonly callActions: Record<string, (callControlId: string, body: Body) => void> = {
    answer: (id, b) => this.calls.answer(id, b),
    hangup: (id, b) => this.calls.hangup(id, b),
    enqueue: (id, b) => this.queueing.enqueue(id, b),
    leave_queue: (id, b) => this.queueing.leaveQueue(id, b),
    bridge: (id, b) => this.calls.bridge(id, b),
    transfer: (id, b) => this.calls.transfer(id, b),
    speak: (id, b) => this.callCommands.speakOnCall(id, b),
    playback_start: (id, b) => this.callCommands.startPlayback(id, b),
    playback_stop: (id, b) => this.callCommands.stopPlayback(id, b),
    switch_supervisor_role: (id, b) => this.callCommands.switchSupervisorRole(id, b),
    send_dtmf: (id, b) => {
      const leg = this.core.answeredLeg(id);
      const { digits } = readDtmf(b);
      this.core.applyClientState(leg, b);
      playDigitsTo(leg, digits);
    },
  };

  // ───────────────────────────── queues (queues.ts) ─────────────────────────────

  listQueues(query: Query) { return this.queueing.listQueues(query); }
  createQueue(body: Body) { return this.queueing.createQueue(body); }
  retrieveQueue(name: string) { return this.queueing.retrieveQueue(name); }
  updateQueue(name: string, body: Body) { return this.queueing.updateQueue(name, body); }
  deleteQueue(name: string) { this.queueing.deleteQueue(name); }
  listQueueCalls(name: string, query: Query) { return this.queueing.listQueueCalls(name, query); }
  retrieveQueueCall(name: string, callControlId: string) { return this.queueing.retrieveQueueCall(name, callControlId); }
  updateQueueCall(name: string, callControlId: string, body: Body) { this.queueing.updateQueueCall(name, callControlId, body); }
  removeQueueCall(name: string, callControlId: string) { this.queueing.removeQueueCall(name, callControlId); }

  // ───────────────────────────── conferences (conferences.ts) ─────────────────────────────

  listConferences(query: Query) { return this.conferencing.listConferences(query); }
  retrieveConference(idOrName: string) { return this.conferencing.retrieveConference(idOrName); }
  /** Create: a repeated command_id from the same leg answers the same conference (I.COMMAND_ID_SCOPES). */
  createConference(body: Body) {
    const creator = typeof body.call_control_id === 'string' ? body.call_control_id : '';
    return this.core.commandIds.once(`create:${creator}`, body, () => this.conferencing.createConference(body), (conf) => String(conf.id));
  }
  listParticipants(idOrName: string, query: Query) { return this.conferencing.listParticipants(idOrName, query); }
  retrieveParticipant(idOrName: string, participantId: string) { return this.conferencing.retrieveParticipant(idOrName, participantId); }
  updateParticipant(idOrName: string, participantId: string, body: Body) {
    return this.conferencing.updateParticipant(idOrName, participantId, body);
  }
  /** join, leave, hold, unhold, mute, unmute, play, stop, speak, record_*, update, end. */
  conferenceAction(idOrName: string, action: string, body: Body): void { this.conferenceActions.run(idOrName, action, body); }
  recordingUrls(recording: Recording) { return this.conferencing.recordingUrls(recording); }

  // ───────────────────────────── housekeeping ─────────────────────────────

  /**
   * Forgets hung-up calls and completed conferences after their retention period, and beyond the
   * newest `keep` of each (oldest first: a long demo must not grow without end), with their
   * command_ids.
   */
  sweep(now: number, keep: EndedRecordLimits = { calls: Infinity, conferences: Infinity }): void {
    const endedLegs = [...this.legs.values()].filter((leg) => !leg.alive && leg.endTime && !leg.queueName);
    let excess = endedLegs.length - keep.calls;
    for (const leg of endedLegs) {
      if (excess-- > 0 || now - leg.endTime!.getTime() > I.ENDED_CALL_RETENTION_MS) {
        this.legs.delete(leg.callControlId);
        this.core.commandIds.forgetOwner(leg.callControlId);
      }
    }
    const ended = [...this.conferences.values()].filter((conf) => conf.endedAt);
    excess = ended.length - keep.conferences;
    for (const conf of ended) {
      if (excess-- > 0 || now - conf.endedAt!.getTime() > I.ENDED_CONFERENCE_RETENTION_MS) {
        this.conferences.delete(conf.id);
        this.core.commandIds.forgetOwner(conf.id);
      }
    }
  }

  /** How many command_ids are remembered (the window shows in tests). */
  rememberedCommandIds(): number { return this.core.commandIds.size(); }

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
