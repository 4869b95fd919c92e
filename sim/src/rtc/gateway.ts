// The `telnyx_rtc` websocket endpoint: JSON-RPC 2.0 as @telnyx/webrtc speaks it (WEBRTC-NOTES §3).
// A client logs in with a credential's JWT and is then registered as that credential's
// sip_username; a Call Control dial to `sip:<sip_username>@sip.telnyx.com` rings it with an invite
// (SoftphonePort.ring), its answer/bye drive the leg (engine.softphoneAnswered / softphoneHungUp),
// and the engine's hangups reach it as a bye. Media runs through a werift peer per call (peer.ts),
// mixed by mixer.ts; both are loaded on the first invite only. Like Telnyx, the server pings every
// logged-in client (so a long call's socket never looks idle to the SDK's health probe), punts the
// earlier socket when a credential logs in twice, and a test may cut a credential's socket (drop()).
import type { IncomingMessage, Server } from 'node:http';
import type { Duplex } from 'node:stream';
import { randomUUID } from 'node:crypto';
import { WebSocketServer, type WebSocket } from 'ws';
import type { SimClock, TimerHandle } from '../clock';
import type { Credentials } from '../credentials';
import type { CallControlEngine, SipHeader, SoftphonePort } from '../engine';
import * as I from '../inferences';
import type { SimLog } from '../log';
import type { CallLeg } from '../model';
import { rms } from './audio-frames';
import type { LegAudio, Mixer } from './mixer';
import type { SoftphonePeer } from './peer';

type JsonRpc = { jsonrpc?: string; id?: string | number; method?: string; params?: Record<string, unknown>; result?: unknown; error?: unknown };

interface Session {
  socket: WebSocket;
  sessid: string;
  sipUsername?: string;
  /** callID (the SDK's) → call control id, for the calls ringing or up on this socket. */
  calls: Map<string, string>;
  /** The server's keep-alive ping (I.RTC_SERVER_PING_SECS), while logged in. */
  pinger?: TimerHandle;
  /** Server pings the client has answered (each with a ping of its own), for tests. */
  pongs: number;
  /** The id of our last ping until the client answers it (with a result, or with a ping of its own). */
  pingOutstanding?: string;
}

interface RtcCall {
  callId: string;
  session: Session;
  peer?: SoftphonePeer;
  ended: boolean;
}

export class RtcGateway implements SoftphonePort {
  private readonly wss = new WebSocketServer({ noServer: true });
  private readonly registered = new Map<string, Session>();
  private readonly callsByLeg = new Map<string, RtcCall>();
  /** Legs whose client put the call on hold (telnyx_rtc.modify). */
  private readonly clientHeld = new Set<string>();
  /** Listeners to what a WebRTC leg's client sends, frame by frame (benchmarks). */
  private readonly taps = new Map<string, Set<(frame: { rms: number; at: number }) => void>>();
  private engine?: CallControlEngine;
  private mixer?: Mixer;
  /** werift + Opus + the mixer, loaded on the first invite. */
  private media?: Promise<typeof SoftphonePeer>;

  constructor(private readonly credentials: Credentials, private readonly log: SimLog, private readonly clock: SimClock) {
    this.wss.on('connection', (socket: WebSocket) => this.onConnection(socket));
  }

  /** Serves websocket upgrades on the simulator's HTTP server (any path: the SDK connects to its `host` as given). */
  attach(server: Server, engine: CallControlEngine): void {
    this.engine = engine;
    server.on('upgrade', (req: IncomingMessage, socket: Duplex, head: Buffer) => {
      this.wss.handleUpgrade(req, socket, head, (ws) => this.wss.emit('connection', ws, req));
    });
  }

  /** Per-leg audio energy, for snapshot() (empty until a WebRTC call has had media). */
  audio(): LegAudio[] {
    return this.mixer?.audio() ?? [];
  }

