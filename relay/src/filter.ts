import type { Principal } from './auth';
import type { StoredEvent } from './store';

/** What one subscriber receives. Empty sets never occur: an absent set means "no restriction". */
export interface SubscriptionFilter {
  types?: ReadonlySet<string>;
  connectionIds?: ReadonlySet<string>;
  queues?: ReadonlySet<string>;
}

/**
 * Combines the query string (`types`, `connection_ids`, `queues`, comma-separated) with what the
 * token allows. Asking for something the token does not allow is an error (403), not a silent no-op.
 */
export function buildFilter(query: URLSearchParams, principal: Principal): SubscriptionFilter | { forbidden: string } {
  const list = (name: string) => {
    const values = (query.get(name) ?? '').split(',').map((v) => v.trim()).filter(Boolean);
    return values.length ? new Set(values) : undefined;
  };
  const narrow = (name: string, requested: Set<string> | undefined, allowed: ReadonlySet<string> | undefined) => {
    if (!allowed) return { value: requested };
    if (!requested) return { value: allowed };
    const outside = [...requested].filter((v) => !allowed.has(v));
    return outside.length ? { forbidden: `${name} not allowed for this token: ${outside.join(',')}` } : { value: requested };
  };
  const connectionIds = narrow('connection_ids', list('connection_ids'), principal.connectionIds);
  if ('forbidden' in connectionIds) return { forbidden: connectionIds.forbidden! };
  const queues = narrow('queues', list('queues'), principal.queues);
  if ('forbidden' in queues) return { forbidden: queues.forbidden! };
  const types = list('types');
  return {
    ...(types ? { types } : {}),
    ...(connectionIds.value ? { connectionIds: connectionIds.value } : {}),
    ...(queues.value ? { queues: queues.value } : {}),
  };
}

/**
 * `scope` is the queue the event's call or conference belongs to (see CallScopes), null when none
 * can be known. A queue filter passes only events in one of its queues: nothing of another queue's
 * call, and nothing whose queue is unknown, reaches a queue-scoped subscriber.
 */
export function filterMatches(filter: SubscriptionFilter, event: StoredEvent, scope: string | null): boolean {
  if (filter.types && !filter.types.has(event.eventType)) return false;
  if (filter.connectionIds && (event.connectionId === null || !filter.connectionIds.has(event.connectionId))) return false;
  if (filter.queues && (scope === null || !filter.queues.has(scope))) return false;
  return true;
}
