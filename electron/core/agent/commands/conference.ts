/**
 * Everything done inside a conference: mute / hold (confirmed by re-reading the participant
 * list, since Telnyx sends no webhook for them), audio, text-to-speech, recording, adding a
 * participant, leaving and ending; plus the supervisor panel's list and detail reads.
 */
import type { Conference, ConferenceSummary, MethodName, ParsedParams, RecordingState } from '../../../contract';
import { CommandError, invalidState } from '../../errors';
import type { AgentModel } from '../model';
import { listLiveConferences, listParticipants } from '../rest-snapshot';
import {
  clearParticipantPending,
  describeLeg,
  recordingTransitions,
  removeParticipant,
  roleOf,
  setConferenceSummaries,
  setMedia,
  setParticipantFlag,
  setRecording,
  addJoiningParticipant,
  rememberCall,
} from '../reducer';
import { dialEndpoint } from './agent-status';
import { now, type CommandContext } from './context';

type Flag = 'muted' | 'onHold';

function mine(m: AgentModel, conferenceId: string): Conference | undefined {
  return m.conference?.id === conferenceId ? m.conference : undefined;
}

/** Optimistic flag change with rollback to each participant's previous value. */
async function setFlag(
  ctx: CommandContext,
  method: MethodName,
  conferenceId: string,
  ids: string[] | undefined,
  flag: Flag,
  value: boolean,
  send: () => Promise<unknown>,
): Promise<null> {
  const before = new Map((mine(ctx.store.model(), conferenceId)?.participants ?? []).map((p) => [p.callControlId, p[flag]]));
  ctx.store.update((m) => setParticipantFlag(m, conferenceId, ids, flag, value));
  await ctx.run(
    method,
    ids && ids.length === 1 ? ids[0] : conferenceId,
    async () => {
      await send();
      try {
        await ctx.refreshParticipants(conferenceId, [flag]);
      } catch (e) {
        // The command went through; only the confirming read failed. Stop showing it as pending
        // and let the next reconcile bring the truth.
        ctx.store.update((m) => clearParticipantPending(m, conferenceId, ids, flag));
        ctx.log.warn('could not re-read participants after a command', { method, cause: String(e) });
      }
    },
    {
      rollback: (m) => {
        let next = clearParticipantPending(m, conferenceId, ids, flag);
        for (const [ccid, old] of before) if (!ids || ids.length === 0 || ids.includes(ccid)) next = setParticipantFlag(next, conferenceId, [ccid], flag, old);
        return clearParticipantPending(next, conferenceId, ids, flag);
      },
    },
  );
  return null;
}

const ids = (list: string[] | undefined) => (list && list.length > 0 ? { call_control_ids: list } : {});

// mute/unmute/hold/unhold/play/stop take no command_id (spec): a retried mute or hold is harmless,
// but a play whose response is lost and retried by the SDK may play twice.

export const mute = (ctx: CommandContext, p: ParsedParams<'conference.mute'>) =>
  setFlag(ctx, 'conference.mute', p.conferenceId, p.callControlIds, 'muted', true, () =>
    ctx.gateway.call('mute', (client) => client.conferences.actions.mute(p.conferenceId, ids(p.callControlIds))),
  );

export const unmute = (ctx: CommandContext, p: ParsedParams<'conference.unmute'>) =>
  setFlag(ctx, 'conference.unmute', p.conferenceId, p.callControlIds, 'muted', false, () =>
    ctx.gateway.call('unmute', (client) => client.conferences.actions.unmute(p.conferenceId, ids(p.callControlIds))),
  );

/** Held callers hear the URL given, else the hold music from Settings, else Telnyx's default. */
export const hold = (ctx: CommandContext, p: ParsedParams<'conference.hold'>) => {
  const holdMusic = p.audioUrl || ctx.settings().holdAudioUrl;
  return setFlag(ctx, 'conference.hold', p.conferenceId, p.callControlIds, 'onHold', true, () =>
    ctx.gateway.call('hold', (client) =>
      client.conferences.actions.hold(p.conferenceId, { ...ids(p.callControlIds), ...(holdMusic ? { audio_url: holdMusic } : {}) }),
    ),
  );
};

export const unhold = (ctx: CommandContext, p: ParsedParams<'conference.unhold'>) =>
  setFlag(ctx, 'conference.unhold', p.conferenceId, p.callControlIds, 'onHold', false, () =>
    ctx.gateway.call('unhold', (client) => client.conferences.actions.unhold(p.conferenceId, { call_control_ids: p.callControlIds })),
  );

export async function play(ctx: CommandContext, p: ParsedParams<'conference.play'>): Promise<null> {
  const before = mine(ctx.store.model(), p.conferenceId)?.media;
  ctx.store.update((m) => setMedia(m, p.conferenceId, { playing: true, mediaUrl: p.audioUrl }));
  await ctx.run(
    'conference.play',
    p.conferenceId,
    () =>
      ctx.gateway.call('play audio', (client) =>
        client.conferences.actions.play(p.conferenceId, { audio_url: p.audioUrl, ...ids(p.callControlIds), ...(p.loop !== undefined ? { loop: p.loop } : {}) }),
      ),
    { rollback: (m) => setMedia(m, p.conferenceId, { playing: before?.playing ?? false, mediaUrl: before?.mediaUrl }) },
  );
  return null;
}

