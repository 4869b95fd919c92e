/**
 * Audio, text-to-speech and recording in the console's conference: optimistic, rolled back when
 * Telnyx refuses. Recording follows the reducer's state machine (reducer/media.ts).
 */
import type { MethodName, ParsedParams, RecordingState } from '../../../contract';
import { invalidState } from '../../errors';
import { recordingTransitions, setMedia, setRecording } from '../reducer';
import { ids, mine } from './conference';
import { now, type CommandContext } from './context';

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
