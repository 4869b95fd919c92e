/**
 * What the console does by itself when the truth changes:
 * - the caller is gone (hung up, moved to a queue): the agent's leg leaves and parks, wrap-up begins;
 * - a supervisor leg is outside any conference: it has nothing to do, so it hangs up.
 */
import { toSwitchboardError } from '../errors';
import type { Logger } from '../log';
import type { TelnyxGateway } from '../telnyx-gateway';
import type { CommandContext } from './commands/context';
import type { AgentModel } from './model';
import type { AgentStore } from './store';
import type { Transitions } from './transitions';

export interface ReactionDeps {
  store: AgentStore;
  gateway: TelnyxGateway;
  transitions: Transitions;
  confirm: CommandContext['confirm'];
  reconcile(reason: string): Promise<void>;
  log: Logger;
}

/** Subscribes the reactions to every store change. */
export function startReactions(deps: ReactionDeps): void {
  const autoLeave = autoLeaveWhenCallerGone(deps);
  const hangUp = hangUpIdleSupervisorLeg(deps);
  deps.store.onModel((m, prev) => {
    autoLeave(m, prev);
    hangUp(m, prev);
  });
}

function autoLeaveWhenCallerGone({ gateway, transitions, confirm, reconcile, log }: ReactionDeps) {
  const leaving = new Set<string>();
  const others = (c: NonNullable<AgentModel['conference']>) => c.participants.filter((p) => p.kind !== 'agent' && p.kind !== 'supervisor').length;
  return (m: AgentModel, prev: AgentModel) => {
    const c = m.conference;
    const pc = prev.conference;
    if (!c || !pc || c.id !== pc.id || c.myRole !== 'agent' || leaving.has(c.id) || transitions.busy()) return;
    const meJoined = c.participants.some((p) => p.callControlId === m.agent.leg?.callControlId && p.status === 'joined');
    if (!(others(pc) > 0 && others(c) === 0 && meJoined && m.agent.leg)) return;
    leaving.add(c.id);
    const leg = m.agent.leg.callControlId;
    void gateway
      .call('leave after caller left', (client, commandId) => client.conferences.actions.leave(c.id, { call_control_id: leg, command_id: commandId }))
      .then(() => confirm((x) => x.conference?.id !== c.id, 'left after caller left'))
      .catch((e: unknown) => {
        log.warn('could not leave after the caller left', { code: toSwitchboardError(e).code });
        return reconcile('auto-leave failed');
      })
      .finally(() => leaving.delete(c.id));
  };
}

function hangUpIdleSupervisorLeg({ gateway }: ReactionDeps) {
  const hangingUp = new Set<string>();
  return (m: AgentModel, prev: AgentModel) => {
    if (prev.conference?.myRole !== 'supervisor' || m.conference || !m.supervisorLeg || hangingUp.has(m.supervisorLeg)) return;
    const leg = m.supervisorLeg;
    hangingUp.add(leg);
    void gateway
      .call('hang up supervisor leg', (client, commandId) => client.calls.actions.hangup(leg, { command_id: commandId }))
      .catch(() => undefined)
      .finally(() => hangingUp.delete(leg));
  };
}