  /**
   * Cuts a credential's signalling socket without a close frame, as a network change or sleep does
   * (test control): its calls end as if the client vanished. Every logged-in credential when none is named.
   */
  drop(sipUsername?: string): string[] {
    const sessions = sipUsername ? [this.registered.get(sipUsername)] : [...this.registered.values()];
    const dropped: string[] = [];
    for (const session of sessions) {
      if (!session?.sipUsername) continue;
      dropped.push(session.sipUsername);
      session.socket.terminate();
    }
    return dropped;
  }

  /**
   * Calls `listener` with the RMS of every frame decoded from the client of `callControlId` as it
   * arrives (`at`: performance.now() in this process), from its invite on; returns the unsubscribe.
   */
  tap(callControlId: string, listener: (frame: { rms: number; at: number }) => void): () => void {
    let set = this.taps.get(callControlId);
    if (!set) this.taps.set(callControlId, (set = new Set()));
    set.add(listener);
    return () => {
      set.delete(listener);
      if (set.size === 0) this.taps.delete(callControlId);
    };
  }

  /** Who is logged in, and how many server pings each has answered (snapshot()). */
  registrations(): Array<{ sip_username: string; pings_answered: number }> {
    return [...this.registered.values()].map((s) => ({ sip_username: s.sipUsername ?? '', pings_answered: s.pongs }));
  }

  async close(): Promise<void> {
    for (const session of this.registered.values()) session.pinger?.cancel();
    for (const call of this.callsByLeg.values()) await call.peer?.close();
    this.callsByLeg.clear();
    this.mixer?.close();
    for (const client of this.wss.clients) client.terminate();
    await new Promise<void>((resolve) => this.wss.close(() => resolve()));
  }

  // ───────────────────────────── SoftphonePort (the engine calls these) ─────────────────────────────

  ring(leg: CallLeg, sipUsername: string, customHeaders: SipHeader[]): 'unknown' | 'offline' | 'ringing' {
    if (!this.credentials.bySipUsername(sipUsername)) return 'unknown';
    const session = this.registered.get(sipUsername);
    if (!session) return 'offline';
    const call: RtcCall = { callId: randomUUID(), session, ended: false };
    this.callsByLeg.set(leg.callControlId, call);
    session.calls.set(call.callId, leg.callControlId);
    void this.invite(leg, call, customHeaders).catch((err: unknown) => {
      this.log.warn('rtc: invite failed', { call_control_id: leg.callControlId, error: err instanceof Error ? err.message : String(err) });
      this.hungUp(leg.callControlId); // the client never saw an invite: no bye for it
    });
    return 'ringing';
  }

  ended(leg: CallLeg, cause: string, sipCause: string): void {
    const call = this.callsByLeg.get(leg.callControlId);
    if (!call || call.ended) return;
    this.finish(leg.callControlId, call);
    this.send(call.session, {
      jsonrpc: '2.0', id: randomUUID(), method: 'telnyx_rtc.bye',
      params: { callID: call.callId, cause: cause.toUpperCase(), causeCode: Number(sipCause) || 16, sessid: call.session.sessid },
    });
  }

  // ───────────────────────────── the socket ─────────────────────────────

  private onConnection(socket: WebSocket): void {
    const session: Session = { socket, sessid: randomUUID(), calls: new Map(), pongs: 0 };
    socket.on('message', (data) => {
      let message: JsonRpc;
      try {
        message = JSON.parse(String(data)) as JsonRpc;
      } catch {
        return;
      }
      if (message.method) this.onRequest(session, message);
      // Otherwise an answer to one of ours (invite/bye/clientReady/ping acks): only a ping's counts.
      else if (session.pingOutstanding && message.id === session.pingOutstanding) this.ponged(session);
    });
    socket.on('close', () => this.onClose(session));
    socket.on('error', () => socket.terminate());
  }

