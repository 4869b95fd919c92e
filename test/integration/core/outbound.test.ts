// Outbound calls end to end below the UI: the engine dials through the official SDK against the
// simulator, which is the truth for the caller id (`from`) and for who is in which conference.
import { afterAll, afterEach, beforeAll, describe, expect, it } from 'vitest';
import { defaultSettings, type Settings } from '../../../electron/contract';
import type { AgentEngine } from '../../../electron/core/agent';
import { CommandError } from '../../../electron/core/errors';
import { startDemo, type RunningDemo } from '../../../electron/demo';
import { engineOnDemo, silentLog, startAvailable } from '../../support/engine-on-demo';
import { until } from '../../support/until';

let demo: RunningDemo;
let engine: AgentEngine;
let outbound: Settings['outbound'] = { ...defaultSettings.outbound, defaultCountry: 'US' };

async function failureOf(work: Promise<unknown>) {
  const e = await work.then(() => undefined, (x: unknown) => x);
  expect(e).toBeInstanceOf(CommandError);
  return (e as CommandError).error;
}

/** Ends the call the agent is on and gets them available again. */
async function hangUpAndWrapUp() {
  const s = engine.state();
  if (s.conference) await engine.handlers['conference.leave']({ conferenceId: s.conference.id });
  await until(() => engine.state().agent.status === 'wrap-up' || engine.state().agent.status === 'available', 'out of the call', 8000);
  if (engine.state().agent.status === 'wrap-up') await engine.handlers['agent.finishWrapUp']({});
  await until(() => engine.state().agent.status === 'available' && engine.state().agent.leg?.state === 'parked', 'available again', 8000);
}

beforeAll(async () => {
  demo = await startDemo({ log: silentLog, timeScale: 0.05, seed: 11, scenario: 'none' });
  engine = engineOnDemo(demo, { settings: () => ({ outbound }) });
  await startAvailable(engine);
});
afterAll(async () => {
  await engine?.stop();
  await demo?.stop();
});
afterEach(() => {
  demo.sim.setDialPolicy([]);
  outbound = { ...defaultSettings.outbound, defaultCountry: 'US' };
});

