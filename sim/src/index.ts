// @switchboard/sim — a local stand-in for Telnyx Call Control, Conferences and Queues that the
// official `telnyx` SDK drives unmodified, with Ed25519-signed webhooks and synthetic callers.
import http from 'node:http';
import type { AddressInfo } from 'node:net';
import { generateKeyPairSync, type KeyObject } from 'node:crypto';
import { publicKeyBase64 } from '@switchboard/telnyx';
import { SimClock, type SimulatorClock } from './clock';
import { CallControlEngine, type EndedRecordLimits } from './engine';
import { Credentials } from './credentials';
import { Account, type AccountNumber } from './engine/account';
import { RtcGateway } from './rtc/gateway';
import type { LegAudio } from './rtc/mixer';
import { generateToneWav } from './audio';
import { IdFactory, seededRandom } from './random';
import { createApiHandler, type FaultRule } from './server';
import { resolveScenario, TrafficGenerator, type ScenarioConfig } from './scenario';
import { WebhookDispatcher } from './webhooks';
import { silentLog, type SimLog } from './log';
import type { DialPolicyRule } from './model';
import * as I from './inferences';

// Webhook signing as Telnyx does it, for whoever drives the simulator (it lives in @switchboard/telnyx).
export { signTelnyxWebhook, publicKeyBase64, type TelnyxSignatureHeaders } from '@switchboard/telnyx';
export type { SimLog } from './log';
export type { SimulatorClock } from './clock';
export type { ScenarioConfig } from './scenario';
export { CALLCENTER_SCENARIO, IDLE_SCENARIO } from './scenario';
export type { DialPolicyRule } from './model';
export type { EndedRecordLimits } from './engine';
export type { AccountNumber } from './engine/account';
export type { FaultRule } from './server';
export type { LegAudio } from './rtc/mixer';
export { generateToneWav } from './audio';

export interface SimulatorOptions {
  port?: number; // 0 = free port (default 0)
  host?: string; // default '127.0.0.1'
  apiKeys: string[]; // accepted Bearer keys
  webhookUrl?: string; // may be set later with setWebhookUrl
  signingKey?: KeyObject; // Ed25519 private key; generated when absent
  scenario?: 'none' | 'callcenter' | Partial<ScenarioConfig>; // default 'callcenter'
  seed?: number; // deterministic traffic
  timeScale?: number; // multiply all simulated durations (e2e tests use e.g. 0.05); real clock only
  /**
   * 'real' (default): the wall clock, durations × timeScale. 'manual': time starts at `startAt` and
   * moves only when told (`sim.clock.advance`, or POST /sim/clock/advance): a scripted day to the second.
   */
  clock?: 'real' | 'manual';
  /** Manual clock: where time starts (epoch ms or an ISO date-time); default: the wall clock at start. */
  startAt?: number | string;
  log?: SimLog; // default: silent
  /** How dialled destinations behave; first match wins; default: every destination answers after 0.3 s. */
  dialPolicy?: DialPolicyRule[];
  /** Webhook retry backoff (real ms): first delay and cap. Defaults 100 and 3000. */
  webhookBackoffMs?: { initial: number; max: number };
  /**
   * Hung-up calls and completed conferences kept readable at most (oldest forgotten first), on
   * top of Telnyx's time limits: at demo speed those alone let a long session grow without end.
   * Defaults 1000 and 200.
   */
  keepEnded?: Partial<EndedRecordLimits>;
  /** The account's numbers (GET /phone_numbers, outbound caller ids); default: the scenario's DID and two more. */
  phoneNumbers?: AccountNumber[];
}

