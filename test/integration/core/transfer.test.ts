// Transfers and the keypad end to end in core: the real engine and SDK against the simulator,
// webhooks through the real relay. Every outcome is checked against the simulator's own
// snapshot (who is in which conference, bridged, queued, on hold; which digits a leg heard).
import { afterAll, beforeAll, beforeEach, describe, expect, it } from 'vitest';
import type { AgentEngine } from '../../../electron/core/agent';
import { CommandError } from '../../../electron/core/errors';
import { startDemo, type RunningDemo } from '../../../electron/demo';
import { engineOnDemo, silentLog, startAvailable, takeCaller } from '../../support/engine-on-demo';
import { until } from '../../support/until';

const BUSY = '+15550002001';
const NO_ANSWER = '+15550002002';
const SLOW = '+15550002003'; // rings for 1000 s × 0.05 = 50 s: long enough to cancel while ringing
const ANSWERS = '+15550002004';
const AGENT_B = 'sip:agent-b@demo.switchboard.invalid';

describe('transfers and keypad (core ↔ SDK ↔ simulator)', () => {
  let demo: RunningDemo;
  let agent: AgentEngine;
  let call: { caller: string; conferenceId: string };
  const sim = () => demo.sim.snapshot();
  const leg = (id: string | undefined) => sim().calls.find((c) => c.call_control_id === id);
  const simParticipant = (id: string) =>
    sim().conferences.find((c) => c.id === call.conferenceId)?.participants.find((p) => p.call_control_id === id);
  const transfer = () => agent.state().transfer;
  const myLeg = () => agent.state().agent.leg?.callControlId;

  beforeAll(async () => {
    demo = await startDemo({ log: silentLog, timeScale: 0.05, seed: 21, scenario: 'none' });
    agent = engineOnDemo(demo);
    demo.sim.setDialPolicy([
      { match: BUSY, outcome: 'busy' },
      { match: NO_ANSWER, outcome: 'no_answer' },
      { match: SLOW, outcome: 'answer', afterSecs: 1000 },
    ]);
    await startAvailable(agent);
  });
  afterAll(async () => {
    await agent?.stop();
    await demo?.stop();
  });

  let n = 0;
  beforeEach(async () => {
    if (agent.state().agent.status === 'wrap-up') await agent.handlers['agent.finishWrapUp']({});
    await until(() => agent.state().agent.status === 'available' && agent.state().agent.leg?.state === 'parked', 'agent available again', 8000);
    call = await takeCaller(demo, agent, 'support', `+1555000310${n++}`);
    await until(() => simParticipant(myLeg()!) && agent.state().pending.length === 0, 'agent joined', 8000);
  });

  it('blind to a busy target: the agent stays with the caller (off hold) and sees user_busy', async () => {
    const { targetCallControlId } = await agent.handlers['transfer.start']({ conferenceId: call.conferenceId, kind: 'blind', destination: { type: 'number', to: BUSY } });
    await until(() => transfer()?.phase === 'failed', 'transfer failed', 8000);
    expect(transfer()).toMatchObject({ hangupCause: 'user_busy', sipHangupCause: '486', targetCallControlId });
    expect(leg(targetCallControlId)?.is_alive).toBe(false);
    await until(() => simParticipant(call.caller)?.on_hold === false, 'caller resumed', 8000);
    expect(simParticipant(myLeg()!)).toBeDefined();
    expect(leg(call.caller)?.state).toBe('in_conference');
    await until(() => agent.state().pending.length === 0, 'nothing pending', 8000);
    expect(agent.state().conference?.participants.find((p) => p.callControlId === call.caller)?.onHold).toBe(false);
    await agent.handlers['conference.leave']({ conferenceId: call.conferenceId });
  });

  it('blind to a target that never answers: Telnyx\'s timeout cause, caller kept', async () => {
    await agent.handlers['transfer.start']({ conferenceId: call.conferenceId, kind: 'blind', destination: { type: 'number', to: NO_ANSWER } });
    await until(() => transfer()?.phase === 'failed', 'transfer failed', 8000);
    expect(transfer()?.hangupCause).toBe('timeout');
    await until(() => simParticipant(call.caller)?.on_hold === false, 'caller resumed', 8000);
    await agent.handlers['conference.leave']({ conferenceId: call.conferenceId });
  });

  it('blind to a number that answers: the agent leaves once it joined; caller and target stay together', async () => {
    const { targetCallControlId } = await agent.handlers['transfer.start']({ conferenceId: call.conferenceId, kind: 'blind', destination: { type: 'number', to: ANSWERS } });
    // While the target rings the caller waits on hold (hold music), the agent still with it.
    expect(simParticipant(call.caller)?.on_hold).toBe(true);
    await until(() => agent.state().agent.status === 'wrap-up', 'agent left', 8000);
    const conference = sim().conferences.find((c) => c.id === call.conferenceId)!;
    expect(conference.status).not.toBe('completed');
    expect(conference.participants.map((p) => p.call_control_id).sort()).toEqual([call.caller, targetCallControlId].sort());
    expect(conference.participants.every((p) => !p.on_hold && !p.muted)).toBe(true);
    expect(leg(myLeg())?.state).toBe('parked');
    expect(agent.state().transfer).toBeUndefined();
  });

  it('blind to another agent by endpoint works the same way', async () => {
    const { targetCallControlId } = await agent.handlers['transfer.start']({ conferenceId: call.conferenceId, kind: 'blind', destination: { type: 'agent', endpoint: AGENT_B, name: 'B' } });
    await until(() => agent.state().agent.status === 'wrap-up', 'agent left', 8000);
    expect(leg(targetCallControlId)).toMatchObject({ to: AGENT_B, state: 'in_conference', conference_id: call.conferenceId });
    expect(leg(call.caller)).toMatchObject({ state: 'in_conference', conference_id: call.conferenceId });
  });

  it('blind to a queue: the caller waits in the target queue with a note of who sent it', async () => {
    await agent.handlers['transfer.start']({ conferenceId: call.conferenceId, kind: 'blind', destination: { type: 'queue', queue: 'sales' } });
    expect(leg(call.caller)).toMatchObject({ state: 'queued', queue: 'sales' });
    const note = JSON.parse(Buffer.from(leg(call.caller)!.client_state!, 'base64').toString('utf8')) as Record<string, string>;
    expect(note).toMatchObject({ transferredBy: demo.agentEndpoint, fromConference: call.conferenceId });
    await until(() => agent.state().agent.status === 'wrap-up', 'agent left after the caller', 8000);
    await until(() => agent.state().queues.find((q) => q.name === 'sales')?.calls.some((c) => c.callControlId === call.caller), 'caller listed in sales', 8000);
  });

  it('consult cancelled while the target rings: target leg gone, caller off hold, agent still on the call', async () => {
    const { targetCallControlId } = await agent.handlers['transfer.start']({ conferenceId: call.conferenceId, kind: 'consult', destination: { type: 'number', to: SLOW } });
    expect(transfer()?.phase).toBe('ringing');
    expect(leg(targetCallControlId)?.state).toBe('ringing');
    expect(simParticipant(call.caller)?.on_hold).toBe(true);
    await agent.handlers['transfer.cancel']({ conferenceId: call.conferenceId });
    expect(transfer()).toMatchObject({ phase: 'cancelled', hangupCause: 'originator_cancel' });
    expect(leg(targetCallControlId)?.is_alive).toBe(false);
    expect(simParticipant(call.caller)?.on_hold).toBe(false);
    expect(simParticipant(myLeg()!)).toBeDefined();
    await agent.handlers['conference.leave']({ conferenceId: call.conferenceId });
  });

  it('consult, three-way, then complete: caller and target together, the agent gone', async () => {
    const { targetCallControlId } = await agent.handlers['transfer.start']({ conferenceId: call.conferenceId, kind: 'consult', destination: { type: 'number', to: ANSWERS } });
    await until(() => transfer()?.phase === 'consulting', 'consulting', 8000);
    // The agent and the target talk; the caller hears hold music.
    expect(simParticipant(targetCallControlId!)).toMatchObject({ on_hold: false });
    expect(simParticipant(call.caller)?.on_hold).toBe(true);
    await agent.handlers['transfer.threeWay']({ conferenceId: call.conferenceId });
    expect(transfer()?.phase).toBe('three-way');
    expect(simParticipant(call.caller)?.on_hold).toBe(false);
    await agent.handlers['transfer.complete']({ conferenceId: call.conferenceId });
    expect(agent.state().agent.status).toBe('wrap-up');
    const conference = sim().conferences.find((c) => c.id === call.conferenceId)!;
    expect(conference.participants.map((p) => p.call_control_id).sort()).toEqual([call.caller, targetCallControlId].sort());
  });

  it('leaving during a consult is refused with what to do; the caller stays on the call', async () => {
    await agent.handlers['transfer.start']({ conferenceId: call.conferenceId, kind: 'consult', destination: { type: 'number', to: ANSWERS } });
    await until(() => transfer()?.phase === 'consulting', 'consulting', 8000);
    const refused = await agent.handlers['conference.leave']({ conferenceId: call.conferenceId }).catch((x: unknown) => x);
    expect(refused).toMatchObject({ error: { code: 'INVALID_STATE', message: expect.stringContaining('complete it, make it three-way or cancel it') } });
    expect(simParticipant(myLeg()!)).toBeDefined();
    expect(simParticipant(call.caller)).toBeDefined();
    await agent.handlers['transfer.complete']({ conferenceId: call.conferenceId });
  });

  it('consult complete straight from consulting (caller comes off hold as the agent leaves)', async () => {
    const { targetCallControlId } = await agent.handlers['transfer.start']({ conferenceId: call.conferenceId, kind: 'consult', destination: { type: 'number', to: ANSWERS } });
    await until(() => transfer()?.phase === 'consulting', 'consulting', 8000);
    await agent.handlers['transfer.complete']({ conferenceId: call.conferenceId });
    const conference = sim().conferences.find((c) => c.id === call.conferenceId)!;
    expect(conference.participants.map((p) => [p.call_control_id, p.on_hold]).sort()).toEqual([[call.caller, false], [targetCallControlId, false]].sort());
  });

  it('a second transfer while one is under way is refused; a failed dial resumes the caller with Telnyx\'s title', async () => {
    demo.sim.injectFault({ method: 'POST', path: /\/calls$/, status: 422, code: '10016', title: 'Phone number must be in +E164 format' });
    const e = await agent.handlers['transfer.start']({ conferenceId: call.conferenceId, kind: 'consult', destination: { type: 'number', to: ANSWERS } }).catch((x: unknown) => x);
    expect(e).toBeInstanceOf(CommandError);
    expect((e as CommandError).error).toMatchObject({ code: 'TELNYX', message: 'Phone number must be in +E164 format' });
    expect(agent.state().failures.at(-1)).toMatchObject({ method: 'transfer.start', target: call.conferenceId });
    expect(transfer()).toBeUndefined();
    expect(simParticipant(call.caller)?.on_hold).toBe(false);

    await agent.handlers['transfer.start']({ conferenceId: call.conferenceId, kind: 'consult', destination: { type: 'number', to: SLOW } });
    const again = await agent.handlers['transfer.start']({ conferenceId: call.conferenceId, kind: 'blind', destination: { type: 'number', to: ANSWERS } }).catch((x: unknown) => x);
    expect((again as CommandError).error.code).toBe('INVALID_STATE');
    await agent.handlers['transfer.cancel']({ conferenceId: call.conferenceId });
    await agent.handlers['conference.leave']({ conferenceId: call.conferenceId });
  });

  it('keypad: digits reach the caller\'s leg (send_dtmf), pauses are not tones', async () => {
    await agent.handlers['keypad.send']({ conferenceId: call.conferenceId, digits: '12w#' });
    await agent.handlers['keypad.send']({ conferenceId: call.conferenceId, digits: 'A*' });
    expect(leg(call.caller)?.dtmf_heard).toBe('12#A*');
    expect(leg(myLeg())?.dtmf_heard).toBe('');
    const own = await agent.handlers['keypad.send']({ conferenceId: call.conferenceId, digits: '1', callControlId: myLeg()! }).catch((x: unknown) => x);
    expect((own as CommandError).error.code).toBe('INVALID_STATE');
    await agent.handlers['conference.leave']({ conferenceId: call.conferenceId });
  });
});