describe('outbound calls on the simulator', () => {
  it('lists the account numbers once and serves them from the cache until refreshed', async () => {
    const first = await engine.handlers['phoneNumbers.list']({});
    expect(first.numbers.map((n) => n.phoneNumber).sort()).toEqual(['+15550100000', '+15550100001', '+15550100002']);
    expect(first.numbers.find((n) => n.phoneNumber === '+15550100002')).toMatchObject({ tags: ['sales'], country: 'US' });
    expect(await engine.handlers['phoneNumbers.list']({})).toBe(first);
    const fresh = await engine.handlers['phoneNumbers.list']({ refresh: true });
    expect(fresh).not.toBe(first);
    expect(fresh.numbers).toEqual(first.numbers);
  });

  it('dials a national number with the chosen caller id: the simulator sees that from, and the call lands in a conference with the agent', async () => {
    const result = await engine.handlers['call.dial']({ to: '(555) 700-1234', from: '+15550100002' });
    expect(result).toMatchObject({ to: '+15557001234', from: '+15550100002' });
    const leg = demo.sim.snapshot().calls.find((c) => c.call_control_id === result.callControlId);
    expect(leg).toMatchObject({ from: '+15550100002', to: '+15557001234', direction: 'outgoing', state: 'in_conference', conference_id: result.conferenceId });
    const agentLeg = engine.state().agent.leg!.callControlId;
    const simConference = demo.sim.snapshot().conferences.find((c) => c.id === result.conferenceId)!;
    expect(simConference.participants.map((p) => p.call_control_id).sort()).toEqual([agentLeg, result.callControlId].sort());
    const s = engine.state();
    expect(s.conference?.id).toBe(result.conferenceId);
    expect(s.conference?.participants.find((p) => p.callControlId === result.callControlId)).toMatchObject({ kind: 'caller', label: '+15557001234' });
    expect(s.outbound.dialing).toBeUndefined();

    // Every conference control works on it: hold the dialled party, confirmed by the simulator.
    await engine.handlers['conference.hold']({ conferenceId: result.conferenceId, callControlIds: [result.callControlId] });
    expect(demo.sim.snapshot().conferences.find((c) => c.id === result.conferenceId)?.participants.find((p) => p.call_control_id === result.callControlId)?.on_hold).toBe(true);
    await hangUpAndWrapUp();
  });

  it('without a chosen caller id, a call for a queue presents that queue’s number (Settings, else the number tagged with it)', async () => {
    const tagged = await engine.handlers['call.dial']({ to: '+15557002222', queue: 'sales' });
    expect(demo.sim.snapshot().calls.find((c) => c.call_control_id === tagged.callControlId)?.from).toBe('+15550100002');
    await hangUpAndWrapUp();
    outbound = { ...outbound, callerIdByQueue: { sales: '+15550100000' } };
    const configured = await engine.handlers['call.dial']({ to: '+15557002223', queue: 'sales' });
    expect(demo.sim.snapshot().calls.find((c) => c.call_control_id === configured.callControlId)?.from).toBe('+15550100000');
    await hangUpAndWrapUp();
  });

  it('refuses a number that is not E.164 (naming `to`) and a caller id the account does not have (naming `from`) before dialling', async () => {
    outbound = { ...outbound, defaultCountry: '' };
    const callsBefore = demo.sim.snapshot().calls.length;
    expect(await failureOf(engine.handlers['call.dial']({ to: '555 700 1234' }))).toMatchObject({ code: 'VALIDATION', field: 'to', message: expect.stringMatching(/^to: must be \+E\.164.*default country in Settings/) });
    expect(await failureOf(engine.handlers['call.dial']({ to: '+15557001234', from: '+15559990000' }))).toMatchObject({ code: 'VALIDATION', field: 'from' });
    expect(demo.sim.snapshot().calls.length).toBe(callsBefore);
    expect(engine.state().agent.status).toBe('available');
  });

  it('a busy number: the dial fails with why, next to Dial, and the agent stays available', async () => {
    demo.sim.setDialPolicy([{ match: '+15557003333', outcome: 'busy' }]);
    const error = await failureOf(engine.handlers['call.dial']({ to: '+15557003333' }));
    expect(error.message).toBe('+15557003333 did not connect: busy (SIP 486)');
    expect(engine.state().failures.find((f) => f.id === error.failureId)).toMatchObject({ method: 'call.dial' });
    expect(engine.state().conference).toBeUndefined();
    expect(engine.state().agent).toMatchObject({ status: 'available', leg: { state: 'parked' } });
    await engine.handlers['failures.dismiss']({ id: error.failureId! });
  });

  it('cancelling while it rings hangs the call up', async () => {
    demo.sim.setDialPolicy([{ match: '+15557004444', outcome: 'no_answer' }]);
    const dialing = engine.handlers['call.dial']({ to: '+15557004444' });
    const ringing = await until(() => engine.state().outbound.dialing, 'dialing', 8000);
    expect(ringing.to).toBe('+15557004444');
    await engine.handlers['call.cancelDial']({});
    const error = await failureOf(dialing);
    expect(error.message).toBe('+15557004444 did not connect: cancelled');
    expect(demo.sim.snapshot().calls.find((c) => c.call_control_id === ringing.callControlId)?.state).toBe('ended');
    expect(engine.state().outbound.dialing).toBeUndefined();
    await engine.handlers['failures.dismiss']({ id: error.failureId! });
  });

  it('a caller who gave up waiting in support is called back with support’s caller id', async () => {
    const { callControlId } = await demo.sim.injectInboundCall({ queue: 'support', from: '+15557005555', patienceSecs: 1 });
    await until(() => demo.sim.snapshot().calls.find((c) => c.call_control_id === callControlId)?.state === 'ended', 'caller gave up', 8000);
    const back = await engine.handlers['call.dial']({ to: '+15557005555', queue: 'support' });
    expect(demo.sim.snapshot().calls.find((c) => c.call_control_id === back.callControlId)).toMatchObject({ to: '+15557005555', from: '+15550100001' });
    await hangUpAndWrapUp();
  });

  it('a tel: link waits for confirmation; confirming dials it and clears the request', async () => {
    const opened = engine.openDialLink('tel:+1-555-700-6666');
    expect(opened).toEqual({ ok: true, to: '+15557006666' });
    const request = engine.state().outbound.linkRequest!;
    expect(request.to).toBe('+15557006666');
    expect(engine.openDialLink('callto://skype.user')).toMatchObject({ ok: false });
    const result = await engine.handlers['call.dial']({ to: request.to, linkRequestId: request.id });
    expect(engine.state().outbound.linkRequest).toBeUndefined();
    expect(demo.sim.snapshot().calls.find((c) => c.call_control_id === result.callControlId)?.to).toBe('+15557006666');
    await hangUpAndWrapUp();
  });

  it('with confirmation off, a link dials at once', async () => {
    outbound = { ...outbound, confirmLinks: false };
    expect(engine.openDialLink('callto:+15557007777')).toMatchObject({ ok: true });
    await until(() => engine.state().conference?.participants.some((p) => p.label === '+15557007777'), 'link dialled and conferenced', 8000);
    expect(engine.state().outbound.linkRequest).toBeUndefined();
    await hangUpAndWrapUp();
  });
});
