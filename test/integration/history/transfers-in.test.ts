// Transfers in, in the receiving agent's call history: two consoles (two real engines, each with
// its own relay token and its own history) on one simulator. Alice transfers; Bob's history must
// say the call came by transfer and from whom — whether Alice re-enqueued the caller to a queue
// Bob then took, or dialled Bob's endpoint directly.
import Telnyx from 'telnyx';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { AgentEngine } from '../../../electron/core/agent';
import type { HistoryService } from '../../../electron/core/history';
import type { RunningDemo } from '../../../electron/demo';
import { ALICE_ENDPOINT as ALICE, BOB_ENDPOINT as BOB, demoWithTwoConsoles, historyOf, startAvailable, takeCaller } from '../../support/engine-on-demo';
import { until } from '../../support/until';

describe('calls transferred to this agent, in history', () => {
  let demo: RunningDemo;
  let alice: AgentEngine;
  let bob: AgentEngine;
  let bobHistory: HistoryService;
  let telnyx: Telnyx;
  let stop: (() => Promise<void>) | undefined;

  beforeAll(async () => {
    ({ demo, alice, bob, stop } = await demoWithTwoConsoles(31));
    telnyx = new Telnyx({ apiKey: demo.apiKey, baseURL: demo.baseURL, maxRetries: 0 });
    bobHistory = historyOf(bob);
    await Promise.all([startAvailable(alice), startAvailable(bob)]);
  }, 30_000);

  afterAll(async () => {
    bobHistory?.close();
    await stop?.();
  });

  const backToAvailable = async (e: AgentEngine) => {
    if (e.state().agent.status === 'wrap-up') await e.handlers['agent.finishWrapUp']({});
    await until(() => e.state().agent.status === 'available' && e.state().agent.leg?.state === 'parked', 'available again', 8000);
  };

  it('re-enqueued to a queue by Alice, taken by Bob: transferred in, from Alice, with the caller\'s number', async () => {
    const call = await takeCaller(demo, alice, 'support', '+15550004101');
    await alice.handlers['transfer.start']({ conferenceId: call.conferenceId, kind: 'blind', destination: { type: 'queue', queue: 'sales' } });
    await until(() => bob.state().queues.find((q) => q.name === 'sales')?.calls.some((c) => c.callControlId === call.caller), 'caller waiting in sales', 8000);
    const { conferenceId } = await bob.handlers['queue.takeCall']({ callControlId: call.caller });

    await until(() => bobHistory.callOf(conferenceId)?.outcome === 'transferred-in', 'row marked transferred in', 8000);
    expect(bobHistory.callOf(conferenceId)).toMatchObject({ direction: 'inbound', number: '+15550004101', queue: 'sales', transfer: { from: ALICE } });

    await bob.handlers['conference.leave']({ conferenceId });
    await until(() => bobHistory.callOf(conferenceId)?.endedAt !== undefined, 'row ended', 8000);
    expect(bobHistory.callOf(conferenceId)?.outcome).toBe('transferred-in');
    await Promise.all([backToAvailable(alice), backToAvailable(bob)]);
  });

  it('a call Bob took straight from the queue is not marked as a transfer', async () => {
    const { conferenceId } = await takeCaller(demo, bob, 'support', '+15550004103');
    await until(() => bobHistory.callOf(conferenceId) !== undefined, 'row started', 8000);
    expect(bobHistory.callOf(conferenceId)).toMatchObject({ outcome: 'answered' });
    expect(bobHistory.callOf(conferenceId)?.transfer).toBeUndefined();
    await bob.handlers['conference.leave']({ conferenceId });
    await backToAvailable(bob);
  });

  it('dialled to Bob\'s endpoint by Alice: a row of its own, from Alice, ended when the leg hangs up', async () => {
    const call = await takeCaller(demo, alice, 'support', '+15550004102');
    const { targetCallControlId } = await alice.handlers['transfer.start']({
      conferenceId: call.conferenceId,
      kind: 'blind',
      destination: { type: 'agent', endpoint: BOB, name: 'Bob' },
    });
    await until(() => alice.state().agent.status === 'wrap-up', 'alice left the call', 8000);

    await until(() => bobHistory.callOf(call.conferenceId) !== undefined, 'bob has a row for the call', 8000);
    expect(bobHistory.callOf(call.conferenceId)).toMatchObject({
      direction: 'inbound',
      outcome: 'transferred-in',
      number: '+15550004102',
      callerCallControlId: targetCallControlId,
      transfer: { from: ALICE },
    });
    expect(bobHistory.callOf(call.conferenceId)?.endedAt).toBeUndefined();

    // The caller hangs up, then Bob's phone does: the row closes with Bob's leg.
    await telnyx.calls.actions.hangup(call.caller, {});
    await telnyx.calls.actions.hangup(targetCallControlId!, {});
    await until(() => bobHistory.callOf(call.conferenceId)?.endedAt !== undefined, 'bob\'s row ended', 8000);
    expect(bobHistory.callOf(call.conferenceId)?.outcome).toBe('transferred-in');
    await backToAvailable(alice);
  });
});
