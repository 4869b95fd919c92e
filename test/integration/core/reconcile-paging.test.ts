// The REST reconcile reads past one page: 260 callers in one queue (pages of 250) and 55 live
// conferences (participant lists fetched for at most 50). The engine's own conference is always
// among those inspected, however many there are. Queue and conference webhooks are dropped
// before the engine, so everything asserted here came from REST.
import Telnyx from 'telnyx';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { AgentEngine } from '../../../electron/core/agent';
import { MAX_CONFERENCES_INSPECTED } from '../../../electron/core/agent/rest-snapshot';
import { startDemo, type RunningDemo } from '../../../electron/demo';
import { engineOnDemo, silentLog, startAvailable } from '../../support/engine-on-demo';

const CALLERS = 260;
const CONFERENCES = 55;

describe('reconcile paging', () => {
  let demo: RunningDemo;
  let agent: AgentEngine;
  let telnyx: Telnyx;
  let ours = '';

  beforeAll(async () => {
    demo = await startDemo({ log: silentLog, timeScale: 0.05, seed: 23, scenario: 'none' });
    telnyx = new Telnyx({ apiKey: demo.apiKey, baseURL: demo.baseURL, maxRetries: 0 });
    agent = engineOnDemo(demo, {
      timing: { pendingTimeoutMs: 300 },
      // Only the agent's own leg is told by webhook; queues and conferences must come from REST.
      dropEvent: (ev) => {
        const own = ev.payload.call_control_id === agent.state().agent.leg?.callControlId;
        return !own && (ev.eventType.startsWith('call.enqueued') || ev.eventType.startsWith('call.dequeued') || ev.eventType.startsWith('conference.'));
      },
    });
    await startAvailable(agent);
    await telnyx.queues.create({ queue_name: 'support', max_size: 500 });
    for (let i = 0; i <= CALLERS; i++) await demo.sim.injectInboundCall({ queue: 'support', from: `+1555300${String(i).padStart(4, '0')}` });
    // Our conference first, so it is the oldest: last in Telnyx's list, beyond the inspection cap.
    await agent.reconcile('test: first caller');
    ({ conferenceId: ours } = await agent.handlers['queue.takeNext']({ queue: 'support' }));
    // Conferences started elsewhere on the account, each from a caller's leg.
    for (let i = 0; i < CONFERENCES; i++) {
      const { callControlId } = await demo.sim.injectInboundCall({ queue: 'lobby' });
      await telnyx.conferences.create({ call_control_id: callControlId, name: `elsewhere-${i}` });
    }
  }, 60_000);
  afterAll(async () => {
    await agent?.stop();
    await demo?.stop();
  });

  it(`lists all ${CALLERS} queued callers in the simulator's order`, async () => {
    await agent.reconcile('test: paging');
    const truth = demo.sim.snapshot().queues.find((q) => q.name === 'support')!.call_control_ids;
    expect(truth).toHaveLength(CALLERS);
    const support = agent.state().queues.find((q) => q.name === 'support')!;
    expect(support.calls.map((c) => c.callControlId)).toEqual(truth);
    expect(support.calls.map((c) => c.position)).toEqual(truth.map((_, i) => i + 1));
  });

  it(`lists all ${CONFERENCES + 1} live conferences, with counts for the ${MAX_CONFERENCES_INSPECTED} inspected`, async () => {
    const live = demo.sim.snapshot().conferences.filter((c) => c.status === 'in_progress');
    expect(live).toHaveLength(CONFERENCES + 1);
    const summaries = agent.state().conferences;
    expect(summaries.map((c) => c.id).sort()).toEqual(live.map((c) => c.id).sort());
    // Ours (2 participants) is always inspected; the rest of the cap goes to the others (1 each).
    expect(summaries.filter((c) => c.participantCount > 0)).toHaveLength(MAX_CONFERENCES_INSPECTED);
    const listed = await agent.handlers['conference.list']({});
    expect(listed).toHaveLength(CONFERENCES + 1);
  });

  it('keeps our own conference (the oldest, beyond the cap) through a reconcile', async () => {
    const order: string[] = [];
    for await (const c of telnyx.conferences.list({ filter: { status: 'in_progress' }, 'page[size]': 250 } as never)) order.push(c.id);
    expect(order.indexOf(ours)).toBeGreaterThanOrEqual(MAX_CONFERENCES_INSPECTED);
    await agent.reconcile('test: own conference beyond the cap');
    const s = agent.state();
    expect(s.conference?.id).toBe(ours);
    const truth = demo.sim.snapshot().conferences.find((c) => c.id === ours)!.participants.map((p) => p.call_control_id).sort();
    expect(truth).toHaveLength(2);
    expect(s.conference?.participants.map((p) => p.callControlId).sort()).toEqual(truth);
    expect(s.conferences.find((c) => c.id === ours)).toMatchObject({ isMine: true, participantCount: 2 });
  });
});