  private onRequest(session: Session, req: JsonRpc): void {
    const params = req.params ?? {};
    const reply = (result: unknown) => this.send(session, { jsonrpc: '2.0', id: req.id, result });
    const fail = (code: number, message: string) => this.send(session, { jsonrpc: '2.0', id: req.id, error: { code, message } });
    const method = req.method ?? '';
    if (method === 'login' || method === 'telnyx_rtc.login') {
      // A JWT (login_token), or the credential's own sip_username + sip_password (login + passwd).
      const password = typeof params.passwd === 'string' ? params.passwd : params.password;
      const check = typeof params.login_token === 'string' ? this.credentials.checkToken(params.login_token)
        : typeof params.login === 'string' && typeof password === 'string' ? this.credentials.checkPassword(params.login, password) : undefined;
      if (!check?.ok) {
        fail(I.RTC_LOGIN_ERROR_CODE, `Authentication Required${check ? ` (${check.reason})` : ''}`);
        return;
      }
      this.register(session, check.credential.sipUsername);
      reply({ message: 'logged in', sessid: session.sessid });
      this.send(session, { jsonrpc: '2.0', id: randomUUID(), method: 'telnyx_rtc.clientReady', params: { reattached_sessions: [] } });
      return;
    }
    if (!session.sipUsername) {
      fail(I.RTC_LOGIN_ERROR_CODE, 'Authentication Required');
      return;
    }
    const dialogParams = (params.dialogParams ?? {}) as { callID?: unknown };
    const callId = typeof dialogParams.callID === 'string' ? dialogParams.callID : typeof params.callID === 'string' ? params.callID : '';
    const callControlId = session.calls.get(callId);
    switch (method) {
      case 'telnyx_rtc.gatewayState':
        reply({ params: { state: 'REGED' }, sessid: session.sessid });
        return;
      case 'telnyx_rtc.ping':
        // Either the SDK's own health probe or its answer to our ping: both get a result.
        if (session.pingOutstanding) this.ponged(session);
        reply({ sessid: session.sessid });
        return;
      case 'telnyx_rtc.answer':
        if (!callControlId) return fail(-32002, 'CALL DOES NOT EXIST');
        reply({ method, sessid: session.sessid });
        void this.answered(callControlId, typeof params.sdp === 'string' ? params.sdp : '');
        return;
      case 'telnyx_rtc.modify': {
        if (!callControlId) return fail(-32002, 'CALL DOES NOT EXIST');
        const held = params.action === 'hold' || (params.action === 'toggleHold' && !this.clientHeld.has(callControlId));
        if (held) this.clientHeld.add(callControlId);
        else this.clientHeld.delete(callControlId);
        // I.RTC_CLIENT_HOLD_SILENCES_ONLY_THE_CLIENT: the mixer stops sending to it; its microphone still counts.
        this.mixer?.setClientHold(callControlId, held);
        reply({ action: params.action, holdState: held ? 'held' : 'active', callID: callId, sessid: session.sessid });
        return;
      }
      case 'telnyx_rtc.info':
        reply({ message: 'SENT', sessid: session.sessid });
        return;
      case 'telnyx_rtc.bye':
        reply({ callID: callId, sessid: session.sessid });
        if (callControlId) this.hungUp(callControlId);
        return;
      default:
        fail(-32601, `Method not found: ${method}`);
    }
  }

  private register(session: Session, sipUsername: string): void {
    session.sipUsername = sipUsername;
    const earlier = this.registered.get(sipUsername);
    // I.RTC_LAST_LOGIN_GETS_THE_CALLS: a second login with the same credential takes its calls.
    if (I.RTC_LAST_LOGIN_GETS_THE_CALLS || !earlier) this.registered.set(sipUsername, session);
    // I.RTC_SECOND_LOGIN_PUNTS_THE_FIRST: the earlier device is told (the SDK then disconnects for good).
    if (earlier && earlier !== session && I.RTC_SECOND_LOGIN_PUNTS_THE_FIRST) {
      this.log.info('rtc: credential logged in again elsewhere; punting the earlier socket', { sip_username: sipUsername });
      this.send(earlier, { jsonrpc: '2.0', id: randomUUID(), method: 'telnyx_rtc.punt', params: {} });
    }
    this.keepAlive(session);
  }

