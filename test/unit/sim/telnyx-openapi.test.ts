// The spec validator must really fail on bodies that do not match (otherwise every "validated"
// integration test would pass vacuously).
import { describe, expect, it } from 'vitest';
import { pathTemplateFor, responseErrors, validateResponse, validateWebhook, webhookErrors } from '../../support/telnyx-openapi';

const conference = {
  record_type: 'conference', id: '0ccc7b54-4df3-4bca-a65a-3da1ecc777f0', name: 'c', created_at: '2024-01-01T00:00:00Z',
  expires_at: '2024-01-01T04:00:00Z', status: 'in_progress',
};

describe('validateResponse', () => {
  it('accepts a conforming body and rejects missing required fields, wrong enums and wrong types', () => {
    expect(() => validateResponse('GET', '/conferences/{id}', 200, { data: conference })).not.toThrow();
    const { expires_at: _dropped, ...missing } = conference;
    expect(responseErrors('GET', '/conferences/{id}', 200, { data: missing }).join()).toContain('expires_at');
    expect(() => validateResponse('GET', '/conferences/{id}', 200, { data: { ...conference, status: 'busy' } })).toThrow(/does not match/);
    expect(() => validateResponse('GET', '/queues/{queue_name}/calls', 200, { data: [{ queue_position: '1' }], meta: {} })).toThrow();
  });

  it('checks error bodies, including statuses an operation does not list', () => {
    expect(() => validateResponse('GET', '/queues', 401, { errors: [{ code: '10009', title: 'Authentication failed' }] })).not.toThrow();
    expect(() => validateResponse('GET', '/queues', 401, { errors: [{ code: 10009, title: 'x' }] })).toThrow();
    expect(() => validateResponse('DELETE', '/queues/{queue_name}', 400, { errors: [{ title: 'no code' }] })).toThrow();
    expect(() => validateResponse('DELETE', '/queues/{queue_name}', 204, null)).not.toThrow();
    expect(() => validateResponse('DELETE', '/queues/{queue_name}', 204, { data: 1 })).toThrow();
  });

  it('maps concrete paths to templates, preferring literal segments', () => {
    expect(pathTemplateFor('POST', '/conferences/abc/actions/mute')).toBe('/conferences/{id}/actions/mute');
    expect(pathTemplateFor('GET', '/conferences/abc/participants')).toBe('/conferences/{conference_id}/participants');
    expect(pathTemplateFor('GET', '/queues/support/calls/v3:x')).toBe('/queues/{queue_name}/calls/{call_control_id}');
    expect(() => pathTemplateFor('GET', '/nope')).toThrow();
  });
});

describe('validateWebhook', () => {
  const base = { record_type: 'event', id: '0ccc7b54-4df3-4bca-a65a-3da1ecc777f0', occurred_at: '2024-01-01T00:00:00Z' };

  it('accepts known events and rejects wrong payload types, enums and unknown event types', () => {
    expect(() => validateWebhook({ data: { ...base, event_type: 'call.dequeued', payload: { reason: 'hangup', queue_position: 1 } }, meta: { attempt: 1, delivered_to: 'http://x' } })).not.toThrow();
    expect(webhookErrors({ data: { ...base, event_type: 'call.dequeued', payload: { reason: 'gone' } } }).join()).toContain('allowed');
    expect(() => validateWebhook({ data: { ...base, event_type: 'call.enqueued', payload: { current_position: '1' } } })).toThrow();
    expect(() => validateWebhook({ data: { ...base, event_type: 'call.teleported', payload: {} } })).toThrow(/no webhook schema/);
    expect(() => validateWebhook({ data: { ...base, event_type: 'conference.floor.changed', payload: { conference_id: 'x' } }, meta: { attempt: 0, delivered_to: 'u' } })).toThrow(/attempt/);
    expect(() => validateWebhook({ data: { ...base, id: 'not-a-uuid', event_type: 'conference.created', payload: {} } })).toThrow();
  });
});