export async function stopAudio(ctx: CommandContext, p: ParsedParams<'conference.stopAudio'>): Promise<null> {
  await ctx.run('conference.stopAudio', p.conferenceId, async () => {
    await ctx.gateway.call('stop audio', (client) => client.conferences.actions.stop(p.conferenceId, ids(p.callControlIds)));
    // Telnyx confirms with playback.ended; stopped audio is not worth showing as playing meanwhile.
    ctx.store.update((m) => setMedia(m, p.conferenceId, { playing: false }));
  });
  return null;
}

export async function speak(ctx: CommandContext, p: ParsedParams<'conference.speak'>): Promise<null> {
  const before = mine(ctx.store.model(), p.conferenceId)?.media.speaking ?? false;
  ctx.store.update((m) => setMedia(m, p.conferenceId, { speaking: true }));
  await ctx.run(
    'conference.speak',
    p.conferenceId,
    () =>
      ctx.gateway.call('speak text', (client, commandId) =>
        client.conferences.actions.speak(p.conferenceId, {
          command_id: commandId,
          payload: p.text,
          voice: p.voice ?? ctx.settings().ttsVoice,
          ...(p.language ? { language: p.language as never } : {}),
          ...ids(p.callControlIds),
        }),
      ),
    { rollback: (m) => setMedia(m, p.conferenceId, { speaking: before }) },
  );
  return null;
}

const recordMethods = {
  start: 'conference.recordStart',
  pause: 'conference.recordPause',
  resume: 'conference.recordResume',
  stop: 'conference.recordStop',
} as const satisfies Record<keyof typeof recordingTransitions, MethodName>;

/** One step of the recording state machine (reducer.recordingTransitions). */
async function record(
  ctx: CommandContext,
  step: keyof typeof recordingTransitions,
  conferenceId: string,
  send: () => Promise<unknown>,
): Promise<null> {
  const conference = mine(ctx.store.model(), conferenceId);
  const t = recordingTransitions[step];
  const previous: { state: RecordingState; startedAt?: string } | undefined = conference?.recording;
  if (conference && !t.from.includes(conference.recording.state)) {
    throw invalidState(`Cannot ${step} the recording while it is ${conference.recording.state}`);
  }
  const method = recordMethods[step];
  ctx.store.update((m) => setRecording(m, conferenceId, t.during, { pending: true }));
  await ctx.run(
    method,
    conferenceId,
    async () => {
      await send();
      ctx.store.update((m) => setRecording(m, conferenceId, t.to, step === 'start' ? { startedAt: now() } : {}));
    },
    { rollback: (m) => setRecording(m, conferenceId, previous?.state ?? 'off', previous?.startedAt ? { startedAt: previous.startedAt } : {}) },
  );
  return null;
}

export const recordStart = (ctx: CommandContext, p: ParsedParams<'conference.recordStart'>) =>
  record(ctx, 'start', p.conferenceId, () =>
    ctx.gateway.call('start recording', (client, commandId) =>
      client.conferences.actions.recordStart(p.conferenceId, { command_id: commandId, format: p.format, ...(p.channels ? { channels: p.channels } : {}) }),
    ),
  );
export const recordPause = (ctx: CommandContext, p: ParsedParams<'conference.recordPause'>) =>
  record(ctx, 'pause', p.conferenceId, () => ctx.gateway.call('pause recording', (client, commandId) => client.conferences.actions.recordPause(p.conferenceId, { command_id: commandId })));
export const recordResume = (ctx: CommandContext, p: ParsedParams<'conference.recordResume'>) =>
  record(ctx, 'resume', p.conferenceId, () => ctx.gateway.call('resume recording', (client, commandId) => client.conferences.actions.recordResume(p.conferenceId, { command_id: commandId })));
export const recordStop = (ctx: CommandContext, p: ParsedParams<'conference.recordStop'>) =>
  record(ctx, 'stop', p.conferenceId, () => ctx.gateway.call('stop recording', (client, commandId) => client.conferences.actions.recordStop(p.conferenceId, { command_id: commandId })));

