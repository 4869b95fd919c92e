/**
 * The built-in softphone: `@telnyx/webrtc`, logged in with the short-lived JWT main mints
 * (`softphone.token`; the API key never reaches this process). It answers by itself only the
 * invite main marked with its nonce (`softphone.checkInvite`); any other invite rings. Every
 * failure becomes one problem with what to do about it (problems.ts).
 */
import { TelnyxRTC, type Call, type INotification } from '@telnyx/webrtc';
import { errorTitle, SOFTPHONE_LEG_HEADER, tokenRefreshAt, type SoftphoneSession, type SwitchboardApi } from '../../../electron/contract';
import { CallAudio, initialCallAudioView, type CallAudioView } from './call-audio';
import type { ResolvedDevices } from './devices';
import { iceProblem, mediaProblemKind, problemFor, sdkErrorProblem, socketLostProblem, type SoftphoneProblem, type SoftphoneProblemKind } from './problems';

export interface SoftphoneView extends CallAudioView {
  status: 'off' | 'connecting' | 'registered';
  problem?: SoftphoneProblem;
  /** The call on this softphone: the agent leg main dialled (`ours`) or an accepted other call. */
  call?: { state: string; ours: boolean; from: string };
  /** A call ringing that is not the console's own leg (Accept / Decline). */
  incoming?: { from: string } | undefined;
  localMuted: boolean;
  /** What the agent last asked for (mute key or button), until Telnyx agrees. */
  wanted?: boolean | undefined;
  /** Call Control has answered since that request (its pending was seen). */
  wantedAnswered?: boolean;
  /** The caller's level 0..1 from WebRTC stats, updated while a call is up. */
  callerLevel: number;
}

export const initialView: SoftphoneView = { ...initialCallAudioView, status: 'off', localMuted: false, callerLevel: 0 };

const STATS_INTERVAL_MS = 250;
/** Quality is judged once a second (every fourth stats read), like the SDK's own monitor. */
const QUALITY_EVERY_TICKS = 4;

export class SoftphoneClient {
  private client?: TelnyxRTC;
  private call?: Call;
  /** A ringing invite that is not the console's own leg. */
  private incoming?: Call;
  /** The console's own leg while the agent talks on an accepted other call. */
  private parked?: Call;
  /** Invites already looked at (the nonce check is asynchronous; updates keep coming meanwhile). */
  private readonly invites = new WeakSet<Call>();
  private view: SoftphoneView = initialView;
  private everReady = false;
  private retriedToken = false;
  /** Telnyx punted this socket: the credential signed in elsewhere (the SDK does not reconnect). */
  private punted = false;
  private timers: Array<ReturnType<typeof setTimeout>> = [];
  private statsTimer?: ReturnType<typeof setInterval>;
  private readonly speaker = new Audio();
  private readonly audio: CallAudio;

  constructor(
    private readonly api: SwitchboardApi,
    private readonly session: SoftphoneSession,
    private readonly onView: (view: SoftphoneView) => void,
  ) {
    this.speaker.autoplay = true;
    this.audio = new CallAudio(api, this.speaker, (patch) => this.update(patch));
  }

  /** The agent's conference now (undefined: none): each one's call quality is reported when the agent leaves it. */
  setConference(conferenceId: string | undefined): void {
    this.audio.setConference(conferenceId);
  }

  /** The devices to use (settings + the current device list): switched live during a call. */
  useDevices(devices: ResolvedDevices): void {
    this.audio.useDevices(devices, this.client);
  }

  async start(): Promise<void> {
    this.update({ status: 'connecting' });
    const micProblem = await checkMicrophone();
    if (micProblem) return this.fail(micProblem);
    const token = await this.api.softphone.token();
    if (!token.ok) return this.fail('token-refused', errorTitle(token.error));
    const client = new TelnyxRTC({
      login_token: token.value.token,
      ...(this.session.host ? { host: this.session.host } : {}),
      // Loopback (demo, tests): no STUN/TURN servers are reachable, host candidates are enough.
      ...(this.session.loopbackIce ? { iceServers: [] } : {}),
      enableCallReports: !this.session.loopbackIce,
    } as ConstructorParameters<typeof TelnyxRTC>[0]);
    this.client = client;
    client.on('telnyx.ready', () => {
      this.everReady = true;
      this.retriedToken = false;
      this.update({ status: 'registered', problem: undefined });
      this.audio.startMonitor();
      void this.api.softphone.setRegistered({ registered: true });
    });
    client.on('telnyx.error', (event) => this.onSdkError(event));
    client.on('telnyx.warning', (event) => this.onWarning(event));
    client.on('telnyx.socket.error', () => this.onSocketLost());
    client.on('telnyx.socket.close', () => this.onSocketLost());
    // A second device registering the same credential: Telnyx punts this one (see the simulator's I.RTC_SECOND_LOGIN_PUNTS_THE_FIRST).
    client.on('telnyx.socket.message', (message: { method?: string }) => {
      if (message?.method !== 'telnyx_rtc.punt' || this.punted) return;
      this.punted = true;
      // Main stops trying to bring a dropped call back to this device: the caller goes back to the queue at once.
      void this.api.softphone.setRegistered({ registered: false, elsewhere: true });
      this.update({ status: 'off', problem: problemFor('registered-elsewhere') });
    });
    client.on('telnyx.notification', (n: INotification) => {
      if (n.type === 'callUpdate' && n.call) void this.onCall(n.call as unknown as Call);
    });
    this.scheduleRefresh(Date.parse(token.value.expiresAt));
    await client.connect();
  }

