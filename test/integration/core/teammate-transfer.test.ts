// A transfer to a teammate is an offer (issue 13): two consoles (two real engines, each with its own
// per-agent token) on one simulator and one relay. Alice, on a call, transfers to bob by agent id:
// nothing is dialled; the relay takes the caller's claim for bob and rings bob's console with the
// transfer (who, blind or consult, the note). Accept → bob's own parked leg joins alice's conference
// and alice's flow goes on as for a dialled target that answered (consult → Complete; blind → alice
// leaves by herself). Decline / not Available → alice is back with the caller (off hold), told why,
// and the claim is free again. Every outcome is checked against the simulator's own snapshot.
import { afterAll, beforeAll, beforeEach, describe, expect, it } from 'vitest';
import type { AgentEngine } from '../../../electron/core/agent';
import type { RunningDemo } from '../../../electron/demo';
import { demoWithTwoConsoles, startAvailable, takeCaller } from '../../support/engine-on-demo';
import { until } from '../../support/until';

describe('transfer to a teammate by offer (core ↔ relay ↔ simulator)', () => {
  let demo: RunningDemo;
  let alice: AgentEngine;
  let bob: AgentEngine;
  let call: { caller: string; conferenceId: string };
  const sim = () => demo.sim.snapshot();
  const conference = (id: string) => sim().conferences.find((c) => c.id === id);
  const simParticipant = (id: string | undefined) => conference(call.conferenceId)?.participants.find((p) => p.call_control_id === id);
  const legOf = (e: AgentEngine) => e.state().agent.leg?.callControlId;
  const relaySees = (e: AgentEngine, agentId: string, state: string) => e.team.state().agents.some((a) => a.agentId === agentId && a.state === state);

  const availableAgain = async (e: AgentEngine) => {
    if (e.state().agent.status === 'wrap-up') await e.handlers['agent.finishWrapUp']({});
    if (e.state().agent.status === 'away') await e.handlers['agent.setStatus']({ status: 'available' });
    await until(() => e.state().agent.status === 'available' && e.state().agent.leg?.state === 'parked' && !e.state().conference, 'available again', 8000);
  };

  let stop: (() => Promise<void>) | undefined;

  beforeAll(async () => {
    // Alice's token is a supervisor's, so her console sees the team's presence (bob's too) as the relay has it.
    ({ demo, alice, bob, stop } = await demoWithTwoConsoles(29, 'supervisor'));
    await Promise.all([startAvailable(alice), startAvailable(bob)]);
  }, 30_000);

  afterAll(() => stop?.());

  let n = 0;
  beforeEach(async () => {
    await Promise.all([availableAgain(alice), availableAgain(bob)]);
    await until(() => relaySees(alice, 'bob', 'available'), 'bob available on the relay', 8000);
    call = await takeCaller(demo, alice, 'support', `+1555000420${n++}`);
    await until(() => simParticipant(legOf(alice)) !== undefined && alice.state().pending.length === 0, 'alice joined', 8000);
    await until(() => relaySees(alice, 'alice', 'on_call'), 'alice on a call on the relay', 8000);
  });

  it('consult: bob rings with the transfer, accepts, joins; Complete leaves caller and bob together', async () => {
    await alice.handlers['transfer.start']({ conferenceId: call.conferenceId, kind: 'consult', destination: { type: 'teammate', agentId: 'bob' }, note: 'Billing question' });
    expect(alice.state().transfer).toMatchObject({ phase: 'offering', destination: { type: 'teammate', agentId: 'bob' } });
    expect(alice.state().transfer?.offerExpiresAt).toBeGreaterThan(Date.now());
    // Nothing was dialled: the caller waits on hold, and only alice's and the caller's legs exist in the conference.
    await until(() => simParticipant(call.caller)?.on_hold === true, 'caller on hold', 8000);
    expect(conference(call.conferenceId)?.participants).toHaveLength(2);

    await until(() => bob.team.state().offer !== undefined, 'bob rings', 8000);
    const offer = bob.team.state().offer!;
    expect(offer).toMatchObject({ callControlId: call.caller, from: `+1555000420${n - 1}`, transfer: { fromAgent: 'alice', conferenceId: call.conferenceId, kind: 'consult' } });
    expect(offer.transfer?.note).toContain('Billing question');
    // While it rings the caller's claim is bob's: nobody else can take the caller.
    expect(await alice.team.claims.holder(call.caller)).toBe('bob');

    const joined = await bob.team.answerOffer(offer.offerId, true);
    expect(joined).toEqual({ conferenceId: call.conferenceId });
    await until(() => alice.state().transfer?.phase === 'consulting', 'alice consulting bob', 8000);
    expect(alice.state().transfer?.targetCallControlId).toBe(legOf(bob));
    expect(simParticipant(legOf(bob))).toBeDefined();
    expect(simParticipant(call.caller)?.on_hold).toBe(true);
    expect(bob.state().conference?.id).toBe(call.conferenceId);

    await alice.handlers['transfer.complete']({ conferenceId: call.conferenceId });
    await until(() => !alice.state().conference, 'alice left', 8000);
    // Simulator truth: the caller and bob, nobody else; the caller hears bob (off hold).
    await until(() => simParticipant(legOf(alice)) === undefined && simParticipant(call.caller)?.on_hold === false, 'caller with bob', 8000);
    expect(conference(call.conferenceId)?.participants.map((p) => p.call_control_id).sort()).toEqual([call.caller, legOf(bob)].sort());
    expect(bob.state().conference?.id).toBe(call.conferenceId);
    await bob.handlers['conference.leave']({ conferenceId: call.conferenceId });
  });

  it('blind, accepted: alice leaves by herself as soon as bob is in', async () => {
    await alice.handlers['transfer.start']({ conferenceId: call.conferenceId, kind: 'blind', destination: { type: 'teammate', agentId: 'bob' } });
    await until(() => bob.team.state().offer !== undefined, 'bob rings', 8000);
    expect(bob.team.state().offer?.transfer).toMatchObject({ fromAgent: 'alice', kind: 'blind' });
    await bob.team.answerOffer(bob.team.state().offer!.offerId, true);
    await until(() => !alice.state().conference, 'alice left', 8000);
    await until(() => simParticipant(legOf(alice)) === undefined && simParticipant(call.caller)?.on_hold === false, 'caller with bob', 8000);
    expect(conference(call.conferenceId)?.participants.map((p) => p.call_control_id).sort()).toEqual([call.caller, legOf(bob)].sort());
    await bob.handlers['conference.leave']({ conferenceId: call.conferenceId });
  });

  it('bob declines: alice is back with the caller, told why, and the claim is free', async () => {
    await alice.handlers['transfer.start']({ conferenceId: call.conferenceId, kind: 'blind', destination: { type: 'teammate', agentId: 'bob' } });
    await until(() => bob.team.state().offer !== undefined, 'bob rings', 8000);
    expect(await bob.team.answerOffer(bob.team.state().offer!.offerId, false)).toBeNull();
    await until(() => alice.state().transfer?.phase === 'failed', 'transfer failed', 8000);
    expect(alice.state().transfer?.reason).toBe('bob declined');
    await until(() => simParticipant(call.caller)?.on_hold === false, 'caller resumed', 8000);
    expect(simParticipant(legOf(alice))).toBeDefined();
    expect(sim().calls.find((c) => c.call_control_id === call.caller)?.state).toBe('in_conference');
    expect(await alice.team.claims.holder(call.caller)).toBeUndefined();
    expect(bob.state().conference).toBeUndefined();
    await alice.handlers['conference.leave']({ conferenceId: call.conferenceId });
  });

  it('cancel while bob rings: the offer is withdrawn (bob stops ringing), the caller comes off hold', async () => {
    await alice.handlers['transfer.start']({ conferenceId: call.conferenceId, kind: 'consult', destination: { type: 'teammate', agentId: 'bob' } });
    await until(() => bob.team.state().offer !== undefined, 'bob rings', 8000);
    await alice.handlers['transfer.cancel']({ conferenceId: call.conferenceId });
    await until(() => alice.state().transfer?.phase === 'cancelled', 'transfer cancelled', 8000);
    await until(() => bob.team.state().offer === undefined, 'bob stops ringing', 8000);
    expect(bob.team.state().lastOffer).toMatchObject({ outcome: 'withdrawn' });
    await until(() => simParticipant(call.caller)?.on_hold === false, 'caller resumed', 8000);
    expect(await alice.team.claims.holder(call.caller)).toBeUndefined();
    await alice.handlers['conference.leave']({ conferenceId: call.conferenceId });
  });

  it('cancel after bob joined: bob\'s leg leaves the conference (never hung up: it is his line), the caller is back with alice', async () => {
    await alice.handlers['transfer.start']({ conferenceId: call.conferenceId, kind: 'consult', destination: { type: 'teammate', agentId: 'bob' } });
    await until(() => bob.team.state().offer !== undefined, 'bob rings', 8000);
    await bob.team.answerOffer(bob.team.state().offer!.offerId, true);
    await until(() => alice.state().transfer?.phase === 'consulting', 'alice consulting bob', 8000);
    const bobLeg = legOf(bob)!;
    await alice.handlers['transfer.cancel']({ conferenceId: call.conferenceId });
    expect(alice.state().transfer?.phase).toBe('cancelled');
    await until(() => simParticipant(bobLeg) === undefined && simParticipant(call.caller)?.on_hold === false, 'bob out, caller resumed', 8000);
    expect(sim().calls.find((c) => c.call_control_id === bobLeg)?.state).toBe('parked');
    expect(simParticipant(legOf(alice))).toBeDefined();
    await until(() => !bob.state().conference, 'bob out of the call on his console', 8000);
    await alice.handlers['conference.leave']({ conferenceId: call.conferenceId });
  });

  it('bob is away: the relay refuses, alice sees why next to Transfer and keeps the caller (never on hold)', async () => {
    await bob.handlers['agent.setStatus']({ status: 'away', reason: 'Lunch' });
    await until(() => relaySees(alice, 'bob', 'away'), 'bob away on the relay', 8000);
    await expect(
      alice.handlers['transfer.start']({ conferenceId: call.conferenceId, kind: 'blind', destination: { type: 'teammate', agentId: 'bob' } }),
    ).rejects.toMatchObject({ message: 'The relay did not offer the call to bob: bob is not available (away)' });
    expect(alice.state().failures.some((f) => f.method === 'transfer.start' && f.error.message.includes('bob is not available (away)'))).toBe(true);
    expect(alice.state().transfer).toBeUndefined();
    await until(() => simParticipant(call.caller)?.on_hold === false && alice.state().pending.length === 0, 'caller resumed', 8000);
    expect(bob.team.state().offer).toBeUndefined();
    await alice.handlers['conference.leave']({ conferenceId: call.conferenceId });
  });
});
