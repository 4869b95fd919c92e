// Call legs: dialling (answered, busy or unanswered per the dial policy), callers arriving from the
// PSTN, answer, hangup (which unwinds queue, media, conference and bridge), bridge and transfer.
// The speak/playback commands on a call are in call-actions.ts.
import { apiErrors, TelnyxApiError } from '../errors';
import * as I from '../inferences';
import type { CallLeg, Conference, DialPolicyRule, Direction, Participant } from '../model';
import { type Body, optionalBool, optionalInt, optionalString, requireString } from '../params';
import type { EngineCore } from './core';
import { playDigitsTo, readDigitsOnAnswer, splitInlineDigits } from './dtmf';
import { callerIdRejection, checkDialAddresses } from './caller-id';
import { ringSoftphone, sipHeaders, softphoneUsername } from './softphones';

export class Calls {
  private dialPolicy: DialPolicyRule[];

  constructor(private readonly e: EngineCore) {
    this.dialPolicy = e.o.dialPolicy;
  }

  setDialPolicy(rules: DialPolicyRule[]): void {
    this.dialPolicy = rules;
  }

  // ───────────────────────────── call legs ─────────────────────────────

  private newLeg(o: { direction: Direction; from: string; to: string; connectionId: string; clientState?: string; sessionId?: string }): CallLeg {
    const leg: CallLeg = {
      callControlId: this.e.o.ids.callControlId(),
      callLegId: this.e.o.ids.uuid(),
      callSessionId: o.sessionId ?? this.e.o.ids.uuid(),
      connectionId: o.connectionId,
      from: o.from,
      to: o.to,
      direction: o.direction,
      answered: false,
      alive: true,
      startTime: this.e.o.clock.date(),
      parkAfterUnbridge: false,
      media: [],
      dtmfHeard: '',
    };
    if (o.clientState !== undefined) leg.clientState = o.clientState;
    this.e.legs.set(leg.callControlId, leg);
    return leg;
  }

  private emitInitiated(leg: CallLeg, state: 'parked' | 'bridging'): void {
    this.e.emit('call.initiated', {
      ...this.e.legIds(leg), from: leg.from, to: leg.to, direction: leg.direction, state,
      start_time: leg.startTime.toISOString(), caller_id_name: leg.from, custom_headers: [], sip_headers: [], tags: [],
    });
  }

  private markAnswered(leg: CallLeg): void {
    leg.answered = true;
    this.e.emit('call.answered', {
      ...this.e.legIds(leg), from: leg.from, to: leg.to, state: 'answered', start_time: leg.startTime.toISOString(),
      custom_headers: [], sip_headers: [], tags: [],
    });
  }

  private dialPolicyFor(to: string): DialPolicyRule {
    for (const rule of this.dialPolicy) {
      const m = rule.match;
      if (m instanceof RegExp ? m.test(to) : m.endsWith('*') ? to.startsWith(m.slice(0, -1)) : m === to) return rule;
    }
    return { match: '*', outcome: 'answer' };
  }

  /**
   * Rings a new outgoing leg and answers, rejects or times it out per the dial policy. An
   * unanswered leg hangs up with `timeout`, or `no_answer` when the dial said
   * `retry_on_timeout: false` (spec); `digitsOnAnswer` are played to the answering party.
   */
  private ring(leg: CallLeg, timeoutSecs: number, onAnswer?: () => void, o: { retryOnTimeout?: boolean; digitsOnAnswer?: string } = {}): void {
    const rule = this.dialPolicyFor(leg.to);
    const afterSecs = rule.afterSecs ?? 0.3;
    if (rule.outcome === 'answer') {
      leg.ringTimer = this.e.o.clock.afterSecs(afterSecs, () => {
        leg.ringTimer = undefined;
        if (!leg.alive) return;
        this.markAnswered(leg);
        if (o.digitsOnAnswer) playDigitsTo(leg, o.digitsOnAnswer);
        onAnswer?.();
      });
    } else if (rule.outcome === 'busy') {
      leg.ringTimer = this.e.o.clock.afterSecs(afterSecs, () => {
        leg.ringTimer = undefined;
        if (leg.alive) this.hangupLeg(leg, 'user_busy', 'callee', '486');
      });
    } else {
      leg.ringTimer = this.e.o.clock.afterSecs(timeoutSecs, () => {
        leg.ringTimer = undefined;
        if (leg.alive) this.hangupLeg(leg, o.retryOnTimeout === false ? I.NO_ANSWER_NO_RETRY_HANGUP_CAUSE : I.NO_ANSWER_HANGUP_CAUSE, 'callee', '480');
      });
    }
  }

