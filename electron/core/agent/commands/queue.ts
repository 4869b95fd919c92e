/**
 * Working the queue: take the next (longest-waiting) call or a chosen one, put a caller back in
 * a queue, remove a call from its queue. Taking a call = a conference created from the caller's
 * leg (the caller becomes its first participant) + the agent's parked leg joined to it.
 * Before any of that the call is claimed through the relay (core/team/call-claims.ts): a call
 * another agent claimed is left alone and the agent is told who has it.
 */
import { randomBytes } from 'node:crypto';
import type { QueueCall } from '../../../contract';
import { invalidState } from '../../errors';
import {
  enterConference,
  findQueueCall,
  leaveMyConference,
  markQueueCallPending,
  nextQueueCall,
  removeQueueCall,
} from '../reducer';
import { CallTakenError } from '../../team/call-claims';
import { now, type CommandContext } from './context';

/** Conference names say where the call came from; the suffix keeps them unique (90033 otherwise). */
export function conferenceNameFor(queue: string): string {
  return `sb-${queue}-${randomBytes(4).toString('hex')}`;
}

async function take(ctx: CommandContext, method: 'queue.takeNext' | 'queue.takeCall', call: QueueCall): Promise<{ conferenceId: string }> {
  const m = ctx.store.model();
  const agentLeg = m.agent.leg;
  if (m.conference) throw invalidState('You are already on a call');
  if (m.agent.status !== 'available' || !agentLeg || agentLeg.state !== 'parked') throw invalidState('Go available before taking calls');
  const caller = call.callControlId;
  ctx.store.update((x) => markQueueCallPending(x, caller, true));
  return ctx.run(
    method,
    caller,
    async () => {
      const lease = await ctx.claims.acquire(caller);
      try {
        const taken = await takeClaimed(ctx, call, agentLeg.callControlId);
        lease?.keep();
        return taken;
      } catch (e) {
        await lease?.release();
        throw e;
      }
    },
    { rollback: (x) => markQueueCallPending(x, caller, false) },
  );
}

/** The Telnyx part of a take, once the call is ours to take. */
function takeClaimed(ctx: CommandContext, call: QueueCall, agentLegId: string): Promise<{ conferenceId: string }> {
  const caller = call.callControlId;
  return ctx.inTransition(async () => {
    const created = await ctx.gateway.call('create conference', (client, commandId) =>
      client.conferences.create({ call_control_id: caller, name: conferenceNameFor(call.queue), beep_enabled: 'never', command_id: commandId }),
    );
    const conference = created.data;
    if (!conference?.id) throw invalidState('Telnyx did not return the new conference');
    ctx.store.update((x) =>
      enterConference(removeQueueCall(x, caller), {
        id: conference.id,
        name: conference.name,
        createdAt: conference.created_at ?? now(),
        myRole: 'agent',
        caller: { callControlId: caller, from: call.from, queue: call.queue },
      }),
    );
    try {
      await ctx.gateway.call('join agent leg', (client, commandId) =>
        client.conferences.actions.join(conference.id, { call_control_id: agentLegId, command_id: commandId }),
      );
    } catch (e) {
      // The caller sits in a conference with nobody: give them their place back in the queue.
      ctx.store.update((x) => leaveMyConference(x, now(), undefined));
      await ctx.gateway
        .call('re-enqueue caller', (client, commandId) => client.calls.actions.enqueue(caller, { queue_name: call.queue, command_id: commandId }))
        .catch((err: unknown) => ctx.log.error('could not put the caller back in the queue', { cause: String(err) }));
      throw e;
    }
    return conference.id;
  }).then(async (conferenceId) => {
    await ctx.confirm(
      (x) => x.conference?.id !== conferenceId || x.conference.participants.some((p) => p.callControlId === agentLegId && p.status === 'joined'),
      'agent joined conference',
    );
    await ctx.refreshParticipants(conferenceId).catch(() => undefined);
    return { conferenceId };
  });
}

export async function takeNext(ctx: CommandContext, queue?: string): Promise<{ conferenceId: string }> {
  const call = nextQueueCall(ctx.store.model(), queue);
  if (!call) throw invalidState(queue ? `No callers waiting in ${queue}` : 'No callers waiting');
  return take(ctx, 'queue.takeNext', call);
}

export async function takeCall(ctx: CommandContext, callControlId: string): Promise<{ conferenceId: string }> {
  const call = findQueueCall(ctx.store.model(), callControlId);
  if (!call) {
    // Gone from this console's view: when another agent took it, say who (as a lost race does).
    const by = await ctx.claims.holder(callControlId).catch(() => undefined);
    if (by) return ctx.run('queue.takeCall', callControlId, () => Promise.reject(new CallTakenError(by)));
    throw invalidState('That call is no longer waiting');
  }
  if (call.pending) throw invalidState('That call is already being taken');
  return take(ctx, 'queue.takeCall', call);
}

/** Takes a caller the relay offered to this agent (the offer's claim is ours: the take renews it). */
export async function takeOffered(ctx: CommandContext, offered: QueueCall): Promise<{ conferenceId: string }> {
  return take(ctx, 'queue.takeCall', findQueueCall(ctx.store.model(), offered.callControlId) ?? offered);
}

/** Puts a call (a waiting caller, or the caller in our conference) at the end of a queue. */
export async function enqueue(ctx: CommandContext, callControlId: string, queue: string): Promise<null> {
  await ctx.run('queue.enqueue', callControlId, async () => {
    await ctx.gateway.call('enqueue call', (client, commandId) => client.calls.actions.enqueue(callControlId, { queue_name: queue, command_id: commandId }));
  });
  return null;
}

/** Takes a call out of its queue (the call stays up; Telnyx emits call.dequeued). */
export async function remove(ctx: CommandContext, callControlId: string): Promise<null> {
  const before = findQueueCall(ctx.store.model(), callControlId);
  await ctx.run(
    'queue.remove',
    callControlId,
    async () => {
      ctx.store.update((x) => markQueueCallPending(x, callControlId, true));
      await ctx.gateway.call('remove call from queue', (client, commandId) => client.calls.actions.leaveQueue(callControlId, { command_id: commandId }));
      await ctx.confirm((x) => !findQueueCall(x, callControlId), 'call left queue');
    },
    { rollback: (x) => (before ? markQueueCallPending(x, callControlId, false) : x) },
  );
  return null;
}
