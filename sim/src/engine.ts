// The Call Control state machine: every REST command and every synthetic event changes state
// here, and every state change emits the webhooks Telnyx would emit, in causal order.
import { apiErrors, TelnyxApiError } from './errors';
import * as I from './inferences';
import type { SimClock } from './clock';
import type { IdFactory } from './random';
import { between } from './random';
import type { WebhookEventData } from './webhooks';
import {
  SUPERVISOR_ROLES,
  type CallLeg, type CallMedia, type CallQueue, type Conference, type ConferenceMedia, type DialPolicyRule,
  type Direction, type Participant, type QueueEntry, type Recording, type SupervisorRole,
} from './model';
import {
  type Body, optionalBool, optionalInt, optionalString, optionalStringArray, requireString, type Query,
} from './params';

export interface EngineOptions {
  clock: SimClock;
  ids: IdFactory;
  random: () => number;
  emit: (event: WebhookEventData) => void;
  /** Base URL of this server (no /v2), for recording links. */
  publicBaseUrl: () => string;
  dialPolicy: DialPolicyRule[];
  /** Simulated seconds between floor changes in a conference with ≥2 talkers; null = never. */
  floorChangeSecs: readonly [number, number] | null;
  defaultConnectionId: string;
}

const ACTIVE = (c: Conference) => c.status !== 'completed';

export class CallControlEngine {
  readonly legs = new Map<string, CallLeg>();
  readonly queues = new Map<string, CallQueue>();
  readonly conferences = new Map<string, Conference>();
  readonly recordings = new Map<string, Recording>();
  private readonly activeConferenceByName = new Map<string, string>();
  private dialPolicy: DialPolicyRule[];

  constructor(private readonly o: EngineOptions) {
    this.dialPolicy = o.dialPolicy;
  }

  setDialPolicy(rules: DialPolicyRule[]): void {
    this.dialPolicy = rules;
  }

  // ───────────────────────────── webhooks ─────────────────────────────

  private emit(eventType: string, payload: Record<string, unknown>): void {
    const occurredAt = new Date().toISOString();
    const clean: Record<string, unknown> = {};
    for (const [k, v] of Object.entries(payload)) if (v !== undefined) clean[k] = v;
    if (I.OCCURRED_AT_IN_DATA_AND_PAYLOAD) clean.occurred_at = occurredAt;
    this.o.emit({ record_type: 'event', event_type: eventType, id: this.o.ids.uuid(), occurred_at: occurredAt, payload: clean });
  }

  private legIds(leg: CallLeg) {
    return {
      call_control_id: leg.callControlId,
      call_leg_id: leg.callLegId,
      call_session_id: leg.callSessionId,
      connection_id: leg.connectionId,
      client_state: leg.clientState,
    };
  }

  private conferenceIds(conf: Conference) {
    return {
      call_control_id: conf.creator.callControlId,
      call_leg_id: conf.creator.callLegId,
      call_session_id: conf.creator.callSessionId,
      client_state: conf.clientState,
      conference_id: conf.id,
      connection_id: conf.connectionId,
    };
  }

  // ───────────────────────────── lookups ─────────────────────────────

  private knownLeg(callControlId: string | undefined, pointer = '/call_control_id'): CallLeg {
    const leg = callControlId ? this.legs.get(callControlId) : undefined;
    if (!leg) throw apiErrors.invalidCallControlId(pointer);
    return leg;
  }

  private liveLeg(callControlId: string | undefined, pointer?: string): CallLeg {
    const leg = this.knownLeg(callControlId, pointer);
    if (!leg.alive) throw apiErrors.callEnded();
    return leg;
  }

  private answeredLeg(callControlId: string | undefined, pointer?: string): CallLeg {
    const leg = this.liveLeg(callControlId, pointer);
    if (!leg.answered) throw apiErrors.callNotAnswered();
    return leg;
  }

  /** `{id}` may be the id or (I.CONFERENCE_LOOKUP_BY_NAME) the name. */
  findConference(idOrName: string): Conference {
    let conf = this.conferences.get(idOrName);
    if (!conf && I.CONFERENCE_LOOKUP_BY_NAME) {
      const activeId = this.activeConferenceByName.get(idOrName);
      conf = activeId ? this.conferences.get(activeId) : undefined;
      if (!conf) {
        for (const c of this.conferences.values()) if (c.name === idOrName && (!conf || c.createdAt >= conf.createdAt)) conf = c;
      }
    }
    if (!conf) throw apiErrors.conferenceNotFound();
    return conf;
  }

  private activeConference(idOrName: string): Conference {
    const conf = this.findConference(idOrName);
    if (!ACTIVE(conf)) throw apiErrors.conferenceEnded();
    return conf;
  }

  private findParticipant(conf: Conference, participantId: string): Participant {
    for (const p of conf.participants.values()) {
      if (p.id === participantId || p.label === participantId) return p;
      if (I.PARTICIPANT_LOOKUP_BY_CALL_CONTROL_ID && p.callControlId === participantId) return p;
    }
    throw apiErrors.resourceNotFound('Participant not found');
  }

  /** The participants a hold/mute/play… names; absent or empty = everyone when `emptyMeansAll`. */
  private targetParticipants(conf: Conference, ids: string[] | undefined, emptyMeansAll: boolean): Participant[] {
    if (!ids || ids.length === 0) return emptyMeansAll ? [...conf.participants.values()] : [];
    const out: Participant[] = [];
    for (const id of ids) {
      const p = conf.participants.get(id);
      if (p) out.push(p);
      else if (I.UNKNOWN_PARTICIPANT_IN_LIST_IS_ERROR) throw apiErrors.invalidCallControlId('/call_control_ids');
    }
    return out;
  }

  // ───────────────────────────── call legs ─────────────────────────────

  private newLeg(o: { direction: Direction; from: string; to: string; connectionId: string; clientState?: string; sessionId?: string }): CallLeg {
    const leg: CallLeg = {
      callControlId: this.o.ids.callControlId(),
      callLegId: this.o.ids.uuid(),
      callSessionId: o.sessionId ?? this.o.ids.uuid(),
      connectionId: o.connectionId,
      from: o.from,
      to: o.to,
      direction: o.direction,
      answered: false,
      alive: true,
      startTime: new Date(),
      parkAfterUnbridge: false,
      media: [],
    };
    if (o.clientState !== undefined) leg.clientState = o.clientState;
    this.legs.set(leg.callControlId, leg);
    return leg;
  }

  private emitInitiated(leg: CallLeg, state: 'parked' | 'bridging'): void {
    this.emit('call.initiated', {
      ...this.legIds(leg), from: leg.from, to: leg.to, direction: leg.direction, state,
      start_time: leg.startTime.toISOString(), caller_id_name: leg.from, custom_headers: [], sip_headers: [], tags: [],
    });
  }

