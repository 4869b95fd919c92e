// Every simulator behaviour that Telnyx's spec and docs do NOT pin down (`[I]` in
// docs/telnyx/API-NOTES.md, plus the few gaps found while building) lives in this one file,
// each with the reasoning, so changing our guess is a one-line edit.

/** Queue positions are 1-based ("example values start at 1"), and calls behind a departing call move up. (§5 Queues) */
export const QUEUE_POSITION_BASE = 1;

/** A queued call taken into a conference (create or join) leaves its queue with `call.dequeued`
 * reason `bridged`, emitted before `conference.participant.joined`. (§5, §8: undocumented) */
export const DEQUEUE_REASON_CONFERENCE_TAKEOVER = 'bridged';

/** `leave_queue` emits `call.dequeued` with reason `leave`. (§4.3) */
export const DEQUEUE_REASON_LEAVE_QUEUE = 'leave';

/** DELETE /queues/{name}/calls/{id} on a call that is still alive: it leaves the queue like leave_queue. */
export const DEQUEUE_REASON_REMOVED = 'leave';

/** `occurred_at` is sent both at `data` level and inside `payload`; the spec puts it in one or the
 * other depending on the event. (§6) */
export const OCCURRED_AT_IN_DATA_AND_PAYLOAD = true;

/** Conferences expire 4 h after creation (or `duration_minutes`). (§5) */
export const DEFAULT_CONFERENCE_LIFETIME_MINUTES = 240;

/** `status` is `in_progress` when created with start_conference_on_create (default true), else
 * `init` until a participant joins with start_conference_on_enter; while `init` every joiner is on
 * hold. (§5) */
export function initialConferenceStatus(startOnCreate: boolean): 'init' | 'in_progress' {
  return startOnCreate ? 'in_progress' : 'init';
}

/** A participant with end_conference_on_exit leaving ends the conference with `host_left` and hangs
 * up the rest; soft_end_conference_on_exit ends it with `host_left` but parks the rest. (§5, §8) */
export const END_REASON_HOST_EXIT = 'host_left';

/** The `end` action sets the resource's end_reason `ended_via_api`, but the webhook's
 * `conference.ended.payload.reason` enum has no such value, so the webhook carries no `reason`. */
export const WEBHOOK_REASON_FOR_API_END: string | undefined = undefined;

/** Participants that left, and all participants of a completed conference, are no longer listed
 * (TeXML docs say so; assumed for Call Control). (§5, §8) */
export const LIST_LEFT_PARTICIPANTS = false;

/** `{id}` in conference paths may be the conference id or its name (spec wording). With a name, the
 * active conference of that name wins, else the most recently created one. */
export const CONFERENCE_LOOKUP_BY_NAME = true;

/** `{participant_id}` accepts the participant id, its label, or (convenience) its call_control_id. */
export const PARTICIPANT_LOOKUP_BY_CALL_CONTROL_ID = true;

/** Conference hold/unhold/mute/unmute/update and record_pause/record_resume emit no webhook (none is
 * listed for them). (§8) */
export const CONFERENCE_MEMBER_STATE_CHANGES_EMIT_WEBHOOKS = false;

/** `muted` reports only explicit mute/unmute (and join `mute:true`); a monitor's silence is its
 * supervisor role, which no participant shape exposes. */
export const MONITOR_ROLE_SETS_MUTED = false;

/** `filter[whispering]=true` lists participants whose supervisor role is `whisper`. */
export const WHISPERING_MEANS_ROLE_WHISPER = true;

/** Playback/speak to a subset of legs emits `conference.participant.playback.*`/`.speak.*` per
 * leg; to the whole conference `conference.playback.*`/`conference.speak.*`. (§5) */
export const SUBSET_MEDIA_EMITS_PARTICIPANT_EVENTS = true;

/** Conference `play` needs `audio_url` or `media_name` (10004 pointing at /audio_url otherwise). */
export const CONFERENCE_PLAY_REQUIRES_MEDIA = true;

/** A call_control_id in hold/mute/etc. lists that is not a live participant of this conference
 * answers 422 90015 rather than being ignored. */
export const UNKNOWN_PARTICIPANT_IN_LIST_IS_ERROR = true;

