/**
 * Who is in the console's conference and how: mute / hold (confirmed by re-reading the
 * participant list, since Telnyx sends no webhook for them), adding a participant, leaving and
 * ending. Audio, text-to-speech and recording: conference-media.ts; list and detail reads:
 * conference-reads.ts.
 */
import type { Conference, MethodName, ParsedParams } from '../../../contract';
import { CommandError, invalidState } from '../../errors';
import type { AgentModel } from '../model';
import { addJoiningParticipant, clearParticipantPending, rememberCall, removeParticipant, setParticipantFlag } from '../reducer';
import { dialEndpoint } from './agent-status';
import type { CommandContext } from './context';

type Flag = 'muted' | 'onHold';

/** The console's own conference, when `conferenceId` names it. */
export function mine(m: AgentModel, conferenceId: string): Conference | undefined {
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

/** Which participants a conference action targets: all when none are named. */
export const ids = (list: string[] | undefined) => (list && list.length > 0 ? { call_control_ids: list } : {});

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
  // Leaving mid-consult would strand the caller on hold with a target who may never answer:
  // only a joined target with the caller talking (three-way, or completing) may be left alone.
  const t = m.transfer;
  if (t && t.conferenceId === p.conferenceId && !t.ended && !(t.targetJoined && (t.intent === 'three-way' || t.intent === 'complete'))) {
    throw invalidState('A transfer is under way and the caller is on hold: complete it, make it three-way or cancel it before you leave');
  }
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
