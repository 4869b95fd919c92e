/**
 * Outbound calls: dial a number with a caller id, and once the dialled party answers, put them
 * in a conference with the agent exactly as a caller taken from a queue (a conference created from
 * their leg, the agent's parked leg joined), so mute, hold, record and transfer all work on it.
 * A tel:/callto: link arrives here too (openDialLink): confirmed in the renderer first, or
 * dialled at once when Settings says so.
 */
import { randomUUID } from 'node:crypto';
import { checkDialNumber, type DialResult, type ParsedParams } from '../../../contract';
import { CommandError, invalidState, toSwitchboardError } from '../../errors';
import type { HistoryPort } from '../../history/port';
import { chooseCallerId } from '../../outbound/caller-id';
import { parseDialLink } from '../../outbound/dial-link';
import type { PhoneNumberCache } from '../../outbound/phone-numbers';
import { enterConference, leaveMyConference, rememberCall, setDialing, setLinkRequest } from '../reducer';
import { now, type CommandContext } from './context';
import { conferenceNameFor } from './queue';

/** What the dial tells call history (core/history's port): an answered call's row is outbound with the number dialled; one that never connected gets a row too. */
export type OutboundHistory = Pick<HistoryPort, 'recordOutbound' | 'recordUnanswered'>;

export interface OutboundDeps {
  ctx: CommandContext;
  numbers: PhoneNumberCache;
  /** A message for the agent that no control shows (a refused link, a link's dial refused before it ran). */
  notice(level: 'info' | 'warning' | 'error', message: string): void;
  /** Call history, once the host made it: an answered outbound call's row says outbound and the number dialled. */
  history(): OutboundHistory | undefined;
}

const validation = (field: 'to' | 'from', problem: string) => new CommandError({ code: 'VALIDATION', field, message: `${field}: ${problem}` });

/** The number as +E.164, or a VALIDATION error naming `to`. */
export function normaliseDialTarget(ctx: CommandContext, input: string): string {
  const checked = checkDialNumber(input, ctx.settings().outbound.defaultCountry);
  if (!checked.ok) throw validation('to', checked.problem);
  return checked.e164;
}

/** Why a dialled leg ended before it connected, in the agent's words. */
export function describeHangup(to: string, cause: string | undefined, sip: string | undefined): string {
  const words: Record<string, string> = {
    user_busy: 'busy',
    timeout: 'no answer',
    no_answer: 'no answer',
    call_rejected: 'the call was rejected',
    not_found: 'number not found',
    originator_cancel: 'cancelled',
    normal_clearing: 'hung up before answering',
  };
  const why = (cause && words[cause]) ?? (cause ? cause.replace(/_/g, ' ') : 'the call ended');
  // Only a SIP failure response says more than the cause (Telnyx may put a Q.850 number here).
  return `${to} did not connect: ${why}${sip && /^[4-6]\d\d$/.test(sip) ? ` (SIP ${sip})` : ''}`;
}

export async function dial(deps: OutboundDeps, p: ParsedParams<'call.dial'>): Promise<DialResult> {
  const { ctx } = deps;
  const to = normaliseDialTarget(ctx, p.to);
  const settings = ctx.settings();
  const m = ctx.store.model();
  const agentLeg = m.agent.leg;
  if (m.conference) throw invalidState('You are already on a call');
  if (m.outbound.dialing) throw invalidState('A call is already being dialled');
  if (m.agent.status !== 'available' || !agentLeg || agentLeg.state !== 'parked') throw invalidState('Go available before dialling out');
  if (!settings.agent.connectionId) throw new CommandError({ code: 'NOT_CONFIGURED', message: 'Set the Call Control connection id in Settings' });
  if (p.linkRequestId) ctx.store.update((x) => (x.outbound.linkRequest?.id === p.linkRequestId ? setLinkRequest(x, undefined) : x));

  return ctx.run('call.dial', undefined, async () => {
    const account = await deps.numbers.get();
    const choice = chooseCallerId({
      ...(p.from !== undefined ? { chosen: p.from } : {}),
      ...(p.queue !== undefined ? { queue: p.queue } : {}),
      byQueue: settings.outbound.callerIdByQueue,
      agentCallerId: settings.agent.callerId,
      account: account.numbers,
    });
    if (!choice.ok) throw validation(choice.field, choice.problem);
    const from = choice.from;
    const dialed = await ctx.gateway.call('dial out', (client, commandId) =>
      client.calls.dial({ connection_id: settings.agent.connectionId, from, to, command_id: commandId }),
    );
    const leg = dialed.data?.call_control_id;
    if (!leg) throw invalidState('Telnyx did not return a call control id for the call');
    const dialledAt = now();
    ctx.store.update((x) => setDialing(rememberCall(x, leg, { to, from, direction: 'outgoing' }), { callControlId: leg, to, from, since: dialledAt }));
    try {
      const settled = await ctx.waitFor((x) => x.calls.get(leg)?.state !== 'initiated' || x.outbound.dialing?.callControlId !== leg, ctx.timing.answerTimeoutMs);
      let info = ctx.store.model().calls.get(leg);
      if (!settled || info?.state !== 'answered') {
        const why = info?.state === 'hangup' ? describeHangup(to, info.hangupCause, info.sipHangupCause) : `${to} did not answer`;
        if (info?.state !== 'hangup') {
          await hangUp(ctx, leg);
          // Telnyx's call.hangup says why (our hangup of a ringing leg: originator_cancel).
          await ctx.waitFor((x) => x.calls.get(leg)?.state === 'hangup', ctx.timing.pendingTimeoutMs);
          info = ctx.store.model().calls.get(leg);
        }
        const cause = info?.state === 'hangup' ? info.hangupCause : undefined;
        record(deps, (h) =>
          h.recordUnanswered({ calleeCallControlId: leg, number: to, callerId: from, startedAt: dialledAt, endedAt: now(), ...(cause ? { hangupCause: cause } : {}), ...(p.queue ? { queue: p.queue } : {}) }),
        );
        throw new CommandError({ code: 'INVALID_STATE', message: why });
      }
      const answeredAt = now();
      const conferenceId = await joinAgent(ctx, leg, to, p.queue, (id) =>
        record(deps, (h) =>
          h.recordOutbound({ conferenceId: id, number: to, callerId: from, calleeCallControlId: leg, startedAt: dialledAt, answeredAt, ...(p.queue ? { queue: p.queue } : {}) }),
        ),
      );
      return { conferenceId, callControlId: leg, from, to };
    } finally {
      ctx.store.update((x) => (x.outbound.dialing?.callControlId === leg ? setDialing(x, undefined) : x));
    }
  });
}

