/**
 * The steps every kind of transfer shares (commands/transfer.ts dials a target,
 * commands/teammate-transfer.ts offers the caller to a teammate): the caller on or off hold,
 * hanging up a leg, completing (caller off hold, the agent leaves).
 */
import { clearParticipantPending, setParticipantFlag } from '../reducer';
import type { TransferRecord } from '../transfer-record';
import { leave } from './conference';
import type { CommandContext } from './context';

type Ctx = CommandContext;

export function current(ctx: Ctx, id: string): TransferRecord | undefined {
  const t = ctx.store.model().transfer;
  return t?.id === id ? t : undefined;
}

/**
 * The caller on or off hold (hold music from Settings, else Telnyx's default). Shown at once,
 * pending until the participant list re-read confirms it (conference hold emits no webhook).
 */
export async function setCallerHold(ctx: Ctx, conferenceId: string, caller: string, onHold: boolean): Promise<void> {
  ctx.store.update((m) => setParticipantFlag(m, conferenceId, [caller], 'onHold', onHold));
  try {
    const music = ctx.settings().holdAudioUrl;
    await ctx.gateway.call(onHold ? 'hold caller for transfer' : 'resume caller after transfer', (client) =>
      onHold
        ? client.conferences.actions.hold(conferenceId, { call_control_ids: [caller], ...(music ? { audio_url: music } : {}) })
        : client.conferences.actions.unhold(conferenceId, { call_control_ids: [caller] }),
    );
  } catch (e) {
    ctx.store.update((m) => clearParticipantPending(setParticipantFlag(m, conferenceId, [caller], 'onHold', !onHold), conferenceId, [caller], 'onHold'));
    throw e;
  }
  await ctx.refreshParticipants(conferenceId, ['onHold']).catch((e: unknown) => {
    ctx.store.update((m) => clearParticipantPending(m, conferenceId, [caller], 'onHold'));
    ctx.log.warn('could not re-read participants after a transfer hold', { cause: String(e) });
  });
}

export const hangUp = (ctx: Ctx, callControlId: string, why: string) =>
  ctx.gateway.call(why, (client, commandId) => client.calls.actions.hangup(callControlId, { command_id: commandId }));

/** The caller's number as the console knows it (for the target's history); '' when unknown. */
export function callerNumber(ctx: Ctx, t: TransferRecord): string {
  const m = ctx.store.model();
  const label = m.conference?.participants.find((p) => p.callControlId === t.callerCallControlId)?.label;
  return m.calls.get(t.callerCallControlId)?.from || (label && !label.startsWith('…') ? label : '');
}

/** Caller off hold, then the agent's leg leaves: caller and target stay together. */
export async function completeNow(ctx: Ctx, t: TransferRecord): Promise<void> {
  await ctx.run('transfer.complete', t.conferenceId, async () => {
    await setCallerHold(ctx, t.conferenceId, t.callerCallControlId, false);
    await leave(ctx, { conferenceId: t.conferenceId });
  });
}
