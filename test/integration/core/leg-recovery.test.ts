// No lost callers (electron/core/agent/leg-recovery.ts) against the real simulator, relay, relay
// client and SDK: the agent's leg is cut under a live call (hung up from outside, as Telnyx
// reports a vanished softphone: participant left, then call hangup) and the engine by itself holds
// the caller, re-dials, rejoins the SAME conference and unholds; a deliberate leave is no drop;
// an agent who cannot be brought back gives the caller back to the queue. Truth: the simulator's snapshot.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import Telnyx from 'telnyx';
import { defaultSettings, type Settings } from '../../../electron/contract';
import { createAgentEngine, type AgentEngine } from '../../../electron/core/agent';
import { notConfigured } from '../../../electron/core/errors';
import { createLogger } from '../../../electron/core/log';
import { createTelnyxGateway } from '../../../electron/core/telnyx-gateway';
import { startDemo, type RunningDemo } from '../../../electron/demo';
import { until } from '../../support/until';

const log = createLogger({ level: 'error', sink: () => {} });

let demo: RunningDemo;
let sdk: Telnyx;
const notices: Array<{ level: string; message: string }> = [];
/** When false, the agent's endpoint cannot be dialled (the softphone never comes back). */
let reachable = true;
/** When true, the softphone was punted by another device's sign-in (the renderer told main). */
let punted = false;

function engine(deadlineMs: number): AgentEngine {
  const settings: Settings = {
    ...defaultSettings,
    endpointMode: 'softphone',
    agent: { endpoint: demo.agentEndpoint, connectionId: demo.connectionId, callerId: demo.callerId, displayName: '' },
    watchedQueues: ['support'],
  };
  return createAgentEngine({
    gateway: createTelnyxGateway(() => ({ apiKey: demo.apiKey, baseURL: demo.baseURL, maxRetries: 0, timeoutMs: 5000 })),
    settings: () => settings,
    // The simulator answers this endpoint by itself: it stands in for the softphone coming back.
    agentLegTarget: async () => {
      if (!reachable) throw notConfigured('the softphone is not registered');
      return { to: demo.agentEndpoint };
    },
    relayConfig: () => ({ url: demo.relay.url, token: demo.relayToken, telnyxPublicKey: demo.telnyxPublicKey }),
    mode: () => 'demo',
    log,
    legRecovery: { enabled: () => true, notice: (level, message) => notices.push({ level, message }), deadlineMs, signedInElsewhere: () => punted },
    timing: { pendingTimeoutMs: 1500, reconcileIntervalMs: 60_000, answerTimeoutMs: 5000 },
  });
}

/** Goes available and takes one caller: the caller's and the agent's legs, the conference. */
async function onACall(agent: AgentEngine, from: string) {
  await agent.handlers['agent.setStatus']({ status: 'available' });
  await until(() => agent.state().agent.status === 'available', 'available', 8000);
  const { callControlId: caller } = await demo.sim.injectInboundCall({ queue: 'support', from });
  await until(() => agent.state().queues.some((q) => q.calls.some((c) => c.callControlId === caller)), 'caller queued', 8000);
  await agent.runShortcut('takeNext');
  const conferenceId = await until(() => agent.state().conference?.id, 'in the conference', 8000);
  return { caller, conferenceId, leg: agent.state().agent.leg!.callControlId };
}

const callerLeg = (id: string) => demo.sim.snapshot().calls.find((c) => c.call_control_id === id);

/**
 * The recovery gave up: the caller is back in the support queue and still alive, the agent was
 * told once (an error whose message holds each of `says`) and is offline.
 */
async function expectCallerRequeued(agent: AgentEngine, caller: string, says: string[]) {
  await until(() => demo.sim.snapshot().queues.find((q) => q.name === 'support')?.call_control_ids.includes(caller), 'the caller back in the queue', 15_000);
  await until(() => notices.length > 0, 'the agent told', 5_000);
  expect(callerLeg(caller)?.is_alive).toBe(true);
  expect(notices).toHaveLength(1);
  expect(notices[0]).toMatchObject({ level: 'error' });
  for (const text of says) expect(notices[0]!.message).toContain(text);
  expect(agent.state().agent.status).toBe('offline');
}
const participants = (conferenceId: string) => demo.sim.snapshot().conferences.find((c) => c.id === conferenceId)?.participants ?? [];

