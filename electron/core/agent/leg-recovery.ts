/**
 * No lost callers. When the agent's softphone leg drops (network change, sleep, the signalling
 * socket lost) while the agent is on a call and the caller is still in the conference, the console
 * by itself: holds the caller (Telnyx plays them hold audio), waits for the softphone to register
 * again, re-dials the agent's credential (the renderer answers it: it carries a fresh nonce), joins
 * the new leg to the SAME conference, unholds the caller, and tells the agent once what happened.
 * If the agent cannot be brought back in time, the caller goes back to their queue instead of
 * waiting on hold for nobody. Only for the built-in softphone: an external phone would ring again.
 *
 * Punted (the agent's credential signed in on another device): the caller goes back to the queue
 * at once, not after the window. Re-dialling would ring the other device, which did not dial
 * the leg, so it would ring as a stranger's call there with no console holding the conference;
 * an agent who signed in elsewhere has stopped working here, and the queue's next agent is the
 * fastest way back to a person for the caller.
 */
import { toSwitchboardError } from '../errors';
import type { Logger } from '../log';
import { dialEndpoint } from './commands/agent-status';
import { now, type CommandContext } from './commands/context';
import type { AgentModel } from './model';
import { enterConference, setAgentLeg, setAgentStatus } from './reducer';

/** How long the console keeps trying to bring the agent back before giving the caller back to the queue. */
export const LEG_RECOVERY_DEADLINE_MS = 30_000;
/**
 * Telnyx reports a dropped leg as two webhooks (participant left, then call hangup), applied one by
 * one: the leg leaving the call unasked is suspect for this long, and its hangup in that time is a drop.
 */
const SUSPECT_WINDOW_MS = 5_000;
/** Commands that take the agent out of the call on purpose (the leg leaving then is no drop). */
const DELIBERATE: ReadonlyArray<string> = ['conference.leave', 'conference.end', 'agent.setStatus'];
/** Between two dial attempts (the softphone was not ready yet: the leg failed at once). */
const RETRY_PAUSE_MS = 250;

export interface LegRecoveryDeps {
  /** True while the agent's endpoint is the built-in softphone. */
  enabled(): boolean;
  /** One message for the agent (the notice banner). */
  notice(level: 'info' | 'warning' | 'error', message: string): void;
  log: Logger;
  deadlineMs?: number;
  /** True once the softphone was punted by another device's sign-in (no re-dial can reach this console). */
  signedInElsewhere?(): boolean;
}

/** What the console knew of the call when the leg dropped: enough to put the agent back in it. */
interface DroppedCall {
  /** The agent leg that was in the call. */
  legId: string;
  conferenceId: string;
  name: string;
  createdAt: string;
  caller: { callControlId: string; from: string; queue?: string };
  /** Everyone to hold while the agent is gone: the caller(s) and anyone else who is not a supervisor. */
  toHold: string[];
  status: AgentModel['agent']['status'];
  droppedAt: number;
}

export type LegRecoveryOutcome = { rejoined: true; gapMs: number } | { rejoined: false; reason: string };

export function startLegRecovery(ctx: CommandContext, deps: LegRecoveryDeps): { recovering(): boolean } {
  let running: Promise<LegRecoveryOutcome> | undefined;
  let suspect: DroppedCall | undefined;
  ctx.store.onModel((m, prev) => {
    if (running || !deps.enabled()) return;
    suspect = callLeft(m, prev) ?? suspect;
    if (!suspect) return;
    if (performance.now() - suspect.droppedAt > SUSPECT_WINDOW_MS || m.agent.status === 'away' || m.conference) {
      suspect = undefined; // the leg stayed up (the agent left on purpose), or the agent moved on
      return;
    }
    if (m.agent.leg?.callControlId === suspect.legId) return; // left, but the leg is still up: not (yet) a drop
    const dropped = suspect;
    suspect = undefined;
    // The reducer took the agent to wrap-up or offline; 'connecting' keeps the softphone registered meanwhile.
    queueMicrotask(() => ctx.store.update((x) => setAgentStatus(x, 'connecting')));
    running = recover(ctx, deps, dropped).finally(() => (running = undefined));
  });
  return { recovering: () => running !== undefined };
}

/** The agent's leg went out of an agent call whose caller was still there, and no command of the agent's asked for it. */
function callLeft(m: AgentModel, prev: AgentModel): DroppedCall | undefined {
  const c = prev.conference;
  const leg = prev.agent.leg;
  if (!c || c.myRole !== 'agent' || !leg || m.conference?.id === c.id) return undefined;
  if (prev.pending.some((p) => DELIBERATE.includes(p.method))) return undefined;
  const caller = c.participants.find((p) => p.kind === 'caller' && p.status === 'joined');
  if (!caller) return undefined;
  return {
    legId: leg.callControlId,
    conferenceId: c.id,
    name: c.name,
    createdAt: c.createdAt,
    caller: { callControlId: caller.callControlId, from: caller.label, ...(c.queue ? { queue: c.queue } : {}) },
    toHold: c.participants.filter((p) => p.callControlId !== leg.callControlId && p.kind !== 'supervisor').map((p) => p.callControlId),
    status: prev.agent.status,
    droppedAt: performance.now(),
  };
}

