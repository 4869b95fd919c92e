// The simulator's in-memory world: call legs, queues, conferences, participants, recordings.
import type { TimerHandle } from './clock';

export type Direction = 'incoming' | 'outgoing';
export type SupervisorRole = 'barge' | 'monitor' | 'none' | 'whisper';
export const SUPERVISOR_ROLES: readonly SupervisorRole[] = ['barge', 'monitor', 'none', 'whisper'];

/** A scripted remote party (synthetic caller): how long it waits in a queue and talks once conferenced. */
export interface SyntheticParty {
  patienceSecs: number;
  talkSecs: number;
  patienceTimer?: TimerHandle;
  talkTimer?: TimerHandle;
}

/** One piece of audio (file playback or text-to-speech) queued on a call leg. */
export interface CallMedia {
  kind: 'playback' | 'speak';
  mediaUrl?: string;
  mediaName?: string;
  overlay: boolean;
  durationSecs: number; // Infinity for loop "infinity"
  timer?: TimerHandle;
}

export interface CallLeg {
  callControlId: string;
  callLegId: string;
  callSessionId: string;
  connectionId: string;
  from: string;
  to: string;
  direction: Direction;
  answered: boolean;
  alive: boolean;
  startTime: Date;
  endTime?: Date;
  clientState?: string;
  /** Where the leg is right now; at most one of queueName / conferenceId / bridgedWith. */
  queueName?: string;
  conferenceId?: string;
  bridgedWith?: string;
  /** park_after_unbridge "self": survive the bridge peer's hangup. */
  parkAfterUnbridge: boolean;
  /** Media playing (first) and queued behind it. */
  media: CallMedia[];
  /** DTMF digits the far end of this leg heard (send_dtmf emits no webhook; tests read this). */
  dtmfHeard: string;
  ringTimer?: TimerHandle;
  synthetic?: SyntheticParty;
  /** Dialled to a WebRTC client's credential (sip:<sip_username>@sip.telnyx.com). */
  softphone?: { sipUsername: string };
}

export interface QueueEntry {
  leg: CallLeg;
  enqueuedAt: Date;
  keepAfterHangup: boolean;
  maxWaitTimer?: TimerHandle;
}

export interface CallQueue {
  id: string;
  name: string;
  maxSize: number;
  createdAt: Date;
  updatedAt: Date;
  /** In queue order; a call's position is its index + QUEUE_POSITION_BASE. */
  entries: QueueEntry[];
}

export interface Participant {
  id: string;
  callControlId: string;
  callLegId: string;
  callSessionId: string;
  label?: string;
  muted: boolean;
  onHold: boolean;
  /** Put on hold only because the conference has not started (status init). */
  heldUntilStart: boolean;
  supervisorRole: SupervisorRole;
  whisperCallControlIds: string[];
  endConferenceOnExit: boolean;
  softEndConferenceOnExit: boolean;
  beepEnabled?: string;
  createdAt: Date;
  updatedAt: Date;
}

/** Audio played or spoken into a conference: to everyone (targets undefined) or to some legs. */
export interface ConferenceMedia {
  kind: 'playback' | 'speak';
  targets?: string[];
  mediaUrl?: string;
  mediaName?: string;
  timer?: TimerHandle;
}

export interface Recording {
  id: string;
  conferenceId: string;
  format: 'wav' | 'mp3';
  channels: 'single' | 'dual';
  startedAt: Date;
  endedAt?: Date;
  status: 'recording' | 'paused' | 'saved';
  clientState?: string;
}

export interface Conference {
  id: string;
  name: string;
  connectionId: string;
  region?: string;
  status: 'init' | 'in_progress' | 'completed';
  createdAt: Date;
  updatedAt: Date;
  expiresAt: Date;
  endedAt?: Date;
  endReason?: 'all_left' | 'ended_via_api' | 'host_left' | 'time_exceeded';
  endedBy?: { call_control_id: string; call_session_id: string };
  creator: { callControlId: string; callLegId: string; callSessionId: string };
  clientState?: string;
  maxParticipants: number;
  /** Live participants keyed by call_control_id, in join order. */
  participants: Map<string, Participant>;
  recording?: Recording;
  media: Set<ConferenceMedia>;
  floorHolder?: string;
  floorTimer?: TimerHandle;
  expiryTimer?: TimerHandle;
}

/** Outcome of ringing a dialled destination. */
export interface DialPolicyRule {
  /** Exact destination, a prefix ending in `*`, or a RegExp tested against `to`. */
  match: string | RegExp;
  outcome: 'answer' | 'busy' | 'no_answer';
  /** Simulated seconds of ringing before answer/busy (default 0.3). */
  afterSecs?: number;
}
