/**
 * The agent store's reducer: pure functions from (model, input) to a new model. Inputs are
 * verified Telnyx events, REST snapshots (reconcile) and command outcomes (optimistic change,
 * settle, rollback). Nothing here does I/O; the engine decides what to call and when.
 */
import type {
  AgentLeg,
  AgentStatus,
  CallHistoryEntry,
  CommandFailure,
  Conference,
  ConferenceSummary,
  ConnectionState,
  Participant,
  PendingCommand,
  QueueCall,
  RecordingState,
  SupervisorRole,
  WatchedQueue,
} from '../../contract';
import {
  CALL_DIRECTORY_LIMIT,
  FAILURE_LIMIT,
  HISTORY_LIMIT,
  SEEN_EVENT_LIMIT,
  type AgentModel,
  type CallInfo,
  type RememberedRole,
} from './model';
import type { TelnyxEvent, TelnyxEventOf } from './telnyx-event';

type ParticipantFlag = 'muted' | 'onHold';

// ---------------------------------------------------------------------------------------------
// Small immutable helpers

function boundedMapSet<K, V>(map: ReadonlyMap<K, V>, key: K, value: V, limit: number): Map<K, V> {
  const next = new Map(map);
  next.delete(key); // re-insert so the newest entry is last (forgotten last)
  next.set(key, value);
  while (next.size > limit) {
    const oldest = next.keys().next();
    if (oldest.done) break;
    next.delete(oldest.value);
  }
  return next;
}

function updateConference(m: AgentModel, conferenceId: string, fn: (c: Conference) => Conference): AgentModel {
  if (!m.conference || m.conference.id !== conferenceId) return m;
  return { ...m, conference: fn(m.conference) };
}

function updateParticipants(
  c: Conference,
  ids: readonly string[] | undefined,
  fn: (p: Participant) => Participant,
): Conference {
  const targets = ids && ids.length > 0 ? new Set(ids) : undefined;
  return { ...c, participants: c.participants.map((p) => (targets && !targets.has(p.callControlId) ? p : fn(p))) };
}

function updateQueue(m: AgentModel, name: string, fn: (q: WatchedQueue) => WatchedQueue): AgentModel {
  let changed = false;
  const queues = m.queues.map((q) => {
    if (q.name !== name) return q;
    changed = true;
    return withLongestWait(fn(q));
  });
  return changed ? { ...m, queues } : m;
}

function withLongestWait(q: WatchedQueue): WatchedQueue {
  let longest: string | undefined;
  for (const call of q.calls) if (!longest || Date.parse(call.enqueuedAt) < Date.parse(longest)) longest = call.enqueuedAt;
  const { longestWaitingSince: _old, ...rest } = q;
  return longest ? { ...rest, longestWaitingSince: longest } : rest;
}

function updateHistory(m: AgentModel, conferenceId: string, fn: (h: CallHistoryEntry) => CallHistoryEntry): AgentModel {
  if (!m.history.some((h) => h.conferenceId === conferenceId)) return m;
  return { ...m, history: m.history.map((h) => (h.conferenceId === conferenceId ? fn(h) : h)) };
}

// ---------------------------------------------------------------------------------------------
// Who is who: labels and kinds for participants (Telnyx's participant list carries only ids)

export function describeLeg(m: AgentModel, callControlId: string): Pick<Participant, 'kind' | 'label'> {
  if (m.agent.leg?.callControlId === callControlId) return { kind: 'agent', label: m.agent.endpoint ? `You (${m.agent.endpoint})` : 'You' };
  if (m.supervisorLeg === callControlId) return { kind: 'supervisor', label: 'You (supervisor)' };
  const call = m.calls.get(callControlId);
  const role = m.roles.get(callControlId)?.role;
  if (call?.addedByConsole) return { kind: 'other', label: call.to ?? shortId(callControlId) };
  if (role && role !== 'none') return { kind: 'supervisor', label: call?.to ?? `Supervisor ${shortId(callControlId)}` };
  if (call?.direction === 'incoming') return { kind: 'caller', label: call.from ?? shortId(callControlId) };
  if (call?.direction === 'outgoing') return { kind: 'agent', label: call.to ?? shortId(callControlId) };
  return { kind: 'other', label: shortId(callControlId) };
}

