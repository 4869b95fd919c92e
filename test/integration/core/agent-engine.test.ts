// The agent engine against the real simulator, the real relay, the real relay client and the
// real Telnyx SDK (demo mode's production path). Every assertion about muted / on hold /
// supervisor role is checked against the SIMULATOR's snapshot, not only our own state.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { defaultSettings, type AgentState, type Settings } from '../../../electron/contract';
import { createAgentEngine, type AgentEngine } from '../../../electron/core/agent';
import type { HistoryService } from '../../../electron/core/history';
import { startDemo, type RunningDemo } from '../../../electron/demo';
import { createLogger } from '../../../electron/core/log';
import { createTelnyxGateway } from '../../../electron/core/telnyx-gateway';
import { myParticipant } from '../../../renderer/src/participants';
import { historyOf } from '../../support/engine-on-demo';
import { until } from '../../support/until';

const log = createLogger({ level: 'error', sink: () => {} });


function engineFor(demo: RunningDemo, endpoint: string, relayUrl: () => string): AgentEngine {
  const settings: Settings = {
    ...defaultSettings,
    agent: { endpoint, connectionId: demo.connectionId, callerId: demo.callerId, displayName: '' },
    watchedQueues: ['support', 'sales'],
  };
  const gateway = createTelnyxGateway(() => ({ apiKey: demo.apiKey, baseURL: demo.baseURL, maxRetries: 0, timeoutMs: 5000 }));
  return createAgentEngine({
    gateway,
    settings: () => settings,
    relayConfig: () => ({ url: relayUrl(), token: demo.relayToken, telnyxPublicKey: demo.telnyxPublicKey }),
    mode: () => 'demo',
    log,
    timing: { pendingTimeoutMs: 1500, reconcileIntervalMs: 60_000, answerTimeoutMs: 5000 },
  });
}

