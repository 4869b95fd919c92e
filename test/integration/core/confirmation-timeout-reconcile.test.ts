// A command whose confirming webhook never arrives (lost between Telnyx and the relay) is not
// left pending: after `timing.pendingTimeoutMs` the engine reads the truth from REST and settles
// it. The relay client is the real one, wrapped to drop the chosen events before the engine.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { AgentEngine } from '../../../electron/core/agent';
import { startDemo, type RunningDemo } from '../../../electron/demo';
import { createLogger } from '../../../electron/core/log';
import { engineOnDemo, silentLog, startAvailable, takeCaller } from '../../support/engine-on-demo';
import { until } from '../../support/until';

describe('confirmation timeout falls back to a REST reconcile', () => {
  let demo: RunningDemo;
  let agent: AgentEngine;
  const lines: string[] = [];
  const lost = new Set(['call.dequeued', 'conference.ended', 'conference.participant.left', 'call.hangup']);
  let dropping = false;
  const dropped: string[] = [];

  beforeAll(async () => {
    demo = await startDemo({ log: silentLog, timeScale: 0.05, seed: 19, scenario: 'none' });
    agent = engineOnDemo(demo, {
      timing: { pendingTimeoutMs: 250 },
      log: createLogger({ level: 'info', sink: (l) => lines.push(l) }),
      dropEvent: (ev) => {
        const drop = dropping && lost.has(ev.eventType);
        if (drop) dropped.push(ev.eventType);
        return drop;
      },
    });
    await startAvailable(agent);
  });
  afterAll(async () => {
    await agent?.stop();
    await demo?.stop();
  });

  const fellBack = (reason: string) => lines.some((l) => l.includes('no confirming event in time') && l.includes(reason));

  it('queue.remove without call.dequeued: settled by REST, the caller gone from the queue', async () => {
    const { callControlId } = await demo.sim.injectInboundCall({ queue: 'support', from: '+15557650003' });
    await until(() => agent.state().queues.some((q) => q.calls.some((c) => c.callControlId === callControlId)), 'caller queued', 8000);
    dropping = true;
    await agent.handlers['queue.remove']({ callControlId });
    dropping = false;
    expect(dropped).toContain('call.dequeued');
    expect(fellBack('call left queue')).toBe(true);
    expect(agent.state().queues.flatMap((q) => q.calls).map((c) => c.callControlId)).not.toContain(callControlId);
    expect(agent.state().pending).toEqual([]);
    expect(agent.state().failures).toEqual([]);
  });

  it('conference.end without conference.ended: settled by REST, the conference gone', async () => {
    const { conferenceId } = await takeCaller(demo, agent, 'sales', '+15557650004');
    dropped.length = 0;
    dropping = true;
    await agent.handlers['conference.end']({ conferenceId });
    dropping = false;
    expect(dropped).toContain('conference.ended');
    expect(fellBack('conference ended')).toBe(true);
    expect(demo.sim.snapshot().conferences.find((c) => c.id === conferenceId)?.status).toBe('completed');
    expect(agent.state().conference).toBeUndefined();
    expect(agent.state().conferences.map((c) => c.id)).not.toContain(conferenceId);
    expect(agent.state().pending).toEqual([]);
    expect(agent.state().failures).toEqual([]);
  });
});