function shortId(id: string): string {
  return id.length > 10 ? `…${id.slice(-8)}` : id;
}

/** Roles: what this console set wins; otherwise a non-empty whisper list hints whisper (API-NOTES §4.1). */
export function roleOf(m: AgentModel, callControlId: string, whisperTargets: readonly string[]): RememberedRole {
  const remembered = m.roles.get(callControlId);
  if (remembered) return remembered;
  return whisperTargets.length > 0 ? { role: 'whisper', whisperTargets: [...whisperTargets] } : { role: 'none', whisperTargets: [] };
}

function newParticipant(m: AgentModel, callControlId: string, status: Participant['status']): Participant {
  const role = roleOf(m, callControlId, []);
  return {
    callControlId,
    ...describeLeg(m, callControlId),
    status,
    muted: false,
    onHold: false,
    speaking: false,
    supervisorRole: role.role,
    whisperTargets: role.whisperTargets,
    pending: [],
  };
}

// ---------------------------------------------------------------------------------------------
// Telnyx events

/** Entity whose state the event changes, and whether it is terminal (applies even if late). */
function entityOf(ev: TelnyxEvent): { key: string; terminal: boolean } | undefined {
  if (!ev.known) return undefined;
  switch (ev.eventType) {
    case 'call.initiated':
    case 'call.answered':
    case 'call.bridged':
      return { key: `call:${ev.payload.call_control_id}`, terminal: false };
    case 'call.hangup':
      return { key: `call:${ev.payload.call_control_id}`, terminal: true };
    case 'call.enqueued':
    case 'call.dequeued':
      return { key: `queue:${ev.payload.call_control_id}`, terminal: false };
    case 'conference.created':
      return { key: `conf:${ev.payload.conference_id}`, terminal: false };
    case 'conference.ended':
      return { key: `conf:${ev.payload.conference_id}`, terminal: true };
    case 'conference.participant.joined':
    case 'conference.participant.left':
      return { key: `part:${ev.payload.conference_id}:${ev.payload.call_control_id}`, terminal: false };
    case 'conference.floor.changed':
      return { key: `floor:${ev.payload.conference_id}`, terminal: false };
    default:
      return undefined; // media and recording events: applied in arrival order, deduped by id
  }
}

export interface EventResult {
  model: AgentModel;
  /** False when the event was a duplicate or older than state already applied. */
  applied: boolean;
}

/**
 * Applies one verified Telnyx event. Duplicates (same id) and events older than what the store
 * already applied to the same entity are dropped, except terminal ones (hangup, conference end):
 * a leg that hung up stays hung up whatever arrives after.
 * `force` re-applies an event regardless of dedupe/clock (used to replay events that arrived
 * while a REST snapshot was in flight).
 */
export function applyEvent(m: AgentModel, ev: TelnyxEvent, opts: { force?: boolean } = {}): EventResult {
  if (!opts.force && m.seenEventIds.has(ev.id)) return { model: m, applied: false };
  let next: AgentModel = m;
  if (!opts.force) {
    const seen = new Set(m.seenEventIds);
    seen.add(ev.id);
    if (seen.size > SEEN_EVENT_LIMIT) {
      const oldest = seen.values().next();
      if (!oldest.done) seen.delete(oldest.value);
    }
    next = { ...m, seenEventIds: seen };
    const entity = entityOf(ev);
    const at = Date.parse(ev.occurredAt);
    if (entity && Number.isFinite(at)) {
      const newest = m.entityClock.get(entity.key);
      if (newest !== undefined && at < newest && !entity.terminal) return { model: next, applied: false };
      next = { ...next, entityClock: boundedMapSet(next.entityClock, entity.key, Math.max(at, newest ?? at), SEEN_EVENT_LIMIT) };
    }
  }
  return { model: reduceEvent(next, ev, Boolean(opts.force)), applied: true };
}