export interface SimSnapshot {
  calls: Array<{
    call_control_id: string;
    direction: 'incoming' | 'outgoing';
    from: string;
    to: string;
    state: 'ringing' | 'parked' | 'queued' | 'in_conference' | 'bridged' | 'ended';
    is_alive: boolean;
    /** DTMF digits the far end of this leg heard (send_dtmf, send_digits_on_answer). */
    dtmf_heard: string;
    /** The leg's last client_state (base64), as Telnyx echoes it in webhooks. */
    client_state?: string;
    queue?: string;
    conference_id?: string;
    bridged_with?: string;
  }>;
  queues: Array<{ name: string; max_size: number; call_control_ids: string[] }>;
  conferences: Array<{
    id: string;
    name: string;
    status: 'init' | 'in_progress' | 'completed';
    end_reason?: string;
    participants: Array<{
      call_control_id: string;
      muted: boolean;
      on_hold: boolean;
      supervisor_role: 'barge' | 'monitor' | 'none' | 'whisper';
      whisper_call_control_ids: string[];
    }>;
  }>;
  /** Audio energy per leg of every call that involves a WebRTC client (who heard whom); empty otherwise. */
  media: LegAudio[];
  /** Who is logged in on the `telnyx_rtc` endpoint, one per credential, and the server pings each answered. */
  softphones: Array<{ sip_username: string; pings_answered: number }>;
  recordings: Array<{
    id: string;
    conference_id: string;
    format: 'wav' | 'mp3';
    channels: 'single' | 'dual';
    status: 'recording' | 'paused' | 'saved';
    recording_urls: { wav: string; mp3: string };
  }>;
}

export interface Simulator {
  baseUrl: string; // 'http://127.0.0.1:PORT/v2' — pass straight to new Telnyx({ baseURL })
  /** 'ws://127.0.0.1:PORT' — the telnyx_rtc endpoint: new TelnyxRTC({ login_token, host: rtcUrl }). */
  rtcUrl: string;
  port: number;
  publicKey: string; // base64 of the raw 32-byte Ed25519 public key
  setWebhookUrl(url: string | undefined): void;
  injectInboundCall(o: { queue: string; from?: string; to?: string; patienceSecs?: number; talkSecs?: number }): Promise<{ callControlId: string }>;
  /**
   * Next matching /v2 request(s) answer this Telnyx error body; with `afterApply` the request is
   * applied first (its webhooks go out) and only the response is replaced, as when it is lost;
   * with `hang` the request is never answered.
   */
  injectFault(f: { method?: string; path: string | RegExp; status: number; code: string; title: string; detail?: string; times?: number; afterApply?: boolean; hang?: boolean }): void;
  /** Replaces the dial policy (first matching rule wins). */
  setDialPolicy(rules: DialPolicyRule[]): void;
  snapshot(): SimSnapshot; // the truth for tests
  clock: SimulatorClock;
  webhookBacklog(): number; // webhooks not yet delivered
  /** The remote party of a live, answered leg presses keys (one call.dtmf.received per digit). */
  pressDigits(callControlId: string, digits: string): void;
  /** The far end of a ringing dialled leg answers now (pair with a `no_answer` dial policy to hold it ringing). */
  remoteAnswer(callControlId: string): void;
  /** The far end of a live leg hangs up (declines with 603 while it still rings). */
  remoteHangup(callControlId: string): void;
  /**
   * Cuts the `telnyx_rtc` socket of a logged-in credential (all of them when none is named) without a
   * close frame, as a network change or sleep would; returns the sip_usernames cut. The client's calls end.
   */
  dropSoftphone(sipUsername?: string): string[];
  /** Every frame decoded from a WebRTC leg's client, as it arrives (RMS; `at` = performance.now()): benchmarks. */
  tapSoftphoneAudio(callControlId: string, listener: (frame: { rms: number; at: number }) => void): () => void;
  close(): Promise<void>; // stops timers and server; pending webhook deliveries are abandoned
}