async function recover(ctx: CommandContext, deps: LegRecoveryDeps, call: DroppedCall): Promise<LegRecoveryOutcome> {
  const { log } = deps;
  const deadline = call.droppedAt + (deps.deadlineMs ?? LEG_RECOVERY_DEADLINE_MS);
  log.warn('agent leg dropped during a call; holding the caller and re-dialling the softphone', { conferenceId: call.conferenceId });
  try {
    await ctx.gateway.call('hold caller while the agent reconnects', (client) =>
      client.conferences.actions.hold(call.conferenceId, { call_control_ids: call.toHold }),
    );
  } catch (e) {
    // The conference (or the caller) is gone: nobody is waiting for the agent.
    log.info('no caller to hold after the agent leg dropped', { code: toSwitchboardError(e).code });
    ctx.store.update((x) => setAgentStatus(x, 'offline'));
    deps.notice('warning', 'Your softphone connection dropped, and the caller had already left the call.');
    return { rejoined: false, reason: 'caller gone' };
  }

  const outcome = await ctx.inTransition(() => redialAndJoin(ctx, call, deadline, deps)).catch((e: unknown) => ({ rejoined: false as const, reason: toSwitchboardError(e).message }));
  if (outcome.rejoined) {
    await ctx.gateway
      .call('unhold caller after the agent reconnected', (client) =>
        client.conferences.actions.unhold(call.conferenceId, { call_control_ids: call.toHold }),
      )
      .catch((e: unknown) => log.warn('could not take the caller off hold after reconnecting', { code: toSwitchboardError(e).code }));
    await ctx.refreshParticipants(call.conferenceId).catch(() => undefined);
    const seconds = (outcome.gapMs / 1000).toFixed(1);
    deps.notice('warning', `Your softphone connection dropped during the call with ${call.caller.from}. The caller heard hold music while Switchboard reconnected you to the same call (${seconds} s); you are back on the call.`);
    log.info('agent back in the conference after the leg dropped', { conferenceId: call.conferenceId, gapMs: Math.round(outcome.gapMs) });
    return outcome;
  }
  // Could not bring the agent back: the caller must not wait on hold for nobody.
  log.warn('could not bring the agent back; returning the caller to the queue', { reason: outcome.reason });
  const queue = call.caller.queue;
  const requeued = queue
    ? await ctx.gateway
        .call('re-enqueue caller after the agent was lost', (client, commandId) =>
          client.calls.actions.enqueue(call.caller.callControlId, { queue_name: queue, command_id: commandId }),
        )
        .then(() => true, () => false)
    : false;
  if (!requeued) {
    await ctx.gateway
      .call('unhold caller after the agent was lost', (client) =>
        client.conferences.actions.unhold(call.conferenceId, { call_control_ids: call.toHold }),
      )
      .catch(() => undefined);
  }
  if (!ctx.store.model().agent.leg) ctx.store.update((x) => setAgentStatus(x, 'offline'));
  const callerNow = requeued ? `The caller was put back in the ${queue} queue.` : 'The caller is still in the conference.';
  deps.notice('error', outcome.reason === PUNTED
    ? `Your softphone signed in on another device during the call with ${call.caller.from}, so that device now gets your calls. ${callerNow} Close the other softphone, then go available again here.`
    : `Your softphone connection dropped during the call with ${call.caller.from} and Switchboard could not reconnect you (${outcome.reason}). ${callerNow} Check your network, then go available again.`);
  return outcome;
}

const pause = () => new Promise((resolve) => setTimeout(resolve, RETRY_PAUSE_MS));
const PUNTED = 'the softphone signed in on another device';

/** Dials the agent's credential until a leg answers (the softphone may still be logging in again), then joins it to the conference. */
async function redialAndJoin(ctx: CommandContext, call: DroppedCall, deadline: number, deps: LegRecoveryDeps): Promise<LegRecoveryOutcome> {
  for (let attempt = 1; ; attempt++) {
    if (deps.signedInElsewhere?.()) return { rejoined: false, reason: PUNTED };
    const left = deadline - performance.now();
    if (left <= 0) return { rejoined: false, reason: 'the softphone did not come back in time' };
    ctx.store.update((x) => setAgentStatus(x, 'connecting'));
    let leg: string;
    try {
      // Waits for the renderer's softphone to register again, then names the leg with a fresh nonce.
      const target = await ctx.agentLegTarget();
      leg = await dialEndpoint(ctx, target.to, 'agent leg (reconnect)', target.customHeaders);
    } catch (e) {
      ctx.log.info('reconnect dial refused; trying again', { attempt, code: toSwitchboardError(e).code });
      await pause();
      continue;
    }
    ctx.store.update((x) => setAgentLeg(x, { callControlId: leg, state: 'dialing', since: now() }));
    await ctx.waitFor((x) => x.agent.leg?.callControlId !== leg || x.agent.leg.state !== 'dialing', Math.max(0, deadline - performance.now()));
    const current = ctx.store.model().agent.leg;
    if (current?.callControlId !== leg || current.state === 'dialing') {
      // Failed at once (the softphone was not registered yet) or never answered: try again while
      // time is left. A failed leg took the agent offline: 'connecting' keeps the softphone running.
      ctx.store.update((x) => setAgentStatus(x, 'connecting'));
      ctx.log.info('reconnect dial did not answer; trying again', { attempt });
      if (current?.callControlId === leg) await ctx.gateway.call('hang up unanswered reconnect leg', (client, commandId) => client.calls.actions.hangup(leg, { command_id: commandId })).catch(() => undefined);
      await pause();
      continue;
    }
    await ctx.gateway.call('rejoin agent leg', (client, commandId) =>
      client.conferences.actions.join(call.conferenceId, { call_control_id: leg, command_id: commandId }),
    );
    // The same call, not a new one: the same conference, its original start and caller (history keys it by conference).
    ctx.store.update((x) => enterConference(setAgentStatus(x, call.status), { id: call.conferenceId, name: call.name, createdAt: call.createdAt, myRole: 'agent', caller: call.caller }));
    await ctx.confirm((x) => x.conference?.id !== call.conferenceId || x.conference.participants.some((p) => p.callControlId === leg && p.status === 'joined'), 'agent rejoined conference');
    return { rejoined: true, gapMs: performance.now() - call.droppedAt };
  }
}
