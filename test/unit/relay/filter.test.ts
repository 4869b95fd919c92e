import { describe, expect, it } from 'vitest';
import { buildFilter, filterMatches } from '../../../relay/src/filter';
import type { StoredEvent } from '../../../relay/src/store';

const event = (eventType: string, connectionId: string | null, queue: string | null): StoredEvent => ({
  id: 'e.1', telnyxId: 'x', eventType, connectionId, queue, raw: '{}', signature: '', timestamp: '0', receivedAt: 0,
});

describe('subscription filters', () => {
  it('narrows a token to what it allows and refuses asking for more', () => {
    const principal = { agentId: 'a', queues: new Set(['sales']) };
    expect(buildFilter(new URLSearchParams(''), principal)).toEqual({ queues: new Set(['sales']) });
    expect(buildFilter(new URLSearchParams('queues=support'), principal)).toEqual({ forbidden: 'queues not allowed for this token: support' });
    expect(buildFilter(new URLSearchParams('types=call.hangup,,call.answered'), { agentId: 'b' })).toEqual({
      types: new Set(['call.hangup', 'call.answered']),
    });
  });

  it('matches type, connection and queue (the queue of the call or conference, never an unknown one)', () => {
    const filter = { types: new Set(['call.enqueued', 'call.hangup']), connectionIds: new Set(['c1']), queues: new Set(['sales']) };
    expect(filterMatches(filter, event('call.enqueued', 'c1', 'sales'), 'sales')).toBe(true);
    expect(filterMatches(filter, event('call.hangup', 'c1', null), 'sales')).toBe(true);
    expect(filterMatches(filter, event('call.hangup', 'c1', null), 'support')).toBe(false);
    expect(filterMatches(filter, event('call.hangup', 'c1', null), null)).toBe(false);
    expect(filterMatches(filter, event('call.enqueued', 'c1', 'support'), 'support')).toBe(false);
    expect(filterMatches(filter, event('call.enqueued', 'c2', 'sales'), 'sales')).toBe(false);
    expect(filterMatches(filter, event('call.enqueued', null, 'sales'), 'sales')).toBe(false);
    expect(filterMatches(filter, event('call.answered', 'c1', null), 'sales')).toBe(false);
    expect(filterMatches({ types: new Set(['call.hangup']) }, event('call.hangup', 'c1', null), null)).toBe(true);
  });
});