/** `replay`: the event is re-applied on top of a REST snapshot that may already count it. */
function reduceEvent(m: AgentModel, ev: TelnyxEvent, replay: boolean): AgentModel {
  if (!ev.known) return m;
  switch (ev.eventType) {
    case 'call.initiated': {
      const { call_control_id: ccid, from, to, direction } = ev.payload;
      return rememberCall(m, ccid, { from, to, direction, state: 'initiated' });
    }
    case 'call.answered': {
      const { call_control_id: ccid, from, to } = ev.payload;
      return onCallAnswered(rememberCall(m, ccid, { from, to, state: 'answered' }), ccid, ev.occurredAt);
    }
    case 'call.hangup': {
      const ccid = ev.payload.call_control_id;
      return onCallHangup(rememberCall(m, ccid, { state: 'hangup' }), ccid, ev.occurredAt);
    }
    case 'call.enqueued': {
      const { call_control_id: ccid, queue, current_position, from, to } = ev.payload;
      const info = m.calls.get(ccid);
      return upsertQueueCall(m, queue, {
        callControlId: ccid,
        queue,
        position: current_position ?? Number.MAX_SAFE_INTEGER,
        from: info?.from ?? from ?? '',
        to: info?.to ?? to ?? '',
        enqueuedAt: ev.occurredAt,
        isAlive: true,
      });
    }
    case 'call.dequeued':
      return removeQueueCall(m, ev.payload.call_control_id);
    case 'conference.created': {
      const { conference_id: conferenceId, name } = ev.payload;
      if (m.conferences.some((c) => c.id === conferenceId)) return m;
      return {
        ...m,
        conferences: [
          ...m.conferences,
          { id: conferenceId, name: name ?? conferenceId, status: 'in_progress', createdAt: ev.occurredAt, participantCount: 0, isMine: m.conference?.id === conferenceId },
        ],
      };
    }
    case 'conference.ended':
      return onConferenceEnded(m, ev.payload.conference_id, ev.occurredAt);
    case 'conference.participant.joined':
      return onParticipantJoined(m, ev.payload.conference_id, ev.payload.call_control_id, replay);
    case 'conference.participant.left':
      return onParticipantLeft(m, ev.payload.conference_id, ev.payload.call_control_id, ev.occurredAt, replay);
    case 'conference.floor.changed': {
      const { conference_id: conferenceId, call_control_id: speaker } = ev.payload;
      return updateConference(m, conferenceId, (c) => ({
        ...c,
        ...(speaker ? { floorCallControlId: speaker } : {}),
        participants: c.participants.map((x) => (x.speaking === (x.callControlId === speaker) ? x : { ...x, speaking: x.callControlId === speaker })),
      }));
    }
    case 'conference.playback.started':
    case 'conference.participant.playback.started':
      return setMedia(m, ev.payload.conference_id, { playing: true, mediaUrl: ev.payload.media_url });
    case 'conference.playback.ended':
    case 'conference.participant.playback.ended':
      return setMedia(m, ev.payload.conference_id, { playing: false });
    case 'conference.speak.started':
    case 'conference.participant.speak.started':
      return setMedia(m, ev.payload.conference_id, { speaking: true });
    case 'conference.speak.ended':
    case 'conference.participant.speak.ended':
      return setMedia(m, ev.payload.conference_id, { speaking: false });
    case 'conference.recording.saved':
      return onRecordingSaved(m, ev.payload, ev.occurredAt);
    default:
      return m;
  }
}

/** Merges what we learnt about a call leg into the directory (unknown fields keep old values). */
export function rememberCall(m: AgentModel, callControlId: string, info: Partial<CallInfo>): AgentModel {
  const old = m.calls.get(callControlId);
  const merged: CallInfo = { state: old?.state ?? 'initiated', ...old };
  for (const [k, v] of Object.entries(info) as Array<[keyof CallInfo, unknown]>) if (v !== undefined) (merged as unknown as Record<string, unknown>)[k] = v;
  return { ...m, calls: boundedMapSet(m.calls, callControlId, merged, CALL_DIRECTORY_LIMIT) };
}

function onCallAnswered(m: AgentModel, ccid: string, at: string): AgentModel {
  const leg = m.agent.leg;
  if (!leg || leg.callControlId !== ccid || leg.state !== 'dialing') return m;
  const status: AgentStatus = m.agent.status === 'connecting' ? 'available' : m.agent.status;
  return { ...m, agent: { ...m.agent, status, leg: { ...leg, state: 'parked', since: at } } };
}

