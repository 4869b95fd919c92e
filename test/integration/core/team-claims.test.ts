// Exactly one agent gets a caller: two consoles (two real engines, each with its own per-agent
// relay token) on one simulator and one relay take the same caller at the same instant, a hundred
// times. Every time exactly one take succeeds, the simulator shows the caller in exactly one
// conference (never moved twice), and the other console is told who took it — with nothing done
// to the caller on its behalf. Also: presence reaches a supervisor, and a failed take gives the
// claim back.
import Telnyx from 'telnyx';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { AgentEngine } from '../../../electron/core/agent';
import { toSwitchboardError } from '../../../electron/core/errors';
import type { RunningDemo } from '../../../electron/demo';
import { demoWithTwoConsoles, engineOnDemo, startAvailable } from '../../support/engine-on-demo';
import { until } from '../../support/until';

const RACES = Number(process.env.TEAM_RACES ?? 100);

describe('two consoles take the same caller', () => {
  let demo: RunningDemo;
  let alice: AgentEngine;
  let bob: AgentEngine;
  let caller: Telnyx;
  let stop: (() => Promise<void>) | undefined;

  beforeAll(async () => {
    ({ demo, alice, bob, stop } = await demoWithTwoConsoles(13));
    caller = new Telnyx({ apiKey: demo.apiKey, baseURL: demo.baseURL, maxRetries: 0 });
    await Promise.all([startAvailable(alice), startAvailable(bob)]);
  }, 30_000);

  afterAll(() => stop?.());

  it('both consoles know who they are and claim before taking', () => {
    expect(alice.team.state().me).toEqual({ agentId: 'alice', role: 'agent' });
    expect(bob.team.state().claims).toBe(true);
  });

  it(`${RACES} simultaneous takes: exactly one conference holds the caller, the other console shows who took it`, { timeout: 240_000 }, async () => {
    const wins = { alice: 0, bob: 0 };
    for (let i = 0; i < RACES; i++) {
      const { callControlId } = await demo.sim.injectInboundCall({ queue: 'support', from: `+1555000${String(i).padStart(4, '0')}` });
      const listed = (e: AgentEngine) => e.state().queues.some((q) => q.calls.some((c) => c.callControlId === callControlId));
      await until(() => listed(alice) && listed(bob), `caller ${i} listed on both consoles`, 8000);

      // The same instant: both takes start in the same tick (who sends first alternates).
      const take = (e: AgentEngine) => e.handlers['queue.takeCall']({ callControlId });
      const outcomes = i % 2 === 0 ? await Promise.allSettled([take(alice), take(bob)]) : (await Promise.allSettled([take(bob), take(alice)])).reverse();
      const winners = outcomes.filter((o) => o.status === 'fulfilled');
      expect(winners, `race ${i}: ${JSON.stringify(outcomes.map((o) => (o.status === 'rejected' ? toSwitchboardError(o.reason).message : 'won')))}`).toHaveLength(1);
      const aliceWon = outcomes[0]?.status === 'fulfilled';
      const [winner, loser, winnerId] = aliceWon ? [alice, bob, 'alice'] : [bob, alice, 'bob'];
      wins[winnerId as 'alice' | 'bob'] += 1;
      const lost = outcomes[aliceWon ? 1 : 0] as PromiseRejectedResult;
      expect(toSwitchboardError(lost.reason).message).toBe(`Taken by ${winnerId}`);
      // The losing console keeps it next to the call (or under failed commands once the row is gone).
      expect(loser.state().failures.some((f) => f.target === callControlId && f.error.message === `Taken by ${winnerId}`)).toBe(true);

      // The simulator's truth: the caller is in exactly one conference, the winner's.
      const conferenceId = (winners[0] as PromiseFulfilledResult<{ conferenceId: string }>).value.conferenceId;
      const holding = demo.sim.snapshot().conferences.filter((c) => c.participants.some((p) => p.call_control_id === callControlId));
      expect(holding.map((c) => c.id)).toEqual([conferenceId]);
      expect(demo.sim.snapshot().calls.find((c) => c.call_control_id === callControlId)?.state).toBe('in_conference');
      expect(loser.state().conference).toBeUndefined();
      // Pressed again once the caller has left this console's queue view: still told who has it.
      await until(() => !listed(loser), `race ${i}: caller gone from the loser's queue`, 8000);
      await expect(loser.handlers['queue.takeCall']({ callControlId })).rejects.toMatchObject({ message: `Taken by ${winnerId}` });

      // The caller hangs up; the winner wraps up and is available again for the next race.
      await caller.calls.actions.hangup(callControlId, {});
      await until(() => winner.state().agent.status === 'wrap-up' && !winner.state().conference, `race ${i}: winner wraps up`, 8000);
      await winner.handlers['agent.finishWrapUp']({});
      await until(() => winner.state().agent.status === 'available' && winner.state().agent.leg?.state === 'parked', `race ${i}: winner available`, 8000);
      for (const f of loser.state().failures) await loser.handlers['failures.dismiss']({ id: f.id });
    }
    console.log(`team claims: ${RACES} races, wins ${JSON.stringify(wins)}`);
    expect(wins.alice + wins.bob).toBe(RACES);
  });

  it('presence: a supervisor sees both agents, available, with their queues', async () => {
    const supervisor = engineOnDemo(demo, { endpoint: 'sip:sue@demo.switchboard.invalid', relayToken: await demo.mintRelayToken('sue', 'supervisor') });
    await supervisor.start();
    try {
      const agentOf = (id: string) => supervisor.team.state().agents.find((a) => a.agentId === id);
      await until(() => agentOf('alice')?.state === 'available' && agentOf('bob')?.state === 'available', 'both agents available on the supervisor console', 8000);
      expect(agentOf('alice')).toMatchObject({ queues: ['support', 'sales'], connected: true, softphoneRegistered: false, conferenceId: null });
      // The supervisor's own console is offline (never went available), and it sees itself too.
      await until(() => agentOf('sue')?.state === 'offline', 'the supervisor itself', 8000);
      // KPIs for the queues it supervises arrive with the team.
      await until(() => supervisor.team.state().kpis.some((k) => k.queue === 'support' && k.offered >= RACES), 'support KPIs', 8000);
    } finally {
      await supervisor.stop();
    }
  });

  it('a take that fails on Telnyx gives the claim back: the other console can take the caller', async () => {
    const { callControlId } = await demo.sim.injectInboundCall({ queue: 'sales' });
    const listed = (e: AgentEngine) => e.state().queues.some((q) => q.calls.some((c) => c.callControlId === callControlId));
    await until(() => listed(alice) && listed(bob), 'caller listed on both consoles', 8000);
    demo.sim.injectFault({ method: 'POST', path: '/conferences', status: 500, code: '90000', title: 'Internal error', times: 1 });
    await expect(alice.handlers['queue.takeCall']({ callControlId })).rejects.toMatchObject({ message: 'Internal error' });
    await until(() => listed(bob) && !bob.state().queues.some((q) => q.calls.some((c) => c.callControlId === callControlId && c.pending)), 'still waiting', 8000);
    const { conferenceId } = await bob.handlers['queue.takeCall']({ callControlId });
    expect(demo.sim.snapshot().conferences.filter((c) => c.participants.some((p) => p.call_control_id === callControlId)).map((c) => c.id)).toEqual([conferenceId]);
    await caller.calls.actions.hangup(callControlId, {});
    await until(() => bob.state().agent.status === 'wrap-up', 'bob wraps up', 8000);
  });
});
