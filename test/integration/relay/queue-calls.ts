// Shared by the queue-scope tests (one relay on SQLite, two on Redis): a support caller's and a
// sales caller's whole lives, and a token scoped to queues.
import { SignJWT } from 'jose';
import { expect } from 'vitest';
import { postEvent, TestSubscriber } from '../../support/relay-harness';
import type { TelnyxSigningKey } from '../../support/telnyx-signing';

export const SCOPE_JWT_SECRET = 'queue-scope-test-secret-0123456789abcdef';

export function scopedToken(queues: unknown, secret = SCOPE_JWT_SECRET): Promise<string> {
  return new SignJWT({ queues })
    .setProtectedHeader({ alg: 'HS256' })
    .setSubject('agent-sales')
    .setIssuedAt()
    .setExpirationTime('1h')
    .sign(new TextEncoder().encode(secret));
}

export async function subscribed(subscribers: TestSubscriber[], url: string, token: string, query = ''): Promise<TestSubscriber> {
  const sub = new TestSubscriber(url, token, query);
  subscribers.push(sub);
  await sub.opened;
  await sub.until(() => sub.frames.some((f) => f.type === 'live'));
  return sub;
}

/**
 * A support caller's whole life (enqueued, answered, conference with an agent, recording, hangup)
 * and a sales caller's, interleaved; `post` picks the relay for each webhook. Returns the Telnyx ids
 * a `sales` token must receive, in order.
 */
export async function twoQueuedCalls(post: (i: number) => string, signingKey: TelnyxSigningKey): Promise<{ sales: string[]; all: string[] }> {
  const support = { call_control_id: 'v3:support-caller', call_session_id: 'sess-support' };
  const sales = { call_control_id: 'v3:sales-caller', call_session_id: 'sess-sales' };
  const agentLeg = { call_control_id: 'v3:agent-leg' };
  const steps: Array<[type: string, payload: Record<string, unknown>, salesSees: boolean]> = [
    ['call.initiated', support, false], // no queue known yet: account-wide only
    ['call.initiated', sales, false],
    ['call.answered', support, false],
    ['call.enqueued', { ...support, queue: 'support' }, false],
    ['call.enqueued', { ...sales, queue: 'sales' }, true],
    ['call.dequeued', { ...support, queue: 'support', reason: 'bridged' }, false],
    ['conference.participant.joined', { ...support, conference_id: 'conf-support' }, false],
    ['conference.participant.joined', { ...agentLeg, conference_id: 'conf-support' }, false],
    ['call.dequeued', { ...sales, queue: 'sales', reason: 'bridged' }, true],
    ['conference.participant.joined', { ...sales, conference_id: 'conf-sales' }, true],
    ['conference.recording.saved', { ...support, conference_id: 'conf-support', recording_urls: { mp3: 'https://rec/support.mp3' } }, false],
    ['conference.playback.started', { conference_id: 'conf-sales', media_url: 'https://media/hold.mp3' }, true],
    ['conference.recording.saved', { ...sales, conference_id: 'conf-sales', recording_urls: { mp3: 'https://rec/sales.mp3' } }, true],
    ['call.hangup', support, false],
    ['conference.participant.left', { ...agentLeg, conference_id: 'conf-support' }, false],
    ['call.hangup', sales, true],
    ['call.hangup', agentLeg, false], // the agent leg was never queued
  ];
  const result = { sales: [] as string[], all: [] as string[] };
  for (const [i, [type, payload, salesSees]] of steps.entries()) {
    const posted = await postEvent(post(i), signingKey, type, payload);
    expect(posted.status).toBe(200);
    result.all.push(posted.telnyxId);
    if (salesSees) result.sales.push(posted.telnyxId);
  }
  return result;
}


/**
 * Posts one more event of a new sales call. Delivery is ordered, so once a sales-scoped subscriber
 * has it, any event it should not see would already have arrived: a negative check without a sleep.
 */
export async function salesSentinel(url: string, signingKey: TelnyxSigningKey): Promise<string> {
  const posted = await postEvent(url, signingKey, 'call.enqueued', { call_control_id: 'v3:sales-sentinel', queue: 'sales' });
  expect(posted.status).toBe(200);
  return posted.telnyxId;
}
