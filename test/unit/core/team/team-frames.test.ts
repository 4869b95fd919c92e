// The relay's team frames as the desktop reads them: well-formed frames pass field by field,
// anything else is dropped rather than guessed at.
import { describe, expect, it } from 'vitest';
import { readFrame } from '../../../../electron/core/relay/relay-frames';
import { readTokenIdentity } from '../../../../electron/core/team/token-identity';
import { mintAgentToken } from '../../../../relay/src/index';

const presence = {
  agent_id: 'alice', state: 'on_call', reason: null, since: '2026-01-01T09:00:00.000Z', call_control_id: 'c1', conference_id: 'f1',
  queues: ['support'], softphone_registered: true, connected: true, updated_at: 1,
};

describe('readFrame: team frames', () => {
  it('reads presence, dropping agents that do not fit', () => {
    const frame = readFrame(JSON.stringify({ type: 'presence', snapshot: true, agents: [presence, { ...presence, agent_id: 'bob', state: 'dancing' }] }));
    expect(frame).toEqual({ type: 'presence', snapshot: true, agents: [presence] });
  });

  it('reads claim answers, offers and their end', () => {
    expect(readFrame(JSON.stringify({ type: 'claim_result', request_id: 'r1', call_control_id: 'c1', outcome: 'taken', by: 'bob', expires_at: 5 }))).toEqual({
      type: 'claim_result', request_id: 'r1', call_control_id: 'c1', outcome: 'taken', by: 'bob', expires_at: 5,
    });
    const offer = { type: 'offer', offer_id: 'o1', call_control_id: 'c1', queue: 'support', from: '+1555', to: '+1556', enqueued_at: '2026-01-01T09:00:00.000Z', expires_at: 10 };
    expect(readFrame(JSON.stringify(offer))).toEqual(offer);
    expect(readFrame(JSON.stringify({ type: 'offer_ended', offer_id: 'o1', call_control_id: 'c1', outcome: 'timeout' }))).toEqual({
      type: 'offer_ended', offer_id: 'o1', call_control_id: 'c1', outcome: 'timeout',
    });
  });

  it('reads a teammate transfer: the offer with its transfer (no queue needed), the answer to the sender and its end', () => {
    const offer = {
      type: 'offer', offer_id: 'o2', call_control_id: 'c1', queue: '', from: '+1555', to: '', enqueued_at: '2026-01-01T09:00:00.000Z', expires_at: 10, expires_in_ms: 15000,
      transfer: { from_agent: 'ann', conference_id: 'f1', kind: 'consult', note: 'Ann: billing' },
    };
    expect(readFrame(JSON.stringify(offer))).toEqual(offer);
    expect(readFrame(JSON.stringify({ ...offer, transfer: { ...offer.transfer, kind: 'cold' } }))).toBeUndefined();
    // Without a transfer an offer still needs its queue.
    const { transfer: _t, ...plain } = offer;
    expect(readFrame(JSON.stringify(plain))).toBeUndefined();
    const result = { type: 'transfer_offer_result', request_id: 'r1', to_agent: 'bob', call_control_id: 'c1', outcome: 'offered', offer_id: 'o2', expires_in_ms: 15000 };
    expect(readFrame(JSON.stringify(result))).toEqual(result);
    expect(readFrame(JSON.stringify({ ...result, offer_id: undefined }))).toBeUndefined();
    const refused = { type: 'transfer_offer_result', request_id: 'r2', to_agent: 'bob', call_control_id: 'c1', outcome: 'refused', reason: 'bob is offline' };
    expect(readFrame(JSON.stringify(refused))).toEqual(refused);
    const ended = { type: 'transfer_offer_ended', offer_id: 'o2', to_agent: 'bob', call_control_id: 'c1', outcome: 'accepted', agent_leg: 'bob-leg' };
    expect(readFrame(JSON.stringify(ended))).toEqual(ended);
    expect(readFrame(JSON.stringify({ ...ended, outcome: 'maybe' }))).toBeUndefined();
    expect(readFrame(JSON.stringify({ type: 'offer_ended', offer_id: 'o2', call_control_id: 'c1', outcome: 'withdrawn' }))).toMatchObject({ outcome: 'withdrawn' });
  });

  it('drops malformed team frames', () => {
    expect(readFrame(JSON.stringify({ type: 'claim_result', request_id: 'r1', call_control_id: 'c1', outcome: 'maybe' }))).toBeUndefined();
    expect(readFrame(JSON.stringify({ type: 'offer', offer_id: 'o1', call_control_id: 'c1', queue: 'support', from: '+1', to: '+2', enqueued_at: 'x' }))).toBeUndefined();
    expect(readFrame(JSON.stringify({ type: 'kpis', at: 'now', queues: [] }))).toBeUndefined();
    expect(readFrame(JSON.stringify({ type: 'something-else' }))).toBeUndefined();
  });
});

describe('readTokenIdentity', () => {
  it('names the agent, role and queues of a per-agent token; a static token names nobody', async () => {
    const token = await mintAgentToken({ secret: 'x'.repeat(32), agent: 'sue', role: 'supervisor', queues: ['support'], ttlSecs: 60, maxLifetimeSecs: 3600 });
    expect(readTokenIdentity(token)).toEqual({ agentId: 'sue', role: 'supervisor', queues: ['support'] });
    expect(readTokenIdentity(await mintAgentToken({ secret: 'x'.repeat(32), agent: 'al', ttlSecs: 60, maxLifetimeSecs: 3600 }))).toEqual({ agentId: 'al', role: 'agent' });
    expect(readTokenIdentity('a-static-shared-token')).toBeUndefined();
    expect(readTokenIdentity(undefined)).toBeUndefined();
  });
});
