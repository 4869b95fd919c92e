/**
 * The agent's own status and leg: going available dials the agent's endpoint and keeps the
 * answered leg parked between calls; going away hangs it up; wrap-up ends with finishWrapUp.
 */
import type { AgentState, ParsedParams } from '../../../contract';
import { invalidState, notConfigured } from '../../errors';
import { rememberCall, setAgentLeg, setAgentStatus } from '../reducer';
import { now, type AgentLegTarget, type CommandContext } from './context';

export type AgentView = AgentState['agent'];

/** Dials the agent's endpoint (or the supervisor's), returning the new leg's call_control_id. */
export async function dialEndpoint(ctx: CommandContext, to: string, purpose: string, customHeaders?: AgentLegTarget['customHeaders']): Promise<string> {
  const { agent } = ctx.settings();
  if (!agent.connectionId) throw notConfigured('Set the Call Control connection id in Settings');
  if (!agent.callerId) throw notConfigured('Set the caller id for the agent leg in Settings');
  const res = await ctx.gateway.call(`dial ${purpose}`, (client, commandId) =>
    client.calls.dial({ connection_id: agent.connectionId, from: agent.callerId, to, command_id: commandId, ...(customHeaders ? { custom_headers: customHeaders } : {}) }),
  );
  const callControlId = res.data?.call_control_id;
  if (!callControlId) throw invalidState('Telnyx did not return a call control id for the new leg');
  ctx.store.update((m) => rememberCall(m, callControlId, { to, direction: 'outgoing' }));
  return callControlId;
}

/** Dials the agent leg and waits (bounded) for Telnyx to report it answered and parked. */
async function goAvailable(ctx: CommandContext): Promise<void> {
  const m = ctx.store.model();
  const leg = m.agent.leg;
  if (leg && leg.state !== 'hangup') {
    // The leg is still up (e.g. back from away before hangup settled, or wrap-up): no new dial.
    ctx.store.update((x) => setAgentStatus(x, leg.state === 'dialing' ? 'connecting' : 'available'));
    return;
  }
  ctx.store.update((x) => setAgentStatus(x, 'connecting'));
  // External phone: the endpoint in settings. Softphone: the agent's credential, marked with a nonce.
  const target = await ctx.agentLegTarget();
  const callControlId = await dialEndpoint(ctx, target.to, 'agent leg', target.customHeaders);
  ctx.store.update((x) => setAgentLeg(x, { callControlId, state: 'dialing', since: now() }));
  const answered = await ctx.waitFor((x) => x.agent.leg?.callControlId === callControlId && x.agent.leg.state !== 'dialing', ctx.timing.answerTimeoutMs);
  if (!answered) {
    // No call.answered in time: ask Telnyx directly before telling the agent anything.
    await ctx.reconcile('agent leg not answered');
  }
}

export async function setStatus(ctx: CommandContext, status: ParsedParams<'agent.setStatus'>['status']): Promise<AgentView> {
  const m = ctx.store.model();
  if (status === 'available') {
    if (m.conference?.myRole === 'agent') throw invalidState('You are on a call');
    await ctx.run('agent.setStatus', 'available', () => goAvailable(ctx), {
      rollback: (x) => (x.agent.leg ? x : setAgentStatus(x, m.agent.status === 'connecting' ? 'offline' : m.agent.status)),
    });
    return ctx.store.model().agent;
  }
  if (m.conference?.myRole === 'agent') throw invalidState('Leave the call before going away');
  const leg = m.agent.leg;
  await ctx.run(
    'agent.setStatus',
    'away',
    async () => {
      ctx.store.update((x) => setAgentStatus(x, 'away'));
      if (!leg) return;
      await ctx.gateway.call('hang up agent leg', (client, commandId) => client.calls.actions.hangup(leg.callControlId, { command_id: commandId }));
      await ctx.confirm((x) => x.agent.leg?.callControlId !== leg.callControlId, 'agent leg hangup');
    },
    { rollback: (x) => setAgentStatus(x, m.agent.status) },
  );
  return ctx.store.model().agent;
}

/** Wrap-up done: back to available, re-dialling if the leg died meanwhile (e.g. the conference was ended). */
export async function finishWrapUp(ctx: CommandContext): Promise<AgentView> {
  const m = ctx.store.model();
  if (m.agent.status !== 'wrap-up') throw invalidState('Not in wrap-up');
  await ctx.run('agent.finishWrapUp', undefined, () => goAvailable(ctx), {
    rollback: (x) => (x.agent.leg ? x : setAgentStatus(x, 'wrap-up')),
  });
  return ctx.store.model().agent;
}
