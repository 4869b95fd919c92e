// The conference actions (POST /conferences/{id}/actions/{action}): join, leave, hold, unhold, mute,
// unmute, play, stop, speak, record_start/stop/pause/resume, update, end. Each reads its request and
// drives the lifecycle in conferences.ts (and the timelines in media.ts).
import { apiErrors, TelnyxApiError } from '../errors';
import * as I from '../inferences';
import type { Conference, ConferenceMedia, Recording } from '../model';
import { type Body, optionalBool, optionalString, optionalStringArray, requireString } from '../params';
import { CONFERENCE_ACTIONS_WITH_COMMAND_ID } from './commands';
import { supervisorRole } from './conference-views';
import { ACTIVE, type Conferences } from './conferences';
import type { EngineCore } from './core';
import { conferenceDtmfTargets, playDigitsTo, readDtmf } from './dtmf';
import { parseLoop } from './media';

export class ConferenceActions {
  constructor(private readonly e: EngineCore, private readonly c: Conferences) {}

  /** A repeated command_id on the same conference runs nothing, even once it has ended (I.COMMAND_ID_SCOPES). */
  run(idOrName: string, action: string, body: Body): void {
    const handler = this.actions[action];
    if (!handler) throw apiErrors.resourceNotFound(`Unknown conference action '${action}'`);
    const conf = this.c.findConference(idOrName);
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

  private readonly actions: Record<string, (conf: Conference, body: Body) => void> = {
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
      this.c.addParticipant(conf, leg, {
        mute: optionalBool(body, 'mute'), hold: optionalBool(body, 'hold'), role, whisperIds,
        endOnExit: optionalBool(body, 'end_conference_on_exit'), softEndOnExit: optionalBool(body, 'soft_end_conference_on_exit'),
        startConferenceOnEnter: optionalBool(body, 'start_conference_on_enter'), beepEnabled: optionalString(body, 'beep_enabled'),
      });
    },
    leave: (conf, body) => {
      const callControlId = requireString(body, 'call_control_id');
      const leg = this.e.liveLeg(callControlId);
      if (!conf.participants.has(leg.callControlId)) throw apiErrors.invalidCallControlId();
      const left = this.c.detachParticipant(leg); // the leg is parked again, still alive
      if (left) this.c.afterParticipantExit(left.conf, left.participant);
    },
    send_dtmf: (conf, body) => {
      const { digits } = readDtmf(body);
      for (const id of conferenceDtmfTargets(body, [...conf.participants.keys()])) playDigitsTo(this.e.knownLeg(id), digits);
    },
    hold: (conf, body) => {
      for (const p of this.c.targetParticipants(conf, optionalStringArray(body, 'call_control_ids'), true)) this.c.setFlag(conf, p, 'onHold', true);
    },
    unhold: (conf, body) => {
      const ids = optionalStringArray(body, 'call_control_ids');
      if (!ids || ids.length === 0) throw apiErrors.missingParameter('call_control_ids');
      for (const p of this.c.targetParticipants(conf, ids, false)) {
        p.heldUntilStart = false;
        this.c.setFlag(conf, p, 'onHold', false);
      }
    },
    mute: (conf, body) => {
      for (const p of this.c.targetParticipants(conf, optionalStringArray(body, 'call_control_ids'), true)) this.c.setFlag(conf, p, 'muted', true);
    },
    unmute: (conf, body) => {
      for (const p of this.c.targetParticipants(conf, optionalStringArray(body, 'call_control_ids'), true)) this.c.setFlag(conf, p, 'muted', false);
    },
    play: (conf, body) => {
      const mediaUrl = optionalString(body, 'audio_url');
      const mediaName = optionalString(body, 'media_name');
      if (I.CONFERENCE_PLAY_REQUIRES_MEDIA && !mediaUrl && !mediaName) throw apiErrors.missingParameter('audio_url');
      const ids = optionalStringArray(body, 'call_control_ids');
      const targets = ids && ids.length > 0 ? this.c.targetParticipants(conf, ids, false).map((p) => p.callControlId) : undefined;
      const loops = parseLoop(body.loop);
      const media: ConferenceMedia = { kind: 'playback' };
      if (targets) media.targets = targets;
      if (mediaUrl) media.mediaUrl = mediaUrl;
      if (mediaName) media.mediaName = mediaName;
      this.e.media.startConferenceMedia(conf, media, loops * I.PLAYBACK_SECS_PER_LOOP);
    },
    stop: (conf, body) => {
      const ids = optionalStringArray(body, 'call_control_ids');
      const targets = ids && ids.length > 0 ? new Set(this.c.targetParticipants(conf, ids, false).map((p) => p.callControlId)) : undefined;
      this.e.media.stopConferenceMedia(conf, targets);
    },
    speak: (conf, body) => {
      const text = requireString(body, 'payload');
      requireString(body, 'voice');
      if (text.length > 3000) throw apiErrors.outOfRange('payload', 1, 3000);
      const ids = optionalStringArray(body, 'call_control_ids');
      const targets = ids && ids.length > 0 ? this.c.targetParticipants(conf, ids, false).map((p) => p.callControlId) : undefined;
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
      const recording: Recording = { id: this.e.o.ids.uuid(), conferenceId: conf.id, format, channels, startedAt: this.e.o.clock.date(), status: 'recording' };
      conf.recording = recording;
      this.e.recordings.set(recording.id, recording);
    },
    record_stop: (conf, body) => {
      const recording = this.activeRecording(conf, body);
      const cs = optionalString(body, 'client_state');
      if (cs !== undefined) recording.clientState = cs;
      this.c.saveRecording(conf, recording);
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
      p.updatedAt = this.e.o.clock.date();
      conf.updatedAt = p.updatedAt;
      this.c.scheduleFloorChange(conf);
    },
    end: (conf) => {
      this.c.endConference(conf, 'ended_via_api', { hangupLegs: true });
    },
  };

  private activeRecording(conf: Conference, body: Body): Recording {
    const recordingId = optionalString(body, 'recording_id');
    const recording = conf.recording;
    if (!recording || recording.status === 'saved' || (recordingId !== undefined && recording.id !== recordingId)) {
      throw apiErrors.recordingNotFound();
    }
    return recording;
  }
}