export async function startSimulator(o: SimulatorOptions): Promise<Simulator> {
  const log = o.log ?? silentLog;
  const host = o.host ?? '127.0.0.1';
  const timeScale = o.timeScale ?? 1;
  if (!(timeScale > 0)) throw new Error('timeScale must be > 0');
  const clockMode = o.clock ?? 'real';
  if (clockMode === 'real' && o.startAt !== undefined) throw new Error('startAt needs clock: "manual"');
  const seed = o.seed ?? Math.floor(Math.random() * 2 ** 31);
  const signingKey = o.signingKey ?? generateKeyPairSync('ed25519').privateKey;
  const scenario = resolveScenario(o.scenario);
  const clock = clockMode === 'manual' ? new SimClock(timeScale, o.startAt === undefined ? Date.now() : timeOf(o.startAt)) : new SimClock(timeScale);
  // Separate random streams, so API-created ids do not shift the synthetic traffic of a seed.
  const trafficRandom = seededRandom(seed);
  const conferenceRandom = seededRandom(seed ^ 0x5bd1e995);
  const ids = new IdFactory(seededRandom(seed ^ 0x9e3779b9));
  const keepEnded: EndedRecordLimits = { calls: o.keepEnded?.calls ?? 1000, conferences: o.keepEnded?.conferences ?? 200 };
  // A record that just ended may push an older one over its limit: sweep once the command that
  // ended it is done (never in the middle of it), at most once per turn of the event loop.
  let sweepQueued = false;
  const sweepSoon = () => {
    if (sweepQueued) return;
    sweepQueued = true;
    setImmediate(() => {
      sweepQueued = false;
      engine.sweep(clock.now(), keepEnded);
    });
  };
  const dispatcher = new WebhookDispatcher({
    signingKey, log, initialBackoffMs: o.webhookBackoffMs?.initial, maxBackoffMs: o.webhookBackoffMs?.max,
  });
  let publicBase = '';
  // A manual clock moves on once the webhooks of each instant are delivered, so receivers see them in time.
  clock.onSettle(() => dispatcher.whenDelivered());
  const credentials = new Credentials(new IdFactory(seededRandom(seed ^ 0x27d4eb2f)), () => clock.now());
  const account = new Account(o.phoneNumbers ?? defaultNumbers(scenario), () => clock.date());
  const softphones = new RtcGateway(credentials, log, clock);
  const engine = new CallControlEngine({
    ownsNumber: (n) => account.ownsNumber(n),
    softphones,
    clock, ids, random: conferenceRandom, emit: (event) => {
      dispatcher.enqueue(event);
      if (event.event_type === 'call.hangup' || event.event_type === 'conference.ended') sweepSoon();
    }, publicBaseUrl: () => publicBase,
    dialPolicy: o.dialPolicy ?? [], floorChangeSecs: scenario.floorChangeSecs, defaultConnectionId: scenario.connectionId,
  });
  const faults: FaultRule[] = [];
  const simulatorClock: SimulatorClock = {
    mode: clockMode,
    now: () => clock.now(),
    advance: (ms) => clock.advance(ms),
    advanceTo: (at) => clock.advanceTo(timeOf(at)),
  };
  const apiKeys = new Set(o.apiKeys);
  const server = http.createServer(
    { keepAlive: true, keepAliveTimeout: 60_000 },
    createApiHandler({ engine, account, credentials, apiKeys: () => apiKeys, faults, recordingAudio: generateToneWav(3), log, clock: simulatorClock }),
  );
  server.keepAliveTimeout = 60_000;
  softphones.attach(server, engine);
  await new Promise<void>((resolve, reject) => {
    server.once('error', reject);
    server.listen(o.port ?? 0, host, () => {
      server.off('error', reject);
      resolve();
    });
  });
  const port = (server.address() as AddressInfo).port;
  const urlHost = host.includes(':') ? `[${host}]` : host;
  publicBase = `http://${urlHost}:${port}`;
  dispatcher.setUrl(o.webhookUrl);
  const traffic = new TrafficGenerator(scenario, engine, clock, trafficRandom, log);
  traffic.start();
  const sweeper = setInterval(() => engine.sweep(clock.now(), keepEnded), 60_000);
  sweeper.unref();
  log.info(`simulator listening on ${publicBase}/v2 (scenario ${o.scenario === undefined || typeof o.scenario === 'string' ? o.scenario ?? 'callcenter' : 'custom'}, seed ${seed}, ${clock.manual ? `manual clock at ${clock.date().toISOString()}` : `timeScale ${timeScale}`})`);

  let closed = false;
  return {
    baseUrl: `${publicBase}/v2`,
    rtcUrl: `ws://${urlHost}:${port}`,
    port,
    publicKey: publicKeyBase64(signingKey),
    setWebhookUrl: (url) => dispatcher.setUrl(url),
    injectInboundCall: async (c) => {
      const leg = engine.injectInboundCall({
        queue: c.queue,
        from: c.from ?? '+15550109999',
        to: c.to ?? scenario.didNumber,
        // A caller with neither patience nor talk time set stays until the API acts on it.
        ...(c.patienceSecs !== undefined || c.talkSecs !== undefined
          ? { synthetic: { patienceSecs: c.patienceSecs ?? Infinity, talkSecs: c.talkSecs ?? Infinity } }
          : {}),
      });
      return { callControlId: leg.callControlId };
    },
    injectFault: (f) => {
      faults.push({ ...f, times: f.times ?? 1 });
    },
    setDialPolicy: (rules) => engine.setDialPolicy(rules),
    snapshot: () => snapshotOf(engine, softphones.audio(), softphones.registrations()),
    clock: simulatorClock,
    webhookBacklog: () => dispatcher.backlog(),
    pressDigits: (callControlId, digits) => engine.pressDigits(callControlId, digits),
    remoteAnswer: (callControlId) => engine.remoteAnswer(callControlId),
    remoteHangup: (callControlId) => engine.remoteHangup(callControlId),
    dropSoftphone: (sipUsername) => softphones.drop(sipUsername),
    tapSoftphoneAudio: (callControlId, listener) => softphones.tap(callControlId, listener),
    close: async () => {
      if (closed) return;
      closed = true;
      traffic.stop();
      clearInterval(sweeper);
      engine.close();
      clock.close();
      dispatcher.close();
      await softphones.close();
      await new Promise<void>((resolve) => {
        server.close(() => resolve());
        server.closeAllConnections();
      });
    },
  };
}

