// Conferences: creation from a call leg, participants joining and leaving (and the endings that
// follow), hold/mute/supervisor roles, floor changes, recordings, and every conference action
// (join … end); play/speak/stop run their timelines in media.ts.
import { apiErrors, TelnyxApiError } from '../errors';
import * as I from '../inferences';
import { between } from '../random';
import {
  SUPERVISOR_ROLES,
  type CallLeg, type Conference, type ConferenceMedia, type Participant, type Recording, type SupervisorRole,
} from '../model';
import {
  type Body, optionalBool, optionalInt, optionalString, optionalStringArray, requireString, type Query,
} from '../params';
import { CONFERENCE_ACTIONS_WITH_COMMAND_ID } from './commands';
import type { EngineCore } from './core';
import { conferenceDtmfTargets, playDigitsTo, readDtmf } from './dtmf';
import { parseLoop } from './media';
import { paginate } from './paging';

const ACTIVE = (c: Conference) => c.status !== 'completed';

export class Conferences {
  private readonly activeConferenceByName = new Map<string, string>();

  constructor(private readonly e: EngineCore) {}

  // ───────────────────────────── webhook ids ─────────────────────────────

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

  /** `{id}` may be the id or (I.CONFERENCE_LOOKUP_BY_NAME) the name. */
  private findConference(idOrName: string): Conference {
    let conf = this.e.conferences.get(idOrName);
    if (!conf && I.CONFERENCE_LOOKUP_BY_NAME) {
      const activeId = this.activeConferenceByName.get(idOrName);
      conf = activeId ? this.e.conferences.get(activeId) : undefined;
      if (!conf) {
        for (const c of this.e.conferences.values()) if (c.name === idOrName && (!conf || c.createdAt >= conf.createdAt)) conf = c;
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

  // ───────────────────────────── resources and lifecycle ─────────────────────────────

  private conferenceResource(conf: Conference) {
    const out: Record<string, unknown> = {
      record_type: 'conference', id: conf.id, name: conf.name, status: conf.status, connection_id: conf.connectionId,
      created_at: conf.createdAt.toISOString(), updated_at: conf.updatedAt.toISOString(), expires_at: conf.expiresAt.toISOString(),
    };
    if (conf.region) out.region = conf.region;
    if (conf.endReason) out.end_reason = conf.endReason;
    if (conf.endedBy) out.ended_by = conf.endedBy;
    return out;
  }

  private participantListItem(conf: Conference, p: Participant) {
    return {
      record_type: 'participant', id: p.id, call_control_id: p.callControlId, call_leg_id: p.callLegId,
      conference: { id: conf.id, name: conf.name }, status: 'joined', muted: p.muted, on_hold: p.onHold,
      end_conference_on_exit: p.endConferenceOnExit, soft_end_conference_on_exit: p.softEndConferenceOnExit,
      whisper_call_control_ids: p.whisperCallControlIds, created_at: p.createdAt.toISOString(), updated_at: p.updatedAt.toISOString(),
    };
  }

  private participantResource(conf: Conference, p: Participant) {
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
    const matching = [...this.e.conferences.values()]
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
    const leg = this.e.answeredLeg(callControlId);
    const maxParticipants = optionalInt(body, 'max_participants', 2, 800) ?? 250;
    const durationMinutes = optionalInt(body, 'duration_minutes', 1, 1440) ?? I.DEFAULT_CONFERENCE_LIFETIME_MINUTES;
    if (this.activeConferenceByName.has(name)) throw apiErrors.conferenceNameConflict();
    const now = new Date();
    const lifetimeMs = durationMinutes * 60_000 * this.e.o.clock.timeScale;
    const conf: Conference = {
      id: this.e.o.ids.uuid(), name, connectionId: leg.connectionId,
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
    this.e.calls.detachForMove(leg, I.DEQUEUE_REASON_CONFERENCE_TAKEOVER);
    this.e.conferences.set(conf.id, conf);
    this.activeConferenceByName.set(name, conf.id);
    conf.expiryTimer = this.e.o.clock.afterRealMs(lifetimeMs, () => {
      if (ACTIVE(conf)) this.endConference(conf, 'time_exceeded', { hangupLegs: true });
    });
    this.e.emit('conference.created', this.conferenceIds(conf));
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
      id: this.e.o.ids.uuid(), callControlId: leg.callControlId, callLegId: leg.callLegId, callSessionId: leg.callSessionId,
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
    this.e.emit('conference.participant.joined', { ...this.e.legIds(leg), conference_id: conf.id });
    if (conf.status === 'init' && o.startConferenceOnEnter) this.startConference(conf);
    const synthetic = leg.synthetic;
    if (synthetic && !synthetic.talkTimer) {
      synthetic.talkTimer = this.e.o.clock.afterSecs(synthetic.talkSecs, () => {
        if (leg.alive) this.e.calls.hangupLeg(leg, 'normal_clearing', I.hangupSourceForRemote(leg.direction), '16');
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
  detachParticipant(leg: CallLeg): { conf: Conference; participant: Participant } | undefined {
    const conf = leg.conferenceId ? this.e.conferences.get(leg.conferenceId) : undefined;
    leg.conferenceId = undefined;
    const participant = conf?.participants.get(leg.callControlId);
    if (!conf || !participant) return undefined;
    conf.participants.delete(leg.callControlId);
    conf.updatedAt = new Date();
    for (const media of conf.media) {
      if (media.targets) {
        media.targets = media.targets.filter((id) => id !== leg.callControlId);
        if (media.targets.length === 0) this.e.media.finishConferenceMedia(conf, media, leg);
      }
    }
    if (conf.floorHolder === leg.callControlId) conf.floorHolder = undefined;
    this.e.emit('conference.participant.left', { ...this.e.legIds(leg), conference_id: conf.id });
    return { conf, participant };
  }

  afterParticipantExit(conf: Conference, participant: Participant): void {
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
    for (const media of [...conf.media]) this.e.media.finishConferenceMedia(conf, media);
    if (conf.recording && conf.recording.status !== 'saved') this.saveRecording(conf, conf.recording);
    for (const participant of [...conf.participants.values()]) {
      const leg = this.e.legs.get(participant.callControlId);
      if (!leg) continue;
      this.detachParticipant(leg);
      if (o.hangupLegs) this.e.calls.hangupLeg(leg, 'normal_clearing', I.hangupSourceForCommand(leg.direction), '16');
    }
    const webhookReason = reason === 'ended_via_api' ? I.WEBHOOK_REASON_FOR_API_END : reason;
    this.e.emit('conference.ended', { ...this.conferenceIds(conf), reason: webhookReason });
  }

  // Floor: with two or more participants able to talk, the active speaker changes every few seconds.
  private scheduleFloorChange(conf: Conference): void {
    const range = this.e.o.floorChangeSecs;
    if (!range || conf.floorTimer || !ACTIVE(conf) || this.talkers(conf).length < 2) return;
    conf.floorTimer = this.e.o.clock.afterSecs(between(this.e.o.random, range), () => {
      conf.floorTimer = undefined;
      const talkers = this.talkers(conf).filter((p) => p.callControlId !== conf.floorHolder);
      if (!ACTIVE(conf) || talkers.length === 0) return;
      const speaker = talkers[Math.floor(this.e.o.random() * talkers.length)];
      const leg = speaker ? this.e.legs.get(speaker.callControlId) : undefined;
      if (speaker && leg) {
        conf.floorHolder = speaker.callControlId;
        const { call_control_id, call_leg_id, call_session_id, client_state } = this.e.legIds(leg);
        this.e.emit('conference.floor.changed', {
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

  /** A repeated command_id on the same conference runs nothing, even once it has ended (I.COMMAND_ID_SCOPES). */
  conferenceAction(idOrName: string, action: string, body: Body): void {
    const handler = this.conferenceActions[action];
    if (!handler) throw apiErrors.resourceNotFound(`Unknown conference action '${action}'`);
    const conf = this.findConference(idOrName);
    const run = () => {
      if (!ACTIVE(conf)) throw apiErrors.conferenceEnded();
      handler(conf, body);
    };
    if (!I.COMMAND_ID_ONLY_WHERE_THE_SPEC_HAS_IT || CONFERENCE_ACTIONS_WITH_COMMAND_ID.has(action)) {
      this.e.commandIds.once(`conference:${conf.id}`, body, run, () => conf.id);
    } else {
      run();
    }
  }

  private readonly conferenceActions: Record<string, (conf: Conference, body: Body) => void> = {
    join: (conf, body) => {
      const callControlId = requireString(body, 'call_control_id');
      const leg = this.e.answeredLeg(callControlId);
      if (conf.participants.has(leg.callControlId)) {
        throw apiErrors.invalidValue('call_control_id', 'The call is already a participant of this conference.');
      }
      if (conf.participants.size >= conf.maxParticipants) throw apiErrors.maxParticipants(conf.maxParticipants);
      const role = supervisorRole(body);
      const whisperIds = optionalStringArray(body, 'whisper_call_control_ids');
      this.e.applyClientState(leg, body);
      this.e.calls.detachForMove(leg, I.DEQUEUE_REASON_CONFERENCE_TAKEOVER);
      this.addParticipant(conf, leg, {
        mute: optionalBool(body, 'mute'), hold: optionalBool(body, 'hold'), role, whisperIds,
        endOnExit: optionalBool(body, 'end_conference_on_exit'), softEndOnExit: optionalBool(body, 'soft_end_conference_on_exit'),
        startConferenceOnEnter: optionalBool(body, 'start_conference_on_enter'), beepEnabled: optionalString(body, 'beep_enabled'),
      });
    },
    leave: (conf, body) => {
      const callControlId = requireString(body, 'call_control_id');
      const leg = this.e.liveLeg(callControlId);
      if (!conf.participants.has(leg.callControlId)) throw apiErrors.invalidCallControlId();
      const left = this.detachParticipant(leg); // the leg is parked again, still alive
      if (left) this.afterParticipantExit(left.conf, left.participant);
    },
    send_dtmf: (conf, body) => {
      const { digits } = readDtmf(body);
      for (const id of conferenceDtmfTargets(body, [...conf.participants.keys()])) playDigitsTo(this.e.knownLeg(id), digits);
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
      this.e.media.startConferenceMedia(conf, media, loops * I.PLAYBACK_SECS_PER_LOOP);
    },
    stop: (conf, body) => {
      const ids = optionalStringArray(body, 'call_control_ids');
      const targets = ids && ids.length > 0 ? new Set(this.targetParticipants(conf, ids, false).map((p) => p.callControlId)) : undefined;
      this.e.media.stopConferenceMedia(conf, targets);
    },
    speak: (conf, body) => {
      const text = requireString(body, 'payload');
      requireString(body, 'voice');
      if (text.length > 3000) throw apiErrors.outOfRange('payload', 1, 3000);
      const ids = optionalStringArray(body, 'call_control_ids');
      const targets = ids && ids.length > 0 ? this.targetParticipants(conf, ids, false).map((p) => p.callControlId) : undefined;
      const media: ConferenceMedia = { kind: 'speak' };
      if (targets) media.targets = targets;
      this.e.media.startConferenceMedia(conf, media, I.speakDurationSecs(text));
    },
    record_start: (conf, body) => {
      const format = requireString(body, 'format');
      if (format !== 'wav' && format !== 'mp3') throw apiErrors.invalidEnum('format', ['wav', 'mp3']);
      const channels = optionalString(body, 'channels') ?? 'single';
      if (channels !== 'single' && channels !== 'dual') throw apiErrors.invalidEnum('channels', ['dual', 'single']);
      if (conf.recording && conf.recording.status !== 'saved') {
        throw new TelnyxApiError(422, I.UNDOCUMENTED_CONFLICT_CODE, 'Invalid value', 'The conference is already being recorded.');
      }
      const recording: Recording = { id: this.e.o.ids.uuid(), conferenceId: conf.id, format, channels, startedAt: new Date(), status: 'recording' };
      conf.recording = recording;
      this.e.recordings.set(recording.id, recording);
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
    const base = `${this.e.o.publicBaseUrl()}/recordings/${recording.id}`;
    return { wav: `${base}.wav`, mp3: `${base}.mp3` };
  }

  private saveRecording(conf: Conference, recording: Recording): void {
    recording.status = 'saved';
    recording.endedAt = new Date();
    this.e.emit('conference.recording.saved', {
      call_control_id: conf.creator.callControlId, call_session_id: conf.creator.callSessionId,
      client_state: recording.clientState ?? conf.clientState, conference_id: conf.id, connection_id: conf.connectionId,
      channels: recording.channels, format: recording.format, recording_id: recording.id,
      recording_started_at: recording.startedAt.toISOString(), recording_ended_at: recording.endedAt.toISOString(),
      recording_urls: this.recordingUrls(recording), public_recording_urls: { wav: null, mp3: null },
    });
  }
}

function supervisorRole(body: Body): SupervisorRole | undefined {
  const role = optionalString(body, 'supervisor_role');
  if (role === undefined) return undefined;
  if (!(SUPERVISOR_ROLES as readonly string[]).includes(role)) throw apiErrors.invalidEnum('supervisor_role', SUPERVISOR_ROLES);
  return role as SupervisorRole;
}

function boolFilter(query: Query, key: string): boolean | undefined {
  const v = query.get(key);
  if (v === undefined) return undefined;
  if (v === 'true') return true;
  if (v === 'false') return false;
  throw apiErrors.invalidValue(key, `${key} must be true or false.`);
}