function onCallHangup(m: AgentModel, ccid: string, at: string): AgentModel {
  let next = removeQueueCall(m, ccid);
  if (next.agent.leg?.callControlId === ccid) {
    // The agent's leg is gone. Away and wrap-up stay as they are (wrap-up re-dials on finish);
    // anything else means the agent can no longer take calls.
    const status: AgentStatus = next.agent.status === 'away' || next.agent.status === 'wrap-up' ? next.agent.status : 'offline';
    const { leg: _leg, ...agent } = next.agent;
    next = { ...next, agent: { ...agent, status } };
    if (next.conference?.myRole === 'agent') next = leaveMyConference(next, at, 'offline');
  }
  if (next.supervisorLeg === ccid) {
    const { supervisorLeg: _s, ...rest } = next;
    next = rest;
    if (next.conference?.myRole === 'supervisor') next = leaveMyConference(next, at, undefined);
  }
  if (next.conference) next = updateConference(next, next.conference.id, (c) => ({ ...c, participants: c.participants.filter((x) => x.callControlId !== ccid) }));
  return next;
}

function onConferenceEnded(m: AgentModel, conferenceId: string, at: string): AgentModel {
  let next: AgentModel = { ...m, conferences: m.conferences.filter((c) => c.id !== conferenceId) };
  if (next.conference?.id === conferenceId) next = leaveMyConference(next, at, 'wrap-up');
  return next;
}

function onParticipantJoined(m: AgentModel, conferenceId: string, ccid: string, replay: boolean): AgentModel {
  let next = m;
  if (!replay && m.conferences.some((c) => c.id === conferenceId)) {
    next = { ...m, conferences: m.conferences.map((c) => (c.id === conferenceId ? { ...c, participantCount: c.participantCount + 1 } : c)) };
  }
  return updateConference(next, conferenceId, (c) => {
    const existing = c.participants.find((x) => x.callControlId === ccid);
    if (existing) return updateParticipants(c, [ccid], (x) => ({ ...x, status: 'joined' }));
    return { ...c, participants: [...c.participants, newParticipant(next, ccid, 'joined')] };
  });
}

function onParticipantLeft(m: AgentModel, conferenceId: string, ccid: string, at: string, replay: boolean): AgentModel {
  let next = m;
  if (!replay && m.conferences.some((c) => c.id === conferenceId)) {
    next = { ...m, conferences: m.conferences.map((c) => (c.id === conferenceId ? { ...c, participantCount: Math.max(0, c.participantCount - 1) } : c)) };
  }
  if (next.conference?.id !== conferenceId) return next;
  const mine = ccid === next.agent.leg?.callControlId || ccid === next.supervisorLeg;
  if (mine) {
    // Our leg left: it is parked again (Telnyx's leave rule). An agent goes to wrap-up.
    return leaveMyConference(next, at, next.conference.myRole === 'agent' ? 'wrap-up' : undefined);
  }
  return updateConference(next, conferenceId, (c) => ({ ...c, participants: c.participants.filter((x) => x.callControlId !== ccid) }));
}

function onRecordingSaved(m: AgentModel, p: TelnyxEventOf<'conference.recording.saved'>['payload'], at: string): AgentModel {
  const conferenceId = p.conference_id;
  const { wav, mp3 } = p.recording_urls ?? p.public_recording_urls ?? {};
  const recordingId = p.recording_id ?? `${conferenceId}-${at}`;
  let next = updateHistory(m, conferenceId, (h) =>
    h.recordings.some((r) => r.recordingId === recordingId)
      ? h
      : { ...h, recordings: [...h.recordings, { recordingId, ...(wav ? { wav } : {}), ...(mp3 ? { mp3 } : {}), savedAt: at }] },
  );
  next = updateConference(next, conferenceId, (c) =>
    c.recording.state === 'stopping' || c.recording.state === 'off' ? { ...c, recording: { state: 'off' } } : c,
  );
  return next;
}

// ---------------------------------------------------------------------------------------------
// Queue calls

function upsertQueueCall(m: AgentModel, queue: string, call: QueueCall): AgentModel {
  // A call is in one queue at a time: drop it from any other watched queue first.
  const cleared = removeQueueCall(m, call.callControlId, queue);
  return updateQueue(cleared, queue, (q) => {
    const existing = q.calls.find((c) => c.callControlId === call.callControlId);
    const calls = existing
      ? q.calls.map((c) => (c.callControlId === call.callControlId ? { ...call, enqueuedAt: c.enqueuedAt, from: call.from || c.from, to: call.to || c.to } : c))
      : [...q.calls, call];
    return { ...q, calls: calls.sort((a, b) => a.position - b.position) };
  });
}

