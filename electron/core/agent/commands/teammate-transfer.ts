/**
 * Transfers between teammates, by presence and offers (issue 13) — both ends:
 * - the sender (`offerToTeammate`): the relay offers the caller to the teammate
 *   (core/team/teammate-transfers.ts), then the caller goes on hold (music) while it rings. The teammate declines, lets it time out or
 *   cannot be offered → the caller comes off hold and the agent reads why next to the Transfer
 *   control. It accepts → its own leg joins this conference and the transfer goes on exactly as
 *   for a dialled target that answered: blind completes at once, a consult waits for Complete /
 *   Three-way / Cancel. Cancel withdraws a ringing offer, or asks Telnyx to take a joined
 *   teammate's leg out of the conference (never hangs it up: it is the teammate's own line);
 * - the receiver (`joinTransferred`): Accept joins this agent's parked leg to the sender's
 *   conference, with the caller's claim (the relay handed it over with the offer) renewed first.
 * The caller is never dropped: nothing here hangs up or moves the caller's leg.
 */
import { COMMAND_DEADLINE_MS, type CallOffer, type OfferedTransfer } from '../../../contract';
import { invalidState, toSwitchboardError } from '../../errors';
import { enterConference, leaveMyConference, teammateFailed } from '../reducer';
import type { AgentModel } from '../model';
import type { TransferRecord } from '../transfer-record';
import { now, type CommandContext, type RunOptions } from './context';
import { callerNumber, completeNow, current, setCallerHold } from './transfer-steps';

type Ctx = CommandContext;

/** Past the offer's expiry, how long the relay has to say how it ended before the console ends it itself (real time: a safety net). */
const OFFER_END_GUARD_MS = 10_000;
/** An accepted teammate's leg joins within this, or the transfer fails and the caller comes off hold. */
const JOIN_GUARD_MS = 2 * COMMAND_DEADLINE_MS;

/** Who the teammate sees the call from, and the agent's own words. */
function offerNote(ctx: Ctx, note: string | undefined): string {
  const s = ctx.settings().agent;
  const by = s.displayName || 'A teammate';
  return note ? `${by}: ${note}` : `${by} transfers this caller to you`;
}

export async function offerToTeammate(ctx: Ctx, record: TransferRecord, note: string | undefined, rollback: RunOptions['rollback']): Promise<void> {
  if (record.destination.type !== 'teammate') return;
  const toAgent = record.destination.agentId;
  const { conferenceId, callerCallControlId: caller } = record;
  await ctx.run(
    'transfer.start',
    conferenceId,
    async () => {
      // Asked first: a refusal (not Available, offline, busy…) leaves the caller as it was, with the agent.
      // The relay's answer puts the offer on the transfer record (teammate-transfers.ts).
      await ctx.teammates.offer({
        transferId: record.id, toAgent, callerCallControlId: caller, conferenceId, kind: record.kind, from: callerNumber(ctx, record), note: offerNote(ctx, note),
      });
      try {
        await setCallerHold(ctx, conferenceId, caller, true);
      } catch (e) {
        const offer = current(ctx, record.id)?.offer;
        if (offer) ctx.teammates.withdraw(offer.offerId, caller);
        throw e;
      }
    },
    { ...(rollback ? { rollback } : {}) },
  );
  void followOffer(ctx, record.id).catch((e: unknown) => ctx.log.warn('teammate transfer step failed', { code: toSwitchboardError(e).code }));
}

/** After the offer: the relay says how it ended; an accepted teammate's leg joins (then blind completes). */
async function followOffer(ctx: Ctx, id: string): Promise<void> {
  const answered = (m: AgentModel) => {
    const t = m.transfer;
    return !t || t.id !== id || t.ended !== undefined || t.targetCallControlId !== undefined;
  };
  const offer = current(ctx, id)?.offer;
  const guard = Math.max(0, (offer?.expiresAt ?? ctx.clock.now()) - ctx.clock.now()) + OFFER_END_GUARD_MS;
  if (!(await ctx.waitFor(answered, guard))) {
    // No word from the relay (its socket went away): the offer is over for us; the relay's lease lapses on its own.
    const t = current(ctx, id);
    if (t?.offer) ctx.teammates.withdraw(t.offer.offerId, t.callerCallControlId);
    ctx.store.update((m) => teammateFailed(m, id, 'the relay did not say how the offer ended'));
  }
  let t = current(ctx, id);
  if (!t) return; // the call ended meanwhile
  if (!t.ended) {
    const joined = await ctx.waitFor((m) => joinedOrOver(m, id), JOIN_GUARD_MS);
    if (!joined) ctx.store.update((m) => teammateFailed(m, id, `${describe(t!)} accepted but did not join`));
    t = current(ctx, id);
    if (!t) return;
  }
  if (t.ended) {
    if (t.ended.phase === 'failed' || t.ended.phase === 'cancelled') {
      await ctx.run('transfer.start', t.conferenceId, () => setCallerHold(ctx, t!.conferenceId, t!.callerCallControlId, false));
    }
    return;
  }
  if (t.intent === 'complete') await completeNow(ctx, t);
}