/** Epoch ms of a time given as epoch ms or an ISO date-time. */
function timeOf(at: number | string): number {
  const t = typeof at === 'number' ? at : Date.parse(at);
  if (!Number.isFinite(t)) throw new Error(`not a time: ${String(at)}`);
  return t;
}

/** The scenario's DID plus two outbound numbers, tagged by the queue they suit (demo caller ids). */
function defaultNumbers(scenario: ScenarioConfig): AccountNumber[] {
  return [
    { phoneNumber: scenario.didNumber, connectionId: scenario.connectionId, tags: ['inbound'] },
    { phoneNumber: '+15550100001', connectionId: scenario.connectionId, tags: ['support'] },
    { phoneNumber: '+15550100002', connectionId: scenario.connectionId, tags: ['sales'] },
  ];
}

function snapshotOf(engine: CallControlEngine, media: LegAudio[], softphones: SimSnapshot['softphones']): SimSnapshot {
  void I;
  return {
    calls: [...engine.legs.values()].map((leg) => {
      const state: SimSnapshot['calls'][number]['state'] = !leg.alive ? 'ended' : !leg.answered ? 'ringing'
        : leg.queueName ? 'queued' : leg.conferenceId ? 'in_conference' : leg.bridgedWith ? 'bridged' : 'parked';
      const call: SimSnapshot['calls'][number] = {
        call_control_id: leg.callControlId, direction: leg.direction, from: leg.from, to: leg.to, state, is_alive: leg.alive,
        dtmf_heard: leg.dtmfHeard,
      };
      if (leg.queueName) call.queue = leg.queueName;
      if (leg.conferenceId) call.conference_id = leg.conferenceId;
      if (leg.bridgedWith) call.bridged_with = leg.bridgedWith;
      if (leg.clientState !== undefined) call.client_state = leg.clientState;
      return call;
    }),
    queues: [...engine.queues.values()].map((q) => ({
      name: q.name, max_size: q.maxSize, call_control_ids: q.entries.map((e) => e.leg.callControlId),
    })),
    conferences: [...engine.conferences.values()].map((c) => {
      const conf: SimSnapshot['conferences'][number] = {
        id: c.id, name: c.name, status: c.status,
        participants: [...c.participants.values()].map((p) => ({
          call_control_id: p.callControlId, muted: p.muted, on_hold: p.onHold, supervisor_role: p.supervisorRole,
          whisper_call_control_ids: [...p.whisperCallControlIds],
        })),
      };
      if (c.endReason) conf.end_reason = c.endReason;
      return conf;
    }),
    media,
    softphones,
    recordings: [...engine.recordings.values()].map((r) => ({
      id: r.id, conference_id: r.conferenceId, format: r.format, channels: r.channels, status: r.status,
      recording_urls: engine.recordingUrls(r),
    })),
  };
}