/** `join` for a leg already in this conference: 422 10015; a leg in ANOTHER conference first leaves
 * that one (participant.left there), as enqueue unbridges. */
export const JOIN_MOVES_LEG_FROM_OTHER_CONFERENCE = true;

/** `enqueue` while already in any queue answers 90038 (not only the same queue). (§5) */
export const ENQUEUE_WHILE_QUEUED_ANY_QUEUE_IS_ERROR = true;

/** `enqueue` creates a missing queue with this max_size (spec default for the enqueue command). */
export const ENQUEUE_DEFAULT_MAX_SIZE = 100;
/** POST /queues default max_size (spec). */
export const CREATE_QUEUE_DEFAULT_MAX_SIZE = 300;

/** leave_queue on a call not in any queue, record_start while recording, answer on an outgoing leg,
 * bridge with an empty queue: 422 10015 with a descriptive detail (no specific code is documented). */
export const UNDOCUMENTED_CONFLICT_CODE = '10015';

/** answer on an already-answered incoming call succeeds without a second `call.answered`. */
export const ANSWER_IS_IDEMPOTENT = true;

/** Who hung up: a hangup command comes from our side (the callee of an incoming call, the caller of
 * an outgoing one); a synthetic remote party hanging up is the other side. */
export function hangupSourceForCommand(direction: 'incoming' | 'outgoing'): 'caller' | 'callee' {
  return direction === 'incoming' ? 'callee' : 'caller';
}
export function hangupSourceForRemote(direction: 'incoming' | 'outgoing'): 'caller' | 'callee' {
  return direction === 'incoming' ? 'caller' : 'callee';
}

/** A dialled leg nobody answers hangs up after `timeout_secs` with hangup_cause `timeout`. */
export const NO_ANSWER_HANGUP_CAUSE = 'timeout';
/** …and with `no_answer` when the dial said `retry_on_timeout: false` (spec text of that field, not an inference). */
export const NO_ANSWER_NO_RETRY_HANGUP_CAUSE = 'no_answer';

/** A dialled leg gets call.initiated with state `parked` (the console parks agent legs); transfer
 * legs get `bridging`. (§5 Calls) */
export const DIAL_INITIATED_STATE = 'parked';
export const TRANSFER_INITIATED_STATE = 'bridging';

/** When one leg of a bridge hangs up, the other is hung up too unless it was bridged with
 * park_after_unbridge "self" (spec description of park_after_unbridge). */
export const BRIDGE_PEER_HANGS_UP_BY_DEFAULT = true;

/** playback_stop stops playbacks only (speak keeps going): call.speak.ended has no `cancelled` status. */
export const PLAYBACK_STOP_AFFECTS_SPEAK = false;

/** Conference `stop` stops playbacks (whole-conference ones when no ids are given, else those
 * targeted at the ids); speak is left to finish. Stopped playbacks end early with their `.ended`. */
export const CONFERENCE_STOP_AFFECTS_SPEAK = false;

/** Media durations (simulated seconds, before timeScale): playback of an audio file per loop, and
 * speak ≈ 0.35 s per word with a floor of 1.5 s. A loop of "infinity" plays until stopped. */
export const PLAYBACK_SECS_PER_LOOP = 4;
export function speakDurationSecs(text: string): number {
  return Math.max(1.5, text.trim().split(/\s+/).length * 0.35);
}

/** Hung-up calls stay readable through GET /calls/{id} for ~10 minutes (spec), completed
 * conferences for an hour; then they are forgotten. */
export const ENDED_CALL_RETENTION_MS = 10 * 60_000;
export const ENDED_CONFERENCE_RETENTION_MS = 60 * 60_000;

/** `recording_urls.mp3` serves the same generated WAV bytes as `.wav` (there is no MP3 encoder
 * here); the Content-Type says audio/wav. `public_recording_urls` are null (feature off by default). */
export const MP3_URL_SERVES_WAV_BYTES = true;

// `command_id` ("Telnyx will ignore any command with the same command_id for the same
// call_control_id"): the spec names a scope, but no window, no answer for the repeat, nothing about
// failures. Our reading (engine/commands.ts):