/** Removes a call from every watched queue (except `exceptQueue`); calls behind it move up. */
export function removeQueueCall(m: AgentModel, callControlId: string, exceptQueue?: string): AgentModel {
  let next = m;
  for (const q of m.queues) {
    if (q.name === exceptQueue) continue;
    const gone = q.calls.find((c) => c.callControlId === callControlId);
    if (!gone) continue;
    next = updateQueue(next, q.name, (queue) => ({
      ...queue,
      calls: queue.calls
        .filter((c) => c.callControlId !== callControlId)
        .map((c) => (c.position > gone.position ? { ...c, position: c.position - 1 } : c)),
    }));
  }
  return next;
}

export function markQueueCallPending(m: AgentModel, callControlId: string, pending: boolean): AgentModel {
  const queue = m.queues.find((q) => q.calls.some((c) => c.callControlId === callControlId));
  if (!queue) return m;
  return updateQueue(m, queue.name, (q) => ({
    ...q,
    calls: q.calls.map((c) => {
      if (c.callControlId !== callControlId) return c;
      if (pending) return { ...c, pending: true };
      const { pending: _p, ...rest } = c;
      return rest;
    }),
  }));
}

/** The call an agent should take next: the longest-waiting one across the watched queues (or in one queue). */
export function nextQueueCall(m: AgentModel, queue?: string): QueueCall | undefined {
  let best: QueueCall | undefined;
  for (const q of m.queues) {
    if (queue && q.name !== queue) continue;
    for (const c of q.calls) {
      if (c.pending || !c.isAlive) continue;
      if (!best || Date.parse(c.enqueuedAt) < Date.parse(best.enqueuedAt)) best = c;
    }
  }
  return best;
}

export function findQueueCall(m: AgentModel, callControlId: string): QueueCall | undefined {
  for (const q of m.queues) {
    const c = q.calls.find((x) => x.callControlId === callControlId);
    if (c) return c;
  }
  return undefined;
}

// ---------------------------------------------------------------------------------------------
// Agent status and legs

export function setAgentStatus(m: AgentModel, status: AgentStatus): AgentModel {
  return m.agent.status === status ? m : { ...m, agent: { ...m.agent, status } };
}

export function setAgentLeg(m: AgentModel, leg: AgentLeg | undefined): AgentModel {
  if (!leg) {
    const { leg: _l, ...agent } = m.agent;
    return { ...m, agent };
  }
  // The dial response can arrive after call.answered for the same leg: the directory knows.
  const known = m.calls.get(leg.callControlId);
  let next: AgentModel = { ...m, agent: { ...m.agent, leg } };
  if (known?.state === 'answered' && leg.state === 'dialing') next = onCallAnswered(next, leg.callControlId, leg.since);
  if (known?.state === 'hangup') next = onCallHangup(next, leg.callControlId, leg.since);
  return next;
}

export function setSupervisorLeg(m: AgentModel, callControlId: string | undefined): AgentModel {
  if (callControlId) return { ...m, supervisorLeg: callControlId };
  const { supervisorLeg: _s, ...rest } = m;
  return rest;
}

export function setEndpoint(m: AgentModel, endpoint: string | undefined): AgentModel {
  const { endpoint: _e, ...agent } = m.agent;
  return { ...m, agent: endpoint ? { ...agent, endpoint } : agent };
}

export function setWatchedQueues(m: AgentModel, names: readonly string[]): AgentModel {
  const byName = new Map(m.queues.map((q) => [q.name, q]));
  return { ...m, queues: names.map((name) => byName.get(name) ?? { name, calls: [], averageWaitSecs: 0 }) };
}

// ---------------------------------------------------------------------------------------------
// The console's own conference