  /** The WebRTC client answered its invite. */
  softphoneAnswered(callControlId: string): void {
    const leg = this.e.legs.get(callControlId);
    if (!leg?.alive || leg.answered) return;
    leg.ringTimer?.cancel();
    leg.ringTimer = undefined;
    this.markAnswered(leg);
  }

  /** The WebRTC client hung up (bye), or its socket went away. */
  softphoneHungUp(callControlId: string, cause = 'normal_clearing', sipCause = '16'): void {
    const leg = this.e.legs.get(callControlId);
    if (leg?.alive) this.hangupLeg(leg, leg.answered ? cause : I.SOFTPHONE_REJECT_HANGUP, 'callee', leg.answered ? sipCause : '603');
  }

  /** Test control: the far end of a ringing outgoing leg picks up now. */
  remoteAnswer(callControlId: string): void {
    const leg = this.e.liveLeg(callControlId);
    if (leg.direction !== 'outgoing') throw new Error('only a dialled (outgoing) leg can be answered by its far end');
    if (leg.answered) return;
    leg.ringTimer?.cancel();
    leg.ringTimer = undefined;
    this.markAnswered(leg);
  }

  /** Test control: the far end hangs up (or declines, while it still rings). */
  remoteHangup(callControlId: string): void {
    const leg = this.e.liveLeg(callControlId);
    if (leg.answered) this.hangupLeg(leg, 'normal_clearing', I.hangupSourceForRemote(leg.direction), '16');
    else this.hangupLeg(leg, I.REMOTE_DECLINE_HANGUP.cause, I.hangupSourceForRemote(leg.direction), I.REMOTE_DECLINE_HANGUP.sipCause);
  }

  dial(body: Body): Record<string, unknown> {
    const connectionId = requireString(body, 'connection_id');
    const from = requireString(body, 'from');
    const toRaw = body.to;
    const toListed = Array.isArray(toRaw) ? toRaw.find((t): t is string => typeof t === 'string' && t !== '') : typeof toRaw === 'string' && toRaw !== '' ? toRaw : undefined;
    if (!toListed) throw apiErrors.missingParameter('to');
    // `to: "+18004247767,200"` = dial, then play 200 once answered (single string only, spec).
    const [to, inlineDigits] = typeof toRaw === 'string' ? splitInlineDigits(toListed) : [toListed, undefined];
    const digitsOnAnswer = readDigitsOnAnswer(body) ?? inlineDigits;
    const retryOnTimeout = optionalBool(body, 'retry_on_timeout');
    checkDialAddresses(from, to);
    const timeoutSecs = optionalInt(body, 'timeout_secs', 5, 600) ?? 30;
    const leg = this.newLeg({ direction: 'outgoing', from, to, connectionId, clientState: optionalString(body, 'client_state') });
    if (optionalString(body, 'park_after_unbridge') === 'self') leg.parkAfterUnbridge = true;
    this.emitInitiated(leg, I.DIAL_INITIATED_STATE);
    const sipUsername = softphoneUsername(to);
    const rejection = callerIdRejection(from, to, this.e.o.ownsNumber ?? (() => true));
    if (rejection) {
      leg.ringTimer = this.e.o.clock.afterSecs(I.CALLER_ID_REJECT_AFTER_SECS, () => {
        leg.ringTimer = undefined;
        this.hangupLeg(leg, rejection.cause, 'callee', rejection.sipCause);
      });
    } else if (sipUsername !== undefined && this.e.o.softphones) {
      ringSoftphone(this.e, leg, sipUsername, sipHeaders(body.custom_headers), timeoutSecs, (cause, sipCause) => this.hangupLeg(leg, cause, 'callee', sipCause));
    } else {
      this.ring(leg, timeoutSecs, undefined, { ...(retryOnTimeout !== undefined ? { retryOnTimeout } : {}), ...(digitsOnAnswer ? { digitsOnAnswer } : {}) });
    }
    return { ...this.callResource(leg), is_alive: false };
  }