  private markAnswered(leg: CallLeg): void {
    leg.answered = true;
    this.emit('call.answered', {
      ...this.legIds(leg), from: leg.from, to: leg.to, state: 'answered', start_time: leg.startTime.toISOString(),
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

  /** Rings a new outgoing leg and answers, rejects or times it out per the dial policy. */
  private ring(leg: CallLeg, timeoutSecs: number, onAnswer?: () => void): void {
    const rule = this.dialPolicyFor(leg.to);
    const afterSecs = rule.afterSecs ?? 0.3;
    if (rule.outcome === 'answer') {
      leg.ringTimer = this.o.clock.afterSecs(afterSecs, () => {
        leg.ringTimer = undefined;
        if (!leg.alive) return;
        this.markAnswered(leg);
        onAnswer?.();
      });
    } else if (rule.outcome === 'busy') {
      leg.ringTimer = this.o.clock.afterSecs(afterSecs, () => {
        leg.ringTimer = undefined;
        if (leg.alive) this.hangupLeg(leg, 'user_busy', 'callee', '486');
      });
    } else {
      leg.ringTimer = this.o.clock.afterSecs(timeoutSecs, () => {
        leg.ringTimer = undefined;
        if (leg.alive) this.hangupLeg(leg, I.NO_ANSWER_HANGUP_CAUSE, 'callee', '480');
      });
    }
  }

  dial(body: Body) {
    const connectionId = requireString(body, 'connection_id');
    const from = requireString(body, 'from');
    const toRaw = body.to;
    const to = Array.isArray(toRaw) ? toRaw.find((t): t is string => typeof t === 'string' && t !== '') : typeof toRaw === 'string' && toRaw !== '' ? toRaw : undefined;
    if (!to) throw apiErrors.missingParameter('to');
    const timeoutSecs = optionalInt(body, 'timeout_secs', 5, 600) ?? 30;
    const leg = this.newLeg({ direction: 'outgoing', from, to, connectionId, clientState: optionalString(body, 'client_state') });
    if (optionalString(body, 'park_after_unbridge') === 'self') leg.parkAfterUnbridge = true;
    this.emitInitiated(leg, I.DIAL_INITIATED_STATE);
    this.ring(leg, timeoutSecs);
    return { ...this.callResource(leg), is_alive: false };
  }

  /** A caller arriving from the PSTN, answered and enqueued at once as a customer's IVR would. */
  injectInboundCall(o: { queue: string; from: string; to: string; connectionId?: string; synthetic?: { patienceSecs: number; talkSecs: number } }): CallLeg {
    const leg = this.newLeg({ direction: 'incoming', from: o.from, to: o.to, connectionId: o.connectionId ?? this.o.defaultConnectionId });
    if (o.synthetic) leg.synthetic = { patienceSecs: o.synthetic.patienceSecs, talkSecs: o.synthetic.talkSecs };
    this.emitInitiated(leg, 'parked');
    this.markAnswered(leg);
    try {
      this.enqueueLeg(leg, o.queue, { maxSize: I.ENQUEUE_DEFAULT_MAX_SIZE, keepAfterHangup: false });
    } catch (err) {
      // The IVR could not queue the caller (e.g. queue full): the caller is turned away.
      this.hangupLeg(leg, 'normal_clearing', I.hangupSourceForCommand(leg.direction), '16');
      throw err;
    }
    return leg;
  }

  callResource(leg: CallLeg) {
    const end = leg.endTime ?? (leg.alive ? undefined : new Date());
    const out: Record<string, unknown> = {
      record_type: 'call',
      call_control_id: leg.callControlId,
      call_leg_id: leg.callLegId,
      call_session_id: leg.callSessionId,
      is_alive: leg.alive,
      start_time: leg.startTime.toISOString(),
      call_duration: Math.floor(((end ?? new Date()).getTime() - leg.startTime.getTime()) / 1000),
    };
    if (leg.clientState !== undefined) out.client_state = leg.clientState;
    if (end) out.end_time = end.toISOString();
    return out;
  }

  retrieveCall(callControlId: string) {
    return this.callResource(this.knownLeg(callControlId));
  }

  /** Every call command may set client_state on the leg (echoed by later webhooks). */
  private applyClientState(leg: CallLeg, body: Body): void {
    const cs = optionalString(body, 'client_state');
    if (cs !== undefined) leg.clientState = cs;
  }

  answer(callControlId: string, body: Body) {
    const leg = this.liveLeg(callControlId);
    if (leg.direction !== 'incoming') {
      throw new TelnyxApiError(422, I.UNDOCUMENTED_CONFLICT_CODE, 'Invalid value', 'Only incoming calls can be answered.');
    }
    this.applyClientState(leg, body);
    if (!leg.answered) this.markAnswered(leg);
    else if (!I.ANSWER_IS_IDEMPOTENT) throw apiErrors.invalidValue('call_control_id', 'Call already answered.');
  }

  hangup(callControlId: string, body: Body) {
    const leg = this.liveLeg(callControlId);
    this.applyClientState(leg, body);
    this.hangupLeg(leg, leg.answered ? 'normal_clearing' : 'originator_cancel', I.hangupSourceForCommand(leg.direction), '16');
  }

  /** Ends a leg: leaves its queue, media, conference and bridge, then `call.hangup`. */
  hangupLeg(leg: CallLeg, cause: string, source: 'caller' | 'callee' | 'unknown', sipCause: string): void {
    if (!leg.alive) return;
    leg.ringTimer?.cancel();
    leg.synthetic?.patienceTimer?.cancel();
    leg.synthetic?.talkTimer?.cancel();
    this.stopCallMedia(leg, () => true, 'call_hangup');
    if (leg.queueName) {
      const queue = this.queues.get(leg.queueName);
      const index = queue ? queue.entries.findIndex((e) => e.leg === leg) : -1;
      const entry = queue?.entries[index];
      if (queue && entry && entry.keepAfterHangup) {
        entry.maxWaitTimer?.cancel(); // stays listed with is_alive false until removed
      } else {
        this.dequeue(leg, 'hangup');
      }
    }
    let leftConference: { conf: Conference; participant: Participant } | undefined;
    if (leg.conferenceId) leftConference = this.detachParticipant(leg);
    const peer = leg.bridgedWith ? this.legs.get(leg.bridgedWith) : undefined;
    leg.bridgedWith = undefined;
    leg.alive = false;
    leg.endTime = new Date();
    this.emit('call.hangup', {
      ...this.legIds(leg), from: leg.from, to: leg.to, state: 'hangup', start_time: leg.startTime.toISOString(),
      hangup_cause: cause, hangup_source: source, sip_hangup_cause: sipCause, call_quality_stats: null, tags: [],
    });
    if (leftConference) this.afterParticipantExit(leftConference.conf, leftConference.participant);
    if (peer && peer.alive) {
      peer.bridgedWith = undefined;
      if (I.BRIDGE_PEER_HANGS_UP_BY_DEFAULT && !peer.parkAfterUnbridge) {
        this.hangupLeg(peer, 'normal_clearing', I.hangupSourceForRemote(peer.direction), '16');
      }
    }
  }

  /** Takes a leg out of wherever it is (queue, conference, bridge) before it goes somewhere else. */
  private detachForMove(leg: CallLeg, dequeueReason: string): void {
    if (leg.queueName) this.dequeue(leg, dequeueReason);
    if (leg.conferenceId) {
      const left = this.detachParticipant(leg);
      if (left) this.afterParticipantExit(left.conf, left.participant);
    }
    if (leg.bridgedWith) {
      const peer = this.legs.get(leg.bridgedWith);
      if (peer) peer.bridgedWith = undefined;
      leg.bridgedWith = undefined;
    }
  }

  // ───────────────────────────── call media ─────────────────────────────

  private queueCallMedia(leg: CallLeg, media: CallMedia): void {
    leg.media.push(media);
    if (leg.media.length === 1) this.startCallMedia(leg);
  }

  private startCallMedia(leg: CallLeg): void {
    const media = leg.media[0];
    if (!media) return;
    this.emit(media.kind === 'speak' ? 'call.speak.started' : 'call.playback.started', this.callMediaPayload(leg, media));
    if (Number.isFinite(media.durationSecs)) {
      media.timer = this.o.clock.afterSecs(media.durationSecs, () => {
        if (leg.media[0] !== media) return;
        leg.media.shift();
        this.emit(media.kind === 'speak' ? 'call.speak.ended' : 'call.playback.ended', { ...this.callMediaPayload(leg, media), status: 'completed' });
        this.startCallMedia(leg);
      });
    }
  }

  private callMediaPayload(leg: CallLeg, media: CallMedia) {
    const ids = this.legIds(leg);
    if (media.kind === 'speak') return ids;
    return { ...ids, media_url: media.mediaUrl, media_name: media.mediaName, overlay: media.overlay };
  }

  /** Stops matching media: the playing one gets its `.ended` with `status`, queued ones are dropped. */
  private stopCallMedia(leg: CallLeg, matches: (m: CallMedia) => boolean, status: string): void {
    const current = leg.media[0];
    leg.media = leg.media.filter((m, i) => i === 0 || !matches(m));
    if (current && matches(current)) {
      current.timer?.cancel();
      leg.media.shift();
      const speakStatus = status === 'cancelled' ? 'completed' : status;
      this.emit(current.kind === 'speak' ? 'call.speak.ended' : 'call.playback.ended', {
        ...this.callMediaPayload(leg, current), status: current.kind === 'speak' ? speakStatus : status,
      });
      if (leg.alive) this.startCallMedia(leg);
    }
  }

  speakOnCall(callControlId: string, body: Body) {
    const leg = this.answeredLeg(callControlId);
    const payload = requireString(body, 'payload');
    requireString(body, 'voice');
    this.applyClientState(leg, body);
    this.queueCallMedia(leg, { kind: 'speak', overlay: false, durationSecs: I.speakDurationSecs(payload) });
  }

  startPlayback(callControlId: string, body: Body) {
    const leg = this.answeredLeg(callControlId);
    const mediaUrl = optionalString(body, 'audio_url');
    const mediaName = optionalString(body, 'media_name');
    const content = optionalString(body, 'playback_content');
    if (!mediaUrl && !mediaName && !content) throw apiErrors.missingParameter('audio_url');
    this.applyClientState(leg, body);
    const loops = parseLoop(body.loop);
    const media: CallMedia = { kind: 'playback', overlay: optionalBool(body, 'overlay') ?? false, durationSecs: loops * I.PLAYBACK_SECS_PER_LOOP };
    if (mediaUrl) media.mediaUrl = mediaUrl;
    if (mediaName) media.mediaName = mediaName;
    this.queueCallMedia(leg, media);
  }

  stopPlayback(callControlId: string, body: Body) {
    const leg = this.answeredLeg(callControlId);
    this.applyClientState(leg, body);
    const which = optionalString(body, 'stop') ?? 'all';
    const isPlayback = (m: CallMedia) => m.kind === 'playback' || I.PLAYBACK_STOP_AFFECTS_SPEAK;
    if (which === 'current') {
      const current = leg.media[0];
      if (current && isPlayback(current)) this.stopCallMedia(leg, (m) => m === current, 'cancelled');
    } else {
      this.stopCallMedia(leg, isPlayback, 'cancelled');
    }
  }

  switchSupervisorRole(callControlId: string, body: Body) {
    const leg = this.answeredLeg(callControlId);
    const role = requireString(body, 'role');
    if (!['barge', 'whisper', 'monitor'].includes(role)) throw apiErrors.invalidEnum('role', ['barge', 'whisper', 'monitor']);
    this.applyClientState(leg, body);
  }

  // ───────────────────────────── bridge / transfer ─────────────────────────────

  bridge(callControlId: string, body: Body) {
    const leg = this.answeredLeg(callControlId);
    const peerId = optionalString(body, 'call_control_id');
    const queueName = optionalString(body, 'queue');
    let peer: CallLeg;
    if (peerId) {
      peer = this.answeredLeg(peerId);
    } else if (queueName) {
      const queue = this.queues.get(queueName);
      const first = queue?.entries[0];
      if (!queue || !first) throw new TelnyxApiError(422, I.UNDOCUMENTED_CONFLICT_CODE, 'Invalid value', 'The queue is empty.', '/queue');
      peer = first.leg;
      // The first call leaves the queue even if the bridge then fails (§5).
      if (peer.alive) this.dequeue(peer, 'bridged');
      else queue.entries.shift();
      if (!peer.alive) throw apiErrors.callEnded();
    } else {
      throw apiErrors.missingParameter('call_control_id');
    }
    if (peer === leg) throw apiErrors.invalidValue('call_control_id', 'A call cannot be bridged with itself.');
    this.applyClientState(leg, body);
    this.detachForMove(leg, I.DEQUEUE_REASON_CONFERENCE_TAKEOVER);
    this.detachForMove(peer, I.DEQUEUE_REASON_CONFERENCE_TAKEOVER);
    leg.parkAfterUnbridge = optionalString(body, 'park_after_unbridge') === 'self';
    this.bridgeLegs(leg, peer);
  }

  private bridgeLegs(a: CallLeg, b: CallLeg): void {
    a.bridgedWith = b.callControlId;
    b.bridgedWith = a.callControlId;
    this.emit('call.bridged', { ...this.legIds(a), from: a.from, to: a.to });
    this.emit('call.bridged', { ...this.legIds(b), from: b.from, to: b.to });
  }

  transfer(callControlId: string, body: Body) {
    const leg = this.answeredLeg(callControlId);
    const to = requireString(body, 'to');
    const from = optionalString(body, 'from') ?? leg.to;
    const timeoutSecs = optionalInt(body, 'timeout_secs', 5, 600) ?? 30;
    this.applyClientState(leg, body);
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
    });
  }

  // ───────────────────────────── queues ─────────────────────────────

  private ensureQueue(name: string, maxSize: number): CallQueue {
    let queue = this.queues.get(name);
    if (!queue) {
      const now = new Date();
      queue = { id: this.o.ids.uuid(), name, maxSize, createdAt: now, updatedAt: now, entries: [] };
      this.queues.set(name, queue);
    }
    return queue;
  }

  private enqueueLeg(leg: CallLeg, queueName: string, o: { maxSize: number; keepAfterHangup: boolean; maxWaitSecs?: number }): void {
    if (leg.queueName) throw apiErrors.callAlreadyInQueue();
    const existing = this.queues.get(queueName);
    if (existing && existing.entries.length >= existing.maxSize) throw apiErrors.queueFull(queueName);
    // "If the call was bridged, it is unbridged first" (a conference counts as a bridge).
    this.detachForMove(leg, I.DEQUEUE_REASON_LEAVE_QUEUE);
    const queue = existing ?? this.ensureQueue(queueName, o.maxSize);
    const entry: QueueEntry = { leg, enqueuedAt: new Date(), keepAfterHangup: o.keepAfterHangup };
    queue.entries.push(entry);
    queue.updatedAt = entry.enqueuedAt;
    leg.queueName = queueName;
    if (o.maxWaitSecs !== undefined) {
      entry.maxWaitTimer = this.o.clock.afterSecs(o.maxWaitSecs, () => {
        if (leg.alive && leg.queueName === queueName) this.dequeue(leg, 'timeout');
      });
    }
    this.emit('call.enqueued', {
      ...this.legIds(leg), queue: queueName, current_position: queue.entries.length - 1 + I.QUEUE_POSITION_BASE,
      queue_avg_wait_time_secs: averageWaitSecs(queue),
    });
    const synthetic = leg.synthetic;
    if (synthetic) {
      synthetic.patienceTimer?.cancel();
      synthetic.patienceTimer = this.o.clock.afterSecs(synthetic.patienceSecs, () => {
        // The caller gives up: abandon = hangup while queued.
        if (leg.alive && leg.queueName) this.hangupLeg(leg, 'normal_clearing', I.hangupSourceForRemote(leg.direction), '16');
      });
    }
  }

  /** Removes a leg from its queue with `call.dequeued`; everyone behind moves up one place. */
  private dequeue(leg: CallLeg, reason: string): void {
    const queue = leg.queueName ? this.queues.get(leg.queueName) : undefined;
    leg.queueName = undefined;
    leg.synthetic?.patienceTimer?.cancel();
    if (!queue) return;
    const index = queue.entries.findIndex((e) => e.leg === leg);
    if (index < 0) return;
    const [entry] = queue.entries.splice(index, 1);
    entry?.maxWaitTimer?.cancel();
    queue.updatedAt = new Date();
    this.emit('call.dequeued', {
      ...this.legIds(leg), queue: queue.name, queue_position: index + I.QUEUE_POSITION_BASE, reason,
      wait_time_secs: entry ? Math.floor((Date.now() - entry.enqueuedAt.getTime()) / 1000) : 0,
    });
  }

  enqueue(callControlId: string, body: Body) {
    const leg = this.answeredLeg(callControlId);
    const queueName = requireString(body, 'queue_name');
    if (leg.queueName && !I.ENQUEUE_WHILE_QUEUED_ANY_QUEUE_IS_ERROR && leg.queueName !== queueName) this.dequeue(leg, 'leave');
    const maxSize = optionalInt(body, 'max_size', 1, 5000) ?? I.ENQUEUE_DEFAULT_MAX_SIZE;
    const maxWaitSecs = optionalInt(body, 'max_wait_time_secs', 1, 14400);
    this.applyClientState(leg, body);
    this.enqueueLeg(leg, queueName, { maxSize, keepAfterHangup: optionalBool(body, 'keep_after_hangup') ?? false, maxWaitSecs });
  }

  leaveQueue(callControlId: string, body: Body) {
    const leg = this.answeredLeg(callControlId);
    if (!leg.queueName) throw new TelnyxApiError(422, I.UNDOCUMENTED_CONFLICT_CODE, 'Invalid value', 'The call is not in a queue.');
    this.applyClientState(leg, body);
    this.dequeue(leg, I.DEQUEUE_REASON_LEAVE_QUEUE);
  }

  private getQueue(name: string): CallQueue {
    const queue = this.queues.get(name);
    if (!queue) throw apiErrors.resourceNotFound('Queue not found');
    return queue;
  }

  queueResource(queue: CallQueue) {
    return {
      record_type: 'queue', id: queue.id, name: queue.name, current_size: queue.entries.length, max_size: queue.maxSize,
      average_wait_time_secs: averageWaitSecs(queue), created_at: queue.createdAt.toISOString(), updated_at: queue.updatedAt.toISOString(),
    };
  }

  queueCallResource(queue: CallQueue, entry: QueueEntry, index: number) {
    const leg = entry.leg;
    return {
      record_type: 'queue_call', call_control_id: leg.callControlId, call_leg_id: leg.callLegId, call_session_id: leg.callSessionId,
      connection_id: leg.connectionId, from: leg.from, to: leg.to, queue_id: queue.id, queue_position: index + I.QUEUE_POSITION_BASE,
      enqueued_at: entry.enqueuedAt.toISOString(), wait_time_secs: Math.floor((Date.now() - entry.enqueuedAt.getTime()) / 1000),
      is_alive: leg.alive,
    };
  }

  listQueues(query: Query) {
    return paginate([...this.queues.values()], query).map((q) => this.queueResource(q));
  }

  createQueue(body: Body) {
    const name = requireString(body, 'queue_name');
    if (name.length > 255) throw apiErrors.outOfRange('queue_name', 1, 255);
    if (this.queues.has(name)) throw apiErrors.invalidValue('queue_name', 'A queue with this name already exists.');
    return this.queueResource(this.ensureQueue(name, optionalInt(body, 'max_size', 1, 5000) ?? I.CREATE_QUEUE_DEFAULT_MAX_SIZE));
  }

  retrieveQueue(name: string) {
    return this.queueResource(this.getQueue(name));
  }

  updateQueue(name: string, body: Body) {
    const queue = this.getQueue(name);
    const maxSize = optionalInt(body, 'max_size', 1, 5000);
    if (maxSize === undefined) throw apiErrors.missingParameter('max_size');
    queue.maxSize = maxSize;
    queue.updatedAt = new Date();
    return this.queueResource(queue);
  }

  deleteQueue(name: string) {
    const queue = this.getQueue(name);
    if (queue.entries.length > 0) throw apiErrors.queueNotEmpty();
    this.queues.delete(name);
  }

  listQueueCalls(name: string, query: Query) {
    const queue = this.getQueue(name);
    const page = paginate(queue.entries, query);
    return page.map((entry, i) => this.queueCallResource(queue, entry, page.offset + i));
  }

  private queueEntry(name: string, callControlId: string): { queue: CallQueue; entry: QueueEntry; index: number } {
    const queue = this.getQueue(name);
    const index = queue.entries.findIndex((e) => e.leg.callControlId === callControlId);
    const entry = queue.entries[index];
    if (!entry) throw apiErrors.resourceNotFound('Call not found in queue');
    return { queue, entry, index };
  }

  retrieveQueueCall(name: string, callControlId: string) {
    const { queue, entry, index } = this.queueEntry(name, callControlId);
    return this.queueCallResource(queue, entry, index);
  }

  updateQueueCall(name: string, callControlId: string, body: Body) {
    const { entry } = this.queueEntry(name, callControlId);
    const keep = optionalBool(body, 'keep_after_hangup');
    if (keep !== undefined) entry.keepAfterHangup = keep;
  }

  removeQueueCall(name: string, callControlId: string) {
    const { queue, entry, index } = this.queueEntry(name, callControlId);
    if (entry.leg.alive) this.dequeue(entry.leg, I.DEQUEUE_REASON_REMOVED);
    else {
      queue.entries.splice(index, 1);
      queue.updatedAt = new Date();
    }
  }

  // ───────────────────────────── conferences ─────────────────────────────

  conferenceResource(conf: Conference) {
    const out: Record<string, unknown> = {
      record_type: 'conference', id: conf.id, name: conf.name, status: conf.status, connection_id: conf.connectionId,
      created_at: conf.createdAt.toISOString(), updated_at: conf.updatedAt.toISOString(), expires_at: conf.expiresAt.toISOString(),
    };
    if (conf.region) out.region = conf.region;
    if (conf.endReason) out.end_reason = conf.endReason;
    if (conf.endedBy) out.ended_by = conf.endedBy;
    return out;
  }

  participantListItem(conf: Conference, p: Participant) {
    return {
      record_type: 'participant', id: p.id, call_control_id: p.callControlId, call_leg_id: p.callLegId,
      conference: { id: conf.id, name: conf.name }, status: 'joined', muted: p.muted, on_hold: p.onHold,
      end_conference_on_exit: p.endConferenceOnExit, soft_end_conference_on_exit: p.softEndConferenceOnExit,
      whisper_call_control_ids: p.whisperCallControlIds, created_at: p.createdAt.toISOString(), updated_at: p.updatedAt.toISOString(),
    };
  }

  participantResource(conf: Conference, p: Participant) {
    const out: Record<string, unknown> = {
      id: p.id, call_control_id: p.callControlId, call_leg_id: p.callLegId, conference_id: conf.id, status: 'joined',
      muted: p.muted, on_hold: p.onHold, end_conference_on_exit: p.endConferenceOnExit,
      soft_end_conference_on_exit: p.softEndConferenceOnExit, whisper_call_control_ids: p.whisperCallControlIds,
      created_at: p.createdAt.toISOString(), updated_at: p.updatedAt.toISOString(),
    };
    if (p.label !== undefined) out.label = p.label;
    return out;
  }

  listConferences(query: Query) {
    const name = query.get('filter[name]');
    const status = query.get('filter[status]');
    const connectionId = query.get('filter[connection_id]');
    const matching = [...this.conferences.values()]
      .filter((c) => (name === undefined || c.name === name) && (status === undefined || c.status === status)
        && (connectionId === undefined || c.connectionId === connectionId))
      .sort((a, b) => b.expiresAt.getTime() - a.expiresAt.getTime());
    return paginate(matching, query).map((c) => this.conferenceResource(c));
  }

  retrieveConference(idOrName: string) {
    return this.conferenceResource(this.findConference(idOrName));
  }

  createConference(body: Body) {
    const callControlId = requireString(body, 'call_control_id');
    const name = requireString(body, 'name');
    const leg = this.answeredLeg(callControlId);
    const maxParticipants = optionalInt(body, 'max_participants', 2, 800) ?? 250;
    const durationMinutes = optionalInt(body, 'duration_minutes', 1, 1440) ?? I.DEFAULT_CONFERENCE_LIFETIME_MINUTES;
    if (this.activeConferenceByName.has(name)) throw apiErrors.conferenceNameConflict();
    const now = new Date();
    const lifetimeMs = durationMinutes * 60_000 * this.o.clock.timeScale;
    const conf: Conference = {
      id: this.o.ids.uuid(), name, connectionId: leg.connectionId,
      status: I.initialConferenceStatus(optionalBool(body, 'start_conference_on_create') ?? true),
      createdAt: now, updatedAt: now, expiresAt: new Date(now.getTime() + lifetimeMs),
      creator: { callControlId: leg.callControlId, callLegId: leg.callLegId, callSessionId: leg.callSessionId },
      maxParticipants, participants: new Map(), media: new Set(),
    };
    const region = optionalString(body, 'region');
    if (region) conf.region = region;
    const clientState = optionalString(body, 'client_state');
    if (clientState !== undefined) {
      conf.clientState = clientState;
      leg.clientState = clientState;
    } else if (leg.clientState !== undefined) conf.clientState = leg.clientState;
    // The creator leg is taken out of its queue (call.dequeued) before the conference exists.
    this.detachForMove(leg, I.DEQUEUE_REASON_CONFERENCE_TAKEOVER);
    this.conferences.set(conf.id, conf);
    this.activeConferenceByName.set(name, conf.id);
    conf.expiryTimer = this.o.clock.afterRealMs(lifetimeMs, () => {
      if (ACTIVE(conf)) this.endConference(conf, 'time_exceeded', { hangupLegs: true });
    });
    this.emit('conference.created', this.conferenceIds(conf));
    this.addParticipant(conf, leg, { startConferenceOnEnter: true });
    return this.conferenceResource(conf);
  }

  private addParticipant(conf: Conference, leg: CallLeg, o: {
    mute?: boolean; hold?: boolean; role?: SupervisorRole; whisperIds?: string[]; endOnExit?: boolean; softEndOnExit?: boolean;
    startConferenceOnEnter?: boolean; beepEnabled?: string;
  }): void {
    const now = new Date();
    const heldUntilStart = conf.status === 'init' && !o.startConferenceOnEnter;
    const participant: Participant = {
      id: this.o.ids.uuid(), callControlId: leg.callControlId, callLegId: leg.callLegId, callSessionId: leg.callSessionId,
      muted: (o.mute ?? false) || (I.MONITOR_ROLE_SETS_MUTED && o.role === 'monitor'),
      onHold: (o.hold ?? false) || heldUntilStart, heldUntilStart,
      supervisorRole: o.role ?? 'none', whisperCallControlIds: o.whisperIds ?? [],
      endConferenceOnExit: o.endOnExit ?? false, softEndConferenceOnExit: o.softEndOnExit ?? false,
      createdAt: now, updatedAt: now,
    };
    if (o.beepEnabled !== undefined) participant.beepEnabled = o.beepEnabled;
    conf.participants.set(leg.callControlId, participant);
    leg.conferenceId = conf.id;
    conf.updatedAt = now;
    this.emit('conference.participant.joined', { ...this.legIds(leg), conference_id: conf.id });
    if (conf.status === 'init' && o.startConferenceOnEnter) this.startConference(conf);
    const synthetic = leg.synthetic;
    if (synthetic && !synthetic.talkTimer) {
      synthetic.talkTimer = this.o.clock.afterSecs(synthetic.talkSecs, () => {
        if (leg.alive) this.hangupLeg(leg, 'normal_clearing', I.hangupSourceForRemote(leg.direction), '16');
      });
    }
    this.scheduleFloorChange(conf);
  }

  private startConference(conf: Conference): void {
    conf.status = 'in_progress';
    for (const p of conf.participants.values()) {
      if (p.heldUntilStart) {
        p.heldUntilStart = false;
        p.onHold = false;
        p.updatedAt = new Date();
      }
    }
  }

  /** Removes a leg's participant (emitting participant.left); the caller then runs afterParticipantExit. */
  private detachParticipant(leg: CallLeg): { conf: Conference; participant: Participant } | undefined {
    const conf = leg.conferenceId ? this.conferences.get(leg.conferenceId) : undefined;
    leg.conferenceId = undefined;
    const participant = conf?.participants.get(leg.callControlId);
    if (!conf || !participant) return undefined;
    conf.participants.delete(leg.callControlId);
    conf.updatedAt = new Date();
    for (const media of conf.media) {
      if (media.targets) {
        media.targets = media.targets.filter((id) => id !== leg.callControlId);
        if (media.targets.length === 0) this.finishConferenceMedia(conf, media, leg);
      }
    }
    if (conf.floorHolder === leg.callControlId) conf.floorHolder = undefined;
    this.emit('conference.participant.left', { ...this.legIds(leg), conference_id: conf.id });
    return { conf, participant };
  }

  private afterParticipantExit(conf: Conference, participant: Participant): void {
    if (!ACTIVE(conf)) return;
    if (participant.endConferenceOnExit) {
      this.endConference(conf, I.END_REASON_HOST_EXIT, { hangupLegs: true });
    } else if (participant.softEndConferenceOnExit) {
      this.endConference(conf, I.END_REASON_HOST_EXIT, { hangupLegs: false });
    } else if (conf.participants.size === 0) {
      this.endConference(conf, 'all_left', { hangupLegs: false });
    } else {
      this.scheduleFloorChange(conf);
    }
  }

  private endConference(conf: Conference, reason: NonNullable<Conference['endReason']>, o: { hangupLegs: boolean; endedBy?: CallLeg }): void {
    if (!ACTIVE(conf)) return;
    conf.status = 'completed';
    conf.endReason = reason;
    conf.endedAt = new Date();
    conf.updatedAt = conf.endedAt;
    if (o.endedBy) conf.endedBy = { call_control_id: o.endedBy.callControlId, call_session_id: o.endedBy.callSessionId };
    if (this.activeConferenceByName.get(conf.name) === conf.id) this.activeConferenceByName.delete(conf.name);
    conf.floorTimer?.cancel();
    conf.floorTimer = undefined;
    conf.expiryTimer?.cancel();
    for (const media of [...conf.media]) this.finishConferenceMedia(conf, media);
    if (conf.recording && conf.recording.status !== 'saved') this.saveRecording(conf, conf.recording);
    for (const participant of [...conf.participants.values()]) {
      const leg = this.legs.get(participant.callControlId);
      if (!leg) continue;
      this.detachParticipant(leg);
      if (o.hangupLegs) this.hangupLeg(leg, 'normal_clearing', I.hangupSourceForCommand(leg.direction), '16');
    }
    const webhookReason = reason === 'ended_via_api' ? I.WEBHOOK_REASON_FOR_API_END : reason;
    this.emit('conference.ended', { ...this.conferenceIds(conf), reason: webhookReason });
  }

  // Floor: with two or more participants able to talk, the active speaker changes every few seconds.
  private scheduleFloorChange(conf: Conference): void {
    const range = this.o.floorChangeSecs;
    if (!range || conf.floorTimer || !ACTIVE(conf) || this.talkers(conf).length < 2) return;
    conf.floorTimer = this.o.clock.afterSecs(between(this.o.random, range), () => {
      conf.floorTimer = undefined;
      const talkers = this.talkers(conf).filter((p) => p.callControlId !== conf.floorHolder);
      if (!ACTIVE(conf) || talkers.length === 0) return;
      const speaker = talkers[Math.floor(this.o.random() * talkers.length)];
      const leg = speaker ? this.legs.get(speaker.callControlId) : undefined;
      if (speaker && leg) {
        conf.floorHolder = speaker.callControlId;
        const { call_control_id, call_leg_id, call_session_id, client_state } = this.legIds(leg);
        this.emit('conference.floor.changed', {
          call_control_id, call_leg_id, call_session_id, client_state, conference_id: conf.id, connection_id: conf.connectionId,
        });
      }
      this.scheduleFloorChange(conf);
    });
  }

  private talkers(conf: Conference): Participant[] {
    return [...conf.participants.values()].filter((p) => !p.muted && !p.onHold && p.supervisorRole !== 'monitor');
  }

  listParticipants(idOrName: string, query: Query) {
    const conf = this.findConference(idOrName);
    const muted = boolFilter(query, 'filter[muted]');
    const onHold = boolFilter(query, 'filter[on_hold]');
    const whispering = boolFilter(query, 'filter[whispering]');
    const all = ACTIVE(conf) || I.LIST_LEFT_PARTICIPANTS ? [...conf.participants.values()] : [];
    const matching = all.filter((p) => (muted === undefined || p.muted === muted) && (onHold === undefined || p.onHold === onHold)
      && (whispering === undefined || (p.supervisorRole === 'whisper') === whispering));
    return paginate(matching, query).map((p) => this.participantListItem(conf, p));
  }

  retrieveParticipant(idOrName: string, participantId: string) {
    const conf = this.findConference(idOrName);
    return this.participantResource(conf, this.findParticipant(conf, participantId));
  }

  updateParticipant(idOrName: string, participantId: string, body: Body) {
    const conf = this.activeConference(idOrName);
    const p = this.findParticipant(conf, participantId);
    const endOnExit = optionalBool(body, 'end_conference_on_exit');
    const softEnd = optionalBool(body, 'soft_end_conference_on_exit');
    const beep = optionalString(body, 'beep_enabled');
    if (endOnExit !== undefined) p.endConferenceOnExit = endOnExit;
    if (softEnd !== undefined) p.softEndConferenceOnExit = softEnd;
    if (beep !== undefined) p.beepEnabled = beep;
    p.updatedAt = new Date();
    return this.participantResource(conf, p);
  }

  conferenceAction(idOrName: string, action: string, body: Body): void {
    const handler = this.conferenceActions[action];
    if (!handler) throw apiErrors.resourceNotFound(`Unknown conference action '${action}'`);
    handler(this.activeConference(idOrName), body);
  }

  private readonly conferenceActions: Record<string, (conf: Conference, body: Body) => void> = {
    join: (conf, body) => {
      const callControlId = requireString(body, 'call_control_id');
      const leg = this.answeredLeg(callControlId);
      if (conf.participants.has(leg.callControlId)) {
        throw apiErrors.invalidValue('call_control_id', 'The call is already a participant of this conference.');
      }
      if (conf.participants.size >= conf.maxParticipants) throw apiErrors.maxParticipants(conf.maxParticipants);
      const role = supervisorRole(body);
      const whisperIds = optionalStringArray(body, 'whisper_call_control_ids');
      this.applyClientState(leg, body);
      this.detachForMove(leg, I.DEQUEUE_REASON_CONFERENCE_TAKEOVER);
      this.addParticipant(conf, leg, {
        mute: optionalBool(body, 'mute'), hold: optionalBool(body, 'hold'), role, whisperIds,
        endOnExit: optionalBool(body, 'end_conference_on_exit'), softEndOnExit: optionalBool(body, 'soft_end_conference_on_exit'),
        startConferenceOnEnter: optionalBool(body, 'start_conference_on_enter'), beepEnabled: optionalString(body, 'beep_enabled'),
      });
    },
    leave: (conf, body) => {
      const callControlId = requireString(body, 'call_control_id');
      const leg = this.liveLeg(callControlId);
      if (!conf.participants.has(leg.callControlId)) throw apiErrors.invalidCallControlId();
      const left = this.detachParticipant(leg); // the leg is parked again, still alive
      if (left) this.afterParticipantExit(left.conf, left.participant);
    },
    hold: (conf, body) => {
      for (const p of this.targetParticipants(conf, optionalStringArray(body, 'call_control_ids'), true)) this.setFlag(conf, p, 'onHold', true);
    },
    unhold: (conf, body) => {
      const ids = optionalStringArray(body, 'call_control_ids');
      if (!ids || ids.length === 0) throw apiErrors.missingParameter('call_control_ids');
      for (const p of this.targetParticipants(conf, ids, false)) {
        p.heldUntilStart = false;
        this.setFlag(conf, p, 'onHold', false);
      }
    },
    mute: (conf, body) => {
      for (const p of this.targetParticipants(conf, optionalStringArray(body, 'call_control_ids'), true)) this.setFlag(conf, p, 'muted', true);
    },
    unmute: (conf, body) => {
      for (const p of this.targetParticipants(conf, optionalStringArray(body, 'call_control_ids'), true)) this.setFlag(conf, p, 'muted', false);
    },
    play: (conf, body) => {
      const mediaUrl = optionalString(body, 'audio_url');
      const mediaName = optionalString(body, 'media_name');
      if (I.CONFERENCE_PLAY_REQUIRES_MEDIA && !mediaUrl && !mediaName) throw apiErrors.missingParameter('audio_url');
      const ids = optionalStringArray(body, 'call_control_ids');
      const targets = ids && ids.length > 0 ? this.targetParticipants(conf, ids, false).map((p) => p.callControlId) : undefined;
      const loops = parseLoop(body.loop);
      const media: ConferenceMedia = { kind: 'playback' };
      if (targets) media.targets = targets;
      if (mediaUrl) media.mediaUrl = mediaUrl;
      if (mediaName) media.mediaName = mediaName;
      this.startConferenceMedia(conf, media, loops * I.PLAYBACK_SECS_PER_LOOP);
    },
    stop: (conf, body) => {
      const ids = optionalStringArray(body, 'call_control_ids');
      const targets = ids && ids.length > 0 ? new Set(this.targetParticipants(conf, ids, false).map((p) => p.callControlId)) : undefined;
      for (const media of [...conf.media]) {
        if (media.kind === 'speak' && !I.CONFERENCE_STOP_AFFECTS_SPEAK) continue;
        if (!targets) this.finishConferenceMedia(conf, media);
        else if (media.targets?.some((t) => targets.has(t))) {
          // Stop only for the named legs; the rest keep hearing it.
          for (const id of media.targets.filter((t) => targets.has(t))) {
            const leg = this.legs.get(id);
            if (leg) this.emitConferenceMediaEvent(conf, media, 'ended', leg);
          }
          media.targets = media.targets.filter((t) => !targets.has(t));
          if (media.targets.length === 0) {
            media.timer?.cancel();
            conf.media.delete(media);
          }
        }
      }
    },
    speak: (conf, body) => {
      const text = requireString(body, 'payload');
      requireString(body, 'voice');
      if (text.length > 3000) throw apiErrors.outOfRange('payload', 1, 3000);
      const ids = optionalStringArray(body, 'call_control_ids');
      const targets = ids && ids.length > 0 ? this.targetParticipants(conf, ids, false).map((p) => p.callControlId) : undefined;
      const media: ConferenceMedia = { kind: 'speak' };
      if (targets) media.targets = targets;
      this.startConferenceMedia(conf, media, I.speakDurationSecs(text));
    },
    record_start: (conf, body) => {
      const format = requireString(body, 'format');
      if (format !== 'wav' && format !== 'mp3') throw apiErrors.invalidEnum('format', ['wav', 'mp3']);
      const channels = optionalString(body, 'channels') ?? 'single';
      if (channels !== 'single' && channels !== 'dual') throw apiErrors.invalidEnum('channels', ['dual', 'single']);
      if (conf.recording && conf.recording.status !== 'saved') {
        throw new TelnyxApiError(422, I.UNDOCUMENTED_CONFLICT_CODE, 'Invalid value', 'The conference is already being recorded.');
      }
      const recording: Recording = { id: this.o.ids.uuid(), conferenceId: conf.id, format, channels, startedAt: new Date(), status: 'recording' };
      conf.recording = recording;
      this.recordings.set(recording.id, recording);
    },
    record_stop: (conf, body) => {
      const recording = this.activeRecording(conf, body);
      const cs = optionalString(body, 'client_state');
      if (cs !== undefined) recording.clientState = cs;
      this.saveRecording(conf, recording);
    },
    record_pause: (conf, body) => {
      this.activeRecording(conf, body).status = 'paused';
    },
    record_resume: (conf, body) => {
      this.activeRecording(conf, body).status = 'recording';
    },
    update: (conf, body) => {
      const callControlId = requireString(body, 'call_control_id');
      requireString(body, 'supervisor_role');
      const p = conf.participants.get(callControlId);
      if (!p) throw apiErrors.invalidCallControlId();
      p.supervisorRole = supervisorRole(body) ?? p.supervisorRole;
      const whisperIds = optionalStringArray(body, 'whisper_call_control_ids');
      if (whisperIds !== undefined) p.whisperCallControlIds = whisperIds;
      else if (p.supervisorRole !== 'whisper') p.whisperCallControlIds = [];
      p.updatedAt = new Date();
      conf.updatedAt = p.updatedAt;
      this.scheduleFloorChange(conf);
    },
    end: (conf) => {
      this.endConference(conf, 'ended_via_api', { hangupLegs: true });
    },
  };

  private setFlag(conf: Conference, p: Participant, flag: 'muted' | 'onHold', value: boolean): void {
    if (p[flag] === value) return;
    p[flag] = value;
    p.updatedAt = new Date();
    conf.updatedAt = p.updatedAt;
    this.scheduleFloorChange(conf);
  }

  private activeRecording(conf: Conference, body: Body): Recording {
    const recordingId = optionalString(body, 'recording_id');
    const recording = conf.recording;
    if (!recording || recording.status === 'saved' || (recordingId !== undefined && recording.id !== recordingId)) {
      throw apiErrors.recordingNotFound();
    }
    return recording;
  }

  recordingUrls(recording: Recording) {
    const base = `${this.o.publicBaseUrl()}/recordings/${recording.id}`;
    return { wav: `${base}.wav`, mp3: `${base}.mp3` };
  }

  private saveRecording(conf: Conference, recording: Recording): void {
    recording.status = 'saved';
    recording.endedAt = new Date();
    this.emit('conference.recording.saved', {
      call_control_id: conf.creator.callControlId, call_session_id: conf.creator.callSessionId,
      client_state: recording.clientState ?? conf.clientState, conference_id: conf.id, connection_id: conf.connectionId,
      channels: recording.channels, format: recording.format, recording_id: recording.id,
      recording_started_at: recording.startedAt.toISOString(), recording_ended_at: recording.endedAt.toISOString(),
      recording_urls: this.recordingUrls(recording), public_recording_urls: { wav: null, mp3: null },
    });
  }

  private startConferenceMedia(conf: Conference, media: ConferenceMedia, durationSecs: number): void {
    conf.media.add(media);
    this.emitConferenceMediaEvents(conf, media, 'started');
    if (Number.isFinite(durationSecs)) {
      media.timer = this.o.clock.afterSecs(durationSecs, () => this.finishConferenceMedia(conf, media));
    }
  }

  private finishConferenceMedia(conf: Conference, media: ConferenceMedia, alsoTo?: CallLeg): void {
    if (!conf.media.delete(media)) return;
    media.timer?.cancel();
    if (alsoTo) this.emitConferenceMediaEvent(conf, media, 'ended', alsoTo);
    this.emitConferenceMediaEvents(conf, media, 'ended');
  }

  private emitConferenceMediaEvents(conf: Conference, media: ConferenceMedia, phase: 'started' | 'ended'): void {
    if (media.targets && I.SUBSET_MEDIA_EMITS_PARTICIPANT_EVENTS) {
      for (const id of media.targets) {
        const leg = this.legs.get(id);
        if (leg) this.emitConferenceMediaEvent(conf, media, phase, leg);
      }
      return;
    }
    const base = { conference_id: conf.id, connection_id: conf.connectionId, creator_call_session_id: conf.creator.callSessionId };
    if (media.kind === 'speak') this.emit(`conference.speak.${phase}`, base);
    else this.emit(`conference.playback.${phase}`, { ...base, media_url: media.mediaUrl, media_name: media.mediaName });
  }

  private emitConferenceMediaEvent(conf: Conference, media: ConferenceMedia, phase: 'started' | 'ended', leg: CallLeg): void {
    const payload = {
      ...this.legIds(leg), conference_id: conf.id, creator_call_session_id: conf.creator.callSessionId,
    };
    if (media.kind === 'speak') this.emit(`conference.participant.speak.${phase}`, payload);
    else this.emit(`conference.participant.playback.${phase}`, { ...payload, media_url: media.mediaUrl, media_name: media.mediaName });
  }

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

function averageWaitSecs(queue: CallQueue): number {
  if (queue.entries.length === 0) return 0;
  const now = Date.now();
  let total = 0;
  for (const e of queue.entries) total += now - e.enqueuedAt.getTime();
  return Math.floor(total / queue.entries.length / 1000);
}

function supervisorRole(body: Body): SupervisorRole | undefined {
  const role = optionalString(body, 'supervisor_role');
  if (role === undefined) return undefined;
  if (!(SUPERVISOR_ROLES as readonly string[]).includes(role)) throw apiErrors.invalidEnum('supervisor_role', SUPERVISOR_ROLES);
  return role as SupervisorRole;
}

/** `loop`: 1–100 or "infinity" (default 1). */
function parseLoop(value: unknown): number {
  if (value === undefined || value === null) return 1;
  if (value === 'infinity') return Infinity;
  const n = typeof value === 'string' ? Number(value) : value;
  if (typeof n !== 'number' || !Number.isInteger(n) || n < 1 || n > 100) throw apiErrors.outOfRange('loop', 1, 100);
  return n;
}

function boolFilter(query: Query, key: string): boolean | undefined {
  const v = query.get(key);
  if (v === undefined) return undefined;
  if (v === 'true') return true;
  if (v === 'false') return false;
  throw apiErrors.invalidValue(key, `${key} must be true or false.`);
}

/** One page of a list plus Telnyx's PaginationMeta (total_pages is at least 1, also for empty sets). */
export interface Page<T> {
  items: T[];
  offset: number;
  meta: { page_number: number; page_size: number; total_pages: number; total_results: number };
  map<U>(fn: (item: T, index: number) => U): { data: U[]; meta: Page<T>['meta'] };
}

export function paginate<T>(all: readonly T[], query: Query): Page<T> {
  const number = pageParam(query, 'page[number]', 1, Number.MAX_SAFE_INTEGER, 1);
  const size = pageParam(query, 'page[size]', 1, 250, 20);
  const offset = (number - 1) * size;
  const items = all.slice(offset, offset + size);
  const meta = { page_number: number, page_size: size, total_pages: Math.max(1, Math.ceil(all.length / size)), total_results: all.length };
  return { items, offset, meta, map: (fn) => ({ data: items.map(fn), meta }) };
}

function pageParam(query: Query, key: string, min: number, max: number, fallback: number): number {
  const raw = query.get(key);
  if (raw === undefined || raw === '') return fallback;
  const n = Number(raw);
  if (!Number.isInteger(n) || n < min || n > max) throw apiErrors.outOfRange(key, min, max);
  return n;
}
