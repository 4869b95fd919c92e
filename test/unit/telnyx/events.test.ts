// The decoder from a signed webhook body to a typed Telnyx event: every event type the engine uses
// (samples checked against Telnyx's OpenAPI spec first), unknown types, and malformed bodies.
import { describe, expect, it } from 'vitest';
import { KNOWN_EVENT_TYPES, decodeTelnyxWebhook, parseTelnyxEnvelope, type KnownEventType, type TelnyxEvent } from '@switchboard/telnyx';
import { specWebhookEventTypes, validateWebhook } from '../../support/telnyx-openapi';

const occurredAt = '2026-01-01T12:00:00.000Z';
const ccid = 'v3:MdI91X4lWFEs7IgbBEOT9M4AigoY08M0WWZFISt1Yw2axZ_IiE4pqg';
const conferenceId = '428c31b6-abf3-3bc1-b7f4-5013ef9657c1';
const leg = { call_control_id: ccid, call_leg_id: '428c31b6-7af4-4bcb-b7f5-5013ef9657c1', call_session_id: '428c31b6-7af4-4bcb-b7f5-5013ef9657c2', connection_id: '7267xxxxxxxxxxxxxx' };
const conf = { conference_id: conferenceId, connection_id: '7267xxxxxxxxxxxxxx', occurred_at: occurredAt };
const urls = { mp3: 'http://example.com/recording.mp3', wav: 'http://example.com/recording.wav' };

/** A spec-shaped payload for each event type the engine acts on. */
const samples: Record<KnownEventType, Record<string, unknown>> = {
  'call.initiated': { ...leg, from: '+15550001', to: '+15550002', direction: 'incoming', state: 'parked' },
  'call.answered': { ...leg, from: '+15550001', to: '+15550002', state: 'answered' },
  'call.bridged': { ...leg, from: '+15550001', to: '+15550002' },
  'call.hangup': { ...leg, from: '+15550001', to: '+15550002', hangup_cause: 'normal_clearing', call_quality_stats: null },
  'call.enqueued': { ...leg, queue: 'support', current_position: 2, queue_avg_wait_time_secs: 12 },
  'call.dequeued': { ...leg, queue: 'support', queue_position: 1, reason: 'bridged', wait_time_secs: 30 },
  'conference.created': { ...conf, call_control_id: ccid },
  'conference.ended': { ...conf, call_control_id: ccid, reason: 'all_left' },
  'conference.participant.joined': { ...leg, conference_id: conferenceId },
  'conference.participant.left': { ...leg, conference_id: conferenceId },
  'conference.floor.changed': { ...conf, call_control_id: ccid },
  'conference.playback.started': { ...conf, media_url: 'https://example.com/hold.wav' },
  'conference.playback.ended': { ...conf, media_url: 'https://example.com/hold.wav' },
  'conference.participant.playback.started': { ...conf, call_control_id: ccid, media_url: 'https://example.com/hold.wav' },
  'conference.participant.playback.ended': { ...conf, call_control_id: ccid, media_url: 'https://example.com/hold.wav' },
  'conference.speak.started': { ...conf },
  'conference.speak.ended': { ...conf },
  'conference.participant.speak.started': { ...conf, call_control_id: ccid },
  'conference.participant.speak.ended': { ...conf, call_control_id: ccid },
  'conference.recording.saved': { ...conf, call_control_id: ccid, recording_id: '428c31b6-abf3-3bc1-b7f4-5013ef9657c3', format: 'mp3', recording_urls: urls, public_recording_urls: urls },
};

const body = (eventType: string, payload: unknown, data: Record<string, unknown> = { occurred_at: occurredAt }) =>
  JSON.stringify({ data: { record_type: 'event', event_type: eventType, id: '0ccc7b54-4df3-4bca-a65a-3da1ecc777f0', ...data, payload }, meta: { attempt: 1, delivered_to: 'https://example.com/webhooks' } });

function decoded(text: string, fallback?: string): TelnyxEvent {
  const result = decodeTelnyxWebhook(text, fallback);
  if (!result.ok) throw new Error(result.reason);
  return result.event;
}

const refusal = (text: string, fallback?: string) => {
  const result = decodeTelnyxWebhook(text, fallback);
  return result.ok ? 'decoded' : result.reason;
};