  /** A caller arriving from the PSTN, answered and enqueued at once as a customer's IVR would. */
  injectInboundCall(o: { queue: string; from: string; to: string; connectionId?: string; synthetic?: { patienceSecs: number; talkSecs: number } }): CallLeg {
    const leg = this.newLeg({ direction: 'incoming', from: o.from, to: o.to, connectionId: o.connectionId ?? this.e.o.defaultConnectionId });
    if (o.synthetic) leg.synthetic = { patienceSecs: o.synthetic.patienceSecs, talkSecs: o.synthetic.talkSecs };
    this.emitInitiated(leg, 'parked');
    this.markAnswered(leg);
    try {
      this.e.queueing.enqueueLeg(leg, o.queue, { maxSize: I.ENQUEUE_DEFAULT_MAX_SIZE, keepAfterHangup: false });
    } catch (err) {
      // The IVR could not queue the caller (e.g. queue full): the caller is turned away.
      this.hangupLeg(leg, 'normal_clearing', I.hangupSourceForCommand(leg.direction), '16');
      throw err;
    }
    return leg;
  }

  private callResource(leg: CallLeg) {
    const end = leg.endTime ?? (leg.alive ? undefined : this.e.o.clock.date());
    const out: Record<string, unknown> = {
      record_type: 'call',
      call_control_id: leg.callControlId,
      call_leg_id: leg.callLegId,
      call_session_id: leg.callSessionId,
      is_alive: leg.alive,
      start_time: leg.startTime.toISOString(),
      call_duration: Math.floor(((end ?? this.e.o.clock.date()).getTime() - leg.startTime.getTime()) / 1000),
    };
    if (leg.clientState !== undefined) out.client_state = leg.clientState;
    if (end) out.end_time = end.toISOString();
    return out;
  }

  retrieveCall(callControlId: string) {
    return this.callResource(this.e.knownLeg(callControlId));
  }

  answer(callControlId: string, body: Body) {
    const leg = this.e.liveLeg(callControlId);
    if (leg.direction !== 'incoming') {
      throw new TelnyxApiError(422, I.UNDOCUMENTED_CONFLICT_CODE, 'Invalid value', 'Only incoming calls can be answered.');
    }
    this.e.applyClientState(leg, body);
    if (!leg.answered) this.markAnswered(leg);
    else if (!I.ANSWER_IS_IDEMPOTENT) throw apiErrors.invalidValue('call_control_id', 'Call already answered.');
  }

  hangup(callControlId: string, body: Body) {
    const leg = this.e.liveLeg(callControlId);
    this.e.applyClientState(leg, body);
    this.hangupLeg(leg, leg.answered ? 'normal_clearing' : 'originator_cancel', I.hangupSourceForCommand(leg.direction), '16');
  }

  /** Ends a leg: leaves its queue, media, conference and bridge, then `call.hangup`. */
  hangupLeg(leg: CallLeg, cause: string, source: 'caller' | 'callee' | 'unknown', sipCause: string): void {
    if (!leg.alive) return;
    leg.ringTimer?.cancel();
    leg.synthetic?.patienceTimer?.cancel();
    leg.synthetic?.talkTimer?.cancel();
    this.e.media.stopCallMedia(leg, () => true, 'call_hangup');
    if (leg.queueName) {
      const queue = this.e.queues.get(leg.queueName);
      const index = queue ? queue.entries.findIndex((e) => e.leg === leg) : -1;
      const entry = queue?.entries[index];
      if (queue && entry && entry.keepAfterHangup) {
        entry.maxWaitTimer?.cancel(); // stays listed with is_alive false until removed
      } else {
        this.e.queueing.dequeue(leg, 'hangup');
      }
    }
    let leftConference: { conf: Conference; participant: Participant } | undefined;
    if (leg.conferenceId) leftConference = this.e.conferencing.detachParticipant(leg);
    const peer = leg.bridgedWith ? this.e.legs.get(leg.bridgedWith) : undefined;
    leg.bridgedWith = undefined;
    leg.alive = false;
    leg.endTime = this.e.o.clock.date();
    if (leg.softphone) this.e.o.softphones?.ended(leg, cause, sipCause);
    this.e.emit('call.hangup', {
      ...this.e.legIds(leg), from: leg.from, to: leg.to, state: 'hangup', start_time: leg.startTime.toISOString(),
      hangup_cause: cause, hangup_source: source, sip_hangup_cause: sipCause, call_quality_stats: null, tags: [],
    });
    if (leftConference) this.e.conferencing.afterParticipantExit(leftConference.conf, leftConference.participant);
    if (peer && peer.alive) {
      peer.bridgedWith = undefined;
      if (I.BRIDGE_PEER_HANGS_UP_BY_DEFAULT && !peer.parkAfterUnbridge) {
        this.hangupLeg(peer, 'normal_clearing', I.hangupSourceForRemote(peer.direction), '16');
      }
    }
  }

