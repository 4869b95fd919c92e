/**
 * Supervisor: join someone else's conference on a leg of our own as monitor (listen), whisper
 * (heard by the agent only) or barge (heard by all), and switch role live. Telnyx never returns
 * the role, so the store remembers what we set.
 */
import type { ParsedParams, SupervisorRole } from '../../../contract';
import { invalidState, notConfigured } from '../../errors';
import type { AgentModel } from '../model';
import { listParticipants } from '../rest-snapshot';
import {
  enterConference,
  rememberRole,
  setParticipantRolePending,
  setParticipants,
  setSupervisorLeg,
  type RestParticipant,
} from '../reducer';
import { dialEndpoint } from './agent-status';
import { now, type CommandContext } from './context';

/**
 * The agent legs of a conference, whom a whisper is heard by. Telnyx does not say who is who:
 * callers are incoming legs (from call.initiated), and the conference's creator (its earliest
 * participant) is the caller when we never saw its call.initiated. Supervisors are excluded.
 */
export function agentLegsOf(m: AgentModel, participants: readonly RestParticipant[], exclude: readonly string[]): string[] {
  const creator = [...participants].filter((p) => p.createdAt).sort((a, b) => Date.parse(a.createdAt ?? '') - Date.parse(b.createdAt ?? ''))[0];
  return participants
    .filter((p) => p.status !== 'left' && !exclude.includes(p.callControlId))
    .filter((p) => p.whisperTargets.length === 0 && (m.roles.get(p.callControlId)?.role ?? 'none') === 'none')
    .filter((p) => {
      const direction = m.calls.get(p.callControlId)?.direction;
      if (direction) return direction === 'outgoing';
      return p.callControlId !== creator?.callControlId;
    })
    .map((p) => p.callControlId);
}

export async function join(ctx: CommandContext, p: ParsedParams<'supervisor.join'>): Promise<{ callControlId: string; role: SupervisorRole }> {
  const m = ctx.store.model();
  if (m.conference) throw invalidState('Leave your current call before supervising another');
  const endpoint = ctx.settings().agent.endpoint;
  if (!endpoint) throw notConfigured('Set your endpoint (phone or SIP URI) in Settings');
  return ctx.run('supervisor.join', p.conferenceId, () =>
    ctx.inTransition(async () => {
      const participants = await listParticipants(ctx.gateway, p.conferenceId);
      const conference = (await ctx.gateway.call('get conference', (client) => client.conferences.retrieve(p.conferenceId))).data;
      const leg = await dialEndpoint(ctx, endpoint, 'supervisor leg');
      ctx.store.update((x) => setSupervisorLeg(x, leg));
      // The join did not happen: don't leave the supervisor's phone ringing or parked.
      const abandonLeg = async () => {
        await ctx.gateway.call('hang up supervisor leg', (client, commandId) => client.calls.actions.hangup(leg, { command_id: commandId })).catch(() => undefined);
        ctx.store.update((x) => setSupervisorLeg(x, undefined));
      };
      const answered = await ctx.waitFor((x) => x.calls.get(leg)?.state !== 'initiated', ctx.timing.answerTimeoutMs);
      if (!answered || ctx.store.model().calls.get(leg)?.state !== 'answered') {
        await abandonLeg();
        throw invalidState('Your phone did not answer');
      }
      const whisperTargets = p.role === 'whisper' ? agentLegsOf(ctx.store.model(), participants, [leg]) : [];
      try {
        await ctx.gateway.call('join as supervisor', (client, commandId) =>
          client.conferences.actions.join(p.conferenceId, {
            call_control_id: leg,
            command_id: commandId,
            supervisor_role: p.role,
            ...(whisperTargets.length ? { whisper_call_control_ids: whisperTargets } : {}),
          }),
        );
      } catch (e) {
        await abandonLeg();
        throw e;
      }
      ctx.store.update((x) => {
        let next = rememberRole(x, leg, p.role, whisperTargets);
        next = enterConference(next, { id: p.conferenceId, name: conference?.name ?? p.conferenceId, createdAt: conference?.created_at ?? now(), myRole: 'supervisor' });
        return setParticipants(next, p.conferenceId, participants);
      });
      await ctx.refreshParticipants(p.conferenceId).catch(() => undefined);
      return { callControlId: leg, role: p.role };
    }),
  );
}

/** Switches our supervisor leg's role live (`actions.update`). */
export async function setRole(ctx: CommandContext, p: ParsedParams<'supervisor.setRole'>): Promise<null> {
  const m = ctx.store.model();
  const leg = m.supervisorLeg;
  if (!leg || m.conference?.id !== p.conferenceId || m.conference.myRole !== 'supervisor') throw invalidState('You are not supervising that conference');
  const previous = m.roles.get(leg) ?? { role: 'none' as const, whisperTargets: [] };
  const rest: RestParticipant[] = m.conference.participants.map((x) => ({
    callControlId: x.callControlId,
    status: x.status,
    muted: x.muted,
    onHold: x.onHold,
    whisperTargets: x.whisperTargets,
  }));
  const whisperTargets = p.role === 'whisper' ? agentLegsOf(m, rest, [leg]) : [];
  ctx.store.update((x) => setParticipantRolePending(rememberRole(x, leg, p.role, whisperTargets), p.conferenceId, leg, true));
  await ctx.run(
    'supervisor.setRole',
    p.conferenceId,
    async () => {
      await ctx.gateway.call('switch supervisor role', (client, commandId) =>
        client.conferences.actions.update(p.conferenceId, {
          call_control_id: leg,
          command_id: commandId,
          supervisor_role: p.role,
          ...(whisperTargets.length ? { whisper_call_control_ids: whisperTargets } : {}),
        }),
      );
      ctx.store.update((x) => setParticipantRolePending(x, p.conferenceId, leg, false));
    },
    { rollback: (x) => setParticipantRolePending(rememberRole(x, leg, previous.role, previous.whisperTargets), p.conferenceId, leg, false) },
  );
  return null;
}