/** The teammate's leg is in the conference (its webhook, or a participant read), or the transfer is over. */
function joinedOrOver(m: AgentModel, id: string): boolean {
  const x = m.transfer;
  if (!x || x.id !== id || x.ended) return true;
  return x.targetJoined || (m.conference?.participants.some((p) => p.callControlId === x.targetCallControlId && p.status === 'joined') ?? false);
}

function describe(t: TransferRecord): string {
  return t.destination.type === 'teammate' ? t.destination.agentId : 'the teammate';
}

/** Cancel: a ringing offer is withdrawn (the caller comes off hold when the relay confirms); a joined teammate's leg leaves. */
export async function cancelTeammateTransfer(ctx: Ctx, t: TransferRecord): Promise<null> {
  await ctx.run('transfer.cancel', t.conferenceId, async () => {
    const x = current(ctx, t.id);
    if (!x || x.ended) return;
    if (!x.targetCallControlId) {
      if (x.offer && !ctx.teammates.withdraw(x.offer.offerId, x.callerCallControlId)) throw invalidState('The relay is not connected: the offer cannot be withdrawn');
      // followOffer takes the caller off hold once the relay says the offer is over (withdrawn, or answered meanwhile).
      await ctx.waitFor((m) => m.transfer?.id !== t.id || m.transfer.ended !== undefined || m.transfer.targetCallControlId !== undefined, COMMAND_DEADLINE_MS);
      const after = current(ctx, t.id);
      if (!after?.targetCallControlId || after.ended) return;
    }
    // Accepted but not in yet: it can only be taken out once it is in.
    await ctx.waitFor((m) => joinedOrOver(m, t.id), JOIN_GUARD_MS);
    const joined = current(ctx, t.id);
    if (!joined || joined.ended) return;
    const leg = joined.targetCallControlId!;
    await ctx.gateway.call('take the teammate out of the conference', (client, commandId) =>
      client.conferences.actions.leave(t.conferenceId, { call_control_id: leg, command_id: commandId }),
    );
    await ctx.confirm((m) => m.transfer?.id !== t.id || m.transfer.ended !== undefined, 'teammate left the conference');
    await setCallerHold(ctx, t.conferenceId, t.callerCallControlId, false);
  });
  return null;
}

/**
 * The receiving end: this agent accepted a teammate's transfer offer and the relay confirmed it
 * (the caller's claim is ours): renew the claim, then join our parked leg to the sender's conference.
 */
export async function joinTransferred(ctx: Ctx, offer: CallOffer & { transfer: OfferedTransfer }): Promise<{ conferenceId: string }> {
  const m = ctx.store.model();
  const agentLeg = m.agent.leg;
  if (m.conference) throw invalidState('You are already on a call');
  if (m.agent.status !== 'available' || !agentLeg || agentLeg.state !== 'parked') throw invalidState('Go available before taking calls');
  const { conferenceId, fromAgent } = offer.transfer;
  return ctx.run('team.answerOffer', offer.callControlId, async () => {
    const lease = await ctx.claims.acquire(offer.callControlId);
    try {
      await ctx.inTransition(async () => {
        ctx.store.update((x) =>
          enterConference(x, {
            id: conferenceId,
            // Its name as the account's conference list knows it (webhooks, reconcile), else who sent it.
            name: x.conferences.find((c) => c.id === conferenceId)?.name ?? `Transfer from ${fromAgent}`,
            createdAt: now(),
            myRole: 'agent',
            caller: { callControlId: offer.callControlId, from: offer.from, ...(offer.queue ? { queue: offer.queue } : {}) },
          }),
        );
        try {
          await ctx.gateway.call('join transferred call', (client, commandId) =>
            client.conferences.actions.join(conferenceId, { call_control_id: agentLeg.callControlId, command_id: commandId }),
          );
        } catch (e) {
          // Nothing changed for the caller: the sender is still with it (and gets its caller back once it sees we never joined).
          ctx.store.update((x) => leaveMyConference(x, now(), undefined));
          throw e;
        }
      });
      lease?.keep();
    } catch (e) {
      await lease?.release();
      throw e;
    }
    await ctx.confirm(
      (x) => x.conference?.id !== conferenceId || x.conference.participants.some((p) => p.callControlId === agentLeg.callControlId && p.status === 'joined'),
      'agent joined transferred call',
    );
    await ctx.refreshParticipants(conferenceId).catch(() => undefined);
    return { conferenceId };
  });
}