  /** Takes a leg out of wherever it is (queue, conference, bridge) before it goes somewhere else. */
  detachForMove(leg: CallLeg, dequeueReason: string): void {
    if (leg.queueName) this.e.queueing.dequeue(leg, dequeueReason);
    if (leg.conferenceId) {
      const left = this.e.conferencing.detachParticipant(leg);
      if (left) this.e.conferencing.afterParticipantExit(left.conf, left.participant);
    }
    if (leg.bridgedWith) {
      const peer = this.e.legs.get(leg.bridgedWith);
      if (peer) peer.bridgedWith = undefined;
      leg.bridgedWith = undefined;
    }
  }

  // ───────────────────────────── bridge / transfer ─────────────────────────────

  bridge(callControlId: string, body: Body) {
    const leg = this.e.answeredLeg(callControlId);
    const peerId = optionalString(body, 'call_control_id');
    const queueName = optionalString(body, 'queue');
    let peer: CallLeg;
    if (peerId) {
      peer = this.e.answeredLeg(peerId);
    } else if (queueName) {
      const queue = this.e.queues.get(queueName);
      const first = queue?.entries[0];
      if (!queue || !first) throw new TelnyxApiError(422, I.UNDOCUMENTED_CONFLICT_CODE, 'Invalid value', 'The queue is empty.', '/queue');
      peer = first.leg;
      // The first call leaves the queue even if the bridge then fails (§5).
      if (peer.alive) this.e.queueing.dequeue(peer, 'bridged');
      else queue.entries.shift();
      if (!peer.alive) throw apiErrors.callEnded();
    } else {
      throw apiErrors.missingParameter('call_control_id');
    }
    if (peer === leg) throw apiErrors.invalidValue('call_control_id', 'A call cannot be bridged with itself.');
    this.e.applyClientState(leg, body);
    this.detachForMove(leg, I.DEQUEUE_REASON_CONFERENCE_TAKEOVER);
    this.detachForMove(peer, I.DEQUEUE_REASON_CONFERENCE_TAKEOVER);
    leg.parkAfterUnbridge = optionalString(body, 'park_after_unbridge') === 'self';
    this.bridgeLegs(leg, peer);
  }

  private bridgeLegs(a: CallLeg, b: CallLeg): void {
    a.bridgedWith = b.callControlId;
    b.bridgedWith = a.callControlId;
    this.e.emit('call.bridged', { ...this.e.legIds(a), from: a.from, to: a.to });
    this.e.emit('call.bridged', { ...this.e.legIds(b), from: b.from, to: b.to });
  }

  transfer(callControlId: string, body: Body) {
    const leg = this.e.answeredLeg(callControlId);
    const to = requireString(body, 'to');
    const from = optionalString(body, 'from') ?? leg.to;
    const timeoutSecs = optionalInt(body, 'timeout_secs', 5, 600) ?? 30;
    const digitsOnAnswer = readDigitsOnAnswer(body);
    this.e.applyClientState(leg, body);
    const target = this.newLeg({
      direction: 'outgoing', from, to, connectionId: leg.connectionId, sessionId: leg.callSessionId,
      clientState: optionalString(body, 'target_leg_client_state'),
    });
    this.emitInitiated(target, I.TRANSFER_INITIATED_STATE);
    this.ring(target, timeoutSecs, () => {
      if (!leg.alive) {
        this.hangupLeg(target, 'normal_clearing', 'caller', '16');
        return;
      }
      this.detachForMove(leg, I.DEQUEUE_REASON_CONFERENCE_TAKEOVER);
      this.bridgeLegs(leg, target);
    }, digitsOnAnswer ? { digitsOnAnswer } : {});
  }
}
