/**
 * The runtime list of names and the IPC channel naming, kept free of zod so the sandboxed
 * preload bundle stays tiny. The compile-time checks below fail if a name is missing.
 */
import type { MethodName } from './methods';
import type { EventName } from './events';

export const methodNames = [
  'app.getInfo', 'app.openExternal',
  'settings.get', 'settings.set',
  'secrets.status', 'secrets.set', 'secrets.clear', 'secrets.acceptWeakStorage',
  'telnyx.testConnection',
  'demo.start', 'demo.stop',
  'agent.getState', 'agent.setStatus', 'agent.finishWrapUp',
  'queue.takeNext', 'queue.takeCall', 'queue.enqueue', 'queue.remove',
  'conference.list', 'conference.get', 'conference.mute', 'conference.unmute', 'conference.hold',
  'conference.unhold', 'conference.play', 'conference.stopAudio', 'conference.speak',
  'conference.recordStart', 'conference.recordPause', 'conference.recordResume', 'conference.recordStop',
  'conference.addParticipant', 'conference.leave', 'conference.end',
  'supervisor.join', 'supervisor.setRole',
  'shortcuts.status', 'shortcuts.set', 'shortcuts.reset', 'shortcuts.trigger',
  'failures.dismiss',
  'updates.getStatus', 'updates.check', 'updates.setChannel', 'updates.installNow',
] as const satisfies readonly MethodName[];

export const eventNames = ['state', 'updates.status', 'notice'] as const satisfies readonly EventName[];

type Exhaustive<All, Listed> = [Exclude<All, Listed>] extends [never] ? true : Exclude<All, Listed>;
const allMethodsListed: Exhaustive<MethodName, (typeof methodNames)[number]> = true;
const allEventsListed: Exhaustive<EventName, (typeof eventNames)[number]> = true;
void allMethodsListed;
void allEventsListed;

/** IPC channel of a method: `sb:conference.mute`. */
export const methodChannel = (method: MethodName): string => `sb:${method}`;
/** IPC channel of an event: `sb-event:state`. */
export const eventChannel = (event: EventName): string => `sb-event:${event}`;

export function isMethodName(value: unknown): value is MethodName {
  return typeof value === 'string' && (methodNames as readonly string[]).includes(value);
}
export function isEventName(value: unknown): value is EventName {
  return typeof value === 'string' && (eventNames as readonly string[]).includes(value);
}
