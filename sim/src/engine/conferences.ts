// Conferences: creation from a call leg, participants joining and leaving (and the endings that
// follow), hold/mute flags, floor changes, saved recordings. The actions that drive them (join … end)
// are in conference-actions.ts; resources and webhook ids in conference-views.ts.
import { apiErrors } from '../errors';
import * as I from '../inferences';
import { between } from '../random';
import type { CallLeg, Conference, Participant, Recording, SupervisorRole } from '../model';
import { type Body, optionalBool, optionalInt, optionalString, requireString, type Query } from '../params';
import {
  boolFilter, conferenceIds, conferenceResource, participantListItem, participantResource,
} from './conference-views';
import type { EngineCore } from './core';
import { paginate } from './paging';

export const ACTIVE = (c: Conference) => c.status !== 'completed';

export class Conferences {
  private readonly activeConferenceByName = new Map<string, string>();

  constructor(private readonly e: EngineCore) {}

  // ───────────────────────────── lookups ─────────────────────────────

  /** `{id}` may be the id or (I.CONFERENCE_LOOKUP_BY_NAME) the name. */
  findConference(idOrName: string): Conference {
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

  activeConference(idOrName: string): Conference {
    const conf = this.findConference(idOrName);
    if (!ACTIVE(conf)) throw apiErrors.conferenceEnded();
    return conf;
  }

  findParticipant(conf: Conference, participantId: string): Participant {
    for (const p of conf.participants.values()) {
      if (p.id === participantId || p.label === participantId) return p;
      if (I.PARTICIPANT_LOOKUP_BY_CALL_CONTROL_ID && p.callControlId === participantId) return p;
    }
    throw apiErrors.resourceNotFound('Participant not found');
  }

  /** The participants a hold/mute/play… names; absent or empty = everyone when `emptyMeansAll`. */
  targetParticipants(conf: Conference, ids: string[] | undefined, emptyMeansAll: boolean): Participant[] {
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

  listConferences(query: Query) {
    const name = query.get('filter[name]');
    const status = query.get('filter[status]');
    const connectionId = query.get('filter[connection_id]');
    const matching = [...this.e.conferences.values()]
      .filter((c) => (name === undefined || c.name === name) && (status === undefined || c.status === status)
        && (connectionId === undefined || c.connectionId === connectionId))
      .sort((a, b) => b.expiresAt.getTime() - a.expiresAt.getTime());
    return paginate(matching, query).map((c) => conferenceResource(c));
  }

  retrieveConference(idOrName: string) {
    return conferenceResource(this.findConference(idOrName));
  }

  createConference(body: Body) {
    const callControlId = requireString(body, 'call_control_id');
    const name = requireString(body, 'name');
    const leg = this.e.answeredLeg(callControlId);
    const maxParticipants = optionalInt(body, 'max_participants', 2, 800) ?? 250;
    const durationMinutes = optionalInt(body, 'duration_minutes', 1, 1440) ?? I.DEFAULT_CONFERENCE_LIFETIME_MINUTES;
    if (this.activeConferenceByName.has(name)) throw apiErrors.conferenceNameConflict();
    const now = this.e.o.clock.date();
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
    this.e.emit('conference.created', conferenceIds(conf));
    this.addParticipant(conf, leg, { startConferenceOnEnter: true });
    return conferenceResource(conf);
  }

  addParticipant(conf: Conference, leg: CallLeg, o: {
    mute?: boolean; hold?: boolean; role?: SupervisorRole; whisperIds?: string[]; endOnExit?: boolean; softEndOnExit?: boolean;
    startConferenceOnEnter?: boolean; beepEnabled?: string;
  }): void {
    const now = this.e.o.clock.date();
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
        p.updatedAt = this.e.o.clock.date();
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
    conf.updatedAt = this.e.o.clock.date();
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

  endConference(conf: Conference, reason: NonNullable<Conference['endReason']>, o: { hangupLegs: boolean; endedBy?: CallLeg }): void {
    if (!ACTIVE(conf)) return;
    conf.status = 'completed';
    conf.endReason = reason;
    conf.endedAt = this.e.o.clock.date();
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
    this.e.emit('conference.ended', { ...conferenceIds(conf), reason: webhookReason });
  }

  // Floor: with two or more participants able to talk, the active speaker changes every few seconds.
  scheduleFloorChange(conf: Conference): void {
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
    return paginate(matching, query).map((p) => participantListItem(conf, p));
  }

  retrieveParticipant(idOrName: string, participantId: string) {
    const conf = this.findConference(idOrName);
    return participantResource(conf, this.findParticipant(conf, participantId));
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
    p.updatedAt = this.e.o.clock.date();
    return participantResource(conf, p);
  }

  setFlag(conf: Conference, p: Participant, flag: 'muted' | 'onHold', value: boolean): void {
    if (p[flag] === value) return;
    p[flag] = value;
    p.updatedAt = this.e.o.clock.date();
    conf.updatedAt = p.updatedAt;
    this.scheduleFloorChange(conf);
  }

  recordingUrls(recording: Recording) {
    const base = `${this.e.o.publicBaseUrl()}/recordings/${recording.id}`;
    return { wav: `${base}.wav`, mp3: `${base}.mp3` };
  }

  saveRecording(conf: Conference, recording: Recording): void {
    recording.status = 'saved';
    recording.endedAt = this.e.o.clock.date();
    this.e.emit('conference.recording.saved', {
      call_control_id: conf.creator.callControlId, call_session_id: conf.creator.callSessionId,
      client_state: recording.clientState ?? conf.clientState, conference_id: conf.id, connection_id: conf.connectionId,
      channels: recording.channels, format: recording.format, recording_id: recording.id,
      recording_started_at: recording.startedAt.toISOString(), recording_ended_at: recording.endedAt.toISOString(),
      recording_urls: this.recordingUrls(recording), public_recording_urls: { wav: null, mp3: null },
    });
  }
}