/** Scopes: call actions per leg (any action on it: a repeat is ignored whatever its name or body);
 * conference actions per conference (a name resolves to its id); dial across all dials ("others
 * Dial commands with the same command_id"); conference create per creating leg. */
export const COMMAND_ID_SCOPES = { callAction: 'leg', conferenceAction: 'conference', dial: 'all dials', createConference: 'creating leg' } as const;
/** The window is the lifetime of the record it belongs to: remembered while the leg (dial, call
 * actions) or conference (create, conference actions) can still be read, i.e. until
 * ENDED_CALL_RETENTION_MS / ENDED_CONFERENCE_RETENTION_MS after it ended. So a retried hangup or
 * end still finds its first attempt, and ids are not kept forever. */
export const COMMAND_ID_WINDOW_IS_THE_RECORD_LIFETIME = true;
/** A repeat answers what the first execution answered (cmd-result; the same Call / Conference for
 * dial / create) and changes nothing, so it emits no webhook. It is checked before the state
 * rules: the retry of a hangup that went through answers ok, not 90018. */
export const COMMAND_ID_REPEAT_ANSWERS_THE_FIRST_RESULT = true;
/** A command that failed (4xx) did nothing, so its id is not remembered: the same id sent again
 * once the state allows it runs. */
export const COMMAND_ID_FAILURES_ARE_NOT_REMEMBERED = true;
/** Only operations whose request schema has `command_id` honour it; on the others (conference
 * hold/unhold/mute/unmute/play/stop, switch_supervisor_role, queue and participant updates) it is an
 * unknown field and ignored like any other. */
export const COMMAND_ID_ONLY_WHERE_THE_SPEC_HAS_IT = true;

// ───────────────────────────── account resources and DTMF ─────────────────────────────

/** Call Control applications and phone numbers get int64-style string ids counted up from here
 * (the spec's example id is 1293384261075731499). */
export const ACCOUNT_ID_BASE = 1293384261075700000n;
/** The simulated account's numbers are US numbers (`country_iso_alpha2`). */
export const SIM_NUMBERS_COUNTRY = 'US';
/** send_dtmf: the spec gives the character set in prose only ("0-9, A-D, *, and #. Pauses ... w
 * and W"); anything else is answered 422 10015 naming `digits`. Lower-case a–d are refused. */
