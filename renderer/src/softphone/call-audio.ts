/**
 * The softphone's audio truth beside the SDK call (softphone-client.ts owns the call, this owns
 * what the agent hears and says through it): the devices in use (switched live: the sender's
 * track replaced, the speaker's sink changed), the raw microphone level and "talking while
 * muted", the ringer and the OS notification for a call that is not the console's own, and the
 * call's quality (shown while it holds, reported to main when the call ends).
 */
import type { Call, TelnyxRTC } from '@telnyx/webrtc';
import type { QualityWarningName, SwitchboardApi } from '../../../electron/contract';
import { devicesToSwitch, type ResolvedDevices } from './devices';
import { MicMonitor } from './mic-monitor';
import { mutedTalkIdle, nextMutedTalk, type MutedTalkState } from './muted-talk';
import { QualityTracker, type StatsSample } from './quality';
import { ring, setRingerDevice, stopRing } from './ringer';

/** What this part adds to the softphone's view. */
export interface CallAudioView {
  /** Raw microphone level 0..1 (mic-monitor.ts), also while muted. */
  micLevel: number;
  talkingWhileMuted: boolean;
  /** Quality warnings holding now (the SDK's names). */
  warnings: QualityWarningName[];
  /** Labels of the devices in use; `sending`: the microphone the call's sender really captures from. */
  devices: { microphone?: string; speaker?: string; ringer?: string; sending?: string };
}

export const initialCallAudioView: CallAudioView = { micLevel: 0, talkingWhileMuted: false, warnings: [], devices: {} };

const RING_REASON = 'softphone-invite';

export class CallAudio {
  private resolved?: ResolvedDevices;
  private call?: Call;
  private muted = false;
  private mutedTalk: MutedTalkState = mutedTalkIdle;
  private quality?: QualityTracker;
  /** The conference the agent is in and its own tracker: one history row's quality. */
  private conference?: { id: string; tracker: QualityTracker };
  private monitoring = false;
  private sending?: string;
  private readonly monitor = new MicMonitor((level) => this.onLevel(level));

  constructor(
    private readonly api: SwitchboardApi,
    private readonly speaker: HTMLAudioElement,
    private readonly onView: (patch: Partial<CallAudioView>) => void,
  ) {}

  /** The softphone registered: the microphone is watched from now on. */
  startMonitor(): void {
    this.monitoring = true;
    void this.monitor.start(this.resolved?.microphone?.deviceId ?? '');
  }

  stop(): void {
    this.monitoring = false;
    this.monitor.stop();
    stopRing(RING_REASON);
    this.call = undefined;
    this.quality = undefined;
    this.mutedTalk = mutedTalkIdle;
  }

  /** The devices to use now (from settings and the current device list): switched live where they changed. */
  useDevices(next: ResolvedDevices, client: TelnyxRTC | undefined): void {
    const changed = devicesToSwitch(this.resolved, next);
    this.resolved = next;
    this.onView({ devices: this.deviceLabels() });
    for (const role of changed) {
      const id = next[role]!.deviceId;
      if (role === 'ringer') setRingerDevice(id);
      if (role === 'speaker') void setSink(this.speaker, id);
      if (role === 'microphone') {
        // Later calls capture from it; the call in progress gets its sender's track replaced, mute kept.
        void client?.setAudioSettings({ micId: id }).catch(() => undefined);
        const call = this.call;
        void call?.setAudioInDevice(id, this.muted).then(() => this.reportSending(call), () => undefined);
        if (this.monitoring) void this.monitor.start(id);
      }
    }
  }

  /** The microphone the call should capture from (answer with it). */
  microphoneId(): string | undefined {
    return this.resolved?.microphone?.deviceId;
  }

  setMuted(muted: boolean): void {
    this.muted = muted;
    if (!muted) this.setMutedTalk(mutedTalkIdle);
  }

  /** An invite that is not the console's own rings on the ringer device, with an OS notification. */
  ringing(from: string): void {
    ring(RING_REASON);
    void this.api.softphone.notifyIncoming({ from });
  }

  stopRinging(): void {
    stopRing(RING_REASON);
  }

  /** The call is up: the chosen microphone and speaker, a fresh quality tracker. */
  active(call: Call): void {
    if (this.call === call) return;
    this.call = call;
    this.quality = new QualityTracker();
    const mic = this.resolved?.microphone?.deviceId;
    if (mic && senderTrack(call)?.getSettings().deviceId !== mic) void call.setAudioInDevice(mic, this.muted).then(() => this.reportSending(call), () => undefined);
    else this.reportSending(call);
    const speaker = this.resolved?.speaker?.deviceId;
    if (speaker) void setSink(this.speaker, speaker);
  }

