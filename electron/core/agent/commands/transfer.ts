/**
 * Transfers of the console's caller, on Telnyx's conference: the target is dialled as a leg of
 * its own and joined to the same conference once answered, while the caller waits on hold with
 * hold music (heard by nobody, hearing the music: Telnyx's hold rule). Then:
 * - blind: the console completes by itself as soon as the target joined;
 * - consult: the agent talks to the target, then completes (caller off hold, agent leaves),
 *   goes three-way (caller off hold) or cancels (target hung up, caller off hold) — cancel
 *   works while the target still rings;
 * - to a queue: the caller is enqueued again with a note of who sent it (client_state); the
 *   console's leave-when-the-caller-is-gone reaction then takes the agent out.
 * - to a teammate (by agent id): not dialled but offered through the relay (teammate-transfer.ts);
 *   once it accepted, its own leg joins and the steps above follow.
 * The caller is never dropped: a target that is busy, does not answer or cannot join only ever
 * hangs up its own leg, and the caller is taken off hold. The step that waits for the target
 * runs after `transfer.start` answers (follow), driven by the store's webhooks.
 */
import { randomUUID } from 'node:crypto';
import { COMMAND_DEADLINE_MS, destinationAddress, type ParsedParams, type Participant } from '../../../contract';
import { invalidState, notConfigured, toSwitchboardError } from '../../errors';
import type { AgentModel } from '../model';
import { addJoiningParticipant, beginTransfer, clearTransfer, rememberCall, removeParticipant, setTransferIntent, setTransferTarget } from '../reducer';
import { writeTransferNote } from '../../transfer-note';
import type { TransferRecord } from '../transfer-record';
import { mine } from './conference';
import { now, type CommandContext } from './context';
import { agentAddress } from '../address';
import { callerNumber, completeNow, current, hangUp, setCallerHold } from './transfer-steps';
import { cancelTeammateTransfer, offerToTeammate } from './teammate-transfer';

/** How long Telnyx rings the target before giving up (`timeout_secs`; Telnyx's default is 30). */
export const TRANSFER_RING_SECS = 30;
/** A safety net only: Telnyx ends an unanswered leg itself after TRANSFER_RING_SECS. */
const RING_GUARD_MS = (TRANSFER_RING_SECS + 30) * 1000;

type Ctx = CommandContext;

/** The console's own call (agent role) and its caller, or a clear refusal. */
function myCall(m: AgentModel, conferenceId: string): { conferenceId: string; caller: Participant } {
  const c = mine(m, conferenceId);
  if (!c || c.myRole !== 'agent') throw invalidState('You are not on that call');
  const caller = c.participants.find((p) => p.kind === 'caller' && p.status === 'joined');
  if (!caller) throw invalidState('There is no caller on this call to transfer');
  return { conferenceId: c.id, caller };
}

/** The transfer of this conference that is still under way. */
function activeTransfer(ctx: Ctx, conferenceId: string): TransferRecord {
  const t = ctx.store.model().transfer;
  if (!t || t.conferenceId !== conferenceId || t.ended) throw invalidState('No transfer is under way on this call');
  return t;
}

/** Who sent the call (core/transfer-note.ts): on a re-enqueued caller's leg, and (with `target`) on a dialled target's. */
export function transferNote(ctx: Ctx, conferenceId: string, target?: { transfer: string; caller: string }): string {
  const settings = ctx.settings();
  const endpoint = agentAddress(settings);
  const by = settings.agent.displayName || endpoint || 'agent';
  return writeTransferNote({ transferredBy: by, fromConference: conferenceId, at: now(), ...(target ? { ...target, ...(endpoint ? { dialledBy: endpoint } : {}) } : {}) });
}

