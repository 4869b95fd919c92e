/**
 * What the agent engine sees, written to history: a call the agent took (its conference appears
 * in the model with the agent's role), its hold time, its end (the agent's leg left), the
 * wrap-up that followed, its saved recordings, and callers who hung up while waiting in a
 * watched queue (`call.dequeued` reason `hangup`: missed), and calls that came by transfer
 * (transfers-in.ts). Each write is committed before the
 * engine's change goes on to the renderer.
 */
import type { AgentModel } from '../agent/model';
import type { EngineObserver } from '../agent/engine';
import type { TelnyxEvent } from '../agent/telnyx-event';
import type { HistoryStore } from './history-store';
import { createTransfersIn } from './transfers-in';

export interface RecorderDeps {
  store: HistoryStore;
  now(): number;
  /** Called after each write that changed a row. */
  changed(): void;
}

type MyConference = NonNullable<AgentModel['conference']>;

const agentConference = (m: AgentModel): MyConference | undefined => (m.conference?.myRole === 'agent' ? m.conference : undefined);
const callerOf = (c: MyConference) => c.participants.find((p) => p.kind === 'caller');

export function createHistoryRecorder(deps: RecorderDeps): EngineObserver {
  const { store } = deps;
  const write = (changed: boolean) => changed && deps.changed();
  /** The call in progress: hold time so far and since when the caller is on hold. */
  let current: { conferenceId: string; holdMs: number; holdSince?: number } | undefined;
  /** The call the running wrap-up belongs to. */
  let wrapUp: { conferenceId: string; since: number } | undefined;
  let lastEnded: string | undefined;
  const transfersIn = createTransfersIn(store);

  const start = (c: MyConference, prev: AgentModel, next: AgentModel) => {
    const caller = callerOf(c);
    const waiting = caller ? prev.queues.flatMap((q) => q.calls).find((x) => x.callControlId === caller.callControlId) : undefined;
    const answeredAt = Date.parse(c.createdAt);
    // The label is the caller's number when the console knew it (a short id otherwise).
    const label = caller && !caller.label.startsWith('…') ? caller.label : undefined;
    const number = waiting?.from || (caller ? next.calls.get(caller.callControlId)?.from : undefined) || label || '';
    const queue = c.queue ?? waiting?.queue;
    if (current?.conferenceId !== c.id) current = { conferenceId: c.id, holdMs: 0 };
    write(
      store.startCall({
        conferenceId: c.id,
        number,
        ...(queue ? { queue } : {}),
        ...(caller ? { callerCallControlId: caller.callControlId } : {}),
        ...(next.agent.leg ? { agentCallControlId: next.agent.leg.callControlId } : {}),
        startedAt: waiting ? Math.min(Date.parse(waiting.enqueuedAt), answeredAt) : answeredAt,
        answeredAt,
      }),
    );
    write(transfersIn.taken(c.id, caller?.callControlId));
  };

  const trackHold = (c: MyConference, prevConference: MyConference | undefined) => {
    if (!current || current.conferenceId !== c.id) return;
    const onHold = callerOf(c)?.onHold ?? false;
    const wasOnHold = (prevConference && callerOf(prevConference)?.onHold) ?? false;
    if (onHold && !wasOnHold) current.holdSince = deps.now();
    if (!onHold && wasOnHold && current.holdSince !== undefined) {
      current.holdMs += deps.now() - current.holdSince;
      delete current.holdSince;
    }
  };

  const end = (conferenceId: string) => {
    const at = deps.now();
    let holdMs = 0;
    if (current?.conferenceId === conferenceId) {
      holdMs = current.holdMs + (current.holdSince !== undefined ? at - current.holdSince : 0);
      current = undefined;
    }
    lastEnded = conferenceId;
    write(store.endCall(conferenceId, at, Math.round(holdMs / 1000)));
  };

  const followWrapUp = (next: AgentModel, prev: AgentModel) => {
    const was = prev.agent.status === 'wrap-up';
    const is = next.agent.status === 'wrap-up';
    if (is && !was && lastEnded) wrapUp = { conferenceId: lastEnded, since: deps.now() };
    if (was && !is && wrapUp) {
      write(store.measureWrapUp(wrapUp.conferenceId, Math.round((deps.now() - wrapUp.since) / 1000)));
      wrapUp = undefined;
    }
  };

  return {
    change(next, prev) {
      const before = agentConference(prev);
      const after = agentConference(next);
      if (before && before.id !== after?.id) end(before.id);
      if (after && after.id !== before?.id) start(after, prev, next);
      if (after) trackHold(after, before?.id === after.id ? before : undefined);
      // A caller who shows up late (the conference was found by a reconcile): fill in the number.
      if (after && before?.id === after.id && !callerOf(before) && callerOf(after)) start(after, prev, next);
      followWrapUp(next, prev);
    },
    event(ev: TelnyxEvent, before: AgentModel) {
      if (!ev.known) return;
      write(transfersIn.event(ev, before));
      if (ev.eventType === 'conference.recording.saved') {
        const p = ev.payload;
        const { wav, mp3 } = p.recording_urls ?? p.public_recording_urls ?? {};
        const recordingId = p.recording_id ?? `${p.conference_id}-${ev.occurredAt}`;
        write(store.addRecording(p.conference_id, { recordingId, ...(wav ? { wav } : {}), ...(mp3 ? { mp3 } : {}), savedAt: ev.occurredAt }));
      }
      if (ev.eventType === 'call.dequeued' && ev.payload.reason === 'hangup') {
        const { call_control_id: ccid, queue } = ev.payload;
        if (!queue || !before.queues.some((q) => q.name === queue)) return;
        const waiting = before.queues.flatMap((q) => q.calls).find((c) => c.callControlId === ccid);
        const endedAt = Date.parse(ev.occurredAt);
        write(
          store.recordMissed({
            callerCallControlId: ccid,
            number: waiting?.from || before.calls.get(ccid)?.from || '',
            queue,
            enqueuedAt: waiting ? Date.parse(waiting.enqueuedAt) : endedAt,
            endedAt,
          }),
        );
      }
    },
  };
}