export const DTMF_DIGITS = /^[0-9A-D*#wW]+$/;
/** Call send_dtmf: `duration_millis` "ranges from 100 to 500ms" in prose; the simulator enforces it
 * (the conference variant has it as schema min/max). */
export const DTMF_DURATION_RANGE_MS = [100, 500] as const;
/** send_dtmf emits no webhook ("There are no webhooks associated with this command"): the digits go
 * to the far end of the leg. The simulator keeps what each leg's far end heard, for tests. A
 * simulated remote party pressing keys (`pressDigits`) emits one `call.dtmf.received` per digit on
 * its own leg, as Telnyx does for digits it detects from the far end. */
export const DTMF_SENT_IS_SILENT_AND_RECORDED = true;

// ───────────────────────────── WebRTC softphones (credentials.ts, rtc/) ─────────────────────────────

/** A telephony credential must name an existing credential connection (422 otherwise). The spec only
 * says connection_id "identifies the Credential Connection this credential is associated with". */
export const CREDENTIAL_NEEDS_A_KNOWN_CONNECTION = true;

/** `user_id` of every credential (the account owner; one account per simulator). */
export const SIM_USER_ID = 'sim-user';

/** A credential's JWT lasts 24 h (WEBRTC-NOTES §1), or less when the credential expires sooner. */
export const WEBRTC_TOKEN_LIFETIME_SECS = 24 * 3600;

/** Dialling a sip_username no credential has: the SIP proxy answers 404 ⇒ call.hangup `not_found`. */
export const SOFTPHONE_UNKNOWN_HANGUP: readonly [cause: string, sipCause: string] = ['not_found', '404'];

/** Dialling a credential nobody is logged in with: 480 Temporarily Unavailable ⇒ `unspecified`
 * (the spec's hangup_cause enum has no "unavailable"; Telnyx's docs do not say which it uses). */
export const SOFTPHONE_OFFLINE_HANGUP: readonly [cause: string, sipCause: string] = ['unspecified', '480'];

/** How long (simulated seconds) an unreachable softphone dial takes to fail (after call.initiated). */
export const SOFTPHONE_UNREACHABLE_AFTER_SECS = 0.2;

/** A WebRTC client rejecting an invite (bye before answering) ⇒ `call_rejected` 603, like a SIP decline. */
export const SOFTPHONE_REJECT_HANGUP = 'call_rejected';

/** A bad or expired login token answers JSON-RPC error -32001 "Authentication Required": -32000 would
 * make @telnyx/webrtc log in again by itself (WEBRTC-NOTES §1). */
export const RTC_LOGIN_ERROR_CODE = -32001;

/** One credential = one registration: a second login with the same credential takes its calls (§1). */
export const RTC_LAST_LOGIN_GETS_THE_CALLS = true;

/** A WebRTC client putting its call on hold (modify hold): the client stops hearing the far end, which
 * is not told; the client's microphone keeps flowing (WEBRTC-NOTES §4 — SDK hold is no privacy hold). */
export const RTC_CLIENT_HOLD_SILENCES_ONLY_THE_CLIENT = true;

/** The invite's `telnyx_call_control_id` is the call control id the dial returned (WEBRTC-NOTES §3
 * lists this as unconfirmed on real Telnyx; a console should match its legs by a custom header nonce). */
export const RTC_INVITE_CARRIES_THE_DIALLED_CALL_CONTROL_ID = true;

// ───────────────────────────── outbound caller id (engine/caller-id.ts) ─────────────────────────────

/** A dial whose `from` is not +E.164 (to a phone number) answers 422 10016 pointing at /from, like the
 * spec's example for `to`. Telnyx documents 10016 only with pointer /to; the caller-ID policy page says
 * invalid caller ids are refused by the network (SIP 403 D35) — with a SIP URI `from` that is what we do. */
export const CALLER_ID_FORMAT_REFUSED_BY_REST = true;
/** An invalid caller id that got past REST (a SIP URI `from` to a phone number): rejected on the network
 * side, "403 Caller Origination Number is Invalid D35" ⇒ call.hangup `call_rejected`, SIP 403. */
export const CALLER_ID_INVALID_HANGUP = { cause: 'call_rejected', sipCause: '403' } as const;
/** A caller id that is not one of the account's numbers, to another country: "Outbound calls to
 * international destinations with spoofed caller IDs are rejected with a 503" ⇒ `call_rejected`, SIP 503.
 * Within the number's own country Telnyx documents no ownership check, so such a call proceeds. */
export const CALLER_ID_SPOOFED_INTERNATIONAL_HANGUP = { cause: 'call_rejected', sipCause: '503' } as const;
/** How long (simulated seconds) the network takes to reject such a call after call.initiated. */
export const CALLER_ID_REJECT_AFTER_SECS = 0.2;
/** A remote party that declines a ringing call (test control `remoteHangup` before answer): 603 Decline. */
export const REMOTE_DECLINE_HANGUP = { cause: 'call_rejected', sipCause: '603' } as const;
/** Telnyx's RTC server pings every logged-in client (`telnyx_rtc.ping`; the client answers with a ping of its
 * own). The interval is not published: @telnyx/webrtc expects one within 35 s (its keep-alive check) and
 * probes the socket itself after 20 s without inbound traffic during a call, closing it if the probe is not
 * answered in 5 s (WEBRTC-NOTES §3). 15 s (simulated) keeps a call's socket under that 20 s threshold. */
export const RTC_SERVER_PING_SECS = 15;

/** One credential = one registration (WEBRTC-NOTES §1): a second login with the same credential takes the
 * calls, and the earlier socket is sent `telnyx_rtc.punt` (the verto verb @telnyx/webrtc answers by
 * dropping its calls and disconnecting without reconnecting). How Telnyx tells the first device is not
 * documented; the punt is what the SDK is built to receive, so a console can detect it and tell the agent. */
export const RTC_SECOND_LOGIN_PUNTS_THE_FIRST = true;