async function dialTarget(ctx: Ctx, t: TransferRecord): Promise<string> {
  const { agent } = ctx.settings();
  if (!agent.connectionId) throw notConfigured('Set the Call Control connection id in Settings');
  if (!agent.callerId) throw notConfigured('Set the caller id for the agent leg in Settings');
  const to = destinationAddress(t.destination);
  const res = await ctx.gateway.call('dial transfer target', (client, commandId) =>
    client.calls.dial({
      connection_id: agent.connectionId,
      from: agent.callerId,
      to,
      timeout_secs: TRANSFER_RING_SECS,
      client_state: transferNote(ctx, t.conferenceId, { transfer: t.id, caller: callerNumber(ctx, t) }),
      command_id: commandId,
    }),
  );
  const callControlId = res.data?.call_control_id;
  if (!callControlId) throw invalidState('Telnyx did not return a call control id for the transfer target');
  ctx.store.update((m) => setTransferTarget(rememberCall(m, callControlId, { to, direction: 'outgoing', addedByConsole: true }), t.id, callControlId));
  return callControlId;
}

export async function start(ctx: Ctx, p: ParsedParams<'transfer.start'>): Promise<{ transferId: string; targetCallControlId?: string }> {
  const m = ctx.store.model();
  const { conferenceId, caller } = myCall(m, p.conferenceId);
  if (m.transfer && m.transfer.conferenceId === conferenceId && !m.transfer.ended) throw invalidState('A transfer is already under way on this call');
  const id = randomUUID();
  const record: TransferRecord = {
    id,
    kind: p.kind,
    conferenceId,
    callerCallControlId: caller.callControlId,
    destination: p.destination,
    startedAt: now(),
    intent: p.kind === 'blind' ? 'complete' : 'consult',
    targetJoined: false,
  };
  const rollback = (x: AgentModel) => (x.transfer?.id === id ? clearTransfer(x) : x);
  ctx.store.update((x) => beginTransfer(x, record));
  if (p.destination.type === 'queue') {
    const queue = p.destination.queue;
    await ctx.run('transfer.start', conferenceId, async () => {
      await ctx.gateway.call('enqueue caller for transfer', (client, commandId) =>
        client.calls.actions.enqueue(caller.callControlId, { queue_name: queue, client_state: transferNote(ctx, conferenceId), command_id: commandId }),
      );
      // Telnyx takes the caller out of the conference; then the agent leaves by itself (reactions.ts).
      await ctx.confirm((x) => !mine(x, conferenceId)?.participants.some((q) => q.callControlId === caller.callControlId), 'caller re-enqueued');
      // The claim taken with the call (team mode) would keep other agents from taking it for a lease.
      await ctx.claims.release(caller.callControlId).catch((e: unknown) => ctx.log.warn('could not give back the claim of a re-enqueued caller', { cause: String(e) }));
    }, { rollback });
    return { transferId: id };
  }
  if (p.destination.type === 'teammate') {
    await offerToTeammate(ctx, record, p.note, rollback);
    return { transferId: id };
  }
  const target = await ctx.run(
    'transfer.start',
    conferenceId,
    async () => {
      await setCallerHold(ctx, conferenceId, caller.callControlId, true);
      try {
        return await dialTarget(ctx, record);
      } catch (e) {
        await setCallerHold(ctx, conferenceId, caller.callControlId, false).catch(() => undefined);
        throw e;
      }
    },
    { rollback },
  );
  void follow(ctx, id).catch((e: unknown) => ctx.log.warn('transfer step failed', { code: toSwitchboardError(e).code }));
  return { transferId: id, targetCallControlId: target };
}

/** After the dial: wait for Telnyx to say the target answered (join it) or hung up (resume the caller). */
async function follow(ctx: Ctx, id: string): Promise<void> {
  const target = current(ctx, id)?.targetCallControlId;
  const decided = (m: AgentModel) => {
    const t = m.transfer;
    return !t || t.id !== id || t.ended !== undefined || t.intent === 'cancel' || m.calls.get(t.targetCallControlId ?? '')?.state !== 'initiated';
  };
  if (!(await ctx.waitFor(decided, RING_GUARD_MS))) {
    const t = current(ctx, id);
    if (t?.targetCallControlId) await hangUp(ctx, t.targetCallControlId, 'hang up silent transfer target').catch(() => undefined);
    await ctx.waitFor((m) => m.transfer?.id !== id || m.transfer.ended !== undefined, COMMAND_DEADLINE_MS);
  }
  const t = current(ctx, id);
  if (!t && target && ctx.store.model().calls.get(target)?.state !== 'hangup') {
    // The call ended (the caller hung up) while the target rang: nobody is left to transfer.
    await hangUp(ctx, target, 'hang up transfer target of an ended call').catch(() => undefined);
    return;
  }
  if (!t || t.intent === 'cancel') return; // cancel resumes the caller itself
  if (t.ended) {
    // Busy, no answer, rejected: only the target's leg ended. The agent is back with the caller.
    await ctx.run('transfer.start', t.conferenceId, () => setCallerHold(ctx, t.conferenceId, t.callerCallControlId, false));
    return;
  }
  await joinTarget(ctx, t);
  const joined = current(ctx, id);
  if (joined?.intent === 'complete' && !joined.ended) await completeNow(ctx, joined);
}