  async stop(): Promise<void> {
    this.timers.forEach(clearTimeout);
    this.timers = [];
    this.stopStats();
    // A call still up when the softphone stops (the agent went away or offline) ends here: report its quality.
    if (this.call) this.audio.ended(this.call);
    this.audio.stop();
    const client = this.client;
    this.client = undefined;
    this.call = undefined;
    this.incoming = undefined;
    this.parked = undefined;
    this.speaker.srcObject = null;
    this.update({ ...initialView });
    if (client) void this.api.softphone.setRegistered({ registered: false });
    await client?.disconnect().catch(() => undefined);
  }

  /** Disables the microphone track at once (privacy first) or enables it again. */
  setLocalMuted(muted: boolean): void {
    this.audio.setMuted(muted);
    if (!this.call) return this.update({ localMuted: muted });
    if (muted) this.call.muteAudio();
    else this.call.unmuteAudio();
    this.update({ localMuted: muted });
  }

  /** The agent asked to mute (the microphone goes off now) or to unmute (once Telnyx agrees); undefined = settled. */
  request(muted: boolean | undefined): void {
    if (muted === this.view.wanted) return;
    if (muted) this.setLocalMuted(true);
    this.update({ wanted: muted, wantedAnswered: false });
  }

  /** Telnyx's pending mute/unmute was seen after the request: from now on a mismatch may be repaired. */
  noteRemotePending(): void {
    if (this.view.wanted !== undefined && !this.view.wantedAnswered) this.update({ wantedAnswered: true });
  }

  /** Accept or decline a ringing call that is not the console's own leg. */
  async answerOther(accept: boolean): Promise<void> {
    const call = this.incoming;
    if (!call) return;
    this.audio.stopRinging();
    if (accept) await call.answer();
    else await call.hangup();
  }

  private async onCall(call: Call): Promise<void> {
    const state = call.state;
    const from = call.options.remoteCallerNumber ?? call.options.remoteCallerName ?? 'Unknown caller';
    if (state === 'ringing' && call.direction === 'inbound' && !this.invites.has(call)) {
      this.invites.add(call);
      const headers = (call.options.customHeaders ?? []) as Array<{ name: string; value: string }>;
      const nonce = headers.find((h) => h.name === SOFTPHONE_LEG_HEADER)?.value;
      const verdict = nonce ? await this.api.softphone.checkInvite({ nonce }) : undefined;
      if (!(verdict?.ok && verdict.value.ours)) {
        // Not the console's own leg: it rings (ringer device + OS notification) until accepted or declined.
        this.incoming = call;
        this.update({ incoming: { from } });
        this.audio.ringing(from);
        return;
      }
      this.call = call;
      this.update({ call: { state, ours: true, from } });
      await call.answer().catch((e: unknown) => this.fail(mediaProblemKind(e)));
      if (this.view.localMuted) call.muteAudio();
      return;
    }
    if (call === this.incoming && state !== 'ringing') {
      this.audio.stopRinging();
      this.incoming = undefined;
      this.update({ incoming: undefined });
      if (state !== 'active') return;
      // Accepted: it is the call the agent hears now; the console's leg (parked) comes back when it ends.
      this.parked = this.call;
      this.call = call;
      this.update({ call: { state, ours: false, from } });
    }
    if (this.call !== call) return;
    if (state === 'active') this.playCall(call);
    if (state === 'hangup' || state === 'destroy') {
      this.audio.ended(call);
      this.stopStats();
      this.call = undefined;
      this.speaker.srcObject = null;
      this.update({ call: undefined, callerLevel: 0 });
      const parked = this.parked;
      this.parked = undefined;
      if (parked && parked.state === 'active') {
        this.call = parked;
        this.update({ call: { state: parked.state, ours: true, from: '' } });
        this.playCall(parked);
      }
      return;
    }
    this.update({ call: { ...(this.view.call ?? { ours: false, from }), state } });
  }

