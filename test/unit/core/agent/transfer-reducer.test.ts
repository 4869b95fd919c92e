// The transfer record as Telnyx's events move it, and the phase the console shows from it:
// every phase comes from a webhook or a participant read, never from the command alone.
import { describe, expect, it } from 'vitest';
import { initialModel, toAgentState, type AgentModel } from '../../../../electron/core/agent/model';
import {
  applyEvent,
  beginTransfer,
  enterConference,
  rememberCall,
  setAgentLeg,
  setParticipantFlag,
  setParticipants,
  setTransferIntent,
  setTransferOffer,
  setTransferTarget,
  teammateAnswered,
  teammateFailed,
} from '../../../../electron/core/agent/reducer';
import type { TelnyxEvent } from '../../../../electron/core/agent/telnyx-event';
import type { TransferRecord } from '../../../../electron/core/agent/transfer-record';
import { decodedEvent } from '../../../support/telnyx-events';

let seq = 0;
const at = (s: number) => new Date(Date.UTC(2026, 0, 1, 12, 0, s)).toISOString();
const ev = (eventType: string, second: number, payload: Record<string, unknown>): TelnyxEvent => decodedEvent(`tr-${++seq}`, eventType, at(second), payload);
const apply = (m: AgentModel, ...events: TelnyxEvent[]) => events.reduce((acc, e) => applyEvent(acc, e).model, m);

const CONF = 'conf-1';
function onCall(kind: TransferRecord['kind'] = 'consult'): AgentModel {
  let m = initialModel({ mode: 'demo', endpoint: 'sip:agent@x.invalid', watchedQueues: ['support'] });
  m = setAgentLeg(m, { callControlId: 'agent', state: 'parked', since: at(0) });
  m = enterConference(m, { id: CONF, name: 'sb-support-1', createdAt: at(1), myRole: 'agent', caller: { callControlId: 'caller', from: '+15550001', queue: 'support' } });
  m = apply(m, ev('conference.participant.joined', 2, { conference_id: CONF, call_control_id: 'agent' }));
  m = setParticipantFlag(m, CONF, ['caller'], 'onHold', true);
  return beginTransfer(m, {
    id: 't1', kind, conferenceId: CONF, callerCallControlId: 'caller', destination: { type: 'number', to: '+15550002' },
    startedAt: at(3), intent: kind === 'blind' ? 'complete' : 'consult', targetJoined: false,
  });
}
const phase = (m: AgentModel) => toAgentState(m, 1).transfer?.phase;
const dialled = (m: AgentModel) => setTransferTarget(rememberCall(m, 'target', { to: '+15550002', direction: 'outgoing', addedByConsole: true }), 't1', 'target');

describe('transfer phases', () => {
  it('dialing → ringing → answered → consulting → three-way, each from Telnyx', () => {
    let m = onCall();
    expect(phase(m)).toBe('dialing');
    m = dialled(m);
    expect(phase(m)).toBe('ringing');
    m = apply(m, ev('call.initiated', 4, { call_control_id: 'target', direction: 'outgoing', to: '+15550002' }));
    expect(phase(m)).toBe('ringing');
    m = apply(m, ev('call.answered', 5, { call_control_id: 'target' }));
    expect(phase(m)).toBe('answered');
    m = apply(m, ev('conference.participant.joined', 6, { conference_id: CONF, call_control_id: 'target' }));
    expect(phase(m)).toBe('consulting');
    // Asking is not enough: three-way shows once the participant read says the caller is off hold.
    m = setTransferIntent(setParticipantFlag(m, CONF, ['caller'], 'onHold', false), 't1', 'three-way');
    expect(phase(m)).toBe('consulting');
    m = setParticipants(m, CONF, [
      { callControlId: 'caller', status: 'joined', muted: false, onHold: false, whisperTargets: [] },
      { callControlId: 'agent', status: 'joined', muted: false, onHold: false, whisperTargets: [] },
      { callControlId: 'target', status: 'joined', muted: false, onHold: false, whisperTargets: [] },
    ], ['onHold']);
    expect(phase(m)).toBe('three-way');
    expect(toAgentState(m, 1).conference?.participants.find((p) => p.callControlId === 'target')).toMatchObject({ kind: 'other', label: '+15550002' });
  });

  it('a busy target: failed with Telnyx\'s hangup cause, final', () => {
    let m = apply(dialled(onCall('blind')), ev('call.hangup', 5, { call_control_id: 'target', hangup_cause: 'user_busy', sip_hangup_cause: '486' }));
    expect(toAgentState(m, 1).transfer).toMatchObject({ phase: 'failed', hangupCause: 'user_busy', sipHangupCause: '486', kind: 'blind' });
    m = setTransferIntent(m, 't1', 'cancel');
    expect(phase(m)).toBe('failed');
  });

  it('the hangup may arrive before the dial answered with the leg id: the directory remembers its cause', () => {
    let m = apply(onCall(), ev('call.hangup', 5, { call_control_id: 'target', hangup_cause: 'timeout' }));
    expect(phase(m)).toBe('dialing');
    m = setTransferTarget(m, 't1', 'target');
    expect(toAgentState(m, 1).transfer).toMatchObject({ phase: 'failed', hangupCause: 'timeout' });
  });

  it('cancelled while ringing; target-left after joining', () => {
    const cancelled = apply(setTransferIntent(dialled(onCall()), 't1', 'cancel'), ev('call.hangup', 5, { call_control_id: 'target', hangup_cause: 'originator_cancel' }));
    expect(toAgentState(cancelled, 1).transfer).toMatchObject({ phase: 'cancelled', hangupCause: 'originator_cancel' });
    const left = apply(
      dialled(onCall()),
      ev('conference.participant.joined', 5, { conference_id: CONF, call_control_id: 'target' }),
      ev('call.hangup', 6, { call_control_id: 'target', hangup_cause: 'normal_clearing' }),
    );
    expect(phase(left)).toBe('target-left');
  });

  it('blind (intent complete) shows completing once joined; the record goes when the agent leaves', () => {
    let m = apply(dialled(onCall('blind')), ev('conference.participant.joined', 5, { conference_id: CONF, call_control_id: 'target' }));
    expect(phase(m)).toBe('completing');
    m = apply(m, ev('conference.participant.left', 6, { conference_id: CONF, call_control_id: 'agent' }));
    expect(m.conference).toBeUndefined();
    expect(m.transfer).toBeUndefined();
    expect(toAgentState(m, 2).transfer).toBeUndefined();
  });

  it('events about other legs or other conferences change nothing', () => {
    const m = dialled(onCall());
    const after = apply(
      m,
      ev('call.hangup', 5, { call_control_id: 'someone-else', hangup_cause: 'user_busy' }),
      ev('conference.participant.joined', 6, { conference_id: 'other-conf', call_control_id: 'target' }),
    );
    expect(after.transfer).toEqual(m.transfer);
  });
});