export function enterConference(
  m: AgentModel,
  c: { id: string; name: string; createdAt: string; myRole: 'agent' | 'supervisor'; caller?: { callControlId: string; from: string; queue?: string } },
): AgentModel {
  const conference: Conference = {
    id: c.id,
    name: c.name,
    status: 'in_progress',
    createdAt: c.createdAt,
    isMine: true,
    myRole: c.myRole,
    participants: c.caller ? [{ ...newParticipant(m, c.caller.callControlId, 'joined'), kind: 'caller', label: c.caller.from || shortId(c.caller.callControlId) }] : [],
    recording: { state: 'off' },
    media: { playing: false, speaking: false },
  };
  let next: AgentModel = {
    ...m,
    conference,
    conferences: m.conferences.map((s) => (s.id === c.id ? { ...s, isMine: true } : s)),
  };
  if (c.myRole === 'agent' && next.agent.leg) next = { ...next, agent: { ...next.agent, leg: { ...next.agent.leg, state: 'in-conference', since: c.createdAt } } };
  if (c.caller || c.myRole === 'agent') {
    const entry: CallHistoryEntry = {
      conferenceId: c.id,
      caller: c.caller?.from ?? '',
      ...(c.caller?.queue ? { queue: c.caller.queue } : {}),
      startedAt: c.createdAt,
      recordings: [],
    };
    next = { ...next, history: [entry, ...next.history.filter((h) => h.conferenceId !== c.id)].slice(0, HISTORY_LIMIT) };
  }
  return next;
}

/**
 * The console's leg is out of its conference (left, conference ended, leg hung up). The agent's
 * leg is parked again when it is still alive; `status` is the agent's next status, if it changes.
 */
export function leaveMyConference(m: AgentModel, at: string, status: AgentStatus | undefined): AgentModel {
  const c = m.conference;
  if (!c) return m;
  const { conference: _c, ...rest } = m;
  let next: AgentModel = { ...rest, conferences: rest.conferences.map((s) => (s.id === c.id ? { ...s, isMine: false } : s)) };
  next = updateHistory(next, c.id, (h) => (h.endedAt ? h : { ...h, endedAt: at }));
  if (c.myRole === 'agent') {
    const leg = next.agent.leg;
    next = { ...next, agent: { ...next.agent, ...(leg ? { leg: { ...leg, state: 'parked', since: at } } : {}) } };
    if (status && next.agent.status !== 'away' && next.agent.status !== 'offline') next = setAgentStatus(next, status);
  }
  return next;
}

/** Adds a participant the console is about to join (status `joining` until Telnyx says joined). */
export function addJoiningParticipant(m: AgentModel, conferenceId: string, callControlId: string, pending: Participant['pending'] = []): AgentModel {
  return updateConference(m, conferenceId, (c) =>
    c.participants.some((x) => x.callControlId === callControlId)
      ? c
      : { ...c, participants: [...c.participants, { ...newParticipant(m, callControlId, 'joining'), pending }] },
  );
}

export function removeParticipant(m: AgentModel, conferenceId: string, callControlId: string): AgentModel {
  return updateConference(m, conferenceId, (c) => ({ ...c, participants: c.participants.filter((x) => x.callControlId !== callControlId) }));
}

/** Optimistic mute/hold: the value shows at once, marked pending until Telnyx confirms. */
export function setParticipantFlag(m: AgentModel, conferenceId: string, ids: readonly string[] | undefined, flag: ParticipantFlag, value: boolean): AgentModel {
  return updateConference(m, conferenceId, (c) =>
    updateParticipants(c, ids, (p) => ({ ...p, [flag]: value, pending: p.pending.includes(flag) ? p.pending : [...p.pending, flag] })),
  );
}

export function clearParticipantPending(m: AgentModel, conferenceId: string, ids: readonly string[] | undefined, flag: Participant['pending'][number]): AgentModel {
  return updateConference(m, conferenceId, (c) => updateParticipants(c, ids, (p) => (p.pending.includes(flag) ? { ...p, pending: p.pending.filter((f) => f !== flag) } : p)));
}

/** Participants as Telnyx lists them (REST), merged with what only the console knows (role, label). */
export interface RestParticipant {
  callControlId: string;
  participantId?: string;
  status: Participant['status'];
  muted: boolean;
  onHold: boolean;
  whisperTargets: string[];
  createdAt?: string;
}

/**
 * Replaces the participant list with Telnyx's (the truth for muted / on hold). Optimistic flags
 * still pending keep showing the value the agent asked for; `confirm` lists flags this read settles.
 */
