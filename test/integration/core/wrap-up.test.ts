// Wrap-up after a call, away reasons and screen pop, on the real engine against the simulator
// and relay (demo mode's production path). Core's clock is a ManualClock: the wrap-up timer
// fires when the test advances it, never on wall-clock time. What the agent leg does is checked
// against the SIMULATOR's snapshot.
import { afterEach, beforeAll, afterAll, describe, expect, it } from 'vitest';
import { defaultSettings, type Settings } from '../../../electron/contract';
import type { AgentEngine, WrapUpResult } from '../../../electron/core/agent';
import { startDemo, type RunningDemo } from '../../../electron/demo';
import { engineOnDemo, silentLog, startAvailable, takeCaller } from '../../support/engine-on-demo';
import { ManualClock } from '../../support/manual-clock';
import { until } from '../../support/until';

const wrapUp = (over: Partial<Settings['wrapUp']> = {}): Settings['wrapUp'] => ({ ...defaultSettings.wrapUp, timerSecs: 60, extendSecs: 30, ...over });

describe('wrap-up, away reasons and screen pop on the simulator', () => {
  let demo: RunningDemo;
  let engine: AgentEngine | undefined;
  let clock: ManualClock;
  const results: WrapUpResult[] = [];
  const opened: string[] = [];
  const simCall = (ccid: string) => demo.sim.snapshot().calls.find((c) => c.call_control_id === ccid);

  beforeAll(async () => {
    demo = await startDemo({ log: silentLog, timeScale: 0.05, seed: 11, scenario: 'none' });
  });
  afterAll(async () => {
    await demo?.stop();
  });
  afterEach(async () => {
    await engine?.stop();
    engine = undefined;
    results.length = 0;
    opened.length = 0;
  });

  async function agentOnACall(settings: Partial<Settings>, from = '+15557654321') {
    clock = new ManualClock(Date.now());
    engine = engineOnDemo(demo, { settings: { ...settings, agent: { ...defaultSettings.agent, endpoint: demo.agentEndpoint, connectionId: demo.connectionId, callerId: demo.callerId, displayName: 'Ann & Bob' } }, clock, openExternal: async (url) => void opened.push(url) });
    engine.onWrapUpResult((r) => results.push(r));
    await startAvailable(engine);
    const call = await takeCaller(demo, engine, 'support', from);
    await until(() => engine!.state().conference?.participants.some((p) => p.kind === 'agent' && p.status === 'joined') === true, 'agent joined', 8000);
    return { ...call, engine, agentLeg: engine.state().agent.leg!.callControlId };
  }

  async function leaveCall(e: AgentEngine, conferenceId: string) {
    await e.handlers['conference.leave']({ conferenceId });
    await until(() => e.state().agent.status === 'wrap-up' && e.state().agent.wrapUp !== undefined, 'wrap-up began', 8000);
  }

  it('the timer expiring returns the agent to Available on the same parked leg, and the result carries disposition, notes and seconds', async () => {
    const { engine: e, conferenceId, agentLeg } = await agentOnACall({ wrapUp: wrapUp() });
    await leaveCall(e, conferenceId);
    const w = e.state().agent.wrapUp!;
    expect(w).toMatchObject({ conferenceId, caller: '+15557654321', queue: 'support', extended: false, mandatory: false, notes: '' });
    expect(Date.parse(w.endsAt!) - Date.parse(w.startedAt)).toBe(60_000);
    expect(e.state().agent.since).toBe(w.startedAt);
    await e.handlers['agent.updateWrapUp']({ disposition: 'Resolved', notes: 'Reset the password' });

    clock.advance(59_000);
    expect(e.state().agent.status).toBe('wrap-up');
    clock.advance(1_000);
    await until(() => e.state().agent.status === 'available', 'available after the timer', 8000);
    expect(e.state().agent.wrapUp).toBeUndefined();
    expect(e.state().agent.leg?.callControlId).toBe(agentLeg);
    expect(simCall(agentLeg)?.state).toBe('parked');
    expect(results).toEqual([{ conferenceId, disposition: 'Resolved', notes: 'Reset the password', wrapUpSecs: 60, endedBy: 'timer', after: { status: 'available' } }]);
  });

  it('a mandatory wrap-up with a required disposition refuses to finish early or without one; extends once', async () => {
    const { engine: e, conferenceId } = await agentOnACall({ wrapUp: wrapUp({ mandatory: true, dispositionRequired: true }) });
    await leaveCall(e, conferenceId);

    await expect(e.handlers['agent.finishWrapUp']({})).rejects.toMatchObject({ error: { code: 'INVALID_STATE', message: expect.stringContaining('mandatory for 60 more seconds') } });
    const extended = await e.handlers['agent.extendWrapUp']({});
    expect(Date.parse(extended.endsAt!) - Date.parse(extended.startedAt)).toBe(90_000);
    await expect(e.handlers['agent.extendWrapUp']({})).rejects.toMatchObject({ error: { message: 'Wrap-up can be extended only once' } });

    clock.advance(80_000);
    await expect(e.handlers['agent.finishWrapUp']({ notes: 'called back' })).rejects.toMatchObject({ error: { code: 'INVALID_STATE' } });
    // The mandatory time is over: now only the disposition stands in the way, named as the field.
    await expect(e.handlers['agent.updateWrapUp']({ disposition: 'Nope' })).rejects.toMatchObject({ error: { code: 'VALIDATION', field: 'disposition' } });
    clock.advance(9_000);
    expect(e.state().agent.status).toBe('wrap-up');
    const early = await e.handlers['agent.finishWrapUp']({}).catch((err: { error: unknown }) => err.error);
    expect(early).toMatchObject({ code: 'INVALID_STATE' });
    clock.advance(500);
    // 89.5 s in: still mandatory. At 90 s the timer itself finishes, without a disposition.
    clock.advance(500);
    await until(() => e.state().agent.status === 'available', 'available after the extended timer', 8000);
    expect(results).toEqual([{ conferenceId, notes: 'called back', wrapUpSecs: 90, endedBy: 'timer', after: { status: 'available' } }]);
  });

  it('a required disposition blocks the agent finishing until chosen, then Finish goes available at once', async () => {
    const { engine: e, conferenceId } = await agentOnACall({ wrapUp: wrapUp({ dispositionRequired: true }) });
    await leaveCall(e, conferenceId);
    await expect(e.handlers['agent.finishWrapUp']({ notes: 'n' })).rejects.toMatchObject({
      error: { code: 'VALIDATION', field: 'disposition', message: 'disposition: choose a disposition before finishing wrap-up' },
    });
    expect(e.state().agent.status).toBe('wrap-up');
    clock.advance(12_000);
    await e.handlers['agent.finishWrapUp']({ disposition: 'Escalated' });
    expect(e.state().agent.status).toBe('available');
    expect(results).toEqual([{ conferenceId, disposition: 'Escalated', notes: 'n', wrapUpSecs: 12, endedBy: 'agent', after: { status: 'available' } }]);
  });

  it('"go away after wrap-up": the timer ends in Away with the reason, the agent leg hung up; reasons come from Settings', async () => {
    const { engine: e, conferenceId, agentLeg } = await agentOnACall({ wrapUp: wrapUp() });
    await leaveCall(e, conferenceId);
    await expect(e.handlers['agent.updateWrapUp']({ after: { status: 'away', reason: 'Nap' } })).rejects.toMatchObject({ error: { field: 'after.reason' } });
    await e.handlers['agent.updateWrapUp']({ after: { status: 'away', reason: 'Lunch' } });
    const before = clock.now();
    clock.advance(60_000);
    await until(() => e.state().agent.status === 'away', 'away after the timer', 8000);
    expect(e.state().agent).toMatchObject({ reason: 'Lunch', since: new Date(before + 60_000).toISOString() });
    await until(() => simCall(agentLeg)?.is_alive === false, 'agent leg hung up in the simulator', 8000);
    expect(results[0]).toMatchObject({ endedBy: 'timer', after: { status: 'away', reason: 'Lunch' } });

    // Another reason while away: the state's since moves, nothing is dialled or hung up.
    await expect(e.handlers['agent.setStatus']({ status: 'away', reason: 'Gaming' })).rejects.toMatchObject({ error: { code: 'VALIDATION', field: 'reason' } });
    clock.advance(5_000);
    await e.handlers['agent.setStatus']({ status: 'away', reason: 'Training' });
    expect(e.state().agent).toMatchObject({ status: 'away', reason: 'Training', since: new Date(before + 65_000).toISOString() });
    expect(e.state().pending.filter((p) => p.method === 'agent.setStatus')).toEqual([]);
  });

  it('the finish shortcut finishes with the draft kept in core', async () => {
    const { engine: e, conferenceId } = await agentOnACall({ wrapUp: wrapUp({ timerSecs: 0 }) });
    await leaveCall(e, conferenceId);
    expect(e.state().agent.wrapUp?.endsAt).toBeUndefined();
    await e.handlers['agent.updateWrapUp']({ notes: 'typed, then the shortcut' });
    clock.advance(3_000);
    await e.runShortcut('finishWrapUp');
    expect(e.state().agent.status).toBe('available');
    expect(results).toEqual([{ conferenceId, notes: 'typed, then the shortcut', wrapUpSecs: 3, endedBy: 'agent', after: { status: 'available' } }]);
  });

  it('screen pop on answer opens the queue template once, values URL-encoded; on click it opens again', async () => {
    const template = 'https://crm.example.com/search?phone={from}&queue={queue}&call={call_id}&agent={agent}';
    const { engine: e, caller, conferenceId } = await agentOnACall({ screenPop: { openOn: 'answer', templates: [{ queue: 'support', url: template }] } });
    await until(() => opened.length === 1, 'screen pop opened', 8000);
    expect(opened[0]).toBe(`https://crm.example.com/search?phone=%2B15557654321&queue=support&call=${encodeURIComponent(caller)}&agent=Ann%20%26%20Bob`);
    expect(await e.handlers['screenPop.open']({ conferenceId })).toEqual({ url: opened[0] });
    expect(opened).toHaveLength(2);
    await expect(e.handlers['screenPop.open']({ conferenceId: 'not-mine' })).rejects.toMatchObject({ error: { code: 'INVALID_STATE' } });
  });

  it('screen pop "on click" opens nothing by itself', async () => {
    const { engine: e, conferenceId } = await agentOnACall({ screenPop: { openOn: 'click', templates: [{ queue: '*', url: 'https://crm.example.com/c/{conference_id}' }] } });
    await until(() => e.state().conference?.participants.some((p) => p.kind === 'caller') === true, 'caller in conference', 8000);
    expect(opened).toEqual([]);
    await e.handlers['screenPop.open']({ conferenceId });
    expect(opened).toEqual([`https://crm.example.com/c/${encodeURIComponent(conferenceId)}`]);
  });
});