describe('transfer to a teammate (an offer through the relay)', () => {
  const toBob = (kind: TransferRecord['kind'] = 'consult'): AgentModel => {
    const m = onCall(kind);
    return { ...m, transfer: { ...m.transfer!, destination: { type: 'teammate', agentId: 'bob' } } };
  };
  const offered = (m: AgentModel) => setTransferOffer(m, 't1', { offerId: 'o1', expiresAt: 50_000 });

  it('offering (with its expiry) → accepted: the teammate\'s own leg is the target, joining → consulting', () => {
    let m = toBob();
    expect(phase(m)).toBe('offering');
    m = offered(m);
    expect(toAgentState(m, 1).transfer).toMatchObject({ phase: 'offering', offerExpiresAt: 50_000 });
    // An end about another offer changes nothing.
    expect(teammateAnswered(m, 'other', { agentLeg: 'bob-leg' })).toBe(m);
    m = teammateAnswered(m, 'o1', { agentLeg: 'bob-leg' });
    expect(toAgentState(m, 1).transfer).toMatchObject({ phase: 'answered', targetCallControlId: 'bob-leg' });
    expect(toAgentState(m, 1).transfer?.offerExpiresAt).toBeUndefined();
    m = apply(m, ev('conference.participant.joined', 6, { conference_id: CONF, call_control_id: 'bob-leg' }));
    expect(phase(m)).toBe('consulting');
  });

  it('the teammate\'s leg may join before the relay says it accepted', () => {
    let m = offered(toBob());
    m = apply(m, ev('conference.participant.joined', 6, { conference_id: CONF, call_control_id: 'bob-leg' }));
    expect(phase(m)).toBe('offering');
    m = teammateAnswered(m, 'o1', { agentLeg: 'bob-leg' });
    expect(m.transfer?.targetJoined).toBe(true);
    expect(phase(m)).toBe('consulting');
  });

  it('declined: failed with the reason, final; withdrawn after cancel: cancelled', () => {
    let m = teammateAnswered(offered(toBob()), 'o1', { reason: 'bob declined' });
    expect(toAgentState(m, 1).transfer).toMatchObject({ phase: 'failed', reason: 'bob declined' });
    expect(teammateAnswered(m, 'o1', { agentLeg: 'bob-leg' })).toBe(m);
    m = setTransferIntent(offered(toBob()), 't1', 'cancel');
    m = teammateAnswered(m, 'o1', { reason: 'you cancelled the offer' });
    expect(phase(m)).toBe('cancelled');
  });

  it('a joined teammate that leaves the conference (not a hangup) ends the transfer: cancelled when asked, else target-left', () => {
    // Each model is applied to once (the event ledger moves on): a fresh one per branch.
    const joined = () => apply(teammateAnswered(offered(toBob()), 'o1', { agentLeg: 'bob-leg' }), ev('conference.participant.joined', 6, { conference_id: CONF, call_control_id: 'bob-leg' }));
    expect(phase(apply(joined(), ev('conference.participant.left', 7, { conference_id: CONF, call_control_id: 'bob-leg' })))).toBe('target-left');
    const cancelling = setTransferIntent(joined(), 't1', 'cancel');
    expect(phase(apply(cancelling, ev('conference.participant.left', 7, { conference_id: CONF, call_control_id: 'bob-leg' })))).toBe('cancelled');
    // A dialled target's leaving is still decided by its hangup (unchanged).
    const dialledJoined = apply(dialled(onCall()), ev('conference.participant.joined', 6, { conference_id: CONF, call_control_id: 'target' }));
    expect(phase(apply(dialledJoined, ev('conference.participant.left', 7, { conference_id: CONF, call_control_id: 'target' })))).toBe('consulting');
  });

  it('no word from the relay: failed with why (never touching a finished transfer)', () => {
    const m = teammateFailed(offered(toBob()), 't1', 'the relay did not say how the offer ended');
    expect(toAgentState(m, 1).transfer).toMatchObject({ phase: 'failed', reason: 'the relay did not say how the offer ended' });
    expect(teammateFailed(m, 't1', 'again')).toEqual(m);
  });
});