beforeAll(async () => {
  demo = await startDemo({ log, timeScale: 0.05, seed: 11, scenario: 'none' });
  sdk = new Telnyx({ apiKey: demo.apiKey, baseURL: demo.baseURL, maxRetries: 0, logLevel: 'off' });
});

afterAll(async () => {
  await demo?.stop();
});

describe('leg recovery', () => {
  it('the agent leg drops mid-call: caller held, agent re-dialled into the same conference, caller unheld, one notice', async () => {
    reachable = true;
    notices.length = 0;
    const agent = engine(30_000);
    await agent.start();
    try {
      const { caller, conferenceId, leg } = await onACall(agent, '+15550170001');
      // Sample the truth from the drop on: the caller must stay in the conference throughout.
      let callerLeft = false;
      let heldSeen = false;
      const sampler = setInterval(() => {
        const c = callerLeg(caller);
        if (!c?.is_alive || c.conference_id !== conferenceId) callerLeft = true;
        if (participants(conferenceId).find((p) => p.call_control_id === caller)?.on_hold) heldSeen = true;
      }, 5);
      await sdk.calls.actions.hangup(leg, {});
      const back = await until(() => {
        const s = agent.state();
        const mine = s.agent.leg?.callControlId;
        return mine && mine !== leg && s.conference?.id === conferenceId && participants(conferenceId).some((p) => p.call_control_id === mine) ? mine : undefined;
      }, 'the agent back in the same conference', 15_000);
      await until(() => participants(conferenceId).find((p) => p.call_control_id === caller)?.on_hold === false && notices.length > 0, 'the caller unheld and the agent told', 10_000);
      clearInterval(sampler);
      expect(callerLeft).toBe(false);
      expect(heldSeen).toBe(true);
      expect(participants(conferenceId).map((p) => p.call_control_id).sort()).toEqual([caller, back].sort());
      expect(notices).toHaveLength(1);
      expect(notices[0]!.message).toContain('same call');
      expect(agent.state().conference?.myRole).toBe('agent');
      expect(agent.state().conference?.queue).toBe('support');
      await sdk.calls.actions.hangup(caller, {});
    } finally {
      await agent.stop();
    }
  }, 60_000);

  it('leaving the call on purpose is no drop: nothing is re-dialled', async () => {
    reachable = true;
    notices.length = 0;
    const agent = engine(30_000);
    await agent.start();
    try {
      const { caller, conferenceId, leg } = await onACall(agent, '+15550170002');
      await agent.handlers['conference.leave']({ conferenceId });
      await until(() => !agent.state().conference, 'left', 8000);
      await agent.handlers['agent.setStatus']({ status: 'away' });
      await until(() => callerLeg(leg)?.is_alive === false, 'the agent leg hung up', 8000);
      // Give a wrongly triggered recovery every chance to dial: wait for the caller's conference to be re-read.
      await agent.reconcile('test');
      expect(participants(conferenceId).map((p) => p.call_control_id)).toEqual([caller]);
      expect(agent.state().agent.status).toBe('away');
      expect(notices).toEqual([]);
      await sdk.calls.actions.hangup(caller, {});
    } finally {
      await agent.stop();
    }
  }, 60_000);

  it('an agent who cannot be brought back: the caller goes back to the queue, and the agent is told', async () => {
    punted = false;
    notices.length = 0;
    const agent = engine(1_500);
    await agent.start();
    try {
      reachable = true;
      const { caller, leg } = await onACall(agent, '+15550170003');
      reachable = false;
      await sdk.calls.actions.hangup(leg, {});
      await expectCallerRequeued(agent, caller, ['put back in the support queue']);
      await sdk.calls.actions.hangup(caller, {});
    } finally {
      await agent.stop();
    }
  }, 60_000);

  it('punted mid-call (the credential signed in on another device): the caller goes back to the queue at once, not after the window', async () => {
    notices.length = 0;
    // A window far longer than this test may take: only the punt can end the recovery in time.
    const agent = engine(120_000);
    await agent.start();
    try {
      reachable = true;
      punted = false;
      const { caller, leg } = await onACall(agent, '+15550170004');
      reachable = false;
      punted = true;
      await sdk.calls.actions.hangup(leg, {});
      await expectCallerRequeued(agent, caller, ['signed in on another device', 'put back in the support queue']);
      await sdk.calls.actions.hangup(caller, {});
    } finally {
      punted = false;
      await agent.stop();
    }
  }, 60_000);
});