  /** The call's audio: its remote stream on the speaker, the chosen devices, ICE watched, stats read. */
  private playCall(call: Call): void {
    this.audio.active(call);
    if (this.speaker.srcObject !== call.remoteStream) {
      this.speaker.srcObject = call.remoteStream;
      void this.speaker.play().catch(() => undefined);
    }
    this.watchIce(call);
    this.startStats(call);
  }

  private watchIce(call: Call): void {
    const pc = (call as unknown as { peer?: { instance?: RTCPeerConnection } }).peer?.instance;
    pc?.addEventListener('iceconnectionstatechange', () => {
      const problem = iceProblem(pc.iceConnectionState);
      if (problem) this.fail(problem);
    });
  }

  private startStats(call: Call): void {
    this.stopStats();
    const pc = (call as unknown as { peer?: { instance?: RTCPeerConnection } }).peer?.instance;
    if (!pc) return;
    let tick = 0;
    this.statsTimer = setInterval(() => {
      void pc.getStats().then((stats) => {
        let callerLevel = 0;
        stats.forEach((r: { type: string; kind?: string; audioLevel?: number }) => {
          if (r.type === 'inbound-rtp' && r.kind === 'audio') callerLevel = r.audioLevel ?? 0;
        });
        this.update({ callerLevel });
        if (++tick % QUALITY_EVERY_TICKS === 0) this.audio.stats(stats);
      });
    }, STATS_INTERVAL_MS);
  }

  private stopStats(): void {
    if (this.statsTimer) clearInterval(this.statsTimer);
    this.statsTimer = undefined;
  }

  private scheduleRefresh(expiresAtMs: number): void {
    const delay = Math.max(0, tokenRefreshAt(Date.now(), expiresAtMs) - Date.now());
    this.timers.push(
      setTimeout(() => {
        void this.api.softphone.token().then((next) => {
          if (!next.ok || !this.client) return;
          const client = this.client as unknown as { login(p: { creds: { login_token: string } }): Promise<void> };
          void client.login({ creds: { login_token: next.value.token } }).catch(() => undefined);
          this.scheduleRefresh(Date.parse(next.value.expiresAt));
        });
      }, Math.min(delay, 2 ** 31 - 1)),
    );
  }

  private onSdkError(event: unknown): void {
    const problem = sdkErrorProblem(event, this.everReady);
    if (problem === 'token-refused') {
      // A token refused right after main minted it: ask once for a fresh one, then report.
      if (!this.retriedToken) {
        this.retriedToken = true;
        void this.api.softphone.token({ fresh: true }).then((next) => {
          if (!next.ok || !this.client) return this.fail('token-refused', next.ok ? undefined : errorTitle(next.error));
          const client = this.client as unknown as { login(p: { creds: { login_token: string } }): Promise<void> };
          void client.login({ creds: { login_token: next.value.token } }).catch(() => this.fail('token-refused'));
        });
        return;
      }
      return this.fail('token-refused');
    }
    if (problem) this.fail(problem);
  }

  private onWarning(event: unknown): void {
    const name = (event as { warning?: { name?: string; code?: number } })?.warning?.name;
    if (name) this.audio.sdkWarning(name);
  }

  private onSocketLost(): void {
    if (!this.client || this.punted) return;
    void this.api.softphone.setRegistered({ registered: false });
    this.fail(socketLostProblem(this.everReady));
    this.update({ status: 'connecting' });
  }

  private fail(kind: SoftphoneProblemKind, detail?: string): void {
    this.update({ problem: problemFor(kind, detail), ...(this.view.status === 'registered' ? {} : { status: 'off' as const }) });
  }

  private update(patch: Partial<SoftphoneView>): void {
    this.view = { ...this.view, ...patch };
    this.onView(this.view);
  }
}

/** Asks for the microphone once before registering: a clear problem now beats a silent call later. */
async function checkMicrophone(): Promise<SoftphoneProblemKind | undefined> {
  if (!navigator.mediaDevices?.getUserMedia) return 'no-input-device';
  try {
    const stream = await navigator.mediaDevices.getUserMedia({ audio: true, video: false });
    stream.getTracks().forEach((t) => t.stop());
    return undefined;
  } catch (e) {
    return mediaProblemKind(e);
  }
}