async function joinTarget(ctx: Ctx, t: TransferRecord): Promise<void> {
  const target = t.targetCallControlId!;
  await ctx.run('transfer.start', t.conferenceId, async () => {
    ctx.store.update((m) => addJoiningParticipant(m, t.conferenceId, target));
    try {
      await ctx.gateway.call('join transfer target', (client, commandId) =>
        client.conferences.actions.join(t.conferenceId, { call_control_id: target, command_id: commandId }),
      );
    } catch (e) {
      ctx.store.update((m) => removeParticipant(m, t.conferenceId, target));
      if (current(ctx, t.id)?.intent === 'cancel') return; // the agent cancelled meanwhile: nothing failed
      await hangUp(ctx, target, 'hang up transfer target that could not join').catch(() => undefined);
      await setCallerHold(ctx, t.conferenceId, t.callerCallControlId, false).catch(() => undefined);
      throw e;
    }
    await ctx.confirm((m) => m.transfer?.id !== t.id || m.transfer.targetJoined || m.transfer.ended !== undefined || m.transfer.intent === 'cancel', 'transfer target joined');
  });
}

export async function complete(ctx: Ctx, p: ParsedParams<'transfer.complete'>): Promise<null> {
  const t = activeTransfer(ctx, p.conferenceId);
  ctx.store.update((m) => setTransferIntent(m, t.id, 'complete'));
  // Not joined yet: follow() completes as soon as the target joins (a consult turned blind).
  const joined = current(ctx, t.id);
  if (joined?.targetJoined) await completeNow(ctx, joined);
  return null;
}

export async function threeWay(ctx: Ctx, p: ParsedParams<'transfer.threeWay'>): Promise<null> {
  const t = activeTransfer(ctx, p.conferenceId);
  if (!t.targetJoined) throw invalidState('The target has not joined yet');
  await ctx.run('transfer.threeWay', t.conferenceId, async () => {
    await setCallerHold(ctx, t.conferenceId, t.callerCallControlId, false);
    ctx.store.update((m) => setTransferIntent(m, t.id, 'three-way'));
  });
  return null;
}

export async function cancel(ctx: Ctx, p: ParsedParams<'transfer.cancel'>): Promise<null> {
  const t = activeTransfer(ctx, p.conferenceId);
  ctx.store.update((m) => setTransferIntent(m, t.id, 'cancel'));
  if (t.destination.type === 'teammate') return cancelTeammateTransfer(ctx, t);
  await ctx.run('transfer.cancel', t.conferenceId, async () => {
    // Cancelled while the dial was on its way: its answer names the leg to hang up.
    await ctx.waitFor((m) => m.transfer?.id !== t.id || m.transfer.targetCallControlId !== undefined, COMMAND_DEADLINE_MS);
    const target = current(ctx, t.id)?.targetCallControlId;
    if (target && ctx.store.model().calls.get(target)?.state !== 'hangup') {
      try {
        await hangUp(ctx, target, 'hang up transfer target');
      } catch (e) {
        // It hung up by itself meanwhile (Telnyx: "Call has already ended"): what the agent wanted.
        if (ctx.store.model().calls.get(target)?.state !== 'hangup' && toSwitchboardError(e).telnyx?.code !== '90018') throw e;
      }
      await ctx.confirm((m) => m.calls.get(target)?.state === 'hangup', 'transfer target hung up');
    }
    await setCallerHold(ctx, t.conferenceId, t.callerCallControlId, false);
  });
  return null;
}
