/**
 * The contract methods the engine answers, and the shortcut actions. Clicks and shortcuts run
 * exactly the same command functions (commands/*), which make the SDK calls.
 */
import { randomUUID } from 'node:crypto';
import type { MethodName, ShortcutAction } from '../../contract';
import type { Handlers } from '../dispatch';
import { CommandError, toSwitchboardError } from '../errors';
import * as agentStatus from './commands/agent-status';
import * as conference from './commands/conference';
import * as conferenceMedia from './commands/conference-media';
import * as conferenceReads from './commands/conference-reads';
import * as keypad from './commands/keypad';
import * as outbound from './commands/outbound';
import { now, type CommandContext } from './commands/context';
import * as queue from './commands/queue';
import * as supervisor from './commands/supervisor';
import * as wrapUp from './commands/wrap-up';
import * as transfer from './commands/transfer';
import { dismissFailure, failCommand } from './reducer';
import { runShortcutAction } from './shortcut-actions';

/** Every agent, queue, conference and supervisor method, and dismissing a failure. */
export type EngineMethods =
  | Extract<
      MethodName,
      | `agent.${string}`
      | `queue.${string}`
      | `conference.${string}`
      | `supervisor.${string}`
      | `screenPop.${string}`
      | `transfer.${string}`
      | `keypad.${string}`
      | `call.${string}`
      | `phoneNumbers.${string}`
    >
  | 'failures.dismiss';

export type EngineHandlers = Pick<Handlers, EngineMethods>;

/** What some methods need beyond the command context: the screen pop and outbound dialling's parts. */
export interface EngineHandlerParts {
  screenPop: { open(conferenceId: string): Promise<{ url: string }> };
  outbound: outbound.OutboundDeps;
}

export function createEngineHandlers(ctx: CommandContext, { screenPop, outbound: outboundDeps }: EngineHandlerParts): EngineHandlers {
  const { store } = ctx;
  return {
    'agent.getState': async () => store.state(),
    'agent.setStatus': (p) => agentStatus.setStatus(ctx, p),
    'agent.finishWrapUp': (p) => agentStatus.finishWrapUp(ctx, p),
    'agent.updateWrapUp': (p) => wrapUp.updateWrapUp(ctx, p),
    'agent.extendWrapUp': () => wrapUp.extendWrapUp(ctx),
    'screenPop.open': ({ conferenceId }) => screenPop.open(conferenceId),
    'queue.takeNext': ({ queue: name }) => queue.takeNext(ctx, name),
    'queue.takeCall': ({ callControlId }) => queue.takeCall(ctx, callControlId),
    'queue.enqueue': ({ callControlId, queue: name }) => queue.enqueue(ctx, callControlId, name),
    'queue.remove': ({ callControlId }) => queue.remove(ctx, callControlId),
    'conference.list': () => conferenceReads.list(ctx),
    'conference.get': (p) => conferenceReads.get(ctx, p),
    'conference.mute': (p) => conference.mute(ctx, p),
    'conference.unmute': (p) => conference.unmute(ctx, p),
    'conference.hold': (p) => conference.hold(ctx, p),
    'conference.unhold': (p) => conference.unhold(ctx, p),
    'conference.play': (p) => conferenceMedia.play(ctx, p),
    'conference.stopAudio': (p) => conferenceMedia.stopAudio(ctx, p),
    'conference.speak': (p) => conferenceMedia.speak(ctx, p),
    'conference.recordStart': (p) => conferenceMedia.recordStart(ctx, p),
    'conference.recordPause': (p) => conferenceMedia.recordPause(ctx, p),
    'conference.recordResume': (p) => conferenceMedia.recordResume(ctx, p),
    'conference.recordStop': (p) => conferenceMedia.recordStop(ctx, p),
    'conference.addParticipant': (p) => conference.addParticipant(ctx, p),
    'conference.leave': (p) => conference.leave(ctx, p),
    'conference.end': (p) => conference.end(ctx, p),
    'supervisor.join': (p) => supervisor.join(ctx, p),
    'supervisor.setRole': (p) => supervisor.setRole(ctx, p),
    'transfer.start': (p) => transfer.start(ctx, p),
    'transfer.complete': (p) => transfer.complete(ctx, p),
    'transfer.threeWay': (p) => transfer.threeWay(ctx, p),
    'transfer.cancel': (p) => transfer.cancel(ctx, p),
    'keypad.send': (p) => keypad.sendDtmf(ctx, p),
    'call.dial': (p) => outbound.dial(outboundDeps, p),
    'call.cancelDial': () => outbound.cancelDial(ctx),
    'call.dismissLink': ({ id }) => outbound.dismissLink(ctx, id),
    'phoneNumbers.list': ({ refresh }) => outboundDeps.numbers.get(refresh ? { refresh } : {}),
    'failures.dismiss': async ({ id }) => {
      store.update((m) => dismissFailure(m, id));
      return null;
    },
  };
}

/** Runs a shortcut action; a shortcut refused before any call still leaves a failure in state. */
export function createShortcutRunner(ctx: CommandContext): (action: ShortcutAction) => Promise<void> {
  const { store } = ctx;
  return async (action) => {
    const failuresBefore = store.model().failures.length;
    try {
      await runShortcutAction(ctx, action);
    } catch (e) {
      const error = toSwitchboardError(e);
      if (error.failureId !== undefined || store.model().failures.length !== failuresBefore) throw e instanceof CommandError ? e : new CommandError(error);
      // Refused before any command ran: the store keeps it (the screen lists it), and the outcome
      // names that failure so the renderer does not show it a second time.
      const failureId = randomUUID();
      store.update((m) => failCommand(m, { id: failureId, method: `shortcut.${action}`, error, at: now() }));
      throw new CommandError({ ...error, failureId });
    }
  };
}
