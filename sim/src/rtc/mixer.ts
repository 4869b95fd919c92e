// Who hears whom, every 20 ms, for the calls that involve a WebRTC client. Each party "says" a frame
// (a synthetic caller its own tone, a WebRTC client what its microphone sent), and each party
// "hears" the mix Telnyx's rules allow:
//   - in a conference: every other participant that is not muted, not on hold, not a monitor, and
//     (a whisperer) only if it whispers to this one; a participant on hold hears hold audio only;
//   - bridged: the peer; parked: nothing.
// Meters keep the energy each party said and heard; snapshot() exposes them. The mixer only runs
// while a WebRTC leg exists, or a conference one was in is still going (its WebRTC leg may come
// back: meanwhile its callers hear hold audio), so the simulator without softphones pays nothing for it.
import type { CallLeg, Conference, Participant } from '../model';
import { FRAME_MS, holdFrame, mediaFrame, mixInto, rms, silence, toneFrame, voiceFrequencyFor } from './audio-frames';
import type { SoftphonePeer } from './peer';

/** What the meters keep: per-frame RMS for the last 3 s. */
const HISTORY_FRAMES = 150;
/** snapshot(): "now" is the RMS over the last 200 ms; the history is 100 ms buckets. */
const NOW_FRAMES = 10;
const BUCKET_FRAMES = 5;
/** Below this RMS a frame counts as silence when naming who was heard. */
const AUDIBLE_RMS = 0.002;

export const HOLD_AUDIO = 'hold_audio';
/** Conference playback / speak (play_audio_url, speak) as heard by its targets. */
export const CONFERENCE_MEDIA = 'conference_media';

export interface LegAudio {
  call_control_id: string;
  kind: 'webrtc' | 'synthetic';
  /** What this party sent (a WebRTC client: its decoded microphone), RMS over the last 200 ms. */
  said_rms: number;
  /** What this party received, RMS over the last 200 ms, and per 100 ms over the last 3 s (oldest first). */
  heard_rms: number;
  heard_history: number[];
  /** Who was audible to it in the last frame: call control ids, or `hold_audio`. */
  heard_from: string[];
}

class Meter {
  private readonly frames = new Float32Array(HISTORY_FRAMES);
  private next = 0;
  push(value: number): void {
    this.frames[this.next] = value;
    this.next = (this.next + 1) % HISTORY_FRAMES;
  }
  /** The last `n` frames, oldest first. */
  last(n: number): number[] {
    const out: number[] = [];
    for (let i = n; i > 0; i--) out.push(this.frames[(this.next - i + HISTORY_FRAMES) % HISTORY_FRAMES] ?? 0);
    return out;
  }
}

const rmsOf = (values: number[]) => Math.sqrt(values.reduce((s, v) => s + v * v, 0) / Math.max(1, values.length));

interface World {
  legs: ReadonlyMap<string, CallLeg>;
  conferences: ReadonlyMap<string, Conference>;
}

export class Mixer {
  private readonly peers = new Map<string, Pick<SoftphonePeer, 'take' | 'send'>>();
  /** WebRTC legs whose client put the call on hold (modify hold): they hear nothing. */
  private readonly clientHeld = new Set<string>();
  private readonly meters = new Map<string, { said: Meter; heard: Meter; heardFrom: string[]; kind: LegAudio['kind'] }>();
  /** Conferences a WebRTC leg has been in: mixed until they end, even while no WebRTC leg is in them. */
  private readonly watched = new Set<string>();
  private timer: NodeJS.Timeout | undefined;
  private startedAt = 0;
  private frameNo = 0;

  constructor(private readonly world: World) {}

  /** A WebRTC leg's peer joins the mix; `realtime: false` (tests) leaves the frames to mixFrame(). */
  add(callControlId: string, peer: Pick<SoftphonePeer, 'take' | 'send'>, realtime = true): void {
    this.peers.set(callControlId, peer);
    if (!this.timer && realtime) {
      this.startedAt = performance.now();
      this.frameNo = 0;
      this.timer = setInterval(() => this.catchUp(), FRAME_MS);
    }
  }

  remove(callControlId: string): void {
    this.peers.delete(callControlId);
    this.clientHeld.delete(callControlId);
    this.stopWhenIdle();
  }

  private stopWhenIdle(): void {
    if (this.peers.size === 0 && this.watched.size === 0 && this.timer) {
      clearInterval(this.timer);
      this.timer = undefined;
    }
  }

  setClientHold(callControlId: string, held: boolean): void {
    if (held) this.clientHeld.add(callControlId);
    else this.clientHeld.delete(callControlId);
  }

  close(): void {
    if (this.timer) clearInterval(this.timer);
    this.timer = undefined;
    this.peers.clear();
  }

  audio(): LegAudio[] {
    return [...this.meters].map(([id, m]) => ({
      call_control_id: id, kind: m.kind, said_rms: rmsOf(m.said.last(NOW_FRAMES)), heard_rms: rmsOf(m.heard.last(NOW_FRAMES)),
      heard_history: bucketed(m.heard.last(HISTORY_FRAMES)), heard_from: [...m.heardFrom],
    }));
  }