describe('Telnyx event decoder', () => {
  it('types only event types Telnyx defines', () => {
    const spec = new Set(specWebhookEventTypes());
    expect(KNOWN_EVENT_TYPES.filter((t) => !spec.has(t))).toEqual([]);
  });

  it.each(KNOWN_EVENT_TYPES)('decodes %s (a body that matches the spec) into its typed variant', (eventType) => {
    const text = body(eventType, samples[eventType]);
    validateWebhook(JSON.parse(text));
    const event = decoded(text);
    expect(event).toMatchObject({ known: true, eventType, id: '0ccc7b54-4df3-4bca-a65a-3da1ecc777f0', occurredAt });
    // Every key arrives intact, typed or not (payloads carry undocumented extras).
    expect(event.payload).toEqual(samples[eventType]);
  });

  it('reads the typed fields the engine uses', () => {
    const enqueued = decoded(body('call.enqueued', samples['call.enqueued']));
    if (enqueued.eventType !== 'call.enqueued' || !enqueued.known) throw new Error('wrong variant');
    const position: number | undefined = enqueued.payload.current_position;
    const queue: string = enqueued.payload.queue;
    expect([queue, position]).toEqual(['support', 2]);

    const saved = decoded(body('conference.recording.saved', { ...samples['conference.recording.saved'], recording_urls: { mp3: null, wav: urls.wav } }));
    if (saved.eventType !== 'conference.recording.saved' || !saved.known) throw new Error('wrong variant');
    expect(saved.payload.recording_urls).toEqual({ wav: urls.wav });
  });

  it('treats null and empty optional fields as absent, keeps unknown keys, and leaves the input alone', () => {
    const payload = { ...leg, from: '', to: null, calling_party_type: 'pstn', custom_headers: [{ name: 'X-A', value: '1' }] };
    const event = decoded(body('call.initiated', payload));
    expect(event.payload).toEqual({ ...leg, calling_party_type: 'pstn', custom_headers: [{ name: 'X-A', value: '1' }] });
    expect(payload).toMatchObject({ from: '', to: null });
  });

  it('decodes other event types as "other", payload unread', () => {
    const event = decoded(body('call.dtmf.received', { ...leg, digit: 7 }));
    expect(event).toEqual({ known: false, eventType: 'call.dtmf.received', id: '0ccc7b54-4df3-4bca-a65a-3da1ecc777f0', occurredAt, payload: { ...leg, digit: 7 } });
    expect(decoded(body('call.machine.detection.ended', 'not an object'))).toMatchObject({ known: false, payload: {} });
  });

  it('takes occurred_at from data, else from the payload, else from the fallback; refuses an event with none', () => {
    expect(decoded(body('conference.created', conf, {})).occurredAt).toBe(occurredAt);
    expect(decoded(body('conference.created', { ...conf, occurred_at: '2026-02-02T00:00:00Z' })).occurredAt).toBe(occurredAt);
    const undated = body('call.hangup', leg, {});
    expect(decoded(undated, '2026-03-03T00:00:00Z').occurredAt).toBe('2026-03-03T00:00:00Z');
    expect(refusal(undated)).toBe('call.hangup: no occurred_at');
  });

  it('refuses malformed bodies and payloads, saying what is wrong', () => {
    expect(refusal('{"data": {"id": ')).toBe('body is not JSON');
    expect(refusal('[]')).toBe('no data object');
    expect(refusal(JSON.stringify({ data: [] }))).toBe('no data object');
    expect(refusal(JSON.stringify({ data: { event_type: 'call.hangup', occurred_at: occurredAt, payload: leg } }))).toBe('data.id is missing');
    expect(refusal(JSON.stringify({ data: { id: 'x', event_type: '', occurred_at: occurredAt, payload: leg } }))).toBe('data.event_type is missing');
    expect(refusal(body('call.hangup', { ...leg, call_control_id: undefined }))).toBe('call.hangup: payload.call_control_id is missing');
    expect(refusal(body('call.hangup', { ...leg, call_control_id: '' }))).toBe('call.hangup: payload.call_control_id is missing');
    expect(refusal(body('call.hangup', 'not an object'))).toBe('call.hangup: payload.call_control_id is missing');
    expect(refusal(body('call.answered', { ...leg, call_control_id: 42 }))).toBe('call.answered: payload.call_control_id is not a string');
    expect(refusal(body('call.enqueued', { ...leg }))).toBe('call.enqueued: payload.queue is missing');
    expect(refusal(body('call.enqueued', { ...leg, queue: 'support', current_position: '2' }))).toBe('call.enqueued: payload.current_position is not a number');
    expect(refusal(body('call.initiated', { ...leg, direction: 'sideways' }))).toBe('call.initiated: payload.direction is not one of incoming, outgoing');
    expect(refusal(body('conference.participant.joined', { ...leg }))).toBe('conference.participant.joined: payload.conference_id is missing');
    expect(refusal(body('conference.floor.changed', { call_control_id: ccid }))).toBe('conference.floor.changed: payload.conference_id is missing');
    expect(refusal(body('conference.recording.saved', { ...conf, recording_urls: 'x' }))).toBe('conference.recording.saved: payload.recording_urls is not an object');
    expect(refusal(body('conference.recording.saved', { ...conf, public_recording_urls: { wav: 5 } }))).toBe(
      'conference.recording.saved: payload.public_recording_urls.wav is not a string',
    );
  });

  it('parses just the envelope for the relay, whatever the event type and payload', () => {
    expect(parseTelnyxEnvelope(body('call.hangup', { connection_id: 'c1', queue: 7 }))).toEqual({
      ok: true,
      event: { id: '0ccc7b54-4df3-4bca-a65a-3da1ecc777f0', eventType: 'call.hangup', occurredAt, payload: { connection_id: 'c1', queue: 7 } },
    });
    expect(parseTelnyxEnvelope('null')).toEqual({ ok: false, reason: 'no data object' });
  });
});
