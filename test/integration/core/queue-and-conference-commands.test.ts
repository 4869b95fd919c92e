// queue.remove, queue.enqueue, conference.stopAudio and conference.end through the real engine,
// SDK, relay and simulator. Every outcome is checked against the simulator's own snapshot.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { AgentEngine } from '../../../electron/core/agent';
import { startDemo, type RunningDemo } from '../../../electron/demo';
import type { HistoryService } from '../../../electron/core/history';
import { engineOnDemo, historyOf, silentLog, startAvailable } from '../../support/engine-on-demo';
import { until } from '../../support/until';

describe('queue and conference commands on the simulator', () => {
  let demo: RunningDemo;
  let agent: AgentEngine;
  let history: HistoryService;
  let caller = '';
  const seen: string[] = [];
  const simCall = () => demo.sim.snapshot().calls.find((c) => c.call_control_id === caller);
  const simQueue = (name: string) => demo.sim.snapshot().queues.find((q) => q.name === name)?.call_control_ids ?? [];
  const inQueue = (name: string) => agent.state().queues.find((q) => q.name === name)?.calls.some((c) => c.callControlId === caller);

  beforeAll(async () => {
    demo = await startDemo({ log: silentLog, timeScale: 0.05, seed: 11, scenario: 'none' });
    // Observe (never drop) the events the engine receives.
    agent = engineOnDemo(demo, { dropEvent: (ev) => (seen.push(ev.eventType), false) });
    history = historyOf(agent);
    await startAvailable(agent);
    ({ callControlId: caller } = await demo.sim.injectInboundCall({ queue: 'support', from: '+15557650001' }));
    await until(() => inQueue('support'), 'caller queued', 8000);
  });
  afterAll(async () => {
    await agent?.stop();
    await demo?.stop();
    history?.close();
  });

  it('queue.remove takes the caller out of its queue; the call stays up', async () => {
    await agent.handlers['queue.remove']({ callControlId: caller });
    expect(simQueue('support')).not.toContain(caller);
    expect(simCall()).toMatchObject({ is_alive: true, state: 'parked' });
    expect(inQueue('support')).toBeFalsy();
    expect(agent.state().pending).toEqual([]);
    expect(agent.state().failures).toEqual([]);
  });

  it('queue.enqueue puts a waiting call at the end of another queue', async () => {
    const { callControlId: first } = await demo.sim.injectInboundCall({ queue: 'sales', from: '+15557650002' });
    await agent.handlers['queue.enqueue']({ callControlId: caller, queue: 'sales' });
    expect(simQueue('sales')).toEqual([first, caller]);
    await until(() => inQueue('sales'), 'caller seen in sales', 8000);
    expect(agent.state().queues.find((q) => q.name === 'sales')?.calls.map((c) => c.callControlId)).toEqual([first, caller]);
    await agent.handlers['queue.remove']({ callControlId: first });
  });

  it('conference.stopAudio stops an endless playback; Telnyx reports it ended', async () => {
    const { conferenceId } = await agent.handlers['queue.takeCall']({ callControlId: caller });
    await agent.handlers['conference.play']({ conferenceId, audioUrl: 'https://example.com/loop.mp3', loop: 'infinity' });
    await until(() => seen.includes('conference.playback.started'), 'playback started', 8000);
    expect(agent.state().conference?.media.playing).toBe(true);
    await agent.handlers['conference.stopAudio']({ conferenceId });
    expect(agent.state().conference?.media.playing).toBe(false);
    await until(() => seen.includes('conference.playback.ended'), 'playback ended webhook', 8000);
    expect(agent.state().conference?.media.playing).toBe(false);
    expect(agent.state().failures).toEqual([]);
  });

  it('queue.enqueue moves the caller of our conference back to a queue; the agent wraps up', async () => {
    const conferenceId = agent.state().conference!.id;
    await agent.handlers['queue.enqueue']({ callControlId: caller, queue: 'support' });
    expect(simQueue('support')).toContain(caller);
    await until(() => !agent.state().conference && agent.state().agent.status === 'wrap-up', 'agent left and wraps up', 8000);
    const legId = agent.state().agent.leg!.callControlId;
    await until(() => demo.sim.snapshot().calls.find((c) => c.call_control_id === legId)?.state === 'parked', 'agent leg parked', 8000);
    expect(demo.sim.snapshot().conferences.find((c) => c.id === conferenceId)?.participants.map((p) => p.call_control_id) ?? []).not.toContain(legId);
    await until(() => inQueue('support'), 'caller back in support', 8000);
    await agent.handlers['agent.finishWrapUp']({});
  });

  it('conference.end ends it for everyone: Telnyx hangs up every leg', async () => {
    const { conferenceId } = await agent.handlers['queue.takeCall']({ callControlId: caller });
    const agentLeg = agent.state().agent.leg!.callControlId;
    await agent.handlers['conference.end']({ conferenceId });
    const truth = demo.sim.snapshot();
    expect(truth.conferences.find((c) => c.id === conferenceId)).toMatchObject({ status: 'completed', end_reason: 'ended_via_api' });
    expect(simCall()?.is_alive).toBe(false);
    expect(truth.calls.find((c) => c.call_control_id === agentLeg)?.is_alive).toBe(false);
    expect(agent.state().conference).toBeUndefined();
    expect(agent.state().pending).toEqual([]);
    expect(agent.state().failures).toEqual([]);
    await until(() => history.callOf(conferenceId)?.endedAt, 'history entry ended', 8000);
  });
});