  /** Runs every frame that is due by the wall clock (timers drift; media does not). */
  private catchUp(): void {
    const due = Math.floor((performance.now() - this.startedAt) / FRAME_MS);
    let budget = 10; // never more than 200 ms at once after a stall
    while (this.frameNo < due && budget-- > 0) this.mixFrame(this.frameNo++);
    this.frameNo = Math.max(this.frameNo, due);
  }

  /** The legs whose audio matters: WebRTC legs and everyone sharing a conference or bridge with one (or in a conference one was in). */
  private involvedLegs(): CallLeg[] {
    const out = new Map<string, CallLeg>();
    const addConference = (conf: Conference | undefined) => {
      for (const p of conf?.participants.values() ?? []) {
        const other = this.world.legs.get(p.callControlId);
        if (other?.alive) out.set(other.callControlId, other);
      }
    };
    for (const id of this.peers.keys()) {
      const leg = this.world.legs.get(id);
      if (!leg?.alive) continue;
      out.set(id, leg);
      if (leg.conferenceId) this.watched.add(leg.conferenceId);
      const peer = leg.bridgedWith ? this.world.legs.get(leg.bridgedWith) : undefined;
      if (peer?.alive) out.set(peer.callControlId, peer);
    }
    for (const id of [...this.watched]) {
      const conf = this.world.conferences.get(id);
      if (!conf || conf.status === 'completed') this.watched.delete(id);
      else addConference(conf);
    }
    this.stopWhenIdle();
    return [...out.values()];
  }

  /** Mixes frame number `n` (20 ms): what each involved party says and hears. The timer calls it; so can tests. */
  mixFrame(n: number): void {
    const legs = this.involvedLegs();
    const said = new Map<string, Float32Array>();
    for (const leg of legs) {
      const peer = this.peers.get(leg.callControlId);
      said.set(leg.callControlId, peer ? peer.take() ?? silence() : leg.answered ? toneFrame(voiceFrequencyFor(leg.callControlId), n) : silence());
    }
    for (const leg of legs) {
      const { frame, from } = this.heardBy(leg, said, n);
      const peer = this.peers.get(leg.callControlId);
      if (peer && leg.answered) peer.send(frame);
      let meter = this.meters.get(leg.callControlId);
      if (!meter) this.meters.set(leg.callControlId, (meter = { said: new Meter(), heard: new Meter(), heardFrom: [], kind: peer ? 'webrtc' : 'synthetic' }));
      meter.said.push(rms(said.get(leg.callControlId) ?? silence()));
      meter.heard.push(rms(frame));
      meter.heardFrom = from;
    }
    // A party no longer involved (hung up, left the conference) says and hears nothing from now on.
    const involved = new Set(legs.map((l) => l.callControlId));
    for (const [id, meter] of this.meters) {
      if (involved.has(id)) continue;
      if (!this.world.legs.has(id)) {
        this.meters.delete(id); // the engine forgot the leg (sweep): so do the meters
        continue;
      }
      meter.said.push(0);
      meter.heard.push(0);
      meter.heardFrom = [];
    }
  }

  private heardBy(leg: CallLeg, said: Map<string, Float32Array>, n: number): { frame: Float32Array; from: string[] } {
    const frame = silence();
    const from: string[] = [];
    const add = (id: string, audio: Float32Array | undefined) => {
      if (!audio) return;
      mixInto(frame, audio);
      if (rms(audio) > AUDIBLE_RMS) from.push(id);
    };
    if (this.clientHeld.has(leg.callControlId) || !leg.answered) return { frame, from };
    const conf = leg.conferenceId ? this.world.conferences.get(leg.conferenceId) : undefined;
    const me = conf?.participants.get(leg.callControlId);
    if (conf && me) {
      if (me.onHold) {
        add(HOLD_AUDIO, holdFrame(n));
        return { frame, from };
      }
      for (const other of conf.participants.values()) {
        if (other.callControlId !== leg.callControlId && audibleTo(other, me)) add(other.callControlId, said.get(other.callControlId));
      }
      // Audio played or spoken into the conference reaches every participant it targets (all when none named).
      if ([...conf.media].some((m) => !m.targets || m.targets.includes(leg.callControlId))) add(CONFERENCE_MEDIA, mediaFrame(n));
    } else if (leg.bridgedWith) {
      add(leg.bridgedWith, said.get(leg.bridgedWith));
    }
    return { frame, from };
  }
}

/** Telnyx's conference rules: muted, held and monitoring participants are heard by nobody; a whisperer only by those it whispers to. */
function audibleTo(speaker: Participant, listener: Participant): boolean {
  if (speaker.muted || speaker.onHold || speaker.supervisorRole === 'monitor') return false;
  if (speaker.supervisorRole === 'whisper') return speaker.whisperCallControlIds.includes(listener.callControlId);
  return true;
}

function bucketed(frames: number[]): number[] {
  const out: number[] = [];
  for (let i = 0; i < frames.length; i += BUCKET_FRAMES) out.push(rmsOf(frames.slice(i, i + BUCKET_FRAMES)));
  return out;
}