export function setParticipants(m: AgentModel, conferenceId: string, rest: readonly RestParticipant[], confirm: readonly ParticipantFlag[] = []): AgentModel {
  return updateConference(m, conferenceId, (c) => {
    const old = new Map(c.participants.map((p) => [p.callControlId, p]));
    const participants = rest
      .filter((r) => r.status !== 'left')
      .map((r): Participant => {
        const prev = old.get(r.callControlId);
        const role = roleOf(m, r.callControlId, r.whisperTargets);
        const pending = (prev?.pending ?? []).filter((f) => !(confirm as readonly string[]).includes(f));
        const base = prev ?? newParticipant(m, r.callControlId, r.status);
        const described = describeLeg(m, r.callControlId);
        return {
          ...base,
          ...(prev && prev.kind === 'caller' ? {} : described),
          ...(r.participantId ? { participantId: r.participantId } : {}),
          status: r.status,
          muted: pending.includes('muted') && prev ? prev.muted : r.muted,
          onHold: pending.includes('onHold') && prev ? prev.onHold : r.onHold,
          supervisorRole: role.role,
          whisperTargets: role.whisperTargets,
          speaking: c.floorCallControlId === r.callControlId,
          pending,
        };
      });
    return { ...c, participants };
  });
}

export function rememberRole(m: AgentModel, callControlId: string, role: SupervisorRole, whisperTargets: string[]): AgentModel {
  const roles = boundedMapSet(m.roles, callControlId, { role, whisperTargets }, CALL_DIRECTORY_LIMIT);
  const next: AgentModel = { ...m, roles };
  if (!next.conference) return next;
  return updateConference(next, next.conference.id, (c) =>
    updateParticipants(c, [callControlId], (p) => ({ ...p, supervisorRole: role, whisperTargets, kind: p.kind === 'caller' ? p.kind : describeLeg(next, callControlId).kind })),
  );
}

export function setParticipantRolePending(m: AgentModel, conferenceId: string, callControlId: string, pending: boolean): AgentModel {
  return updateConference(m, conferenceId, (c) =>
    updateParticipants(c, [callControlId], (p) => ({
      ...p,
      pending: pending ? [...p.pending.filter((f) => f !== 'supervisorRole'), 'supervisorRole'] : p.pending.filter((f) => f !== 'supervisorRole'),
    })),
  );
}

// ---------------------------------------------------------------------------------------------
// Recording and media

/**
 * Recording state machine: off → starting → recording ⇄ paused → stopping → off. A command sets
 * the in-between state (pending) and its outcome settles or rolls it back.
 */
export const recordingTransitions: Record<'start' | 'pause' | 'resume' | 'stop', { from: RecordingState[]; during: RecordingState; to: RecordingState }> = {
  start: { from: ['off'], during: 'starting', to: 'recording' },
  pause: { from: ['recording'], during: 'recording', to: 'paused' },
  resume: { from: ['paused'], during: 'paused', to: 'recording' },
  stop: { from: ['recording', 'paused'], during: 'stopping', to: 'off' },
};

export function setRecording(m: AgentModel, conferenceId: string, state: RecordingState, opts: { pending?: boolean; startedAt?: string } = {}): AgentModel {
  return updateConference(m, conferenceId, (c) => {
    const startedAt = state === 'off' ? undefined : opts.startedAt ?? c.recording.startedAt;
    return { ...c, recording: { state, ...(startedAt ? { startedAt } : {}), ...(opts.pending ? { pending: true } : {}) } };
  });
}

export function setMedia(m: AgentModel, conferenceId: string, patch: { playing?: boolean; speaking?: boolean; mediaUrl?: string | undefined }): AgentModel {
  return updateConference(m, conferenceId, (c) => {
    const media = { ...c.media };
    if (patch.playing !== undefined) media.playing = patch.playing;
    if (patch.speaking !== undefined) media.speaking = patch.speaking;
    if (patch.playing === false) delete media.mediaUrl;
    if (patch.mediaUrl) media.mediaUrl = patch.mediaUrl;
    return { ...c, media };
  });
}

// ---------------------------------------------------------------------------------------------
// Pending commands and failures