/** Dials a number or SIP URI and joins the answered leg to the conference. */
export async function addParticipant(ctx: CommandContext, p: ParsedParams<'conference.addParticipant'>): Promise<{ callControlId: string }> {
  return ctx.run('conference.addParticipant', p.conferenceId, async () => {
    const callControlId = await dialEndpoint(ctx, p.to, 'participant');
    ctx.store.update((m) => rememberCall(m, callControlId, { to: p.to, direction: 'outgoing', addedByConsole: true }));
    const answered = await ctx.waitFor((m) => m.calls.get(callControlId)?.state !== 'initiated', ctx.timing.answerTimeoutMs);
    if (!answered || ctx.store.model().calls.get(callControlId)?.state !== 'answered') {
      await ctx.gateway.call('hang up unanswered leg', (client, commandId) => client.calls.actions.hangup(callControlId, { command_id: commandId })).catch(() => undefined);
      throw new CommandError({ code: 'TIMEOUT', message: `${p.to} did not answer` });
    }
    ctx.store.update((m) => addJoiningParticipant(m, p.conferenceId, callControlId));
    try {
      await ctx.gateway.call('join participant', (client, commandId) =>
        client.conferences.actions.join(p.conferenceId, { call_control_id: callControlId, command_id: commandId }),
      );
    } catch (e) {
      ctx.store.update((m) => removeParticipant(m, p.conferenceId, callControlId));
      await ctx.gateway.call('hang up leg', (client, commandId) => client.calls.actions.hangup(callControlId, { command_id: commandId })).catch(() => undefined);
      throw e;
    }
    return { callControlId };
  });
}

/** Our leg leaves: it goes back to parked (an agent then wraps up; a supervisor's leg is hung up). */
export async function leave(ctx: CommandContext, p: ParsedParams<'conference.leave'>): Promise<null> {
  const m = ctx.store.model();
  const conference = mine(m, p.conferenceId);
  if (!conference) throw invalidState('You are not in that conference');
  const leg = conference.myRole === 'supervisor' ? m.supervisorLeg : m.agent.leg?.callControlId;
  if (!leg) throw invalidState('Your leg is no longer up');
  await ctx.run('conference.leave', p.conferenceId, () =>
    ctx.inTransition(async () => {
      await ctx.gateway.call('leave conference', (client, commandId) =>
        client.conferences.actions.leave(p.conferenceId, { call_control_id: leg, command_id: commandId }),
      );
      await ctx.confirm((x) => x.conference?.id !== p.conferenceId, 'left conference');
      if (conference.myRole === 'supervisor') {
        await ctx.gateway.call('hang up supervisor leg', (client, commandId) => client.calls.actions.hangup(leg, { command_id: commandId })).catch(() => undefined);
      }
    }),
  );
  return null;
}

/** Ends the conference for everyone (Telnyx hangs up every leg, ours included). */
export async function end(ctx: CommandContext, p: ParsedParams<'conference.end'>): Promise<null> {
  await ctx.run('conference.end', p.conferenceId, async () => {
    await ctx.gateway.call('end conference', (client, commandId) => client.conferences.actions.endConference(p.conferenceId, { command_id: commandId }));
    await ctx.confirm((x) => x.conference?.id !== p.conferenceId, 'conference ended');
  });
  return null;
}

/** The supervisor panel: every live conference with its participant count. */
export async function list(ctx: CommandContext): Promise<ConferenceSummary[]> {
  const conferences = await listLiveConferences(ctx.gateway);
  const counts = await Promise.all(conferences.slice(0, 50).map((c) => listParticipants(ctx.gateway, c.id).then((p) => p.length, () => undefined)));
  const previous = new Map(ctx.store.model().conferences.map((c) => [c.id, c.participantCount]));
  const summaries: ConferenceSummary[] = conferences.map((c, i) => ({
    id: c.id,
    name: c.name,
    status: c.status === 'init' || c.status === 'completed' ? c.status : 'in_progress',
    createdAt: c.created_at,
    participantCount: counts[i] ?? previous.get(c.id) ?? 0,
    isMine: c.id === ctx.store.model().conference?.id,
  }));
  ctx.store.update((m) => setConferenceSummaries(m, summaries));
  return ctx.store.model().conferences;
}

/** One conference in detail: ours from the store (refreshed), anyone else's read from Telnyx. */
export async function get(ctx: CommandContext, p: ParsedParams<'conference.get'>): Promise<Conference> {
  if (mine(ctx.store.model(), p.conferenceId)) {
    await ctx.refreshParticipants(p.conferenceId);
    const c = ctx.store.model().conference;
    if (c && c.id === p.conferenceId) return c;
  }
  const [res, participants] = await Promise.all([
    ctx.gateway.call('get conference', (client) => client.conferences.retrieve(p.conferenceId)),
    listParticipants(ctx.gateway, p.conferenceId),
  ]);
  const c = res.data;
  if (!c) throw invalidState('Telnyx did not return the conference');
  const m = ctx.store.model();
  return {
    id: c.id,
    name: c.name,
    status: c.status ?? 'in_progress',
    createdAt: c.created_at,
    isMine: false,
    participants: participants
      .filter((x) => x.status !== 'left')
      .map((x) => {
        const role = roleOf(m, x.callControlId, x.whisperTargets);
        return {
          callControlId: x.callControlId,
          ...(x.participantId ? { participantId: x.participantId } : {}),
          ...describeLeg(m, x.callControlId),
          status: x.status,
          muted: x.muted,
          onHold: x.onHold,
          speaking: false,
          supervisorRole: role.role,
          whisperTargets: role.whisperTargets,
          pending: [],
        };
      }),
    recording: { state: 'off' },
    media: { playing: false, speaking: false },
  };
}

