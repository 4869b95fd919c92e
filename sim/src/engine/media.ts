// Media timelines. A call leg plays its speak/playback one after another; a conference plays any
// number at once, to everyone or to named participants. Each takes simulated time and emits its
// `.started` / `.ended` webhooks. The commands that start them are in calls.ts and conferences.ts.
import { apiErrors } from '../errors';
import * as I from '../inferences';
import type { CallLeg, CallMedia, Conference, ConferenceMedia } from '../model';
import type { EngineCore } from './core';

export class Media {
  constructor(private readonly e: EngineCore) {}

  // ───────────────────────────── a call leg's media ─────────────────────────────

  queueCallMedia(leg: CallLeg, media: CallMedia): void {
    leg.media.push(media);
    if (leg.media.length === 1) this.startCallMedia(leg);
  }

  private startCallMedia(leg: CallLeg): void {
    const media = leg.media[0];
    if (!media) return;
    this.e.emit(media.kind === 'speak' ? 'call.speak.started' : 'call.playback.started', this.callMediaPayload(leg, media));
    if (Number.isFinite(media.durationSecs)) {
      media.timer = this.e.o.clock.afterSecs(media.durationSecs, () => {
        if (leg.media[0] !== media) return;
        leg.media.shift();
        this.e.emit(media.kind === 'speak' ? 'call.speak.ended' : 'call.playback.ended', { ...this.callMediaPayload(leg, media), status: 'completed' });
        this.startCallMedia(leg);
      });
    }
  }

  private callMediaPayload(leg: CallLeg, media: CallMedia) {
    const ids = this.e.legIds(leg);
    if (media.kind === 'speak') return ids;
    return { ...ids, media_url: media.mediaUrl, media_name: media.mediaName, overlay: media.overlay };
  }

  /** Stops matching media: the playing one gets its `.ended` with `status`, queued ones are dropped. */
  stopCallMedia(leg: CallLeg, matches: (m: CallMedia) => boolean, status: string): void {
    const current = leg.media[0];
    leg.media = leg.media.filter((m, i) => i === 0 || !matches(m));
    if (current && matches(current)) {
      current.timer?.cancel();
      leg.media.shift();
      const speakStatus = status === 'cancelled' ? 'completed' : status;
      this.e.emit(current.kind === 'speak' ? 'call.speak.ended' : 'call.playback.ended', {
        ...this.callMediaPayload(leg, current), status: current.kind === 'speak' ? speakStatus : status,
      });
      if (leg.alive) this.startCallMedia(leg);
    }
  }

  // ───────────────────────────── a conference's media ─────────────────────────────

  startConferenceMedia(conf: Conference, media: ConferenceMedia, durationSecs: number): void {
    conf.media.add(media);
    this.emitConferenceMediaEvents(conf, media, 'started');
    if (Number.isFinite(durationSecs)) {
      media.timer = this.e.o.clock.afterSecs(durationSecs, () => this.finishConferenceMedia(conf, media));
    }
  }

  finishConferenceMedia(conf: Conference, media: ConferenceMedia, alsoTo?: CallLeg): void {
    if (!conf.media.delete(media)) return;
    media.timer?.cancel();
    if (alsoTo) this.emitConferenceMediaEvent(conf, media, 'ended', alsoTo);
    this.emitConferenceMediaEvents(conf, media, 'ended');
  }

  private emitConferenceMediaEvents(conf: Conference, media: ConferenceMedia, phase: 'started' | 'ended'): void {
    if (media.targets && I.SUBSET_MEDIA_EMITS_PARTICIPANT_EVENTS) {
      for (const id of media.targets) {
        const leg = this.e.legs.get(id);
        if (leg) this.emitConferenceMediaEvent(conf, media, phase, leg);
      }
      return;
    }
    const base = { conference_id: conf.id, connection_id: conf.connectionId, creator_call_session_id: conf.creator.callSessionId };
    if (media.kind === 'speak') this.e.emit(`conference.speak.${phase}`, base);
    else this.e.emit(`conference.playback.${phase}`, { ...base, media_url: media.mediaUrl, media_name: media.mediaName });
  }

  private emitConferenceMediaEvent(conf: Conference, media: ConferenceMedia, phase: 'started' | 'ended', leg: CallLeg): void {
    const payload = {
      ...this.e.legIds(leg), conference_id: conf.id, creator_call_session_id: conf.creator.callSessionId,
    };
    if (media.kind === 'speak') this.e.emit(`conference.participant.speak.${phase}`, payload);
    else this.e.emit(`conference.participant.playback.${phase}`, { ...payload, media_url: media.mediaUrl, media_name: media.mediaName });
  }

  /** Stops a conference's media for everyone, or (`targets`) only for the named legs. */
  stopConferenceMedia(conf: Conference, targets: Set<string> | undefined): void {
    for (const media of [...conf.media]) {
      if (media.kind === 'speak' && !I.CONFERENCE_STOP_AFFECTS_SPEAK) continue;
      if (!targets) this.finishConferenceMedia(conf, media);
      else if (media.targets?.some((t) => targets.has(t))) {
        // Stop only for the named legs; the rest keep hearing it.
        for (const id of media.targets.filter((t) => targets.has(t))) {
          const leg = this.e.legs.get(id);
          if (leg) this.emitConferenceMediaEvent(conf, media, 'ended', leg);
        }
        media.targets = media.targets.filter((t) => !targets.has(t));
        if (media.targets.length === 0) {
          media.timer?.cancel();
          conf.media.delete(media);
        }
      }
    }
  }
}

/** `loop`: 1–100 or "infinity" (default 1). */
export function parseLoop(value: unknown): number {
  if (value === undefined || value === null) return 1;
  if (value === 'infinity') return Infinity;
  const n = typeof value === 'string' ? Number(value) : value;
  if (typeof n !== 'number' || !Number.isInteger(n) || n < 1 || n > 100) throw apiErrors.outOfRange('loop', 1, 100);
  return n;
}