  /** One getStats() report of the call: quality judged (the caller's level stays the client's). */
  stats(report: RTCStatsReport): void {
    if (!this.quality) return;
    const sample = statsSample(report);
    this.conference?.tracker.sample(sample);
    this.onView({ warnings: this.quality.sample(sample) });
  }

  sdkWarning(name: string): void {
    this.conference?.tracker.sdkWarning(name);
    if (this.quality) this.onView({ warnings: this.quality.sdkWarning(name) });
  }

  /** The agent's conference (joined, left, another): the one left gets its quality reported (its history row). */
  setConference(conferenceId: string | undefined): void {
    if (this.conference?.id === conferenceId) return;
    this.reportConference();
    if (conferenceId) this.conference = { id: conferenceId, tracker: new QualityTracker() };
  }

  /** The call ended: a conference still open gets its quality reported, the warnings go away. */
  ended(call: Call): void {
    stopRing(RING_REASON);
    if (this.call !== call) return;
    this.reportConference();
    this.call = undefined;
    this.quality = undefined;
    this.sending = undefined;
    this.onView({ warnings: [], devices: this.deviceLabels() });
  }

  private reportConference(): void {
    const conference = this.conference;
    this.conference = undefined;
    const call = this.call;
    if (!conference || !call) return;
    const report = conference.tracker.report(call.telnyxIDs?.telnyxCallControlId || call.id);
    void this.api.softphone.reportQuality({ ...report, conferenceId: conference.id });
  }

  private deviceLabels(): CallAudioView['devices'] {
    const r = this.resolved;
    return { microphone: r?.microphone?.label, speaker: r?.speaker?.label, ringer: r?.ringer?.label, ...(this.sending ? { sending: this.sending } : {}) };
  }

  /** What the call's sender captures from now (the truth after a switch, not the wish). */
  private reportSending(call: Call): void {
    if (this.call !== call) return;
    this.sending = senderTrack(call)?.label;
    this.onView({ devices: this.deviceLabels() });
  }

  private onLevel(level: number): void {
    this.setMutedTalk(nextMutedTalk(this.mutedTalk, { level, muted: this.muted && this.call !== undefined }));
    this.onView({ micLevel: level });
  }

  private setMutedTalk(next: MutedTalkState): void {
    const changed = next.showing !== this.mutedTalk.showing;
    this.mutedTalk = next;
    if (changed) this.onView({ talkingWhileMuted: next.showing });
  }
}

function senderTrack(call: Call): MediaStreamTrack | undefined {
  const pc = (call as unknown as { peer?: { instance?: RTCPeerConnection } }).peer?.instance;
  return pc?.getSenders().find((s) => s.track?.kind === 'audio')?.track ?? undefined;
}

async function setSink(element: HTMLAudioElement, deviceId: string): Promise<void> {
  const withSink = element as HTMLAudioElement & { setSinkId?(id: string): Promise<void> };
  await withSink.setSinkId?.(deviceId).catch(() => undefined);
}

/** The counters the quality tracker needs, from one getStats() report. */
export function statsSample(report: RTCStatsReport): StatsSample {
  const sample: StatsSample = { packetsLost: 0, packetsReceived: 0, bytesSent: 0, bytesReceived: 0 };
  report.forEach((r: Record<string, unknown> & { type: string }) => {
    const num = (key: string) => (typeof r[key] === 'number' ? (r[key] as number) : undefined);
    if (r.type === 'inbound-rtp' && r.kind === 'audio') {
      sample.packetsLost += num('packetsLost') ?? 0;
      sample.packetsReceived += num('packetsReceived') ?? 0;
      sample.bytesReceived += num('bytesReceived') ?? 0;
      const jitter = num('jitter');
      if (jitter !== undefined) sample.jitterMs = jitter * 1000;
    }
    if (r.type === 'outbound-rtp' && r.kind === 'audio') sample.bytesSent += num('bytesSent') ?? 0;
    // Only the pair carrying the call: a pair still checking has no round trip worth judging.
    if (r.type === 'candidate-pair' && r.nominated && r.state === 'succeeded' && num('currentRoundTripTime') !== undefined) sample.rttMs = num('currentRoundTripTime')! * 1000;
  });
  return sample;
}