export function beginPending(m: AgentModel, op: PendingCommand): AgentModel {
  return { ...m, pending: [...m.pending, op] };
}

export function settlePending(m: AgentModel, opId: string): AgentModel {
  return m.pending.some((p) => p.id === opId) ? { ...m, pending: m.pending.filter((p) => p.id !== opId) } : m;
}

/** A command failed: its pending entry goes, the failure is shown next to its control. */
export function failCommand(m: AgentModel, failure: CommandFailure, opId?: string): AgentModel {
  const settled = opId ? settlePending(m, opId) : m;
  return { ...settled, failures: [...settled.failures, failure].slice(-FAILURE_LIMIT) };
}

export function dismissFailure(m: AgentModel, id: string): AgentModel {
  return { ...m, failures: m.failures.filter((f) => f.id !== id) };
}

export function setConnection(m: AgentModel, patch: { api?: ConnectionState['api']; relay?: ConnectionState['relay'] }): AgentModel {
  return { ...m, connection: { api: patch.api ?? m.connection.api, relay: patch.relay ?? m.connection.relay } };
}

export function setConferenceSummaries(m: AgentModel, list: ConferenceSummary[]): AgentModel {
  const mine = m.conference?.id;
  return { ...m, conferences: list.map((c) => ({ ...c, isMine: c.id === mine })) };
}

// ---------------------------------------------------------------------------------------------
// REST snapshot (reconcile)

export interface RestSnapshot {
  /** Watched queues as Telnyx lists them. */
  queues: Array<{ name: string; calls: QueueCall[]; averageWaitSecs: number }>;
  /** The agent leg's liveness (`calls.retrieveStatus`); undefined when there is no leg to check. */
  agentLegAlive?: boolean;
  supervisorLegAlive?: boolean;
  /** Live conferences on the account. */
  conferences: ConferenceSummary[];
  /**
   * The console's conference: participants as listed, `null` when it has ended or our leg is no
   * longer in it, undefined when not checked.
   */
  myConference?: { id: string; name: string; createdAt: string; myRole: 'agent' | 'supervisor'; participants: RestParticipant[] } | null;
  takenAt: string;
}

/** Installs a REST snapshot: Telnyx's lists replace ours, keeping what only the console knows. */
export function applySnapshot(m: AgentModel, snap: RestSnapshot): AgentModel {
  let next = m;
  const byName = new Map(snap.queues.map((q) => [q.name, q]));
  next = {
    ...next,
    queues: next.queues.map((q) => {
      const fresh = byName.get(q.name);
      if (!fresh) return q;
      const pendingIds = new Set(q.calls.filter((c) => c.pending).map((c) => c.callControlId));
      const calls = fresh.calls.map((c) => {
        const info = next.calls.get(c.callControlId);
        const from = c.from || info?.from || '';
        return pendingIds.has(c.callControlId) ? { ...c, from, pending: true } : { ...c, from };
      });
      return withLongestWait({ ...q, calls, averageWaitSecs: fresh.averageWaitSecs });
    }),
  };
  if (snap.agentLegAlive === false && next.agent.leg) {
    next = onCallHangup(rememberCall(next, next.agent.leg.callControlId, { state: 'hangup' }), next.agent.leg.callControlId, snap.takenAt);
  }
  if (snap.supervisorLegAlive === false && next.supervisorLeg) {
    next = onCallHangup(rememberCall(next, next.supervisorLeg, { state: 'hangup' }), next.supervisorLeg, snap.takenAt);
  }
  next = setConferenceSummaries(next, snap.conferences);
  if (snap.myConference === null) {
    next = leaveMyConference(next, snap.takenAt, next.conference?.myRole === 'agent' ? 'wrap-up' : undefined);
  } else if (snap.myConference) {
    const mc = snap.myConference;
    if (!next.conference || next.conference.id !== mc.id) {
      if (next.conference) next = leaveMyConference(next, snap.takenAt, undefined);
      next = enterConference(next, { id: mc.id, name: mc.name, createdAt: mc.createdAt, myRole: mc.myRole });
      if (mc.myRole === 'agent' && next.agent.status !== 'away') next = setAgentStatus(next, 'available');
    }
    next = setParticipants(next, mc.id, mc.participants);
  }
  return next;
}
