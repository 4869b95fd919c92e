/**
 * The agent's own status and leg: going available dials the agent's endpoint and keeps the
 * answered leg parked between calls; going away (with a reason) hangs it up; wrap-up ends with
 * finishWrapUp (the agent, the finish shortcut or the wrap-up timer).
 */
import type { AgentState, ParsedParams, WrapUpAfter } from '../../../contract';
import { invalidState, notConfigured } from '../../errors';
import type { AgentModel } from '../model';
import { rememberCall, setAgentAway, setAgentLeg, setAgentStatus } from '../reducer';
import { applyDraft, checkAwayReason, checkDisposition, finishRefusal, withWrapUp } from './wrap-up';
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

/** Hangs up the agent leg (if any) and shows Away with the reason. */
async function goAway(ctx: CommandContext, reason: string | undefined): Promise<void> {
  const leg = ctx.store.model().agent.leg;
  ctx.store.update((x) => setAgentAway(x, reason));
  if (!leg) return;
  await ctx.gateway.call('hang up agent leg', (client, commandId) => client.calls.actions.hangup(leg.callControlId, { command_id: commandId }));
  await ctx.confirm((x) => x.agent.leg?.callControlId !== leg.callControlId, 'agent leg hangup');
}

/**
 * Available or Away (with a reason from Settings). From wrap-up both finish it, with the same
 * rules as the Finish button: Away means "go away after wrap-up".
 */
export async function setStatus(ctx: CommandContext, params: ParsedParams<'agent.setStatus'>): Promise<AgentView> {
  const { status, reason } = params;
  const m = ctx.store.model();
  if (status === 'away') checkAwayReason(ctx.settings(), reason);
  if (m.agent.status === 'wrap-up' && m.agent.wrapUp) {
    const after: WrapUpAfter = status === 'away' ? { status, ...(reason !== undefined ? { reason } : {}) } : { status };
    ctx.store.update((x) => withWrapUp(x, (w) => applyDraft(w, { after })));
    return finishWrapUp(ctx, {});
  }
  if (status === 'available') {
    if (m.conference?.myRole === 'agent') throw invalidState('You are on a call');
    await ctx.run('agent.setStatus', 'available', () => goAvailable(ctx), {
      rollback: (x) => (x.agent.leg ? x : setAgentStatus(x, m.agent.status === 'connecting' ? 'offline' : m.agent.status)),
    });
    return ctx.store.model().agent;
  }
  if (m.conference?.myRole === 'agent') throw invalidState('Leave the call before going away');
  if (m.agent.status === 'away') {
    // Already away (the leg is down or going): only the reason changes.
    ctx.store.update((x) => setAgentAway(x, reason));
    return ctx.store.model().agent;
  }
  await ctx.run('agent.setStatus', 'away', () => goAway(ctx, reason), { rollback: (x) => restoreAgent(x, m) });
  return ctx.store.model().agent;
}

/** Puts back the agent's status, reason and wrap-up of `before` (a failed command's rollback). */
function restoreAgent(x: AgentModel, before: AgentModel): AgentModel {
  const { reason: _r, wrapUp: _w, ...agent } = x.agent;
  const b = before.agent;
  return { ...x, agent: { ...agent, status: b.status, ...(b.reason !== undefined ? { reason: b.reason } : {}), ...(b.wrapUp ? { wrapUp: b.wrapUp } : {}) } };
}

/**
 * Wrap-up done: Available (re-dialling if the leg died meanwhile, e.g. the conference was ended)
 * or Away with the reason the agent chose. The agent's finish obeys the mandatory timer and the
 * required disposition; the timer's own finish (`by: 'timer'`) does not wait for either.
 */
export async function finishWrapUp(ctx: CommandContext, edits: ParsedParams<'agent.finishWrapUp'>, by: 'agent' | 'timer' = 'agent'): Promise<AgentView> {
  const m = ctx.store.model();
  if (m.agent.status !== 'wrap-up') throw invalidState('Not in wrap-up');
  const before = m.agent.wrapUp;
  if (before) {
    checkDisposition(before, edits.disposition);
    const draft = applyDraft(before, edits);
    const refusal = by === 'agent' ? finishRefusal(draft, ctx.clock.now()) : undefined;
    ctx.store.update((x) => withWrapUp(x, () => draft));
    if (refusal) throw refusal;
  }
  const after = ctx.store.model().agent.wrapUp?.after ?? { status: 'available' };
  const rolledBack = ctx.store.model();
  await ctx.run('agent.finishWrapUp', undefined, () => (after.status === 'away' ? goAway(ctx, after.reason) : goAvailable(ctx)), {
    rollback: (x) => (after.status === 'available' && x.agent.leg ? x : restoreAgent(x, rolledBack)),
  });
  return ctx.store.model().agent;
}