describe('agent engine on the simulator and relay', () => {
  let demo: RunningDemo;
  let agent: AgentEngine;
  let supervisor: AgentEngine;
  let history: HistoryService;
  let conferenceId = '';
  let callerId = '';
  const simParticipant = (ccid: string) =>
    demo.sim.snapshot().conferences.find((c) => c.id === conferenceId)?.participants.find((p) => p.call_control_id === ccid);
  const me = (s: AgentState) => s.conference?.participants.find((p) => p.callControlId === s.agent.leg?.callControlId);

  beforeAll(async () => {
    demo = await startDemo({ log, timeScale: 0.05, seed: 7, scenario: 'none' });
    agent = engineFor(demo, demo.agentEndpoint, () => demo.relay.url);
    supervisor = engineFor(demo, demo.supervisorEndpoint ?? 'sip:sup@demo.invalid', () => demo.relay.url);
    history = historyOf(agent);
    await agent.start();
    await supervisor.start();
    await until(() => agent.state().connection.relay.state === 'live', 'relay live', 8000);
  });

  afterAll(async () => {
    await agent?.stop();
    await supervisor?.stop();
    await demo?.stop();
    history?.close();
  });

  it('goes available: dials the agent endpoint and keeps the leg parked', async () => {
    const result = await agent.handlers['agent.setStatus']({ status: 'available' });
    expect(['connecting', 'available']).toContain(result.status);
    const s = await until(() => (agent.state().agent.status === 'available' ? agent.state() : undefined), 'available', 8000);
    expect(s.agent.leg?.state).toBe('parked');
    const leg = demo.sim.snapshot().calls.find((c) => c.call_control_id === s.agent.leg?.callControlId);
    expect(leg?.state).toBe('parked');
    expect(agent.state().connection.api.state).toBe('ok');
  });

  it('sees a caller arrive in a watched queue and takes the next call', async () => {
    ({ callControlId: callerId } = await demo.sim.injectInboundCall({ queue: 'support', from: '+15557654321' }));
    const call = await until(() => agent.state().queues.find((q) => q.name === 'support')?.calls.find((c) => c.callControlId === callerId), 'queued caller', 8000);
    expect(call.from).toBe('+15557654321');
    expect(call.position).toBe(1);

    await agent.runShortcut('takeNext');
    const s = agent.state();
    expect(s.conference?.myRole).toBe('agent');
    conferenceId = s.conference!.id;
    expect(s.queues.flatMap((q) => q.calls)).toHaveLength(0);
    expect(s.pending).toHaveLength(0);
    const ids = s.conference!.participants.map((p) => p.callControlId).sort();
    expect(ids).toEqual([callerId, s.agent.leg!.callControlId].sort());
    expect(s.conference!.participants.find((p) => p.callControlId === callerId)?.kind).toBe('caller');
    expect(demo.sim.snapshot().conferences.find((c) => c.id === conferenceId)?.participants).toHaveLength(2);
  });

  it('toggles mute and hold by shortcut, and the state follows the simulator', async () => {
    await agent.runShortcut('toggleMute');
    let s = agent.state();
    expect(me(s)?.muted).toBe(true);
    expect(me(s)?.pending).toEqual([]);
    expect(simParticipant(s.agent.leg!.callControlId)?.muted).toBe(true);

    await agent.runShortcut('toggleMute');
    s = agent.state();
    expect(me(s)?.muted).toBe(false);
    expect(simParticipant(s.agent.leg!.callControlId)?.muted).toBe(false);

    await agent.runShortcut('toggleHold');
    s = agent.state();
    expect(s.conference!.participants.find((p) => p.callControlId === callerId)?.onHold).toBe(true);
    expect(simParticipant(callerId)?.on_hold).toBe(true);
    await agent.runShortcut('toggleHold');
    expect(simParticipant(callerId)?.on_hold).toBe(false);
    expect(agent.state().conference!.participants.find((p) => p.callControlId === callerId)?.onHold).toBe(false);
  });

  it('plays audio and speaks text; Telnyx reports them ending', async () => {
    await agent.handlers['conference.play']({ conferenceId, audioUrl: 'https://example.com/hold.mp3' });
    expect(agent.state().conference?.media.playing).toBe(true);
    await agent.handlers['conference.speak']({ conferenceId, text: 'Thank you for holding' });
    await until(() => agent.state().conference?.media.playing === false && agent.state().conference?.media.speaking === false, 'media ended', 10_000);
    expect(agent.state().failures).toHaveLength(0);
  });

  it('records with pause/resume (shortcut) and gets the saved recording in the history', async () => {
    await agent.handlers['conference.recordStart']({ conferenceId, format: 'mp3' });
    expect(agent.state().conference?.recording.state).toBe('recording');
    await agent.runShortcut('toggleRecordPause');
    expect(agent.state().conference?.recording.state).toBe('paused');
    expect(demo.sim.snapshot().recordings.find((r) => r.conference_id === conferenceId)?.status).toBe('paused');
    await agent.runShortcut('toggleRecordPause');
    expect(agent.state().conference?.recording.state).toBe('recording');
    expect(demo.sim.snapshot().recordings.find((r) => r.conference_id === conferenceId)?.status).toBe('recording');
    await agent.handlers['conference.recordStop']({ conferenceId });
    expect(agent.state().conference?.recording.state).toBe('off');
    const entry = await until(() => { const call = history.callOf(conferenceId); return call?.recordings.length ? call : undefined; }, 'recording saved', 8000);
    expect(entry.recordings[0]?.mp3 ?? entry.recordings[0]?.wav).toMatch(/^http/);
    expect(entry.number).toBe('+15557654321');
  });

  it('a supervisor sees the new conference by name from events alone (no manual refresh)', async () => {
    const name = agent.state().conference!.name;
    const seen = await until(() => supervisor.state().conferences.find((c) => c.id === conferenceId && c.name === name), 'named conference', 8000);
    expect(seen.name).not.toBe(conferenceId);
  });

  it('a supervisor whispers to the agent, then barges', async () => {
    const listed = await supervisor.handlers['conference.list']({});
    expect(listed.map((c) => c.id)).toContain(conferenceId);

    const joined = await supervisor.handlers['supervisor.join']({ conferenceId, role: 'whisper' });
    const agentLeg = agent.state().agent.leg!.callControlId;
    let truth = simParticipant(joined.callControlId);
    expect(truth?.supervisor_role).toBe('whisper');
    expect(truth?.whisper_call_control_ids).toEqual([agentLeg]);
    const mine = supervisor.state().conference?.participants.find((p) => p.callControlId === joined.callControlId);
    expect(mine?.supervisorRole).toBe('whisper');
    expect(supervisor.state().conference?.myRole).toBe('supervisor');

    await supervisor.handlers['supervisor.setRole']({ conferenceId, role: 'barge' });
    truth = simParticipant(joined.callControlId);
    expect(truth?.supervisor_role).toBe('barge');
    expect(supervisor.state().conference?.participants.find((p) => p.callControlId === joined.callControlId)?.supervisorRole).toBe('barge');

    // The agent's console sees a third participant joined.
    await until(() => agent.state().conference?.participants.some((p) => p.callControlId === joined.callControlId), 'agent sees supervisor', 8000);

    await supervisor.handlers['conference.leave']({ conferenceId });
    expect(supervisor.state().conference).toBeUndefined();
    await until(() => demo.sim.snapshot().calls.find((c) => c.call_control_id === joined.callControlId)?.is_alive === false, 'supervisor leg hung up', 8000);
  });

  it('the Mute button and the mute shortcut act on the same leg (conference.me), for an agent and a supervisor', async () => {
    const joined = await supervisor.handlers['supervisor.join']({ conferenceId, role: 'monitor' });
    await until(() => agent.state().conference?.participants.some((p) => p.callControlId === joined.callControlId), 'agent sees supervisor', 8000);
    const consoles = [
      { engine: agent, leg: agent.state().agent.leg!.callControlId },
      { engine: supervisor, leg: joined.callControlId },
    ];
    for (const { engine, leg } of consoles) {
      const state = engine.state();
      // What the renderer's Mute button targets: the published `me`.
      const buttonTarget = myParticipant(state.conference!)?.callControlId;
      expect(buttonTarget).toBe(leg);
      expect(state.conference?.me).toBe(leg);
      // What Ctrl+Shift+M mutes: exactly that leg, and nobody else, in the simulator.
      await engine.runShortcut('toggleMute');
      const muted = demo.sim.snapshot().conferences.find((c) => c.id === conferenceId)!.participants.filter((p) => p.muted);
      expect(muted.map((p) => p.call_control_id)).toEqual([buttonTarget]);
      expect(myParticipant(engine.state().conference!)?.muted).toBe(true);
      await engine.runShortcut('toggleMute');
      expect(simParticipant(leg)?.muted).toBe(false);
    }
    await supervisor.handlers['conference.leave']({ conferenceId });
    await until(() => demo.sim.snapshot().calls.find((c) => c.call_control_id === joined.callControlId)?.is_alive === false, 'supervisor leg hung up', 8000);
    await until(() => !agent.state().conference?.participants.some((p) => p.callControlId === joined.callControlId), 'supervisor gone', 8000);
  });

  it('a failing Telnyx command shows Telnyx\'s own title and leaves nothing pending', async () => {
    demo.sim.injectFault({ path: /\/actions\/mute$/, status: 422, code: '90019', title: 'Conference has already ended' });
    await expect(agent.runShortcut('toggleMute')).rejects.toThrow();
    const s = agent.state();
    expect(s.pending).toHaveLength(0);
    const failure = s.failures.at(-1);
    expect(failure?.method).toBe('conference.mute');
    expect(failure?.error.telnyx?.title).toBe('Conference has already ended');
    expect(me(s)?.muted).toBe(false); // rolled back
    expect(me(s)?.pending).toEqual([]);
    await agent.handlers['failures.dismiss']({ id: failure!.id });
    expect(agent.state().failures).toHaveLength(0);
  });

  it('a failed command the store kept says so in its error (failureId), so the UI shows it once', async () => {
    demo.sim.injectFault({ path: /\/actions\/mute$/, status: 422, code: '90019', title: 'Conference has already ended' });
    const leg = agent.state().agent.leg!.callControlId;
    const thrown = await agent.handlers['conference.mute']({ conferenceId, callControlIds: [leg] }).then(
      () => undefined,
      (e: unknown) => e as { error?: { failureId?: string; telnyx?: { title?: string } } },
    );
    const failure = agent.state().failures.at(-1);
    expect(failure?.method).toBe('conference.mute');
    expect(thrown?.error?.telnyx?.title).toBe('Conference has already ended');
    expect(thrown?.error?.failureId).toBe(failure?.id);
    expect(failure?.error.failureId).toBeUndefined();
    await agent.handlers['failures.dismiss']({ id: failure!.id });
  });

  it('survives a relay outage during the call: after reconnect the state equals the simulator', async () => {
    const outage = await demo.interruptRelay();
    await until(() => agent.state().connection.relay.state !== 'live', 'relay down', 8000);
    // Meanwhile: the agent mutes (REST still works), a new caller arrives (webhooks cannot be
    // delivered). The test ends the outage once their webhooks are backed up, not on a timer.
    await agent.runShortcut('toggleMute');
    const { callControlId: second } = await demo.sim.injectInboundCall({ queue: 'sales', from: '+15550001111' });
    await until(() => demo.sim.webhookBacklog() > 0, 'webhooks backed up', 8000);
    expect(agent.state().connection.relay.state).not.toBe('live');
    await outage.restore();
    await until(() => agent.state().connection.relay.state === 'live', 'relay back', 15_000);
    const truth = demo.sim.snapshot();
    await until(() => agent.state().queues.find((q) => q.name === 'sales')?.calls.some((c) => c.callControlId === second), 'missed caller recovered', 10_000);
    const s = agent.state();
    for (const q of truth.queues.filter((x) => x.name === 'support' || x.name === 'sales')) {
      expect(s.queues.find((x) => x.name === q.name)?.calls.map((c) => c.callControlId)).toEqual(q.call_control_ids);
    }
    const simConference = truth.conferences.find((c) => c.id === conferenceId)!;
    expect(s.conference?.participants.map((p) => [p.callControlId, p.muted, p.onHold]).sort()).toEqual(
      simConference.participants.map((p) => [p.call_control_id, p.muted, p.on_hold]).sort(),
    );
    expect(me(s)?.muted).toBe(true);
  });

  it('leaves by shortcut: the leg parks, wrap-up, then available again', async () => {
    await agent.runShortcut('leave');
    let s = agent.state();
    expect(s.conference).toBeUndefined();
    expect(s.agent.status).toBe('wrap-up');
    expect(s.agent.leg?.state).toBe('parked');
    expect(history.callOf(conferenceId)?.endedAt).toBeTruthy();
    await agent.handlers['agent.finishWrapUp']({});
    s = agent.state();
    expect(s.agent.status).toBe('available');
    expect(s.pending).toHaveLength(0);
  });

  it('when the caller hangs up, the agent leg goes back to parked and wrap-up starts', async () => {
    const sales = agent.state().queues.find((q) => q.name === 'sales')!.calls[0]!;
    const { conferenceId: second } = await agent.handlers['queue.takeCall']({ callControlId: sales.callControlId });
    // Hang the caller up through the API (as if they put the phone down).
    const gateway = createTelnyxGateway(() => ({ apiKey: demo.apiKey, baseURL: demo.baseURL }));
    await gateway.call('hangup', (c) => c.calls.actions.hangup(sales.callControlId, {}));
    await until(() => agent.state().agent.status === 'wrap-up' && !agent.state().conference, 'wrap-up after caller hangup', 8000);
    const legId = agent.state().agent.leg!.callControlId;
    await until(() => demo.sim.snapshot().calls.find((c) => c.call_control_id === legId)?.state === 'parked', 'leg parked in sim', 8000);
    expect(history.callOf(second)?.endedAt).toBeTruthy();
  });

  it('goes away: hangs up the agent leg', async () => {
    await agent.handlers['agent.finishWrapUp']({});
    const legId = agent.state().agent.leg!.callControlId;
    const result = await agent.handlers['agent.setStatus']({ status: 'away' });
    expect(result.status).toBe('away');
    expect(agent.state().agent.leg).toBeUndefined();
    expect(demo.sim.snapshot().calls.find((c) => c.call_control_id === legId)?.is_alive).toBe(false);
    expect(agent.activity()).toEqual({ status: 'away', inConference: false });
  });
});
