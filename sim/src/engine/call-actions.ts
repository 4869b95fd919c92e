// The commands on one answered call that leave it where it is: speak, playback start/stop
// (their timeline runs in media.ts) and the supervisor role switch.
import { apiErrors } from '../errors';
import * as I from '../inferences';
import type { CallMedia } from '../model';
import { type Body, optionalBool, optionalString, requireString } from '../params';
import type { EngineCore } from './core';
import { parseLoop } from './media';

export class CallActions {
  constructor(private readonly e: EngineCore) {}

  speakOnCall(callControlId: string, body: Body) {
    const leg = this.e.answeredLeg(callControlId);
    const payload = requireString(body, 'payload');
    requireString(body, 'voice');
    this.e.applyClientState(leg, body);
    this.e.media.queueCallMedia(leg, { kind: 'speak', overlay: false, durationSecs: I.speakDurationSecs(payload) });
  }

  startPlayback(callControlId: string, body: Body) {
    const leg = this.e.answeredLeg(callControlId);
    const mediaUrl = optionalString(body, 'audio_url');
    const mediaName = optionalString(body, 'media_name');
    const content = optionalString(body, 'playback_content');
    if (!mediaUrl && !mediaName && !content) throw apiErrors.missingParameter('audio_url');
    this.e.applyClientState(leg, body);
    const loops = parseLoop(body.loop);
    const media: CallMedia = { kind: 'playback', overlay: optionalBool(body, 'overlay') ?? false, durationSecs: loops * I.PLAYBACK_SECS_PER_LOOP };
    if (mediaUrl) media.mediaUrl = mediaUrl;
    if (mediaName) media.mediaName = mediaName;
    this.e.media.queueCallMedia(leg, media);
  }

  stopPlayback(callControlId: string, body: Body) {
    const leg = this.e.answeredLeg(callControlId);
    this.e.applyClientState(leg, body);
    const which = optionalString(body, 'stop') ?? 'all';
    const isPlayback = (m: CallMedia) => m.kind === 'playback' || I.PLAYBACK_STOP_AFFECTS_SPEAK;
    if (which === 'current') {
      const current = leg.media[0];
      if (current && isPlayback(current)) this.e.media.stopCallMedia(leg, (m) => m === current, 'cancelled');
    } else {
      this.e.media.stopCallMedia(leg, isPlayback, 'cancelled');
    }
  }

  switchSupervisorRole(callControlId: string, body: Body) {
    const leg = this.e.answeredLeg(callControlId);
    const role = requireString(body, 'role');
    if (!['barge', 'whisper', 'monitor'].includes(role)) throw apiErrors.invalidEnum('role', ['barge', 'whisper', 'monitor']);
    this.e.applyClientState(leg, body);
  }
}