  /** I.RTC_SERVER_PING_SECS: the server pings a logged-in client; any traffic resets the SDK's idle clock. */
  private keepAlive(session: Session): void {
    session.pinger?.cancel();
    session.pinger = this.clock.afterSecs(I.RTC_SERVER_PING_SECS, () => {
      if (session.socket.readyState !== session.socket.OPEN) return;
      session.pingOutstanding = randomUUID();
      this.send(session, { jsonrpc: '2.0', id: session.pingOutstanding, method: 'telnyx_rtc.ping', params: { serno: this.clock.now() } });
      this.keepAlive(session);
    });
  }

  private ponged(session: Session): void {
    session.pingOutstanding = undefined;
    session.pongs += 1;
  }

  private onClose(session: Session): void {
    session.pinger?.cancel();
    if (session.sipUsername && this.registered.get(session.sipUsername) === session) this.registered.delete(session.sipUsername);
    for (const callControlId of [...session.calls.values()]) this.hungUp(callControlId);
  }

  // ───────────────────────────── calls ─────────────────────────────

  private async invite(leg: CallLeg, call: RtcCall, customHeaders: SipHeader[]): Promise<void> {
    const Peer = await this.loadMedia();
    const { peer, sdp } = await Peer.offer();
    call.peer = peer;
    peer.onDecodedFrame = (frame) => {
      const listeners = this.taps.get(leg.callControlId);
      if (!listeners) return;
      const at = performance.now();
      const value = rms(frame);
      for (const listener of listeners) listener({ rms: value, at });
    };
    if (call.ended) {
      await peer.close();
      return;
    }
    this.send(call.session, {
      jsonrpc: '2.0', id: randomUUID(), method: 'telnyx_rtc.invite',
      params: {
        callID: call.callId, sdp, caller_id_name: leg.from, caller_id_number: leg.from, callee_id_name: leg.to, callee_id_number: leg.to,
        telnyx_call_control_id: I.RTC_INVITE_CARRIES_THE_DIALLED_CALL_CONTROL_ID ? leg.callControlId : undefined, telnyx_session_id: leg.callSessionId, telnyx_leg_id: leg.callLegId,
        display_direction: 'inbound', dialogParams: { custom_headers: customHeaders },
      },
    });
  }

  private async answered(callControlId: string, sdp: string): Promise<void> {
    const call = this.callsByLeg.get(callControlId);
    if (!call?.peer || call.ended) return;
    try {
      await call.peer.accept(sdp);
    } catch (err) {
      this.log.warn('rtc: bad answer SDP', { call_control_id: callControlId, error: err instanceof Error ? err.message : String(err) });
      this.hungUp(callControlId);
      return;
    }
    this.mixer?.add(callControlId, call.peer);
    this.engine?.softphoneAnswered(callControlId);
  }

  /** The client ended the call (bye, or its socket closed). */
  private hungUp(callControlId: string): void {
    const call = this.callsByLeg.get(callControlId);
    if (!call || call.ended) return;
    this.finish(callControlId, call);
    this.engine?.softphoneHungUp(callControlId);
  }

  private finish(callControlId: string, call: RtcCall): void {
    call.ended = true;
    call.session.calls.delete(call.callId);
    this.callsByLeg.delete(callControlId);
    this.clientHeld.delete(callControlId);
    this.mixer?.remove(callControlId);
    void call.peer?.close();
  }

  private loadMedia(): Promise<typeof SoftphonePeer> {
    this.media ??= Promise.all([import('./mixer'), import('./peer')]).then(([m, p]) => {
      const engine = this.engine;
      if (!engine) throw new Error('RtcGateway used before attach()');
      this.mixer = new m.Mixer({ legs: engine.legs, conferences: engine.conferences });
      return p.SoftphonePeer;
    });
    return this.media;
  }

  private send(session: Session, message: JsonRpc): void {
    if (session.socket.readyState === session.socket.OPEN) session.socket.send(JSON.stringify(message));
  }
}
