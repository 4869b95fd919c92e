/**
 * The keypad: DTMF through Call Control's send_dtmf on a leg of the console's call, by default
 * the caller's. Telnyx plays the digits to that leg's far end (the caller's phone, or an IVR the
 * console dialled). Not the agent's own leg: digits sent from the agent's phone or softphone
 * reach Telnyx on the agent's leg (call.dtmf.received there), and a conference mixes audio, not
 * DTMF events, so they would never reach the caller.
 */
import type { ParsedParams } from '../../../contract';
import { invalidState } from '../../errors';
import { mine } from './conference';
import type { CommandContext } from './context';

/** DTMF to a leg of the console's call: the caller's, unless another participant is named. */
export async function sendDtmf(ctx: CommandContext, p: ParsedParams<'keypad.send'>): Promise<null> {
  const m = ctx.store.model();
  const c = mine(m, p.conferenceId);
  if (!c) throw invalidState('You are not on that call');
  const myLeg = c.myRole === 'supervisor' ? m.supervisorLeg : m.agent.leg?.callControlId;
  const target = p.callControlId ?? c.participants.find((x) => x.kind === 'caller' && x.status === 'joined')?.callControlId;
  if (!target) throw invalidState('There is no caller to send digits to');
  if (target === myLeg || !c.participants.some((x) => x.callControlId === target)) throw invalidState('Digits go to another participant of this call');
  await ctx.run('keypad.send', c.id, () =>
    ctx.gateway.call('send DTMF', (client, commandId) => client.calls.actions.sendDtmf(target, { digits: p.digits, command_id: commandId })),
  );
  return null;
}
