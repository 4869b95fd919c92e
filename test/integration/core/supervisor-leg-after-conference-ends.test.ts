// A supervisor listening in when the conference ends under them (here: the caller was the
// conference's soft-end host and hung up, so Telnyx ends the conference without hanging up the
// other legs). The supervisor's own leg is then parked with nothing to do: the engine hangs it
// up. The agent's leg, by contrast, stays parked (it is the agent's line between calls).
import Telnyx from 'telnyx';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { AgentEngine } from '../../../electron/core/agent';
import { startDemo, type RunningDemo } from '../../../electron/demo';
import { engineOnDemo, silentLog, startAvailable, takeCaller } from '../../support/engine-on-demo';
import { until } from '../../support/until';

describe('supervisor leg when the conference ends under it', () => {
  let demo: RunningDemo;
  let agent: AgentEngine;
  let supervisor: AgentEngine;

  beforeAll(async () => {
    demo = await startDemo({ log: silentLog, timeScale: 0.05, seed: 17, scenario: 'none' });
    agent = engineOnDemo(demo);
    supervisor = engineOnDemo(demo, { endpoint: demo.supervisorEndpoint! });
    await startAvailable(agent);
    await supervisor.start();
    await until(() => supervisor.state().connection.relay.state === 'live', 'supervisor relay live', 8000);
  });
  afterAll(async () => {
    await agent?.stop();
    await supervisor?.stop();
    await demo?.stop();
  });

  it('hangs up the supervisor leg once the conference has ended', async () => {
    const { caller, conferenceId } = await takeCaller(demo, agent);
    const { callControlId: supervisorLeg } = await supervisor.handlers['supervisor.join']({ conferenceId, role: 'monitor' });
    const legState = (id: string) => demo.sim.snapshot().calls.find((c) => c.call_control_id === id);
    expect(legState(supervisorLeg)).toMatchObject({ is_alive: true, state: 'in_conference' });
    expect(supervisor.state().conference?.myRole).toBe('supervisor');
    const agentLeg = agent.state().agent.leg!.callControlId;

    // Someone else's system made the caller the soft-end host, then the caller hangs up.
    const telnyx = new Telnyx({ apiKey: demo.apiKey, baseURL: demo.baseURL, maxRetries: 0 });
    await telnyx.conferences.updateParticipant(caller, { id: conferenceId, soft_end_conference_on_exit: true });
    await telnyx.calls.actions.hangup(caller, {});
    expect(demo.sim.snapshot().conferences.find((c) => c.id === conferenceId)).toMatchObject({ status: 'completed', end_reason: 'host_left' });
    expect(legState(supervisorLeg)).toMatchObject({ is_alive: true, state: 'parked' }); // Telnyx left it up

    await until(() => legState(supervisorLeg)?.is_alive === false, 'supervisor leg hung up by the engine', 8000);
    await until(() => !supervisor.state().conference, 'supervisor out of the conference', 8000);
    expect(supervisor.state().failures).toEqual([]);
    // The agent's line is not the supervisor's business: it stays parked for the next call.
    await until(() => !agent.state().conference, 'agent out of the conference', 8000);
    expect(legState(agentLeg)).toMatchObject({ is_alive: true, state: 'parked' });
  });
});