/** History writes must never fail a call: a full disk is logged, the call goes on. */
function record(deps: OutboundDeps, write: (history: OutboundHistory) => unknown): void {
  try {
    const history = deps.history();
    if (history) write(history);
  } catch (e) {
    deps.ctx.log.error('could not record the outbound call in history', { cause: String(e) });
  }
}

/** The answered party's leg becomes a conference (they are its first participant) and the agent's leg joins. */
async function joinAgent(
  ctx: CommandContext,
  leg: string,
  to: string,
  queue: string | undefined,
  /** Told the conference id as soon as the call is in it (history's row). */
  conferenced: (conferenceId: string) => void,
): Promise<string> {
  const m = ctx.store.model();
  const agentLeg = m.agent.leg;
  if (m.conference || !agentLeg || agentLeg.state !== 'parked') {
    await hangUp(ctx, leg);
    throw invalidState('Your line was busy with another call when the dialled party answered');
  }
  const conferenceId = await ctx.inTransition(async () => {
    const created = await ctx.gateway.call('create conference', (client, commandId) =>
      client.conferences.create({ call_control_id: leg, name: conferenceNameFor('outbound'), beep_enabled: 'never', command_id: commandId }),
    );
    const conference = created.data;
    if (!conference?.id) throw invalidState('Telnyx did not return the new conference');
    ctx.store.update((x) =>
      enterConference(x, {
        id: conference.id,
        name: conference.name,
        createdAt: conference.created_at ?? now(),
        myRole: 'agent',
        caller: { callControlId: leg, from: to, ...(queue ? { queue } : {}) },
      }),
    );
    conferenced(conference.id);
    try {
      await ctx.gateway.call('join agent leg', (client, commandId) =>
        client.conferences.actions.join(conference.id, { call_control_id: agentLeg.callControlId, command_id: commandId }),
      );
    } catch (e) {
      // Nobody to talk to them: end the call rather than leave them alone in a conference.
      ctx.store.update((x) => leaveMyConference(x, now(), undefined));
      await hangUp(ctx, leg);
      throw e;
    }
    return conference.id;
  });
  await ctx.confirm(
    (x) => x.conference?.id !== conferenceId || x.conference.participants.some((p) => p.callControlId === agentLeg.callControlId && p.status === 'joined'),
    'agent joined outbound conference',
  );
  await ctx.refreshParticipants(conferenceId).catch(() => undefined);
  return conferenceId;
}

function hangUp(ctx: CommandContext, leg: string): Promise<unknown> {
  return ctx.gateway.call('hang up dialled leg', (client, commandId) => client.calls.actions.hangup(leg, { command_id: commandId })).catch(() => undefined);
}

/** Hangs up the call still ringing; the dial then reports it as cancelled. */
export async function cancelDial(ctx: CommandContext): Promise<null> {
  const dialing = ctx.store.model().outbound.dialing;
  if (!dialing) throw invalidState('No call is being dialled');
  await ctx.run('call.cancelDial', undefined, async () => {
    await ctx.gateway.call('cancel dial', (client, commandId) => client.calls.actions.hangup(dialing.callControlId, { command_id: commandId }));
  });
  return null;
}

export async function dismissLink(ctx: CommandContext, id: string): Promise<null> {
  ctx.store.update((x) => (x.outbound.linkRequest?.id === id ? setLinkRequest(x, undefined) : x));
  return null;
}

/**
 * A tel:/callto: link from the OS. A link that names no callable number is refused with a notice
 * saying why; a good one waits for the agent's confirmation, or is dialled at once when Settings
 * turned confirmation off (a failure once dialling began shows next to Dial, like any dial's).
 * Resolves with the number the link named, once it is shown or dialling began.
 */
export function openDialLink(deps: OutboundDeps, link: string): { ok: true; to: string } | { ok: false; reason: string } {
  const { ctx } = deps;
  const parsed = parseDialLink(link);
  const checked = parsed.ok ? checkDialNumber(parsed.number, ctx.settings().outbound.defaultCountry) : undefined;
  if (!parsed.ok || !checked?.ok) {
    const reason = `Could not dial the link: ${!parsed.ok ? parsed.reason : `the number ${checked && !checked.ok ? checked.problem : ''}`}`;
    deps.notice('warning', reason);
    return { ok: false, reason };
  }
  const to = checked.e164;
  if (ctx.settings().outbound.confirmLinks) {
    ctx.store.update((x) => setLinkRequest(x, { id: randomUUID(), to, receivedAt: now() }));
  } else {
    void dial(deps, { to }).catch((e: unknown) => {
      const error = toSwitchboardError(e);
      // Kept next to Dial already when it has a failureId; refused before dialling (away, on a call) otherwise.
      if (!error.failureId) deps.notice('warning', `Could not call ${to}: ${error.telnyx?.title ?? error.message}`);
    });
  }
  return { ok: true, to };
}
