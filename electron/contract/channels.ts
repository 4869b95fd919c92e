/**
 * The IPC channel naming and the runtime checks of names, kept free of zod so the sandboxed
 * preload bundle stays tiny. The compile-time check below fails if an event name is missing.
 */
import type { EventName } from './events';
import { methodNames, type MethodName } from './names';

export const eventNames = ['state', 'updates.status', 'notice', 'history.changed'] as const satisfies readonly EventName[];

type Exhaustive<All, Listed> = [Exclude<All, Listed>] extends [never] ? true : Exclude<All, Listed>;
const allEventsListed: Exhaustive<EventName, (typeof eventNames)[number]> = true;
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
